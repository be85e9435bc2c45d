/* test_atomicfile.c - kiosk/io/atomicfile.c on real files: the target holds the
 * old or the whole new content, never a part, and no temp file is left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

/* A file name in dir holding "x", last written ago seconds before now. */
static void plant(const char *name, time_t ago)
{
	char path[256];
	FILE *fp;
	struct timespec ts[2];

	path_of(path, sizeof path, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_true(fputs("x", fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - ago;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static int there(const char *name)
{
	char path[256];
	struct stat sb;

	path_of(path, sizeof path, name);
	return lstat(path, &sb) == 0;
}

/* A killed writer's temp files go with the next write into their folder; a
 * live writer's, a symlink and names that only look like ours stay. In a
 * folder of its own: the other tests' writes cleaned theirs already, once. */
static void test_stale_temps_cleaned(void **state)
{
	struct atomicfile af;
	char err[KERR_LEN], path[256], name[128], outside[256];
	pid_t dead, live;
	int st;

	(void)state;
	path_of(path, sizeof path, "stale");
	assert_int_equal(mkdir(path, 0700), 0);
	dead = fork();
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, &st, 0), dead);
	/* Started only now: a temp file written before it is not its own. */
	sleep(3);
	live = fork();
	assert_true(live >= 0);
	if (live == 0) {
		pause();
		_exit(0);
	}
#define NAME(...) (snprintf(name, sizeof name, "stale/" __VA_ARGS__), name)
	plant(NAME(".t.csv.tmp.%ld.0", (long)dead), 0);        /* killed writer */
	plant(NAME(".t.csv.tmp.%ld.7", (long)dead), 0);        /* its second file */
	plant(NAME(".t.csv.tmp.%ld.3", (long)live), 0);        /* writer at work */
	plant(NAME(".t.csv.tmp.%ld.4", (long)live), 60);       /* pid used again */
	plant(NAME(".t.csv.tmp.1.0"), 0);                      /* pid 1 could be it */
	plant(NAME(".t.csv.tmp.1.1"), 7200);                   /* another machine's */
	plant(NAME(".t.csv.tmp.%ld.0", (long)getpid()), 0);    /* this process's */
	plant(NAME(".u.csv.tmp.%ld.0", (long)dead), 0);        /* another target */
	plant(NAME(".tmp-%ld-AbC123", (long)dead), 0);         /* an older version's */
	plant(NAME(".t.csv.tmp.%ld.0x", (long)dead), 0);       /* not our pattern */
	plant(NAME(".t.csv.tmp.%ld.", (long)dead), 0);
	plant(NAME(".tmp.%ld.0", (long)dead), 0);
	plant(NAME("t.csv.tmp.%ld.0", (long)dead), 0);
	plant(NAME(".tmp-%ld", (long)dead), 0);
	plant("outside", 0);
	path_of(outside, sizeof outside, "outside");
	path_of(path, sizeof path, NAME(".t.csv.tmp.%ld.1", (long)dead));
	assert_int_equal(symlink(outside, path), 0);

	path_of(path, sizeof path, "stale/t.csv");
	assert_int_equal(atomicfile_open(&af, path, 0600, err), 0);
	assert_true(fputs("new", af.fp) >= 0);
	assert_int_equal(atomicfile_commit(&af, 1, err), 0);
	assert_string_equal(content("stale/t.csv"), "new");

	assert_false(there(NAME(".t.csv.tmp.%ld.0", (long)dead)));
	assert_false(there(NAME(".t.csv.tmp.%ld.7", (long)dead)));
	assert_true(there(NAME(".t.csv.tmp.%ld.3", (long)live)));
	assert_false(there(NAME(".t.csv.tmp.%ld.4", (long)live)));
	assert_true(there("stale/.t.csv.tmp.1.0"));
	assert_false(there("stale/.t.csv.tmp.1.1"));
	assert_true(there(NAME(".t.csv.tmp.%ld.0", (long)getpid())));
	assert_false(there(NAME(".u.csv.tmp.%ld.0", (long)dead)));
	assert_false(there(NAME(".tmp-%ld-AbC123", (long)dead)));
	assert_true(there(NAME(".t.csv.tmp.%ld.0x", (long)dead)));
	assert_true(there(NAME(".t.csv.tmp.%ld.", (long)dead)));
	assert_true(there(NAME(".tmp.%ld.0", (long)dead)));
	assert_true(there(NAME("t.csv.tmp.%ld.0", (long)dead)));
	assert_true(there(NAME(".tmp-%ld", (long)dead)));
	assert_true(there(NAME(".t.csv.tmp.%ld.1", (long)dead))); /* the symlink */
	assert_string_equal(content("outside"), "x");
#undef NAME
	assert_int_equal(kill(live, SIGKILL), 0);
	assert_int_equal(waitpid(live, &st, 0), live);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_replaces_abort_keeps),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_write_error_reported),
		cmocka_unit_test(test_stale_temps_cleaned),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
