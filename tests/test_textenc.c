/* test_textenc.c - unit tests for kiosk/core/textenc.c and the CSV
 * separator guess: what sign-up sheets are saved as. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/textenc.h"

static void expect(const char *in, size_t len, enum textenc want_enc, const char *want)
{
	char *out, err[KERR_LEN];
	size_t n;
	enum textenc enc;

	if (textenc_to_utf8(in, len, &out, &n, &enc, err) != 0)
		fail_msg("refused: %s", err);
	assert_int_equal(enc, want_enc);
	assert_int_equal(n, strlen(want));
	assert_string_equal(out, want);
	free(out);
}

static void encodings(void **state)
{
	(void)state;
	expect("a,b", 3, TEXTENC_UTF8, "a,b");
	expect("\xef\xbb\xbf\xe0\xa6\x95", 6, TEXTENC_UTF8_BOM, "\xe0\xa6\x95");
	expect("\xff\xfe\x61\x00\x95\x09", 6, TEXTENC_UTF16LE, "a\xe0\xa6\x95"); /* aক */
	expect("\xfe\xff\x00\x61\x09\x95", 6, TEXTENC_UTF16BE, "a\xe0\xa6\x95");
	expect("n\x00\x61\x00", 4, TEXTENC_UTF16LE, "na");                     /* no BOM */
	expect("\xff\xfe\x3d\xd8\x00\xde", 6, TEXTENC_UTF16LE, "\xf0\x9f\x98\x80"); /* a pair */
	expect("Jos\xe9 \x80", 6, TEXTENC_CP1252, "Jos\xc3\xa9 \xe2\x82\xac");
	/* Broken UTF-8 stays as it is (the roster names its line), never cp1252. */
	expect("a\xed\xa0\x80", 4, TEXTENC_UTF8, "a\xed\xa0\x80");
}

static void refused(void **state)
{
	char *out = (char *)"x", err[KERR_LEN];
	size_t n;
	enum textenc enc;

	(void)state;
	assert_int_equal(textenc_to_utf8("\xff\xfe\x3d\xd8", 4, &out, &n, &enc, err), -1);
	assert_int_equal(textenc_to_utf8("\xff\xfe\x00\xdc\x61\x00", 6, &out, &n, &enc, err), -1);
}

static void separators(void **state)
{
	(void)state;
	assert_int_equal(csv_guess_separator("a,b,c\n1;2", 9), ',');
	assert_int_equal(csv_guess_separator("a;b;c\n", 6), ';');
	assert_int_equal(csv_guess_separator("a\tb\tc,d\n", 8), '\t');
	assert_int_equal(csv_guess_separator("\"a;b;c\",d\n", 10), ',');
	assert_int_equal(csv_guess_separator("", 0), ',');
}

static void reads_with_separator(void **state)
{
	char buf[] = "name;phone\n\"A; B\";017\n", err[KERR_LEN];
	struct csv c;
	struct csv_record r;

	(void)state;
	csv_init(&c, buf, strlen(buf));
	csv_set_separator(&c, ';');
	assert_int_equal(csv_next(&c, &r, err), 1);
	assert_int_equal(r.n, 2);
	assert_int_equal(csv_next(&c, &r, err), 1);
	assert_string_equal(r.field[0], "A; B");
	assert_string_equal(r.field[1], "017");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodings), cmocka_unit_test(refused), cmocka_unit_test(separators),
		cmocka_unit_test(reads_with_separator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
