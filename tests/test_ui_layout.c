/* test_ui_layout.c - every door screen at every supported window size, both
 * languages, portrait and landscape: touch targets at least 9 mm, inside the
 * window, not overlapping; the draw list never overflows. Also the rectangle
 * helpers of ui_draw.c. Pure: no SDL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/screen_door.h"
#include "ui/ui_draw.h"
#include "ui/ui_layout.h"

static struct ui_list list; /* large: static */

static const int sizes[][2] = {
	{800, 480}, {480, 800}, {1024, 600}, {600, 1024}, {1280, 720}, {720, 1280},
	{1366, 768}, {1920, 1080}, {1080, 1920},
};

static void fill_door(struct door *d, enum ui_lang lang)
{
	int i;

	door_init(d, lang);
	(void)snprintf(d->event_name, sizeof d->event_name, "হস্তশিল্প ক্রেতা মিটআপ · ঢাকা");
	d->checked_in = 123456;
	d->expected = 200000;
	d->walkins = 12;
	for (i = 0; i < DOOR_RESULTS_MAX; i++) {
		(void)snprintf(d->result[i].id, sizeof d->result[i].id, "a%d", i);
		(void)snprintf(d->result[i].name, sizeof d->result[i].name, "কৌশিক মিস্ত্রী %d", i);
		(void)snprintf(d->result[i].phone, sizeof d->result[i].phone, "+88017110000%02d", i);
		d->result[i].is_in = i % 2;
	}
	d->nresult = DOOR_RESULTS_MAX;
	for (i = 0; i < DOOR_RECENT_MAX; i++) {
		(void)snprintf(d->recent[i].name, sizeof d->recent[i].name, "ক্ষমা রক্ষিত %d", i);
		d->recent[i].seq = i + 1;
	}
	d->nrecent = DOOR_RECENT_MAX;
}

static int overlaps(struct ui_rect a, struct ui_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Check one laid-out list; returns the number of targets. */
static int check_list(const struct ui_metrics *m, const char *what)
{
	int i, j;
	double min_px = 9.0 * m->px_per_mm - 0.5;

	if (list.overflow)
		fail_msg("%s %dx%d: draw list overflowed", what, m->w, m->h);
	for (i = 0; i < list.ntarget; i++) {
		struct ui_rect r = list.target[i].r;

		if (r.w < min_px || r.h < min_px)
			fail_msg("%s %dx%d: target %d is %dx%d px, under 9 mm (%.0f px)", what,
				 m->w, m->h, list.target[i].id, r.w, r.h, min_px);
		if (r.x < 0 || r.y < 0 || r.x + r.w > m->w || r.y + r.h > m->h)
			fail_msg("%s %dx%d: target %d at %d,%d %dx%d leaves the window", what, m->w,
				 m->h, list.target[i].id, r.x, r.y, r.w, r.h);
		for (j = 0; j < i; j++)
			if (overlaps(r, list.target[j].r))
				fail_msg("%s %dx%d: targets %d and %d overlap", what, m->w, m->h,
					 list.target[i].id, list.target[j].id);
	}
	for (i = 0; i < list.ncmd; i++) {
		const struct ui_cmd *c = &list.cmd[i];

		if (c->kind == UI_TEXT && (c->r.w <= 0 || c->r.h <= 0))
			fail_msg("%s %dx%d: text '%s' has no room", what, m->w, m->h,
				 ui_cmd_text(&list, c));
	}
	return list.ntarget;
}

static void draw_check(const struct door *d, const struct ui_metrics *m, const char *what,
		       int want_targets)
{
	ui_list_init(&list, m->w, m->h);
	door_draw(d, m, 0, &list);
	if (check_list(m, what) < want_targets)
		fail_msg("%s %dx%d: %d targets, wanted at least %d", what, m->w, m->h,
			 list.ntarget, want_targets);
}

static void every_screen(double dpi)
{
	static struct door d;
	size_t s;
	int lang, kb, o;

	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		struct ui_metrics m = ui_metrics_compute(sizes[s][0], sizes[s][1], dpi);

		for (lang = 0; lang < 2; lang++) {
			fill_door(&d, (enum ui_lang)lang);
			draw_check(&d, &m, "ready", 4);
			d.camera = DOOR_CAMERA_ON;
			d.has_preview = 1;
			draw_check(&d, &m, "ready with camera", 4);
			for (o = DOOR_OK; o <= DOOR_ERROR; o++) {
				door_show_verdict(&d, (enum door_outcome)o, "কৌশিক মিস্ত্রী", "vip",
						  "a reason", 0, "door 1", 0);
				draw_check(&d, &m, "verdict", 1);
			}
			(void)door_press(&d, DOOR_T_SEARCH, 0);
			fill_door(&d, (enum ui_lang)lang);
			d.screen = DOOR_SEARCH;
			(void)snprintf(d.query, sizeof d.query, "ক");
			for (kb = 0; kb < UI_KB_COUNT; kb++) {
				if (kb == UI_KB_PIN)
					continue;
				d.kb = (enum ui_kb)kb;
				draw_check(&d, &m, "search", 1 + ui_kb_count(d.kb) + 1);
			}
			d.screen = DOOR_WALKIN;
			d.w_msg = S_BAD_PHONE;
			for (kb = 0; kb < UI_KB_COUNT; kb++) {
				if (kb == UI_KB_PIN)
					continue;
				d.kb = (enum ui_kb)kb;
				draw_check(&d, &m, "walkin", 4 + ui_kb_count(d.kb));
			}
			d.screen = DOOR_PIN;
			d.pin_msg = S_PIN_LOCKED;
			d.pin_locked_until_ms = 42000;
			draw_check(&d, &m, "pin", 1 + ui_kb_count(UI_KB_PIN));
			d.screen = DOOR_MENU;
			draw_check(&d, &m, "menu", 3);
		}
	}
}

static void test_targets_96dpi(void **state)
{
	(void)state;
	every_screen(96.0);
}

static void test_targets_unknown_dpi(void **state)
{
	struct ui_metrics m = ui_metrics_compute(800, 480, 0.0);

	(void)state;
	assert_int_equal(m.target, (int)ceil(9.0 * 96.0 / 25.4));
	every_screen(0.0);
}

static void test_targets_denser_display(void **state)
{
	(void)state;
	/* A 15.6" 1366x768 laptop is about 100 dpi, a 10" 1280x800 tablet ~150. */
	every_screen(110.0);
}

static void test_metrics(void **state)
{
	struct ui_metrics a = ui_metrics_compute(800, 480, 96), b = ui_metrics_compute(1920, 1080, 96);
	struct ui_metrics p = ui_metrics_compute(480, 800, 96);

	(void)state;
	assert_int_equal(a.target, 35);
	assert_true(b.text_huge > a.text_huge);
	assert_true(a.landscape);
	assert_false(p.landscape);
	assert_int_equal(p.text_body, a.text_body); /* the short side sets the type */
	/* Large type: the hint readable from two metres is over 1 cm high at 96 dpi. */
	assert_true(a.text_big >= 38);
}

static void test_grid_tiles(void **state)
{
	struct ui_rect r = {10, 20, 101, 53};
	int i, sumw = 0;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct ui_rect c = ui_grid(r, 3, 1, i, 2);

		sumw += c.w;
		assert_int_equal(c.y, 20);
		assert_int_equal(c.h, 53);
		if (i == 2)
			assert_int_equal(c.x + c.w, 10 + 101);
	}
	assert_int_equal(sumw + 2 * 2, 101);
}

static void test_cuts(void **state)
{
	struct ui_rect r = {0, 0, 100, 50}, t;

	(void)state;
	t = ui_cut_top(&r, 10);
	assert_int_equal(t.h, 10);
	assert_int_equal(r.y, 10);
	assert_int_equal(r.h, 40);
	t = ui_cut_right(&r, 30);
	assert_int_equal(t.x, 70);
	assert_int_equal(r.w, 70);
	t = ui_cut_bottom(&r, 100); /* more than there is: takes all */
	assert_int_equal(t.h, 40);
	assert_int_equal(r.h, 0);
}

static void test_hit_and_same(void **state)
{
	static struct ui_list a, b;
	struct ui_color c = {1, 2, 3, 255};

	(void)state;
	ui_list_init(&a, 100, 100);
	ui_button(&a, 7, (struct ui_rect){0, 0, 50, 50}, "ক", 20, c, c);
	ui_button(&a, 8, (struct ui_rect){25, 25, 50, 50}, "খ", 20, c, c);
	assert_int_equal(ui_hit(&a, 30, 30), 8); /* later wins */
	assert_int_equal(ui_hit(&a, 5, 5), 7);
	assert_int_equal(ui_hit(&a, 90, 5), -1);
	ui_list_init(&b, 100, 100);
	ui_button(&b, 7, (struct ui_rect){0, 0, 50, 50}, "ক", 20, c, c);
	ui_button(&b, 8, (struct ui_rect){25, 25, 50, 50}, "খ", 20, c, c);
	assert_true(ui_list_is_same(&a, &b));
	ui_list_init(&b, 100, 100);
	ui_button(&b, 7, (struct ui_rect){0, 0, 50, 50}, "ক", 20, c, c);
	ui_button(&b, 8, (struct ui_rect){25, 25, 50, 50}, "গ", 20, c, c);
	assert_false(ui_list_is_same(&a, &b));
}

static void test_overflow_is_reported(void **state)
{
	static struct ui_list a;
	struct ui_color c = {0, 0, 0, 255};
	char big[1000];
	int i;

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ui_list_init(&a, 10, 10);
	for (i = 0; i < 100; i++)
		ui_text(&a, (struct ui_rect){0, 0, 10, 10}, big, 10, 0, c, UI_LEFT);
	assert_true(a.overflow);
	assert_true(a.arena_len <= UI_TEXT_ARENA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_targets_96dpi),
		cmocka_unit_test(test_targets_unknown_dpi),
		cmocka_unit_test(test_targets_denser_display),
		cmocka_unit_test(test_grid_tiles),
		cmocka_unit_test(test_cuts),
		cmocka_unit_test(test_hit_and_same),
		cmocka_unit_test(test_overflow_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
