/* test_trace.c - KIOSK_TRACE lines (io/trace.c) on a real file: one event a
 * line whatever its detail holds, and a scanned code that is no ticket
 * (a vCard shown by mistake) never written in clear; roster codes and short
 * links whole, as scripts read them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "io/trace.h"
#include "support/tmpdir.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir(dir, sizeof dir, "trace");
}

static int teardown(void **state)
{
	(void)state;
	return test_rmtree(dir);
}

/* The trace file's lines, without their time, into out (one a row). */
static int lines(const char *path, char out[][256], int max)
{
	FILE *f = fopen(path, "r");
	char buf[2048];
	int n = 0;

	assert_non_null(f);
	while (n < max && fgets(buf, sizeof buf, f)) {
		char *sp = strchr(buf, ' ');
		assert_non_null(sp);
		buf[strcspn(buf, "\n")] = '\0';
		(void)snprintf(out[n++], 256, "%s", sp + 1);
	}
	assert_int_equal(fclose(f), 0);
	return n;
}

static void test_codes(void **state)
{
	char path[300], err[KERR_LEN], got[8][256];
	const char *vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Nasrin Akter\nTEL:+8801711223344\n"
			    "ADR:House 12, Road 5, Mirpur\nEND:VCARD";

	(void)state;
	(void)snprintf(path, sizeof path, "%s/trace.log", dir);
	assert_int_equal(trace_open(path, err), 0);
	trace_code("scan_camera", "GF-1002");
	trace_code("decoded", "https://meetup.example/t/8F3K2Q");
	trace_code("scan_camera", vcard);
	trace_code("scan_usb", "01711223344");
	trace_code("decoded", "KU1SECRETSECRETSECRET");
	trace_event("error", "two\nlines");
	trace_close();
	assert_int_equal(lines(path, got, 8), 6);
	assert_string_equal(got[0], "scan_camera GF-1002");
	assert_string_equal(got[1], "decoded https://meetup.example/t/8F3K2Q");
	assert_string_equal(got[2], "scan_camera BEGI...(97 bytes)");
	assert_string_equal(got[3], "scan_usb ...(11 bytes)");
	assert_string_equal(got[4], "decoded (unlock card)");
	assert_string_equal(got[5], "error two\\x0Alines");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_codes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
