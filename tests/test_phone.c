/* test_phone.c - unit tests for kiosk/core/phone.c: the forms people write, and
 * the numbers that must be refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/phone.h"

static void expect_ok(const char *text, const char *want)
{
	char out[PHONE_LEN];

	memset(out, 'x', sizeof out);
	if (phone_normalise(text, out) != 0)
		fail_msg("'%s' was refused, expected %s", text, want);
	assert_string_equal(out, want);
}

static void expect_bad(const char *text)
{
	char out[PHONE_LEN] = "untouched";

	if (phone_normalise(text, out) != -1)
		fail_msg("'%s' was accepted as %s", text, out);
	assert_string_equal(out, "untouched"); /* failure leaves out alone */
}

static void test_prefixes(void **state)
{
	(void)state;
	expect_ok("01711223333", "+8801711223333");
	expect_ok("8801711223333", "+8801711223333");
	expect_ok("+8801711223333", "+8801711223333");
	expect_ok("008801711223333", "+8801711223333");
	expect_ok("+88 01711 223333", "+8801711223333");
	expect_ok("+880 1711-223333", "+8801711223333");
	expect_ok("1711223333", "+8801711223333"); /* leading 0 lost in a spreadsheet */
}

static void test_separators(void **state)
{
	(void)state;
	expect_ok("017-1122-3333", "+8801711223333");
	expect_ok("017.11.22.33.33", "+8801711223333");
	expect_ok("(+880) 1711 223333", "+8801711223333");
	expect_ok("(017) 11-22 3333", "+8801711223333");
	expect_ok("  01711223333  ", "+8801711223333");
	expect_ok("01711223333\r\n", "+8801711223333");
	expect_ok("\t00880 17 1122 3333", "+8801711223333");
}

static void test_every_operator(void **state)
{
	(void)state;
	expect_ok("01311223333", "+8801311223333"); /* Grameenphone (new) */
	expect_ok("01411223333", "+8801411223333"); /* Banglalink (new) */
	expect_ok("01511223333", "+8801511223333"); /* Teletalk */
	expect_ok("01611223333", "+8801611223333"); /* Airtel */
	expect_ok("01811223333", "+8801811223333"); /* Robi */
	expect_ok("01911223333", "+8801911223333"); /* Banglalink */
	expect_bad("01011223333");
	expect_bad("01111223333");
	expect_bad("01211223333");
	expect_bad("+8801211223333");
	expect_bad("1211223333");
}

static void test_bengali_digits(void **state)
{
	(void)state;
	expect_ok("০১৭১১-২২২৩৩৩", "+8801711222333");
	expect_ok("+৮৮০ ১৭১১ ২২২৩৩৩", "+8801711222333");
	expect_ok("০১৯৮৭৬৫৪৩২১", "+8801987654321");
	expect_ok("০১৭11২২২৩৩৩", "+8801711222333"); /* mixed scripts */
	expect_bad("০১২১১২২২৩৩৩");                  /* operator 2 */
	expect_bad("০১৭১১২২২৩৩");                   /* ten digits starting 0 */
	expect_bad("\xE0\xA7");                      /* a cut-off UTF-8 sequence */
	expect_bad("০১৭১১২২২৩৩\xE0\xA7");
	expect_bad("০১৭১১২২২৩৩\xE0\xA7\xB0");        /* U+09F0 is a letter, not a digit */
}

static void test_wrong_lengths(void **state)
{
	(void)state;
	expect_bad("");
	expect_bad("   ");
	expect_bad("0171122333");       /* 10 digits with the 0 */
	expect_bad("017112233333");     /* 12 */
	expect_bad("+880171122333");    /* 12 after + */
	expect_bad("+88017112233333");  /* 14 after + */
	expect_bad("880171122333");
	expect_bad("00880171122333");
	expect_bad("0088017112233333");
	expect_bad("01711223333017112233330171122333301711223333"); /* long */
	expect_bad("171122333");
}

static void test_landlines_and_foreign(void **state)
{
	(void)state;
	expect_bad("02-9123456");       /* Dhaka landline */
	expect_bad("029123456");
	expect_bad("+880 2 9123 4567");
	expect_bad("+880 31 712345");   /* Chattogram */
	expect_bad("031-712345");
	expect_bad("+91 98765 43210");  /* India */
	expect_bad("+447911123456");    /* UK */
	expect_bad("+0088 01711223333");
	expect_bad("+1711223333");
}

static void test_letters_and_junk(void **state)
{
	(void)state;
	expect_bad("017112233O3");      /* letter O */
	expect_bad("phone: 01711223333");
	expect_bad("01711223333 ext 2");
	expect_bad("01711223333/01811223333");
	expect_bad("01711223333, 01811223333");
	expect_bad("017+11223333");     /* + only in front */
	expect_bad("++8801711223333");
	expect_bad("8801711223333+");
	expect_bad("01711_223333");
	expect_bad(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_every_operator),
		cmocka_unit_test(test_bengali_digits),
		cmocka_unit_test(test_wrong_lengths),
		cmocka_unit_test(test_landlines_and_foreign),
		cmocka_unit_test(test_letters_and_junk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
