/* test_atomicfile.c - kiosk/io/atomicfile.c on real files: the target holds the
 * old or the whole new content, never a part, and no temp file is left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/atomicfile.h"
#include "support/tmpdir.h"

static char dir[100];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir(dir, sizeof dir, "atomicfile");
}

static int teardown(void **state)
{
	(void)state;
	return test_rmtree(dir);
}

static void path_of(char *out, size_t cap, const char *name)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);

	assert_true(n > 0 && (size_t)n < cap);
}

static const char *content(const char *name)
{
	static char buf[256];
	char path[256];
	FILE *fp;
	size_t n;

	path_of(path, sizeof path, name);
	fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, fp);
	assert_int_equal(fclose(fp), 0);
	buf[n] = '\0';
	return buf;
}

static int entries(void)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(dp);
	while ((de = readdir(dp)))
		if (de->d_name[0] != '.')
			n++;
	assert_int_equal(closedir(dp), 0);
	return n;
}

static void test_commit_replaces_abort_keeps(void **state)
{
	struct atomicfile af;
	char path[256], err[KERR_LEN];
	struct stat sb;
	mode_t mask = umask(022);

	(void)state;
	(void)umask(mask); /* only read it: the file gets mode & ~umask */
	path_of(path, sizeof path, "a.txt");
	assert_int_equal(atomicfile_open(&af, path, 0640, err), 0);
	assert_true(fputs("first", af.fp) >= 0);
	assert_null(content("a.txt")); /* nothing under the name until commit */
	assert_int_equal(atomicfile_commit(&af, 1, err), 0);
	assert_string_equal(content("a.txt"), "first");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640 & ~mask);

	assert_int_equal(atomicfile_open(&af, path, 0644, err), 0);
	assert_true(fputs("second, longer", af.fp) >= 0);
	atomicfile_abort(&af);
	assert_string_equal(content("a.txt"), "first");
	assert_int_equal(entries(), 1);

	assert_int_equal(atomicfile_open(&af, path, 0644, err), 0);
	assert_true(fputs("third", af.fp) >= 0);
	assert_int_equal(atomicfile_commit(&af, 0, err), 0);
	assert_string_equal(content("a.txt"), "third");
	assert_int_equal(entries(), 1);
}

static void test_batch(void **state)
{
	struct atomicfile af[3];
	char path[256], err[KERR_LEN], name[24];
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		(void)snprintf(name, sizeof name, "b%d.txt", i);
		path_of(path, sizeof path, name);
		assert_int_equal(atomicfile_open(&af[i], path, 0644, err), 0);
		assert_true(fprintf(af[i].fp, "batch %d", i) > 0);
		assert_int_equal(atomicfile_close_pending(&af[i], err), 0);
		assert_null(af[i].fp);
		assert_null(content(name)); /* pending: not under its name yet */
	}
	assert_int_equal(atomicfile_sync_fs(dir, err), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(atomicfile_rename_pending(af[i].tmp, af[i].path, err), 0);
	assert_int_equal(atomicfile_sync_dir(dir, err), 0);
	assert_string_equal(content("b1.txt"), "batch 1");
	assert_int_equal(entries(), 1 + 3);
}

static void test_errors(void **state)
{
	struct atomicfile af;
	char path[256], err[KERR_LEN] = "";

	(void)state;
	path_of(path, sizeof path, "missing/x.txt");
	assert_int_equal(atomicfile_open(&af, path, 0644, err), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	atomicfile_abort(&af); /* harmless after a failed open */
	assert_int_equal(atomicfile_sync_dir("/nonexistent-dir", err), -1);
	assert_int_equal(atomicfile_sync_fs("/nonexistent-dir", err), -1);
	assert_int_equal(atomicfile_rename_pending("/nonexistent-dir/a", "/nonexistent-dir/b", err), -1);
	assert_non_null(strstr(err, "cannot replace"));
}

/* A write that fails for real: /dev/full answers every write with ENOSPC. */
static void test_write_error_reported(void **state)
{
	struct atomicfile af;
	char err[KERR_LEN] = "";
	FILE *full;

	(void)state;
	full = fopen("/dev/full", "wb");
	if (!full)
		fail_msg("/dev/full is missing: this check must run, not be skipped");
	path_of(af.path, sizeof af.path, "never.txt");
	af.tmp[0] = '\0'; /* nothing to remove */
	af.fp = full;
	assert_true(fputs("x", af.fp) >= 0); /* buffered; the flush fails */
	assert_int_equal(atomicfile_commit(&af, 0, err), -1);
	assert_non_null(strstr(err, "No space left on device"));
	assert_null(content("never.txt"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_replaces_abort_keeps),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_write_error_reported),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
