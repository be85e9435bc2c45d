/* test_feedback.c - unit tests for kiosk/core/feedback.c: burst flagging. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/feedback.h"

static void test_burst(void **state)
{
	struct feedback_burst b;

	(void)state;
	feedback_burst_init(&b);
	/* Real guests, a minute apart: never flagged. */
	for (int i = 0; i < 10; i++)
		assert_int_equal(feedback_burst_note(&b, 1000000 + i * 60000), 0);
	/* Two quick ones are fine (a couple at the table) ... */
	feedback_burst_init(&b);
	assert_int_equal(feedback_burst_note(&b, 0), 0);
	assert_int_equal(feedback_burst_note(&b, 2000), 0);
	/* ... the third inside the window is a burst, and so is the rest of it. */
	assert_int_equal(feedback_burst_note(&b, 4000), 1);
	assert_int_equal(feedback_burst_note(&b, 5000), 1);
	/* After a pause longer than the window it stops. */
	assert_int_equal(feedback_burst_note(&b, 5000 + FEEDBACK_BURST_MS), 0);
	/* Exactly at the window's edge counts as outside. */
	feedback_burst_init(&b);
	assert_int_equal(feedback_burst_note(&b, 0), 0);
	assert_int_equal(feedback_burst_note(&b, 1), 0);
	assert_int_equal(feedback_burst_note(&b, FEEDBACK_BURST_MS), 0);
	/* A clock set back forgets the past instead of flagging. */
	feedback_burst_init(&b);
	assert_int_equal(feedback_burst_note(&b, 50000), 0);
	assert_int_equal(feedback_burst_note(&b, 50001), 0);
	assert_int_equal(feedback_burst_note(&b, 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
