/* test_ticketmsg.c - unit tests for kiosk/core/ticketmsg.c: Bengali dates,
 * the message, and links a phone opens. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/ticketmsg.h"

static void when(void **state)
{
	char out[128];

	(void)state;
	/* 2026-12-05T15:00+06:00 */
	assert_true(ticketmsg_when(1796461200000LL, 360, "bn", out, sizeof out) > 0);
	assert_string_equal(out, "৫ ডিসেম্বর ২০২৬, ১৫:০০");
	assert_true(ticketmsg_when(1796461200000LL, 360, "en", out, sizeof out) > 0);
	assert_string_equal(out, "5 December 2026, 15:00");
	/* Midnight in Dhaka is still the previous day in UTC. */
	assert_true(ticketmsg_when(1796407200000LL, 360, "en", out, sizeof out) > 0);
	assert_string_equal(out, "5 December 2026, 00:00");
	assert_int_equal(ticketmsg_when(1796461200000LL, 360, "bn", out, 8), -1);
}

static void links(void **state)
{
	char msg[TICKETMSG_MAX], out[TICKETMSG_LINK_MAX];

	(void)state;
	assert_true(ticketmsg_text("রহিম", "মিটআপ", "", "", "T1X", msg, sizeof msg) > 0);
	assert_non_null(strstr(msg, "প্রিয় রহিম"));
	assert_null(strstr(msg, "সময়"));       /* no time, no "time:" */
	assert_true(ticketmsg_whatsapp("+8801711223344", "a b&c=ক", out, sizeof out) > 0);
	assert_string_equal(out, "https://wa.me/8801711223344?text=a%20b%26c%3D%E0%A6%95");
	assert_true(ticketmsg_sms("+8801711223344", "a b", out, sizeof out) > 0);
	assert_string_equal(out, "sms:+8801711223344?body=a%20b");
	assert_int_equal(ticketmsg_whatsapp("01711223344", "x", out, sizeof out), -1);
	assert_int_equal(ticketmsg_sms("+8801711223344", "x", out, 20), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(when), cmocka_unit_test(links)};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
