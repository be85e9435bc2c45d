/* test_money.c - unit tests for kiosk/core/money.c: lakh grouping, Bengali digits,
 * poisha, limits, and the ways people write prices. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/money.h"

static void expect_money(int64_t poisha, const char *lang, const char *want)
{
	char out[MONEY_TEXT_MAX];

	assert_int_equal(money_format(poisha, lang, out, sizeof out), (int)strlen(want));
	assert_string_equal(out, want);
}

static void test_format_bn(void **state)
{
	(void)state;
	expect_money(12500000, "bn", "৳১,২৫,০০০");
	expect_money(1250, "bn", "৳১২.৫০");
	expect_money(0, "bn", "৳০");
	expect_money(100, "bn", "৳১");
	expect_money(5, "bn", "৳০.০৫");
	expect_money(-1250, "bn", "-৳১২.৫০");
	expect_money(1000000000, "bn", "৳১,০০,০০,০০০");
}

static void test_format_en(void **state)
{
	(void)state;
	expect_money(12500000, "en", "Tk 1,25,000");
	expect_money(1250, "en", "Tk 12.50");
	expect_money(1205, "en", "Tk 12.05");
	expect_money(99, NULL, "Tk 0.99");
	expect_money(99900, "en", "Tk 999");
	expect_money(100000, "en", "Tk 1,000");
	expect_money(123456789, "fr", "Tk 12,34,567.89");
	expect_money(INT64_MAX, "en", "Tk 92,23,37,20,36,85,47,758.07");
	expect_money(INT64_MIN, "en", "-Tk 92,23,37,20,36,85,47,758.08");
}

static void expect_plain(int64_t poisha, const char *want)
{
	char out[MONEY_PLAIN_MAX];

	assert_int_equal(money_format_plain(poisha, out), (int)strlen(want));
	assert_string_equal(out, want);
}

/* The courier exports' amounts; a negative amount with poisha once came out
 * as "-12.-50" (orders export) where the report wrote "-12.50". */
static void test_format_plain(void **state)
{
	(void)state;
	expect_plain(125000, "1250");
	expect_plain(125050, "1250.50");
	expect_plain(5, "0.05");
	expect_plain(0, "0");
	expect_plain(-125050, "-1250.50");
	expect_plain(-50, "-0.50");
	expect_plain(-125000, "-1250");
	expect_plain(INT64_MAX, "92233720368547758.07");
	expect_plain(INT64_MIN, "-92233720368547758.08");
}

static void test_format_capacity(void **state)
{
	char out[MONEY_TEXT_MAX];

	(void)state;
	/* "Tk 1,25,000" is 11 bytes and needs 12 with its NUL. */
	assert_int_equal(money_format(12500000, "en", out, 11), -1);
	assert_string_equal(out, "");
	assert_int_equal(money_format(12500000, "en", out, 12), 11);
	/* "৳১,২৫,০০০" is 3 + 6*3 + 2 = 23 bytes. */
	assert_int_equal(money_format(12500000, "bn", out, 23), -1);
	assert_int_equal(money_format(12500000, "bn", out, 24), 23);
	assert_int_equal(money_format(1, "en", out, 0), -1);
	/* The longest amount fits MONEY_TEXT_MAX in Bengali. */
	assert_int_equal(money_format(INT64_MIN, "bn", out, sizeof out), 69);
	assert_string_equal(out, "-৳৯২,২৩,৩৭,২০,৩৬,৮৫,৪৭,৭৫৮.০৮");
}

static void expect_count(int64_t n, const char *lang, const char *want)
{
	char out[MONEY_TEXT_MAX];

	assert_int_equal(count_format(n, lang, out, sizeof out), (int)strlen(want));
	assert_string_equal(out, want);
}

static void test_count_format(void **state)
{
	char out[8];

	(void)state;
	expect_count(123456, "bn", "১,২৩,৪৫৬");
	expect_count(123456, "en", "1,23,456");
	expect_count(0, "en", "0");
	expect_count(999, "en", "999");
	expect_count(1000, "en", "1,000");
	expect_count(99999, "en", "99,999");
	expect_count(100000, "en", "1,00,000");
	expect_count(10000000, "en", "1,00,00,000");
	expect_count(-5000, "bn", "-৫,০০০");
	expect_count(INT64_MIN, "en", "-92,23,37,20,36,85,47,75,808");
	assert_int_equal(count_format(1234567, "en", out, sizeof out), -1);
}

static void test_digits_to_bengali(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(digits_to_bengali("Order 12, 2026", out, sizeof out),
			 (int)strlen("Order ১২, ২০২৬"));
	assert_string_equal(out, "Order ১২, ২০২৬");
	assert_int_equal(digits_to_bengali("", out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(digits_to_bengali("নাম ৫", out, sizeof out), (int)strlen("নাম ৫"));
	assert_string_equal(out, "নাম ৫");
	assert_int_equal(digits_to_bengali("0123456789", out, sizeof out), 30);
	assert_string_equal(out, "০১২৩৪৫৬৭৮৯");
	assert_int_equal(digits_to_bengali("12", out, 6), -1);
	assert_int_equal(digits_to_bengali("12", out, 7), 6);
}

static void expect_parse(const char *text, int64_t want)
{
	int64_t p = -42;

	if (money_parse(text, &p) != 0)
		fail_msg("'%s' was refused", text);
	assert_int_equal(p, want);
}

static void test_parse(void **state)
{
	(void)state;
	expect_parse("1250", 125000);
	expect_parse("1,250.50", 125050);
	expect_parse("৳১২৫০", 125000);
	expect_parse("Tk 1250", 125000);
	expect_parse("tk.1250", 125000);
	expect_parse("BDT 99.99", 9999);
	expect_parse("12.5", 1250);
	expect_parse("0.05", 5);
	expect_parse("0", 0);
	expect_parse("Tk. 1,25,000/-", 12500000);
	expect_parse("১,২৫,০০০ টাকা", 12500000);
	expect_parse("৳ ১২.৫০", 1250);
	expect_parse("450 taka", 45000);
	expect_parse("450tk", 45000);
	expect_parse(" 450 \r\n", 45000);
	expect_parse("-৳১২.৫০", -1250);
	expect_parse("- Tk 3", -300);
	expect_parse("1,250,000", 125000000);
	expect_parse("12,50,000.50", 125000050);
	expect_parse("125,000", 12500000);
	expect_parse("1,00,00,000", 1000000000);
	expect_parse("92233720368547757.99", 9223372036854775799LL);
}

static void test_parse_refuses(void **state)
{
	const char *bad[] = {
		"", "   ", "abc", "Tk", "৳", "12.345", "12.", ".50", "1,,250", ",250", "250,",
		"1 250", "1250 USD", "--5", "12-", "Tk Tk 5", "5/- /-", "১২৫০ টাকা টাকা",
		"922337203685477580", "99999999999999999999999", "92233720368547758",
		"\xE0\xA7", "12\xE0\xA7", NULL,
		/* issue 12: commas only group thousands or lakhs */
		"10,0,0", "1,0", "12,50", "1,2345", "1234,567", "1,25,0000", "1,250,00,000",
		"123,45,678", "1,2,345",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t p = -42;

		if (money_parse(bad[i], &p) != -1)
			fail_msg("'%s' was accepted as %lld", bad[i] ? bad[i] : "(null)", (long long)p);
		assert_int_equal(p, -42);
	}
}

/* Whatever we print, in either language, reads back as the same amount. */
static void test_round_trip(void **state)
{
	static const int64_t amounts[] = {0, 1, 99, 100, 1250, 12500000, -777, 123456789012345LL};

	(void)state;
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		char out[MONEY_TEXT_MAX];
		int64_t back;

		assert_true(money_format(amounts[i], "bn", out, sizeof out) > 0);
		assert_int_equal(money_parse(out, &back), 0);
		assert_int_equal(back, amounts[i]);
		assert_true(money_format(amounts[i], "en", out, sizeof out) > 0);
		assert_int_equal(money_parse(out, &back), 0);
		assert_int_equal(back, amounts[i]);
	}
}

/* Quantities: strict, so "1.5" or "4294967297" is never read as 1. */
static void test_count_parse(void **state)
{
	int64_t n = -7;

	(void)state;
	assert_int_equal(count_parse("3", 99, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(count_parse("৯৯", 99, &n), 0);
	assert_int_equal(n, 99);
	assert_int_equal(count_parse("0", 99, &n), 0);
	assert_int_equal(n, 0);
	static const char *const bad[] = {"", "100", "4294967297", "1.5", "1abc", "-1", "+1",
					  " 1", "1 ", "1,0", "99999999999999999999999", "১x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = -7;
		assert_int_equal(count_parse(bad[i], 99, &n), -1);
		assert_int_equal(n, -7);
	}
	assert_int_equal(count_parse(NULL, 99, &n), -1);
	assert_int_equal(count_parse("9223372036854775807", INT64_MAX, &n), 0);
	assert_true(n == INT64_MAX);
	assert_int_equal(count_parse("9223372036854775808", INT64_MAX, &n), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_bn),
		cmocka_unit_test(test_format_en),
		cmocka_unit_test(test_format_plain),
		cmocka_unit_test(test_format_capacity),
		cmocka_unit_test(test_count_format),
		cmocka_unit_test(test_digits_to_bengali),
		cmocka_unit_test(test_count_parse),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
