/* test_timefmt.c - unit tests for kiosk/core/timefmt.c. Expected instants were
 * computed independently (Python datetime), not with this code. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/timefmt.h"

#define T1500_DHAKA 1796461200000LL  /* 2026-12-05T15:00+06:00 */
#define T1542_DHAKA 1796463720000LL  /* 2026-12-05T15:42+06:00 */

static void expect_ms(const char *text, int def, int64_t want)
{
	int64_t ms = 0;

	if (time_parse_iso(text, def, &ms) != 0)
		fail_msg("'%s' was refused", text);
	assert_int_equal(ms, want);
}

static void expect_bad(const char *text)
{
	int64_t ms = 42;

	if (time_parse_iso(text, TZ_DHAKA_MIN, &ms) != -1)
		fail_msg("'%s' was accepted as %lld", text, (long long)ms);
	assert_int_equal(ms, 42);
}

static void test_parse_forms(void **state)
{
	(void)state;
	expect_ms("2026-12-05T15:00+06:00", 0, T1500_DHAKA);
	expect_ms("2026-12-05T15:00:30Z", TZ_DHAKA_MIN, 1796482830000LL);
	expect_ms("2026-12-05 15:00", TZ_DHAKA_MIN, T1500_DHAKA);
	expect_ms("2026-12-05 15:00", 0, T1500_DHAKA + 6 * 3600000LL);
	expect_ms("2026-12-05T09:00Z", TZ_DHAKA_MIN, T1500_DHAKA);
	expect_ms("2026-12-05t09:00z", TZ_DHAKA_MIN, T1500_DHAKA);
	expect_ms("2026-12-05T15:00+0600", 0, T1500_DHAKA);
	expect_ms("2026-12-05T15:00+06", 0, T1500_DHAKA);
	expect_ms("  2026-12-05T15:00 +06:00\r\n", 0, T1500_DHAKA);
	expect_ms("2026-12-05T05:30-03:30", 0, T1500_DHAKA);
	expect_ms("2026-12-05T09:00:00.250Z", 0, T1500_DHAKA + 250);
	expect_ms("2026-12-05T09:00:00.2Z", 0, T1500_DHAKA + 200);
	expect_ms("2026-12-05T09:00:00,123456Z", 0, T1500_DHAKA + 123);
	expect_ms("2026-12-05", TZ_DHAKA_MIN, T1500_DHAKA - 15 * 3600000LL);
	expect_ms("2026-12-05 \n", TZ_DHAKA_MIN, T1500_DHAKA - 15 * 3600000LL);
}

static void test_parse_calendar(void **state)
{
	(void)state;
	expect_ms("2024-02-29", 0, 1709164800000LL);
	expect_ms("2000-02-29T00:00Z", 0, 951782400000LL);
	expect_ms("1970-01-01T00:00Z", 0, 0);
	expect_ms("1969-12-31T23:59:59Z", 0, -1000);
	expect_ms("9999-12-31T23:59:59Z", 0, 253402300799000LL);
	expect_ms("0001-01-01T00:00Z", 0, -62135596800000LL);
	expect_bad("2023-02-29");
	expect_bad("2100-02-29");
	expect_bad("2026-04-31");
	expect_bad("2026-13-01");
	expect_bad("2026-00-10");
	expect_bad("2026-12-00");
	expect_bad("2026-12-32");
}

static void test_parse_refuses(void **state)
{
	(void)state;
	expect_bad("");
	expect_bad(NULL);
	expect_bad("tomorrow");
	expect_bad("26-12-05");
	expect_bad("2026-1-05");
	expect_bad("2026-12-05T24:00");
	expect_bad("2026-12-05T15:60");
	expect_bad("2026-12-05T15:00:60");
	expect_bad("2026-12-05T15");
	expect_bad("2026-12-05T15:");
	expect_bad("2026-12-05T");
	expect_bad("2026-12-05T15:00:30.");
	expect_bad("2026-12-05T15:00+15:00");
	expect_bad("2026-12-05T15:00+06:60");
	expect_bad("2026-12-05T15:00+6");
	expect_bad("2026-12-05T15:00Zx");
	expect_bad("2026-12-05T15:00 Dhaka");
	expect_bad("2026-");
	expect_bad("2026-12-");
}

static void expect_iso(int64_t ms, int off, const char *want)
{
	char out[TIME_TEXT_MAX];
	int64_t back;

	assert_int_equal(time_format_iso(ms, off, out, sizeof out), (int)strlen(want));
	assert_string_equal(out, want);
	/* What we print we can read back (to the second). */
	assert_int_equal(time_parse_iso(out, 0, &back), 0);
	assert_int_equal(back, ms - ((ms % 1000) + 1000) % 1000);
}

static void test_format_iso(void **state)
{
	char out[TIME_TEXT_MAX];

	(void)state;
	expect_iso(T1542_DHAKA, TZ_DHAKA_MIN, "2026-12-05T15:42:00+06:00");
	expect_iso(T1542_DHAKA, 0, "2026-12-05T09:42:00+00:00");
	expect_iso(T1542_DHAKA, -210, "2026-12-05T06:12:00-03:30");
	expect_iso(T1542_DHAKA + 999, 345, "2026-12-05T15:27:00+05:45");
	expect_iso(-1, 0, "1969-12-31T23:59:59+00:00");
	expect_iso(-1000, 0, "1969-12-31T23:59:59+00:00");
	expect_iso(0, TZ_DHAKA_MIN, "1970-01-01T06:00:00+06:00");
	expect_iso(1709164800000LL - 1, TZ_DHAKA_MIN, "2024-02-29T05:59:59+06:00");
	expect_iso(253402300799000LL, 0, "9999-12-31T23:59:59+00:00");
	/* Out of what ISO 8601's four-digit years can show. */
	assert_int_equal(time_format_iso(253402300800000LL, 0, out, sizeof out), -1);
	assert_int_equal(time_format_iso(INT64_MAX, 0, out, sizeof out), -1);
	assert_int_equal(time_format_iso(INT64_MIN, 0, out, sizeof out), -1);
	assert_int_equal(time_format_iso(0, 15 * 60, out, sizeof out), -1);
	/* 25 characters need 26 bytes. */
	assert_int_equal(time_format_iso(0, 0, out, 25), -1);
	assert_int_equal(time_format_iso(0, 0, out, 26), 25);
}

static void test_format_clock(void **state)
{
	char out[TIME_TEXT_MAX];

	(void)state;
	assert_int_equal(time_format_clock(T1542_DHAKA, TZ_DHAKA_MIN, "en", out, sizeof out), 5);
	assert_string_equal(out, "15:42");
	assert_int_equal(time_format_clock(T1542_DHAKA, TZ_DHAKA_MIN, "bn", out, sizeof out),
			 (int)strlen("১৫:৪২"));
	assert_string_equal(out, "১৫:৪২");
	assert_int_equal(time_format_clock(T1542_DHAKA, 0, NULL, out, sizeof out), 5);
	assert_string_equal(out, "09:42");
	assert_int_equal(time_format_clock(T1542_DHAKA + 8 * 3600000LL + 23 * 60000LL,
					   TZ_DHAKA_MIN, "bn", out, sizeof out), 13);
	assert_string_equal(out, "০০:০৫");
	assert_int_equal(time_format_clock(T1542_DHAKA, TZ_DHAKA_MIN, "bn", out, 13), -1);
	assert_int_equal(time_format_clock(T1542_DHAKA, TZ_DHAKA_MIN, "en", out, 5), -1);
}

static void expect_zone(const char *text, int want)
{
	int off = 9999;

	if (time_parse_zone(text, &off) != 0)
		fail_msg("zone '%s' was refused", text);
	assert_int_equal(off, want);
}

static void test_zones(void **state)
{
	int off = 9999;

	(void)state;
	expect_zone("Asia/Dhaka", TZ_DHAKA_MIN);
	expect_zone(" Asia/Dhaka\n", TZ_DHAKA_MIN);
	expect_zone("Asia/Kolkata", 330);
	expect_zone("UTC", 0);
	expect_zone("+06:00", 360);
	expect_zone("-03:30", -210);
	expect_zone("+0545", 345);
	expect_zone("+6", 360);
	expect_zone("UTC+6", 360);
	expect_zone("GMT+05:30", 330);
	const char *bad[] = {"Europe/London", "America/New_York", "asia/dhaka", "+15:00",
			     "06:00", "", "   ", "+6:5", "Asia/Dhaka2", "UTC+", "+06:00x",
			     "an absurdly long zone name that cannot be real", NULL};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (time_parse_zone(bad[i], &off) != -1)
			fail_msg("zone '%s' was accepted", bad[i] ? bad[i] : "(null)");
		assert_int_equal(off, 9999);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_calendar),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_format_iso),
		cmocka_unit_test(test_format_clock),
		cmocka_unit_test(test_zones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
