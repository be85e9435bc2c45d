/* test_utf8.c - the text boundary of issue 12 (core/utf8.c): strict RFC 3629
 * (surrogates, overlongs, > U+10FFFF and NUL refused), control characters in
 * typed fields, the terminal escape, cuts on character boundaries, and that
 * the journal writer (jsonw) never emits invalid UTF-8. Pure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/jsonw.h"
#include "core/kerr.h"
#include "core/utf8.h"

static int valid(const char *s, size_t n)
{
	return utf8_valid(s, n, NULL);
}

static void test_strict(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		int ok;
	} cases[] = {
		{"abc", 3, 1},
		{"\xe0\xa6\x95", 3, 1},             /* Bengali ka */
		{"\xf0\x9f\x98\x80", 4, 1},         /* emoji */
		{"\xf4\x8f\xbf\xbf", 4, 1},         /* U+10FFFF */
		{"\xed\x9f\xbf", 3, 1},             /* U+D7FF, just below the surrogates */
		{"\xed\xa0\x80", 3, 0},             /* U+D800 surrogate */
		{"\xed\xbf\xbf", 3, 0},             /* U+DFFF surrogate */
		{"\xc0\xaf", 2, 0},                 /* overlong '/' */
		{"\xc1\xbf", 2, 0},
		{"\xe0\x80\xaf", 3, 0},             /* overlong, 3 bytes */
		{"\xe0\x9f\xbf", 3, 0},
		{"\xf0\x80\x80\xaf", 4, 0},         /* overlong, 4 bytes */
		{"\xf0\x8f\xbf\xbf", 4, 0},
		{"\xf4\x90\x80\x80", 4, 0},         /* U+110000 */
		{"\xf5\x80\x80\x80", 4, 0},
		{"\xff", 1, 0},
		{"\xe0\xa6", 2, 0},                 /* cut short */
		{"a\0b", 3, 0},                     /* NUL */
		{"\x80", 1, 0},                     /* stray continuation */
	};
	size_t i, bad = 99;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (valid(cases[i].s, cases[i].n) != cases[i].ok)
			fail_msg("case %zu: want %d", i, cases[i].ok);
	assert_int_equal(utf8_valid("ok\xed\xa0\x80", 5, &bad), 0);
	assert_int_equal(bad, 2);
}

static void test_fields(void **state)
{
	char why[64];

	(void)state;
	assert_int_equal(utf8_field_check("ফারহানা আক্তার", why, sizeof why), 0);
	assert_int_equal(utf8_field_check("Evil \x1b[2J", why, sizeof why), -1);
	assert_string_equal(why, "a control character (U+001B)");
	assert_int_equal(utf8_field_check("tab\there", why, sizeof why), -1);
	assert_int_equal(utf8_field_check("c1 \xc2\x9b", why, sizeof why), -1);
	assert_int_equal(utf8_field_check("bidi \xe2\x80\xae", why, sizeof why), -1);
	assert_int_equal(utf8_field_check("x\xed\xa0\x80", why, sizeof why), -1);
	assert_string_equal(why, "invalid UTF-8 at byte 2");
}

/* What a screen does with typed text instead of refusing it. */
static void test_field_clean(void **state)
{
	char out[32], why[64];

	(void)state;
	assert_int_equal(utf8_field_clean("a\tb\r\nc", out, sizeof out), 6);
	assert_string_equal(out, "a b  c");
	utf8_field_clean("Evil\x1b]0;pwned\x07X \xe2\x80\xae\xff\xc2\x9bফা", out, sizeof out);
	assert_string_equal(out, "Evil]0;pwnedX ফা");
	assert_int_equal(utf8_field_check(out, why, sizeof why), 0);
	assert_int_equal(utf8_field_clean("আআআ", out, 6), 3); /* never half a letter */
	assert_string_equal(out, "আ");
}

static void test_terminal_escape(void **state)
{
	char out[128];

	(void)state;
	assert_string_equal(utf8_term("Evil \x1b[2J\x1b]0;t\x07 ok", out, sizeof out, 0),
			    "Evil \\x1B[2J\\x1B]0;t\\x07 ok");
	assert_string_equal(utf8_term("কমলা\n", out, sizeof out, 1), "কমলা\n");
	assert_string_equal(utf8_term("a\nb", out, sizeof out, 0), "a\\x0Ab");
	assert_string_equal(utf8_term("\xed\xa0\x80", out, sizeof out, 0), "\\xED\\xA0\\x80");
	/* Truncated on a character boundary, never mid-letter. */
	assert_string_equal(utf8_term("কখগ", out, 7, 0), "কখ");
}

static void test_cut(void **state)
{
	(void)state;
	assert_int_equal(utf8_cut("কখগ", 9), 9);
	assert_int_equal(utf8_cut("কখগ", 8), 6);
	assert_int_equal(utf8_cut("কখগ", 4), 3);
	assert_int_equal(utf8_cut("abc", 2), 2);
}

static void test_messages_cut_on_boundaries(void **state)
{
	char err[KERR_LEN], name[400];
	size_t i;

	(void)state;
	/* "%.60s" of "A" + Bengali letters cuts the 20th letter after 2 of its 3 bytes. */
	name[0] = 'A';
	for (i = 0; i < 100; i++)
		memcpy(name + 1 + 3 * i, "\xe0\xa6\x95", 3);
	name[301] = '\0';
	kerr(err, "no phone for '%.60s'", name);
	assert_true(valid(err, strlen(err)));
	kerr(err, "%s%s", name, name); /* cut by KERR_LEN */
	assert_true(valid(err, strlen(err)));
}

static void test_journal_bodies_are_valid(void **state)
{
	static const char *const junk[] = {
		"\xed\xa0\x80", "\xe0\x80\xaf", "\xf4\x90\x80\x80", "\xff\xfe", "a\x01\x1b[2J", "del \x7f",
		"\xe0\xa6", "ok \xe0\xa6\x95",
	};
	char buf[256];
	struct jsonw w;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		jsonw_init(&w, buf, sizeof buf);
		jsonw_str(&w, "code", junk[i]);
		assert_int_equal(jsonw_end(&w), 0);
		if (!valid(buf, strlen(buf)))
			fail_msg("junk %zu reached the body: %s", i, buf);
		for (const char *p = buf; *p; p++)
			assert_true((unsigned char)*p >= 0x20);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_field_clean),
		cmocka_unit_test(test_terminal_escape),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_messages_cut_on_boundaries),
		cmocka_unit_test(test_journal_bodies_are_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
