/* test_csvw.c - unit tests for kiosk/core/csvw.c: BOM, quoting, CRLF, the formula
 * guard inside quotes, and a read back through kiosk/core/csv.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/csv.h"
#include "core/csvw.h"

static void test_write(void **state)
{
	struct csvw w;

	(void)state;
	csvw_init(&w, 1);
	csvw_field(&w, "a");
	csvw_field(&w, "b,c");
	csvw_field(&w, "say \"hi\"");
	csvw_field(&w, NULL);
	csvw_end_row(&w);
	csvw_text(&w, "=SUM(A1)");
	csvw_text(&w, "-5, or more");
	csvw_field(&w, "+8801711222333");
	csvw_text(&w, "two\nlines");
	csvw_end_row(&w);
	assert_false(w.failed);
	assert_string_equal(w.buf, "\xEF\xBB\xBF" "a,\"b,c\",\"say \"\"hi\"\"\",\r\n"
			    "'=SUM(A1),\"'-5, or more\",+8801711222333,\"two\nlines\"\r\n");
	csvw_release(&w);
}

/* A spreadsheet runs a formula after a leading TAB or CR too (OWASP). */
static void test_guard_tab_cr(void **state)
{
	struct csvw w;

	(void)state;
	csvw_init(&w, 0);
	csvw_text(&w, "\t=1+1");
	csvw_text(&w, "\r=1+1");
	csvw_text(&w, "a\t=1");
	csvw_end_row(&w);
	assert_false(w.failed);
	assert_string_equal(w.buf, "'\t=1+1,\"'\r=1+1\",a\t=1\r\n");
	csvw_release(&w);
}

static void test_round_trip(void **state)
{
	static const char *const fields[] = {"plain", "comma, inside", "\"quoted\"",
					     "line\r\nend", "", "নকশী কাঁথা"};
	struct csvw w;
	struct csv c;
	struct csv_record r;
	char err[KERR_LEN], buf[512];

	(void)state;
	csvw_init(&w, 1);
	for (int i = 0; i < 6; i++)
		csvw_field(&w, fields[i]);
	csvw_end_row(&w);
	assert_true(w.len < sizeof buf);
	memcpy(buf, w.buf, w.len + 1);
	csv_init(&c, buf, w.len);
	assert_int_equal(csv_next(&c, &r, err), 1);
	assert_int_equal(r.n, 6);
	for (int i = 0; i < 6; i++)
		assert_string_equal(r.field[i], fields[i]);
	assert_int_equal(csv_next(&c, &r, err), 0);
	csvw_release(&w);
}

static void test_grows(void **state)
{
	struct csvw w;

	(void)state;
	csvw_init(&w, 0);
	for (int i = 0; i < 20000; i++)
		csvw_field(&w, "0123456789");
	assert_false(w.failed);
	assert_int_equal(w.len, 20000 * 11 - 1);
	csvw_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_guard_tab_cr),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
