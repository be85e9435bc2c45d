/* test_screen_door.c - the door's state machine: guests cannot leave without
 * the PIN, verdicts time out, idle screens fall back, typing and keys reach
 * the right field, the PIN lock counts down. Pure: time is passed in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ui/screen_door.h"

static struct door d;

/* The target index of the key that types text on layout kb, or -1. */
static int key_of(enum ui_kb kb, const char *text)
{
	int i;
	struct ui_key k;

	for (i = 0; i < ui_kb_count(kb); i++)
		if (ui_kb_key(kb, i, &k) == 0 && k.kind == UI_KEY_CHAR && strcmp(k.text, text) == 0)
			return DOOR_T_KEY + i;
	return -1;
}

static int special_of(enum ui_kb kb, enum ui_key_kind kind)
{
	int i;
	struct ui_key k;

	for (i = 0; i < ui_kb_count(kb); i++)
		if (ui_kb_key(kb, i, &k) == 0 && k.kind == kind)
			return DOOR_T_KEY + i;
	return -1;
}

static void test_guest_cannot_leave(void **state)
{
	struct door_action a;

	(void)state;
	door_init(&d, UI_BN);
	door_escape(&d, 0);
	assert_int_equal(d.screen, DOOR_PIN);
	/* No press on any screen before the menu quits. */
	a = door_press(&d, DOOR_T_LEAVE, 1);
	assert_int_equal(a.kind, DOOR_ACT_NONE);
	(void)door_press(&d, key_of(UI_KB_PIN, "1"), 2);
	(void)door_press(&d, key_of(UI_KB_PIN, "2"), 3);
	assert_string_equal(d.pin, "12");
	a = door_press(&d, special_of(UI_KB_PIN, UI_KEY_OK), 4);
	assert_int_equal(a.kind, DOOR_ACT_PIN);
	a = door_pin_result(&d, 0, 0, 5);
	assert_int_equal(d.screen, DOOR_PIN);
	assert_int_equal(d.pin_msg, S_PIN_WRONG);
	assert_string_equal(d.pin, "");
	a = door_pin_result(&d, 1, 0, 6);
	assert_int_equal(a.kind, DOOR_ACT_MENU);
	assert_int_equal(d.screen, DOOR_MENU);
	a = door_press(&d, DOOR_T_LEAVE, 7);
	assert_int_equal(a.kind, DOOR_ACT_QUIT);
}

static void test_pin_lock_countdown(void **state)
{
	(void)state;
	door_init(&d, UI_EN);
	(void)door_press(&d, DOOR_T_MENU, 0);
	assert_int_equal(d.screen, DOOR_PIN);
	(void)door_pin_result(&d, -2, 60000, 1000);
	assert_int_equal(d.pin_msg, S_PIN_LOCKED);
	/* Wakes for the next whole second of the countdown, not sooner. */
	assert_int_equal(door_wake_ms(&d, 1000), 1000);
	assert_int_equal(door_wake_ms(&d, 1500), 500);
	assert_int_equal(door_tick(&d, 30000), 0);
	assert_int_equal(door_tick(&d, 60000), 1);
	assert_int_equal(d.pin_msg, -1);
	/* Physical keyboard: digits only. */
	(void)door_type(&d, "12a", 60001);
	assert_string_equal(d.pin, "");
	(void)door_type(&d, "1234", 60002);
	assert_int_equal(door_enter(&d, 60003).kind, DOOR_ACT_PIN);
}

static void test_verdict_times_out(void **state)
{
	(void)state;
	door_init(&d, UI_BN);
	assert_int_equal(door_wake_ms(&d, 0), -1); /* ready: sleep until an event */
	door_show_verdict(&d, DOOR_OK, "কৌশিক", "vip", NULL, 0, "", 1000);
	assert_int_equal(d.screen, DOOR_VERDICT);
	assert_true(door_takes_scans(&d)); /* the next guest need not wait */
	assert_int_equal(door_wake_ms(&d, 1000), DOOR_OK_MS);
	assert_int_equal(door_tick(&d, 1000 + DOOR_OK_MS - 1), 0);
	assert_int_equal(door_tick(&d, 1000 + DOOR_OK_MS), 1);
	assert_int_equal(d.screen, DOOR_READY);
	door_show_verdict(&d, DOOR_REJECTED, "", "", "forged", 0, "", 0);
	assert_int_equal(door_wake_ms(&d, 0), DOOR_REJECTED_MS);
	assert_true(DOOR_REJECTED_MS > DOOR_OK_MS); /* red needs reading time */
	(void)door_press(&d, DOOR_T_OK, 10);
	assert_int_equal(d.screen, DOOR_READY);
}

static void test_search_typing(void **state)
{
	struct door_action a;

	(void)state;
	door_init(&d, UI_BN);
	a = door_press(&d, DOOR_T_SEARCH, 0);
	assert_int_equal(d.screen, DOOR_SEARCH);
	assert_false(door_takes_scans(&d));
	a = door_press(&d, key_of(UI_KB_DIGITS, "3"), 1);
	assert_int_equal(a.kind, DOOR_ACT_SEARCH);
	a = door_type(&d, "33", 2);
	assert_int_equal(a.kind, DOOR_ACT_SEARCH);
	assert_string_equal(d.query, "333");
	a = door_backspace(&d, 3);
	assert_int_equal(a.kind, DOOR_ACT_SEARCH);
	assert_string_equal(d.query, "33");
	/* Switch to the Bengali keyboard and type a letter. */
	(void)door_press(&d, special_of(UI_KB_DIGITS, UI_KEY_SWITCH), 4);
	assert_int_equal(d.kb, UI_KB_BENGALI);
	(void)door_press(&d, key_of(UI_KB_BENGALI, "ক"), 5);
	assert_string_equal(d.query, "33ক");
	/* Results: pressing one checks that attendee in; past the end does nothing. */
	{
		struct door_person p[2];

		memset(p, 0, sizeof p);
		strcpy(p[0].id, "a1");
		strcpy(p[1].id, "a2");
		door_set_results(&d, p, 2);
	}
	a = door_press(&d, DOOR_T_RESULT + 1, 6);
	assert_int_equal(a.kind, DOOR_ACT_CHECKIN);
	assert_int_equal(a.index, 1);
	a = door_press(&d, DOOR_T_RESULT + 2, 7);
	assert_int_equal(a.kind, DOOR_ACT_NONE);
	/* Idle: back to ready so a half-typed search never blocks the door. */
	assert_int_equal(door_tick(&d, 7 + DOOR_IDLE_MS), 1);
	assert_int_equal(d.screen, DOOR_READY);
}

static void test_walkin_fields(void **state)
{
	(void)state;
	door_init(&d, UI_EN);
	(void)door_press(&d, DOOR_T_WALKIN, 0);
	assert_int_equal(d.screen, DOOR_WALKIN);
	assert_int_equal(d.kb, UI_KB_LATIN);
	(void)door_type(&d, "Mita", 1);
	(void)door_press(&d, DOOR_T_FIELD_PHONE, 2);
	assert_int_equal(d.kb, UI_KB_DIGITS);
	(void)door_type(&d, "01711", 3);
	assert_string_equal(d.w_name, "Mita");
	assert_string_equal(d.w_phone, "01711");
	door_walkin_error(&d, S_BAD_PHONE);
	assert_int_equal(d.w_msg, S_BAD_PHONE);
	(void)door_type(&d, "2", 4); /* typing clears the message */
	assert_int_equal(d.w_msg, -1);
	assert_int_equal(door_press(&d, DOOR_T_REGISTER, 5).kind, DOOR_ACT_WALKIN);
	assert_int_equal(door_enter(&d, 6).kind, DOOR_ACT_WALKIN);
}

static void test_language_switch(void **state)
{
	static struct ui_list l;
	struct ui_metrics m = ui_metrics_compute(800, 480, 96);
	int i, found = 0;

	(void)state;
	door_init(&d, UI_BN);
	assert_int_equal(door_press(&d, DOOR_T_LANG, 0).kind, DOOR_ACT_LANG);
	assert_int_equal(d.lang, UI_EN);
	ui_list_init(&l, m.w, m.h);
	door_draw(&d, &m, 0, &l);
	for (i = 0; i < l.ncmd; i++)
		if (l.cmd[i].kind == UI_TEXT && strcmp(ui_cmd_text(&l, &l.cmd[i]), "Show your ticket QR code") == 0)
			found = 1;
	assert_true(found);
}

/* Issue 16: মিরপুর ১০ without switching back after each vowel sign. */
static void test_bengali_keyboard_returns(void **state)
{
	static const char *const word[] = {"ম", "ি", "র", "প", "ু", "র"};
	int i, taps = 0, switches = 0;

	(void)state;
	door_init(&d, UI_BN);
	(void)door_press(&d, DOOR_T_WALKIN, 0);
	assert_int_equal(d.kb, UI_KB_BENGALI);
	for (i = 0; i < 6; i++) {
		int k = key_of(d.kb, word[i]);

		if (k < 0) {
			enum ui_kb other = d.kb == UI_KB_BENGALI ? UI_KB_BENGALI2 : UI_KB_BENGALI;
			int sw, j;
			struct ui_key key;

			for (sw = -1, j = 0; j < ui_kb_count(d.kb); j++)
				if (ui_kb_key(d.kb, j, &key) == 0 && key.kind == UI_KEY_SWITCH &&
				    key.to == other)
					sw = DOOR_T_KEY + j;
			assert_true(sw >= 0);
			(void)door_press(&d, sw, 1);
			switches++, taps++;
			k = key_of(d.kb, word[i]);
		}
		assert_true(k >= 0);
		(void)door_press(&d, k, 1);
		taps++;
	}
	assert_string_equal(d.w_name, "মিরপুর");
	assert_int_equal(switches, 2); /* to the vowel signs twice, never back */
	assert_int_equal(taps, 8);
	assert_int_equal(d.kb, UI_KB_BENGALI);
	/* Conjunct help on the consonant page. */
	assert_true(key_of(UI_KB_BENGALI, "্") >= 0);
	assert_true(key_of(UI_KB_BENGALI, "্য") >= 0);
	assert_true(key_of(UI_KB_BENGALI, "্র") >= 0);
}

/* Issue 16: the PIN shows drawn dots (no font has U+25CF), one per digit. */
static void test_pin_dots_are_drawn(void **state)
{
	static struct ui_list l;
	struct ui_metrics m;
	int i, before, after, dark = 0;

	(void)state;
	m = ui_metrics_compute(800, 480, 96.0);
	door_init(&d, UI_EN);
	door_escape(&d, 0);
	ui_list_init(&l, 800, 480);
	door_draw(&d, &m, 0, &l);
	before = l.ncmd;
	(void)door_press(&d, key_of(UI_KB_PIN, "1"), 1);
	(void)door_press(&d, key_of(UI_KB_PIN, "2"), 2);
	ui_list_init(&l, 800, 480);
	door_draw(&d, &m, 0, &l);
	after = l.ncmd;
	assert_true(after >= before + 2);
	for (i = 0; i < l.ncmd; i++) {
		if (l.cmd[i].kind == UI_TEXT)
			assert_null(strstr(l.arena + l.cmd[i].text, "\xe2\x97\x8f"));
		if (l.cmd[i].kind == UI_DISC && l.cmd[i].color.r == 0x11)
			dark++;
	}
	assert_int_equal(dark, 2);
}

/* Issue 16: undo asks for a reason and a confirmation; nothing moves. */
static void test_undo_asks(void **state)
{
	struct door_action a;

	(void)state;
	door_init(&d, UI_EN);
	door_escape(&d, 0);
	(void)door_pin_result(&d, 1, 0, 1);
	d.nrecent = 1;
	a = door_press(&d, DOOR_T_UNDO, 2);
	assert_int_equal(a.kind, DOOR_ACT_NONE);
	assert_int_equal(d.undo_pending, 0);
	a = door_press(&d, DOOR_T_UNDO_CONFIRM, 3);
	assert_int_equal(a.kind, DOOR_ACT_NONE); /* no reason yet */
	(void)door_press(&d, DOOR_T_REASON + DOOR_UNDO_LEFT, 4);
	a = door_press(&d, DOOR_T_UNDO_CONFIRM, 5);
	assert_int_equal(a.kind, DOOR_ACT_UNDO);
	assert_int_equal(a.index, 0);
	assert_int_equal(d.undo_reason, DOOR_UNDO_LEFT);
	assert_string_equal(door_undo_reason_name(DOOR_UNDO_LEFT), "left_event");
}

static int shows_text(const char *text, int64_t now_ms)
{
	static struct ui_list l;
	struct ui_metrics m = ui_metrics_compute(800, 480, 96);
	int i;

	ui_list_init(&l, m.w, m.h);
	door_draw(&d, &m, now_ms, &l);
	for (i = 0; i < l.ncmd; i++)
		if (l.cmd[i].kind == UI_TEXT && strcmp(ui_cmd_text(&l, &l.cmd[i]), text) == 0)
			return 1;
	return 0;
}

/* A check-in written off the screen's thread: nothing flashes for a quick
 * answer, "checking..." covers the screen after DOOR_CHECKING_SHOW_MS (the
 * loop is woken to draw it), and touches wait so a guest is not checked in
 * twice by a second tap. */
static void test_checking(void **state)
{
	(void)state;
	door_init(&d, UI_EN);
	(void)door_press(&d, DOOR_T_SEARCH, 0);
	assert_int_equal(door_type(&d, "Rah", 0).kind, DOOR_ACT_SEARCH);
	d.nresult = 1;
	door_set_checking(&d, 1, 1000);
	assert_false(door_shows_checking(&d, 1000 + DOOR_CHECKING_SHOW_MS - 1));
	assert_false(shows_text("Checking…", 1000 + DOOR_CHECKING_SHOW_MS - 1));
	assert_int_equal(door_wake_ms(&d, 1000), DOOR_CHECKING_SHOW_MS);
	assert_true(door_shows_checking(&d, 1000 + DOOR_CHECKING_SHOW_MS));
	assert_true(shows_text("Checking…", 1000 + DOOR_CHECKING_SHOW_MS));
	assert_int_equal(door_press(&d, DOOR_T_RESULT, 1050).kind, DOOR_ACT_NONE);
	assert_int_equal(door_type(&d, "x", 1050).kind, DOOR_ACT_NONE);
	assert_int_equal(door_backspace(&d, 1050).kind, DOOR_ACT_NONE);
	assert_string_equal(d.query, "Rah");
	/* A second check-in while waiting keeps the first one's start. */
	door_set_checking(&d, 1, 1080);
	assert_true(door_shows_checking(&d, 1000 + DOOR_CHECKING_SHOW_MS));
	door_set_checking(&d, 0, 1300);
	door_show_verdict(&d, DOOR_OK, "Rahim", "", NULL, 0, "", 1300);
	assert_false(shows_text("Checking…", 1300));
	assert_true(shows_text("Welcome!", 1300));
	assert_int_equal(door_press(&d, DOOR_T_OK, 1400).kind, DOOR_ACT_NONE);
	assert_int_equal(d.screen, DOOR_READY);
}

/* The menu's station lines, as `kiosk status` counts them: a guest a
 * station served again (devices offline from each other) counted once, and
 * the visits beyond the first flagged; a station without any keeps its
 * short line. */
static void menu_add_station(const char *name, int64_t admitted, int64_t twice)
{
	struct door_place *p = &d.status.station[d.status.nstations++];

	(void)snprintf(p->name, sizeof p->name, "%s", name);
	p->admitted = admitted;
	p->twice = twice;
}

static void test_menu_station_twice(void **state)
{
	(void)state;
	door_init(&d, UI_BN);
	door_escape(&d, 0);
	(void)door_pin_result(&d, 1, 0, 1);
	menu_add_station("Gift bag", 4, 2);
	menu_add_station("Raffle", 3, 0);
	assert_true(shows_text("Gift bag: ৪ জন নিয়েছেন · আবার ২ বার", 2));
	assert_true(shows_text("Raffle: ৩ জন নিয়েছেন", 2));
	d.lang = UI_EN;
	assert_true(shows_text("Gift bag: 4 collected · 2 again", 2));
	assert_true(shows_text("Raffle: 3 collected", 2));
}

/* 1 when the screen drawn at now_ms holds touch target id. */
static int has_target(int id, int64_t now_ms)
{
	static struct ui_list l;
	struct ui_metrics m = ui_metrics_compute(800, 480, 96);

	ui_list_init(&l, m.w, m.h);
	door_draw(&d, &m, now_ms, &l);
	for (int i = 0; i < l.ntarget; i++)
		if (l.target[i].id == id)
			return 1;
	return 0;
}

/* A station serves a guest without a ticket to show (a walk-in) from its
 * search: the ready screen offers it (not the walk-in form, which lets
 * people in), the results say "Give" or "Collected" (not "Check in" or
 * "Inside"), and a tap asks the adapter for the guest as at the door. An
 * exit door scans only. */
static void test_station_search(void **state)
{
	struct door_person p[2];

	(void)state;
	door_init(&d, UI_EN);
	d.scan = DOOR_SCAN_STATION;
	(void)snprintf(d.station, sizeof d.station, "Gift bag");
	assert_true(has_target(DOOR_T_SEARCH, 0));
	assert_false(has_target(DOOR_T_WALKIN, 0));
	(void)door_press(&d, DOOR_T_SEARCH, 0);
	assert_int_equal(d.screen, DOOR_SEARCH);
	assert_true(shows_text("Station: Gift bag", 1));
	assert_int_equal(door_type(&d, "5678", 1).kind, DOOR_ACT_SEARCH);
	memset(p, 0, sizeof p);
	strcpy(p[0].id, "w-1");
	strcpy(p[0].name, "Karim");
	strcpy(p[1].id, "a2");
	strcpy(p[1].name, "Rahim");
	p[1].is_in = 1; /* has collected here */
	door_set_results(&d, p, 2);
	assert_true(shows_text("Give", 2));
	assert_true(shows_text("Collected", 2));
	assert_false(shows_text("Check in", 2));
	assert_false(shows_text("Inside", 2));
	assert_true(has_target(DOOR_T_RESULT, 2));
	assert_false(has_target(DOOR_T_RESULT + 1, 2));
	d.lang = UI_BN;
	assert_true(shows_text("দিন", 2));
	assert_true(shows_text("নিয়েছেন", 2));
	assert_true(shows_text("স্টেশন: Gift bag", 2));
	struct door_action a = door_press(&d, DOOR_T_RESULT, 3);
	assert_int_equal(a.kind, DOOR_ACT_CHECKIN);
	assert_int_equal(a.index, 0);
	/* an exit door: neither search nor walk-in */
	door_init(&d, UI_EN);
	d.scan = DOOR_SCAN_EXIT;
	assert_false(has_target(DOOR_T_SEARCH, 0));
	assert_false(has_target(DOOR_T_WALKIN, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_cannot_leave),
		cmocka_unit_test(test_pin_lock_countdown),
		cmocka_unit_test(test_verdict_times_out),
		cmocka_unit_test(test_search_typing),
		cmocka_unit_test(test_walkin_fields),
		cmocka_unit_test(test_language_switch),
		cmocka_unit_test(test_bengali_keyboard_returns),
		cmocka_unit_test(test_pin_dots_are_drawn),
		cmocka_unit_test(test_undo_asks),
		cmocka_unit_test(test_checking),
		cmocka_unit_test(test_menu_station_twice),
		cmocka_unit_test(test_station_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
