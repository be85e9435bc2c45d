/* test_dfile.c - kiosk/io/dfile.c: whole-file reads across buffer growth,
 * durable writes with modes, exclusive writes, FIFOs refused by dfile_read
 * and read to their end by dfile_read_all. Real files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/dfile.h"
#include "support/tmpdir.h"

static void roundtrip(size_t n)
{
	char dir[256], path[300], err[KERR_LEN];
	char *data, *back = NULL;
	size_t i, len = 0;
	struct stat sb;

	assert_int_equal(test_tmpdir(dir, sizeof dir, "dfile"), 0);
	(void)snprintf(path, sizeof path, "%s/f", dir);
	data = malloc(n + 1);
	assert_non_null(data);
	for (i = 0; i < n; i++)
		data[i] = (char)('a' + i % 26);
	assert_int_equal(dfile_write(path, data, n, 0600, 0, err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(dfile_read_all(path, &back, &len, err), 0);
	assert_int_equal(len, n);
	assert_memory_equal(back, data, n);
	assert_int_equal(back[n], '\0');
	free(back);
	free(data);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* A file that fills the first buffer exactly used to be cut there (the read
 * asked for zero bytes and took that for the end of the file). */
static void test_read_across_buffer_sizes(void **state)
{
	static const size_t sizes[] = {0, 1, 65533, 65534, 65535, 65536, 131070, 300000};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		roundtrip(sizes[i]);
}

static void test_read_missing_file(void **state)
{
	char *b = (char *)1, err[KERR_LEN];
	size_t n = 7;

	(void)state;
	assert_int_equal(dfile_read_all("/nonexistent/kiosk/file", &b, &n, err), -1);
	assert_null(b);
	assert_non_null(strstr(err, "No such file"));
}

static void test_exclusive_write(void **state)
{
	char dir[256], path[300], err[KERR_LEN], *back = NULL;
	char cmd[400];
	size_t len;

	(void)state;
	assert_int_equal(test_tmpdir(dir, sizeof dir, "dfile"), 0);
	(void)snprintf(path, sizeof path, "%s/seg", dir);
	assert_int_equal(dfile_write(path, "one", 3, 0644, 1, err), 0);
	assert_int_equal(dfile_write(path, "two", 3, 0644, 1, err), -1);
	assert_non_null(strstr(err, "already exists"));
	assert_int_equal(dfile_read(path, &back, &len, 100, err), 1);
	assert_string_equal(back, "one");
	free(back);
	/* Too large for max; a missing file is not an error. */
	assert_int_equal(dfile_read(path, &back, &len, 2, err), -1);
	assert_int_equal(dfile_read("/nonexistent/kiosk/file", &back, &len, 2, err), 0);
	/* No temp file is left, hidden or not. */
	(void)snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(test_rmtree(dir), 0);
}

/* A FIFO dropped into a bundle folder must not block a reader; a pipe the
 * user names (kiosk attendees import /dev/stdin) is read to its end. */
static void test_fifo_and_pipe(void **state)
{
	char dir[256], path[300], err[KERR_LEN], *back = NULL;
	char cmd[160];
	size_t len;
	int fd[2];

	(void)state;
	assert_int_equal(test_tmpdir(dir, sizeof dir, "dfile"), 0);
	(void)snprintf(path, sizeof path, "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(dfile_read(path, &back, &len, 100, err), -1);
	assert_non_null(strstr(err, "not a regular file"));
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], "name\nRahim\n", 11), 11);
	assert_int_equal(close(fd[1]), 0);
	(void)snprintf(cmd, sizeof cmd, "/dev/fd/%d", fd[0]);
	assert_int_equal(dfile_read_all(cmd, &back, &len, err), 0);
	assert_int_equal(len, 11);
	assert_string_equal(back, "name\nRahim\n");
	free(back);
	assert_int_equal(close(fd[0]), 0);
	assert_int_equal(test_rmtree(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_across_buffer_sizes),
		cmocka_unit_test(test_read_missing_file),
		cmocka_unit_test(test_exclusive_write),
		cmocka_unit_test(test_fifo_and_pipe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
