/* test_wedge.c - keyboard-wedge bursts (Enter, timeout, stray keys, overflow)
 * and the scan debounce. Pure: time is passed in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/wedge.h"

/* Feed s one character every gap ms from t; returns the time after the last. */
static int64_t feed(struct wedge *w, const char *s, int64_t t, int gap, int *got, char *out)
{
	for (; *s; s++, t += gap)
		if (wedge_char(w, *s, t, out))
			(*got)++;
	return t - gap;
}

/* The open burst, whose last key came at t, ends after ms of pause (not
 * before) as code. */
static void ends_after(struct wedge *w, int64_t t, int ms, const char *code)
{
	char out[WEDGE_CODE_MAX];

	assert_int_equal(wedge_timeout_ms(w, t), ms + 1);
	assert_int_equal(wedge_poll(w, t + ms, out), 0);
	assert_int_equal(wedge_poll(w, t + ms + 1, out), 1);
	assert_string_equal(out, code);
}

static void test_enter_ends_a_scan(void **state)
{
	struct wedge w;
	char out[WEDGE_CODE_MAX];
	int got = 0;

	(void)state;
	wedge_init(&w);
	(void)feed(&w, "T1ABCDEF", 1000, 3, &got, out);
	assert_int_equal(got, 0);
	assert_int_equal(wedge_enter(&w, out), 1);
	assert_string_equal(out, "T1ABCDEF");
	assert_int_equal(wedge_enter(&w, out), 0); /* nothing left */
	assert_int_equal(wedge_timeout_ms(&w, 2000), -1);
}

static void test_timeout_ends_a_scan(void **state)
{
	struct wedge w;
	char out[WEDGE_CODE_MAX];
	int got = 0;
	int64_t t;

	(void)state;
	wedge_init(&w);
	/* a scanner that sends no Enter: its first code ends after the long
	 * pause (it may yet be a code delivered in two bursts), the next ones
	 * after the short one */
	t = feed(&w, "GF-1001", 5000, 8, &got, out);
	assert_int_equal(wedge_poll(&w, t + WEDGE_GAP_MS + 1, out), 0);
	assert_int_equal(wedge_timeout_ms(&w, t), WEDGE_HOLD_MS + 1);
	assert_int_equal(wedge_poll(&w, t + WEDGE_HOLD_MS, out), 0); /* not yet */
	assert_int_equal(wedge_poll(&w, t + WEDGE_HOLD_MS + 1, out), 1);
	assert_string_equal(out, "GF-1001");
	t = feed(&w, "GF-1002", t + 2000, 8, &got, out);
	assert_int_equal(wedge_poll(&w, t + WEDGE_GAP_MS, out), 0); /* not yet */
	assert_int_equal(wedge_timeout_ms(&w, t), WEDGE_GAP_MS + 1);
	assert_int_equal(wedge_poll(&w, t + WEDGE_GAP_MS + 1, out), 1);
	assert_string_equal(out, "GF-1002");
	assert_int_equal(got, 0);
}

static void test_next_burst_finishes_the_previous(void **state)
{
	struct wedge w;
	char out[WEDGE_CODE_MAX];
	int got = 0;
	int64_t t;

	(void)state;
	wedge_init(&w);
	t = feed(&w, "AAAA1111", 0, 5, &got, out);
	/* The loop was busy and never polled: the next scan's first key still
	 * separates the two codes. */
	assert_int_equal(wedge_char(&w, 'B', t + WEDGE_HOLD_MS + 1, out), 1);
	assert_string_equal(out, "AAAA1111");
	assert_int_equal(wedge_enter(&w, out), 0); /* "B" alone is a stray key */
}

static void test_slow_typing_is_not_a_scan(void **state)
{
	struct wedge w;
	char out[WEDGE_CODE_MAX];
	int got = 0;

	(void)state;
	wedge_init(&w);
	/* A person typing: 150 ms between keys, each key its own 1-char burst. */
	(void)feed(&w, "HELLO123", 0, 150, &got, out);
	assert_int_equal(got, 0);
	assert_int_equal(wedge_poll(&w, 100000, out), 0);
}

/* A scanner that ends its codes with Enter, on a loaded machine: one code
 * arrives in two bursts, 200 ms apart. From the door's first scan on (before
 * 2026-12-02 only after a first Enter: a pause that long split the first
 * code in two, two verdicts for one ticket) the burst waits for its rest and
 * Enter. */
static void test_enter_scanner_joins_two_bursts(void **state)
{
	struct wedge w;
	char out[WEDGE_CODE_MAX];
	int got = 0;
	int64_t t;

	(void)state;
	wedge_init(&w);
	t = feed(&w, "T1AAAA", 0, 3, &got, out);
	assert_int_equal(wedge_poll(&w, t + 200, out), 0);
	t = feed(&w, "BBBB", t + 200, 3, &got, out);
	assert_int_equal(got, 0);
	assert_int_equal(wedge_enter(&w, out), 1);
	assert_string_equal(out, "T1AAAABBBB");
	/* and the next code's two bursts are one code too */
	got = 0;
	t = feed(&w, "T1CCCC", t + 1000, 3, &got, out);
	assert_int_equal(wedge_poll(&w, t + 200, out), 0);
	assert_true(wedge_timeout_ms(&w, t + 200) > 0);
	t = feed(&w, "DDDD", t + 200, 3, &got, out);
	assert_int_equal(got, 0);
	assert_int_equal(wedge_enter(&w, out), 1);
	assert_string_equal(out, "T1CCCCDDDD");
	/* a stray key is still no scan, and does not stick to the next one */
	assert_int_equal(wedge_char(&w, 'x', t + 5000, out), 0);
	assert_int_equal(wedge_timeout_ms(&w, t + 5000), WEDGE_GAP_MS + 1);
	got = 0;
	t = feed(&w, "T1EEEE", t + 5000 + WEDGE_GAP_MS + 20, 3, &got, out);
	assert_int_equal(got, 0);
	assert_int_equal(wedge_enter(&w, out), 1);
	assert_string_equal(out, "T1EEEE");
	/* nor does a person's slow typing make a code */
	got = 0;
	t = feed(&w, "HELLO123", t + 5000, 150, &got, out);
	assert_int_equal(got, 0);
	assert_int_equal(wedge_poll(&w, t + 100000, out), 0);
}

/* Learnt Enter, then a scanner that sends none (another one plugged in): its
 * first code ends after the longer pause, and the short pause is back. */
static void test_pause_ended_code_unlearns_enter(void **state)
{
	struct wedge w;
	char out[WEDGE_CODE_MAX];
	int got = 0;
	int64_t t;

	(void)state;
	wedge_init(&w);
	t = feed(&w, "T1AAAA", 0, 3, &got, out);
	assert_int_equal(wedge_enter(&w, out), 1);
	t = feed(&w, "GF-1001", t + 1000, 3, &got, out);
	ends_after(&w, t, WEDGE_HOLD_MS, "GF-1001");
	t = feed(&w, "GF-1002", t + 2000, 3, &got, out);
	ends_after(&w, t, WEDGE_GAP_MS, "GF-1002");
	assert_int_equal(got, 0);
}

/* A stand-in for the door's ticket decode (run_door_code_whole, which
 * e2e_door runs): whole at ten characters from "T1". */
static int ten_from_t1(const char *code)
{
	return strlen(code) == 10 && !strncmp(code, "T1", 2);
}

/* A whole code ends after the short pause before any code has ended by one
 * (a no-Enter scanner's first ticket is not held half a second), and does not
 * teach the wedge that the scanner sends no Enter; a part of one still waits
 * for its rest. */
static void test_whole_code_ends_without_the_hold(void **state)
{
	struct wedge w;
	char out[WEDGE_CODE_MAX];
	int got = 0;
	int64_t t;

	(void)state;
	wedge_init(&w);
	w.whole = ten_from_t1;
	t = feed(&w, "T1AAAABBBB", 0, 3, &got, out);
	ends_after(&w, t, WEDGE_GAP_MS, "T1AAAABBBB");
	/* its Enter, late on a loaded machine, is no second code */
	assert_int_equal(wedge_enter(&w, out), 0);
	/* the next code's first part waits for the rest, which makes it whole */
	t = feed(&w, "T1CCCC", t + 1000, 3, &got, out);
	assert_int_equal(wedge_timeout_ms(&w, t), WEDGE_HOLD_MS + 1);
	assert_int_equal(wedge_poll(&w, t + 200, out), 0);
	t = feed(&w, "DDDD", t + 200, 3, &got, out);
	ends_after(&w, t, WEDGE_GAP_MS, "T1CCCCDDDD");
	/* a code that is not whole by the door's test still waits the long
	 * pause: the whole ones taught nothing */
	t = feed(&w, "GF-1001", t + 1000, 3, &got, out);
	ends_after(&w, t, WEDGE_HOLD_MS, "GF-1001");
	assert_int_equal(got, 0);
}

static void test_overflow_is_dropped(void **state)
{
	struct wedge w;
	char out[WEDGE_CODE_MAX];
	int i;

	(void)state;
	wedge_init(&w);
	for (i = 0; i < WEDGE_CODE_MAX + 10; i++)
		assert_int_equal(wedge_char(&w, 'A', i, out), 0);
	assert_int_equal(wedge_enter(&w, out), 0);
	/* and the next one works */
	for (i = 0; i < 6; i++)
		(void)wedge_char(&w, 'C', 100000 + i, out);
	assert_int_equal(wedge_enter(&w, out), 1);
	assert_string_equal(out, "CCCCCC");
}

static void test_debounce(void **state)
{
	struct scan_debounce d;
	int i;
	char code[16];

	(void)state;
	scan_debounce_init(&d);
	assert_int_equal(scan_debounce_take(&d, "T1AAA", 10000), 1);
	assert_int_equal(scan_debounce_take(&d, "T1AAA", 10040), 0); /* scanner sends twice */
	assert_int_equal(scan_debounce_take(&d, "T1BBB", 10050), 1); /* another code is fine */
	/* Held in front of the camera: every sighting slides the window. */
	assert_int_equal(scan_debounce_take(&d, "T1AAA", 12000), 0);
	assert_int_equal(scan_debounce_take(&d, "T1AAA", 14500), 0);
	assert_int_equal(scan_debounce_take(&d, "T1AAA", 14500 + SCAN_DEBOUNCE_MS), 1);
	/* More codes than slots: the oldest is forgotten, the newest kept. */
	for (i = 0; i < SCAN_RECENT_MAX + 2; i++) {
		(void)snprintf(code, sizeof code, "C%d", i);
		assert_int_equal(scan_debounce_take(&d, code, 30000 + i), 1);
	}
	assert_int_equal(scan_debounce_take(&d, code, 30100), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enter_ends_a_scan),
		cmocka_unit_test(test_timeout_ends_a_scan),
		cmocka_unit_test(test_next_burst_finishes_the_previous),
		cmocka_unit_test(test_slow_typing_is_not_a_scan),
		cmocka_unit_test(test_enter_scanner_joins_two_bursts),
		cmocka_unit_test(test_pause_ended_code_unlearns_enter),
		cmocka_unit_test(test_whole_code_ends_without_the_hold),
		cmocka_unit_test(test_overflow_is_dropped),
		cmocka_unit_test(test_debounce),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
