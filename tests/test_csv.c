/* test_csv.c - unit tests for kiosk/core/csv.c: RFC 4180 quoting, line ends,
 * BOM, line numbers, and the three kinds of malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/csv.h"

/* The reader rewrites its buffer, so each test works on a copy with the
 * one spare byte csv_init asks for. */
struct fixture {
	char buf[2048];
	struct csv c;
	struct csv_record rec;
	char err[KERR_LEN];
};

static void start(struct fixture *f, const char *text, size_t len)
{
	assert_true(len < sizeof f->buf);
	memcpy(f->buf, text, len);
	memset(f->buf + len, '#', sizeof f->buf - len); /* no NUL to lean on */
	csv_init(&f->c, f->buf, len);
	f->err[0] = '\0';
}

#define START(f, lit) start((f), (lit), sizeof(lit) - 1)

/* Read one record and compare it with the fields expected. */
static void expect_record(struct fixture *f, long line, int n, const char *const *want)
{
	int rc = csv_next(&f->c, &f->rec, f->err);

	if (rc != 1)
		fail_msg("expected a record on line %ld, got %d (%s)", line, rc, f->err);
	assert_int_equal(f->rec.line, line);
	assert_int_equal(f->rec.n, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(f->rec.field[i], want[i]);
}

#define REC(f, line, ...) do { \
	const char *const w_[] = {__VA_ARGS__}; \
	expect_record((f), (line), (int)(sizeof w_ / sizeof w_[0]), w_); \
} while (0)

static void expect_end(struct fixture *f)
{
	assert_int_equal(csv_next(&f->c, &f->rec, f->err), 0);
	assert_int_equal(csv_next(&f->c, &f->rec, f->err), 0);
}

static void expect_error(struct fixture *f, const char *words)
{
	assert_int_equal(csv_next(&f->c, &f->rec, f->err), -1);
	if (strstr(f->err, words) == NULL)
		fail_msg("error '%s' does not contain '%s'", f->err, words);
	assert_int_equal(csv_next(&f->c, &f->rec, f->err), 0); /* stays at the end */
}

static void test_plain(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, "name,phone\nRina,01711223333\nKarim,01811223333\n");
	REC(&f, 1, "name", "phone");
	REC(&f, 2, "Rina", "01711223333");
	REC(&f, 3, "Karim", "01811223333");
	expect_end(&f);
}

static void test_last_line_without_newline(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, "a,b\nc,d");
	REC(&f, 1, "a", "b");
	REC(&f, 2, "c", "d");
	expect_end(&f);
	START(&f, "a,\"b\"");
	REC(&f, 1, "a", "b");
	expect_end(&f);
}

static void test_crlf_and_empty_lines(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, "\r\n\na,b\r\n\r\n\r\nc,d\r\n\n");
	REC(&f, 3, "a", "b");
	REC(&f, 6, "c", "d");
	expect_end(&f);
	START(&f, "a\rb\r"); /* old Mac line ends */
	REC(&f, 1, "a");
	REC(&f, 2, "b");
	expect_end(&f);
}

static void test_empty_fields(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, ",\na,,b,\n\"\",x\n,,,");
	REC(&f, 1, "", "");
	REC(&f, 2, "a", "", "b", "");
	REC(&f, 3, "", "x");
	REC(&f, 4, "", "", "", "");
	expect_end(&f);
	START(&f, "");
	expect_end(&f);
	START(&f, "\n\r\n");
	expect_end(&f);
}

static void test_quotes(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, "\"Rahman, Rina\",\"She said \"\"hi\"\"\",\"\"\"\"\n");
	REC(&f, 1, "Rahman, Rina", "She said \"hi\"", "\"");
	expect_end(&f);
	/* A stray quote inside an unquoted field is kept. */
	START(&f, "5\" screen,ok\n");
	REC(&f, 1, "5\" screen", "ok");
	expect_end(&f);
}

static void test_newlines_inside_quotes(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, "name,address\n\"Rina\",\"House 5\nRoad 2\r\nDhaka\"\nKarim,\"\"\n\"A\rB\",x\nlast,\"\n\n\"\nend,1");
	REC(&f, 1, "name", "address");
	REC(&f, 2, "Rina", "House 5\nRoad 2\r\nDhaka");
	REC(&f, 5, "Karim", "");
	REC(&f, 6, "A\rB", "x");
	REC(&f, 8, "last", "\n\n");
	REC(&f, 11, "end", "1");
	expect_end(&f);
}

static void test_bom(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, "\xEF\xBB\xBFনাম,ফোন\r\nরিনা,০১৭১১২২৩৩৩৩\r\n");
	REC(&f, 1, "নাম", "ফোন");
	REC(&f, 2, "রিনা", "০১৭১১২২৩৩৩৩");
	expect_end(&f);
	START(&f, "\xEF\xBB\xBF");
	expect_end(&f);
	START(&f, "\xEF\xBB\xBF\"q\"");
	REC(&f, 1, "q");
	expect_end(&f);
	/* A BOM anywhere else is data. */
	START(&f, "a\n\xEF\xBB\xBF" "b\n");
	REC(&f, 1, "a");
	REC(&f, 2, "\xEF\xBB\xBF" "b");
	expect_end(&f);
}

static void test_unterminated_quote(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, "a,b\nc,\"never\nclosed\n");
	REC(&f, 1, "a", "b");
	expect_error(&f, "line 2: quoted field is not closed");
	START(&f, "\"");
	expect_error(&f, "line 1:");
	START(&f, "\"\"\"");
	expect_error(&f, "not closed");
}

static void test_text_after_quote(void **state)
{
	struct fixture f;

	(void)state;
	START(&f, "x\ny\n\"a\"b,c\n");
	REC(&f, 1, "x");
	REC(&f, 2, "y");
	expect_error(&f, "line 3: text after a closing quote");
	START(&f, "\"a\nb\" ,c\n");
	expect_error(&f, "line 2: text after");
}

static void test_field_limit(void **state)
{
	struct fixture f;
	static char text[CSV_MAX_FIELDS + 8];
	char want[64];
	size_t n = 0;

	(void)state;
	/* A Google Forms export has hundreds of columns (was refused at 65). */
	assert_true(CSV_MAX_FIELDS >= 1024);
	for (int i = 0; i < CSV_MAX_FIELDS - 1; i++)
		text[n++] = ',';
	text[n++] = '\n';
	start(&f, text, n);
	assert_int_equal(csv_next(&f.c, &f.rec, f.err), 1);
	assert_int_equal(f.rec.n, CSV_MAX_FIELDS);
	expect_end(&f);

	n = 0;
	text[n++] = 'h';
	text[n++] = '\n';
	for (int i = 0; i < CSV_MAX_FIELDS; i++)
		text[n++] = ',';
	start(&f, text, n);
	REC(&f, 1, "h");
	(void)snprintf(want, sizeof want, "line 2: more than %d fields", CSV_MAX_FIELDS);
	expect_error(&f, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_crlf_and_empty_lines),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_newlines_inside_quotes),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_field_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
