/* test_fsutil.c - whole-file reads across buffer growth, atomic writes with modes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/fsutil.h"

static void roundtrip(size_t n)
{
	char dir[] = "/tmp/kiosk-test-fs-XXXXXX", path[64], err[KERR_LEN];
	char *data, *back = NULL;
	size_t i, len = 0;
	struct stat sb;

	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof path, "%s/f", dir);
	data = malloc(n + 1);
	assert_non_null(data);
	for (i = 0; i < n; i++)
		data[i] = (char)('a' + i % 26);
	assert_int_equal(fs_write_atomic(path, data, n, 0600, err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(fs_read_all(path, &back, &len, err), 0);
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
	assert_int_equal(fs_read_all("/nonexistent/kiosk/file", &b, &n, err), -1);
	assert_null(b);
	assert_non_null(strstr(err, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_across_buffer_sizes),
		cmocka_unit_test(test_read_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
