/* test_verdict.c - unit tests for kiosk/core/verdict.c: every path, the order of
 * the checks, and the reason tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/verdict.h"

#define NOW 1796460000000LL

/* A scan that passes every check. */
static struct verdict_input good(void)
{
	struct verdict_input in = {
		.decodes = 1, .event_matches = 1, .signature_ok = 1, .in_roster = 1,
		.has_window = 1, .valid_from_ms = NOW - 1000, .valid_until_ms = NOW + 1000,
		.type_allowed = 1, .now_ms = NOW,
	};
	return in;
}

static void expect(const struct verdict_input *in, enum verdict v, enum reason r)
{
	enum reason why = REASON_COUNT;

	assert_int_equal(verdict_decide(in, &why), v);
	assert_int_equal(why, r);
}

static void test_ok(void **state)
{
	struct verdict_input in = good();

	(void)state;
	expect(&in, VERDICT_OK, REASON_NONE);
	in.has_window = 0;
	in.valid_until_ms = 0; /* ignored without a window */
	expect(&in, VERDICT_OK, REASON_NONE);
	assert_int_equal(verdict_decide(&in, NULL), VERDICT_OK);
}

static void test_each_rejection(void **state)
{
	struct verdict_input in;

	(void)state;
	in = good(); in.decodes = 0;
	expect(&in, VERDICT_REJECTED, REASON_MALFORMED);
	in = good(); in.event_matches = 0;
	expect(&in, VERDICT_REJECTED, REASON_WRONG_EVENT);
	in = good(); in.signature_ok = 0;
	expect(&in, VERDICT_REJECTED, REASON_FORGED);
	in = good(); in.in_roster = 0;
	expect(&in, VERDICT_REJECTED, REASON_UNKNOWN);
	in = good(); in.revoked = 1;
	expect(&in, VERDICT_REJECTED, REASON_REVOKED);
	in = good(); in.now_ms = in.valid_from_ms - 1;
	expect(&in, VERDICT_REJECTED, REASON_TOO_EARLY);
	in = good(); in.now_ms = in.valid_until_ms;
	expect(&in, VERDICT_REJECTED, REASON_EXPIRED);
	in = good(); in.type_allowed = 0;
	expect(&in, VERDICT_REJECTED, REASON_WRONG_DOOR);
	in = good(); in.already_in = 1;
	expect(&in, VERDICT_USED, REASON_NONE);
}

/* valid_from is inclusive, valid_until exclusive. */
static void test_window_edges(void **state)
{
	struct verdict_input in = good();

	(void)state;
	in.now_ms = in.valid_from_ms;
	expect(&in, VERDICT_OK, REASON_NONE);
	in.now_ms = in.valid_until_ms - 1;
	expect(&in, VERDICT_OK, REASON_NONE);
	in.now_ms = in.valid_until_ms;
	expect(&in, VERDICT_REJECTED, REASON_EXPIRED);
}

/* With everything wrong at once, the earliest check in DESIGN.md's order
 * wins; switching the failures off one by one walks down the list. */
static void test_order(void **state)
{
	struct verdict_input in = {
		.decodes = 0, .event_matches = 0, .signature_ok = 0, .in_roster = 0,
		.revoked = 1, .has_window = 1, .valid_from_ms = NOW + 10,
		.valid_until_ms = NOW + 20, .type_allowed = 0, .already_in = 1, .now_ms = NOW,
	};

	(void)state;
	expect(&in, VERDICT_REJECTED, REASON_MALFORMED);
	in.decodes = 1;
	expect(&in, VERDICT_REJECTED, REASON_WRONG_EVENT);
	in.event_matches = 1;
	expect(&in, VERDICT_REJECTED, REASON_FORGED);
	in.signature_ok = 1;
	expect(&in, VERDICT_REJECTED, REASON_UNKNOWN);
	in.in_roster = 1;
	expect(&in, VERDICT_REJECTED, REASON_REVOKED);
	in.revoked = 0;
	expect(&in, VERDICT_REJECTED, REASON_TOO_EARLY);
	in.now_ms = NOW + 30;
	expect(&in, VERDICT_REJECTED, REASON_EXPIRED);
	in.has_window = 0;
	expect(&in, VERDICT_REJECTED, REASON_WRONG_DOOR);
	in.type_allowed = 1;
	expect(&in, VERDICT_USED, REASON_NONE);
	in.already_in = 0;
	expect(&in, VERDICT_OK, REASON_NONE);
}

/* A code imported from another system has no signature of ours to check,
 * but every later rule still applies. */
static void test_roster_code_skips_signature(void **state)
{
	struct verdict_input in = good();

	(void)state;
	in.is_roster_code = 1;
	in.event_matches = 0;
	in.signature_ok = 0;
	expect(&in, VERDICT_OK, REASON_NONE);
	in.revoked = 1;
	expect(&in, VERDICT_REJECTED, REASON_REVOKED);
	in.revoked = 0;
	in.already_in = 1;
	expect(&in, VERDICT_USED, REASON_NONE);
	in.in_roster = 0;
	expect(&in, VERDICT_REJECTED, REASON_UNKNOWN);
	in.decodes = 0;
	expect(&in, VERDICT_REJECTED, REASON_MALFORMED);
}

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int r = 0; r < REASON_COUNT; r++) {
		const char *n = reason_name((enum reason)r);

		assert_non_null(n);
		assert_int_equal(reason_parse(n), r);
		for (int s = 0; s < r; s++)
			assert_string_not_equal(n, reason_name((enum reason)s));
	}
	/* Journal entries depend on these exact words. */
	assert_string_equal(reason_name(REASON_FORGED), "forged");
	assert_string_equal(reason_name(REASON_REVOKED), "revoked");
	assert_string_equal(reason_name(REASON_WRONG_EVENT), "wrong_event");
	assert_string_equal(reason_name(REASON_COUNT), "invalid");
	assert_int_equal(reason_parse("Forged"), REASON_COUNT);
	assert_int_equal(reason_parse("invalid"), REASON_COUNT);
	assert_int_equal(reason_parse(""), REASON_COUNT);
	assert_int_equal(reason_parse(NULL), REASON_COUNT);
}

static void test_texts(void **state)
{
	(void)state;
	assert_string_equal(reason_text(REASON_FORGED, "bn"), "জাল টিকিট — সই মেলেনি");
	assert_string_equal(reason_text(REASON_FORGED, "en"),
			    "Forged ticket: signature does not match");
	assert_string_equal(reason_text(REASON_WRONG_EVENT, "bn"), "এই অনুষ্ঠানের টিকিট নয়");
	assert_string_equal(reason_text(REASON_WRONG_EVENT, "en"), "Not a ticket for this event");
	assert_non_null(strstr(reason_text(REASON_EXPIRED, "bn"), "মেয়াদ শেষ"));
	/* Anything but "bn" is English; never NULL, even out of range. */
	assert_string_equal(reason_text(REASON_REVOKED, "fr"), reason_text(REASON_REVOKED, "en"));
	assert_string_equal(reason_text(REASON_REVOKED, NULL), reason_text(REASON_REVOKED, "en"));
	assert_non_null(reason_text(REASON_COUNT, "bn"));
	for (int r = 0; r < REASON_COUNT; r++) {
		const char *bn = reason_text((enum reason)r, "bn");
		const char *en = reason_text((enum reason)r, "en");

		assert_true(bn != NULL && en != NULL && bn[0] != '\0' && en[0] != '\0');
		assert_string_not_equal(bn, en);
		/* Bengali text really is Bengali: it starts with a U+0980..U+09FF letter. */
		assert_int_equal((unsigned char)bn[0], 0xE0);
		assert_true((unsigned char)bn[1] == 0xA6 || (unsigned char)bn[1] == 0xA7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_each_rejection),
		cmocka_unit_test(test_window_edges),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_roster_code_skips_signature),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
