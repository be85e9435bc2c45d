/* screen_door_draw.c - the door mode's draw lists: ready, verdict, search,
 * walk-in, PIN, undo and menu (the state machine is in screen_door.c).
 * Pure: libc only. Layouts derive from struct ui_metrics alone, so every
 * screen works from 800x480 to 1920x1080, landscape and portrait. */
#include "screen_door.h"

#include <stdio.h>
#include <string.h>

#include "ui_text.h"

/* High contrast: dark text on white, white on deep green and red, black on
 * yellow (each pair above 4.5:1). */
static const struct ui_color BG = {0xFF, 0xFF, 0xFF, 0xFF};
static const struct ui_color FG = {0x11, 0x11, 0x11, 0xFF};
static const struct ui_color MUTED = {0x44, 0x44, 0x44, 0xFF};
static const struct ui_color ACCENT = {0x0B, 0x3D, 0x91, 0xFF};
static const struct ui_color WHITE = {0xFF, 0xFF, 0xFF, 0xFF};
static const struct ui_color BLACK = {0x00, 0x00, 0x00, 0xFF};
static const struct ui_color BAR = {0xE8, 0xEE, 0xF8, 0xFF};
static const struct ui_color GREEN = {0x1E, 0x7B, 0x34, 0xFF};
static const struct ui_color YELLOW = {0xFF, 0xCC, 0x00, 0xFF};
static const struct ui_color RED = {0xB3, 0x26, 0x1E, 0xFF};
static const struct ui_color PANEL = {0xF4, 0xF4, 0xF4, 0xFF};
/* The bar of an exit door or a station: seen from across the room. */
static const struct ui_color EXIT_BAR = {0xFF, 0xE0, 0xA8, 0xFF};
static const struct ui_color STATION_BAR = {0xDD, 0xF2, 0xDD, 0xFF};

/* ---------------------------------------------------------------- drawing */

static void fmt1(char *out, size_t cap, enum ui_str s, enum ui_lang lang, const char *a)
{
	(void)snprintf(out, cap, ui_str(s, lang), a); /* truncation only shortens a label */
}

static void fmt2(char *out, size_t cap, enum ui_str s, enum ui_lang lang, const char *a,
		 const char *b)
{
	(void)snprintf(out, cap, ui_str(s, lang), a, b);
}

static void count_text(int64_t n, enum ui_lang lang, char *out, size_t cap)
{
	if (ui_fmt_count(n, lang, out, cap) < 0)
		ui_utf8_copy(out, cap, "?");
}

/* Cut the top bar off *rest and paint it; the caller fills it. */
static struct ui_rect top_bar(struct ui_list *l, const struct ui_metrics *m, struct ui_rect *rest)
{
	struct ui_rect bar = ui_cut_top(rest, m->bar + m->pad);

	ui_fill(l, bar, BAR);
	return bar;
}

/* A button mult "units" wide: a unit is a touch target on small screens and
 * grows with the screen so buttons keep their proportion at 1920x1080. */
static int button_w(const struct ui_metrics *m, int mult)
{
	int unit = m->bar * 4 / 5 > m->target ? m->bar * 4 / 5 : m->target;
	int w = unit * mult;

	return w > m->w / 3 ? m->w / 3 : w;
}

/* The camera preview, when a camera is on: cut from the side (landscape) or
 * the top (portrait) of *main. */
static void draw_camera(const struct door *d, const struct ui_metrics *m, struct ui_list *l,
			struct ui_rect *main)
{
	struct ui_rect cam;

	if (d->camera != DOOR_CAMERA_ON)
		return;
	cam = m->landscape ? ui_cut_left(main, main->w * 2 / 5) : ui_cut_top(main, main->h * 2 / 5);
	cam = ui_inset(cam, m->pad / 2);
	ui_fill(l, cam, BLACK);
	if (d->has_preview)
		ui_image(l, cam, DOOR_IMAGE_PREVIEW);
	ui_frame(l, cam, ACCENT, 3);
}

static void draw_ready(const struct door *d, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect rest = {0, 0, m->w, m->h}, bar, bottom, main, r;
	char a[32], b[32], line[DOOR_TEXT_MAX];
	int bw;

	ui_fill(l, rest, BG);
	bar = top_bar(l, m, &rest);
	if (d->scan != DOOR_SCAN_ENTRY)
		ui_fill(l, bar, d->scan == DOOR_SCAN_EXIT ? EXIT_BAR : STATION_BAR);
	bar = ui_inset(bar, m->pad / 2);
	bw = button_w(m, 4);
	ui_button(l, DOOR_T_MENU, ui_cut_right(&bar, bw), ui_str(S_MENU, d->lang),
		  m->text_small, PANEL, FG);
	(void)ui_cut_right(&bar, m->pad);
	ui_button(l, DOOR_T_LANG, ui_cut_right(&bar, bw), ui_str(S_OTHER_LANG, d->lang),
		  m->text_small, PANEL, FG);
	(void)ui_cut_right(&bar, m->pad);
	if (d->scan == DOOR_SCAN_STATION)
		fmt1(line, sizeof line, S_STATION, d->lang, d->station);
	else
		fmt1(line, sizeof line, d->scan == DOOR_SCAN_EXIT ? S_DOOR_EXIT : S_DOOR, d->lang,
		     d->door_name);
	if (m->landscape) {
		struct ui_rect t = ui_cut_top(&bar, bar.h * 3 / 5);

		ui_text(l, t, d->event_name, m->text_body, 1, FG, UI_LEFT);
		ui_text(l, bar, line, m->text_small * 4 / 5, 0, MUTED, UI_LEFT);
	} else {
		/* Portrait: the buttons fill the bar; the event gets its own line. */
		ui_text(l, bar, line, m->text_small * 4 / 5, 0, MUTED, UI_LEFT);
		ui_text(l, ui_inset(ui_cut_top(&rest, m->bar), m->pad), d->event_name,
			m->text_body, 1, FG, UI_CENTER);
	}

	bottom = ui_cut_bottom(&rest, m->bar * 6 / 5 + 2 * m->pad);
	bottom = ui_inset(bottom, m->pad);
	/* Search and walk-in let people in; a station's search serves a guest
	 * without a ticket to show (a walk-in); an exit door scans only. */
	if (d->scan == DOOR_SCAN_ENTRY) {
		ui_button(l, DOOR_T_SEARCH, ui_grid(bottom, 2, 1, 0, m->pad),
			  ui_str(S_SEARCH, d->lang), m->text_body, WHITE, ACCENT);
		ui_button(l, DOOR_T_WALKIN, ui_grid(bottom, 2, 1, 1, m->pad),
			  ui_str(S_WALKIN, d->lang), m->text_body, WHITE, ACCENT);
	} else if (d->scan == DOOR_SCAN_STATION) {
		struct ui_rect b = ui_grid(bottom, 2, 1, 0, m->pad);

		b.x = bottom.x + (bottom.w - b.w) / 2; /* alone: in the middle */
		ui_button(l, DOOR_T_SEARCH, b, ui_str(S_SEARCH, d->lang), m->text_body, WHITE,
			  ACCENT);
	}

	main = ui_inset(rest, m->pad);
	draw_camera(d, m, l, &main);
	r = main;
	{
		struct ui_rect hint = ui_cut_top(&r, r.h * 2 / 5);
		struct ui_rect sub = ui_cut_top(&r, r.h / 3);
		struct ui_rect cnt = ui_cut_top(&r, r.h * 3 / 5);

		char c[32];

		if (d->scan == DOOR_SCAN_STATION) {
			fmt1(line, sizeof line, S_STATION_HINT, d->lang, d->station);
			ui_text(l, hint, line, m->text_big, 1, ACCENT, UI_CENTER);
			ui_text(l, sub, ui_str(S_STATION_SUB, d->lang), m->text_body, 0, FG,
				UI_CENTER);
			count_text(d->collected, d->lang, a, sizeof a);
			fmt1(line, sizeof line, S_COUNT_COLLECTED, d->lang, a);
		} else {
			int out = d->scan == DOOR_SCAN_EXIT;

			ui_text(l, hint, ui_str(out ? S_EXIT_HINT : S_SCAN_HINT, d->lang), m->text_big,
				1, ACCENT, UI_CENTER);
			ui_text(l, sub, ui_str(out ? S_EXIT_SUB : S_SCAN_SUB, d->lang), m->text_body, 0,
				FG, UI_CENTER);
			count_text(d->inside, d->lang, a, sizeof a);
			count_text(d->checked_in, d->lang, b, sizeof b);
			count_text(d->expected, d->lang, c, sizeof c);
			(void)snprintf(line, sizeof line, ui_str(S_COUNT_INSIDE, d->lang), a, b, c);
		}
		ui_text(l, cnt, line, m->text_big * 3 / 4, 1, FG, UI_CENTER);
		if (d->camera == DOOR_CAMERA_NONE)
			ui_text(l, r, ui_str(S_NO_CAMERA, d->lang), m->text_small, 0, MUTED,
				UI_CENTER);
	}
}

static void draw_verdict(const struct door *d, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect rest = {0, 0, m->w, m->h}, r, ok;
	struct ui_color bg, fg;
	const char *title, *line2 = "", *line3 = "";
	char when[32], buf[DOOR_TEXT_MAX];

	switch (d->outcome) {
	case DOOR_OK:
		bg = GREEN, fg = WHITE, title = ui_str(S_WELCOME, d->lang);
		line2 = d->v_type;
		if (d->v_kind == DOOR_V_REENTRY) {
			title = ui_str(S_WELCOME_BACK, d->lang);
		} else if (d->v_kind == DOOR_V_EXIT) {
			/* Going out is not an admission: blue, not green. */
			bg = ACCENT, title = ui_str(S_EXIT_OK, d->lang);
			if (ui_fmt_clock(d->v_at_ms, d->tz_off_min, d->lang, when, sizeof when) < 0)
				ui_utf8_copy(when, sizeof when, "?");
			fmt1(buf, sizeof buf, S_EXIT_OK_SUB, d->lang, when);
			line2 = buf;
		} else if (d->v_kind == DOOR_V_STATION) {
			title = ui_str(S_COLLECTED, d->lang);
			line2 = d->station;
		}
		break;
	case DOOR_USED:
		bg = YELLOW, fg = BLACK, title = ui_str(S_ALREADY, d->lang);
		if (ui_fmt_clock(d->v_first_at_ms, d->tz_off_min, d->lang, when, sizeof when) < 0)
			ui_utf8_copy(when, sizeof when, "?");
		fmt2(buf, sizeof buf, S_FIRST_ENTRY, d->lang, when, d->v_first_door);
		line2 = buf;
		if (d->v_kind == DOOR_V_EXIT) {
			title = ui_str(S_NOT_INSIDE, d->lang);
			line2 = ui_str(S_NOT_INSIDE_SUB, d->lang);
		} else if (d->v_kind == DOOR_V_STATION) {
			title = ui_str(S_ALREADY_COLLECTED, d->lang);
			fmt1(buf, sizeof buf, S_COLLECTED_AT, d->lang, when);
		}
		break;
	case DOOR_REJECTED:
		bg = RED, fg = WHITE, title = ui_str(S_NOT_ACCEPTED, d->lang);
		line2 = d->v_detail;
		line3 = ui_str(S_ASK_ORGANIZER, d->lang);
		break;
	default:
		bg = RED, fg = WHITE, title = ui_str(S_ERROR_TITLE, d->lang);
		line2 = ui_str(S_ERROR_SUB, d->lang);
		line3 = d->v_detail;
		break;
	}
	ui_fill(l, rest, bg);
	rest = ui_inset(rest, m->pad * 2);
	ok = ui_cut_bottom(&rest, m->bar);
	ok = ui_center(ok, button_w(m, 5), ok.h);
	ui_button(l, DOOR_T_OK, ok, ui_str(S_OK, d->lang), m->text_body, bg, fg);
	r = rest;
	ui_text(l, ui_cut_top(&r, rest.h * 3 / 10), title, m->text_huge, 1, fg, UI_CENTER);
	if (d->v_name[0]) {
		/* The name is what the volunteer reads aloud: nearly as large as the title. */
		ui_text(l, ui_cut_top(&r, rest.h * 3 / 10), d->v_name, m->text_huge * 4 / 5, 1, fg,
			UI_CENTER);
		ui_text(l, ui_cut_top(&r, rest.h * 2 / 10), line2, m->text_big * 3 / 4, 0, fg,
			UI_CENTER);
	} else {
		/* No name (an unknown code): the reason takes the name's place. */
		ui_text(l, ui_cut_top(&r, rest.h * 4 / 10), line2, m->text_big, 1, fg, UI_CENTER);
	}
	ui_text(l, r, line3, m->text_body, 0, fg, UI_CENTER);
}

static void sub_bar(const struct door *d, const struct ui_metrics *m, struct ui_list *l,
		    struct ui_rect *rest, const char *title)
{
	struct ui_rect bar = top_bar(l, m, rest);

	bar = ui_inset(bar, m->pad / 2);
	ui_button(l, DOOR_T_BACK, ui_cut_left(&bar, button_w(m, 3)), ui_str(S_BACK, d->lang),
		  m->text_small, PANEL, FG);
	(void)ui_cut_left(&bar, m->pad);
	ui_text(l, bar, title, m->text_body, 1, FG, UI_LEFT);
}

/* A text field: a framed box with the text (or a grey placeholder). */
static void field(const struct ui_metrics *m, struct ui_list *l, struct ui_rect r,
		  const char *text, const char *placeholder, int focused, int id, enum ui_lang lang)
{
	char shown[DOOR_TEXT_MAX];

	ui_fill(l, r, WHITE);
	ui_frame(l, r, focused ? ACCENT : MUTED, focused ? 4 : 2);
	if (text && *text) {
		if (ui_fmt_digits(text, lang, shown, sizeof shown) < 0)
			ui_utf8_copy(shown, sizeof shown, text);
		ui_text(l, ui_inset(r, m->pad), shown, m->text_body, 0, FG, UI_LEFT);
	} else {
		ui_text(l, ui_inset(r, m->pad), placeholder, m->text_body, 0, MUTED, UI_LEFT);
	}
	if (id >= 0)
		ui_target(l, r, id);
}

/* The keyboard's share of the height: enough for targets, most of a small screen. */
static int kb_height(const struct ui_metrics *m, struct ui_rect rest, int rows)
{
	int need = rows * (m->target + m->pad / 2 + 2);
	int want = m->landscape ? rest.h / 2 : rest.h * 2 / 5;

	return want > need ? want : need;
}

static void masked_phone(const char *phone, enum ui_lang lang, char *out, size_t cap)
{
	size_t n = strlen(phone);
	char tail[16];

	ui_utf8_copy(tail, sizeof tail, n > 4 ? phone + n - 4 : phone);
	if (ui_fmt_digits(tail, lang, out, cap) < 0)
		ui_utf8_copy(out, cap, tail);
	if (n > 4) {
		char t[64];

		(void)snprintf(t, sizeof t, "••••%s", out);
		ui_utf8_copy(out, cap, t);
	}
}

static void draw_search(const struct door *d, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect rest = {0, 0, m->w, m->h}, kb, fld, list;
	int i, rowh, rows, station = d->scan == DOOR_SCAN_STATION;
	char title[DOOR_TEXT_MAX];

	ui_fill(l, rest, BG);
	/* a station's search says where it serves, as its ready screen does */
	if (station)
		fmt1(title, sizeof title, S_STATION, d->lang, d->station);
	else
		(void)snprintf(title, sizeof title, "%s", ui_str(S_SEARCH_TITLE, d->lang));
	sub_bar(d, m, l, &rest, title);
	rest = ui_inset(rest, m->pad);
	if (m->landscape && d->kb == UI_KB_DIGITS) {
		/* A phone keypad is narrow: beside the results, not below them. */
		kb = ui_cut_right(&rest, rest.w * 2 / 5);
		(void)ui_cut_right(&rest, m->pad);
	} else {
		kb = ui_cut_bottom(&rest, kb_height(m, rest, 5));
		(void)ui_cut_bottom(&rest, m->pad);
	}
	ui_kb_draw(l, m, kb, d->kb, d->lang, DOOR_T_KEY);
	fld = ui_cut_top(&rest, m->bar);
	ui_button(l, DOOR_T_CLEAR, ui_cut_right(&fld, button_w(m, 3)), ui_str(S_CLEAR, d->lang),
		  m->text_small, PANEL, FG);
	(void)ui_cut_right(&fld, m->pad);
	field(m, l, fld, d->query, ui_str(S_SEARCH_TITLE, d->lang), 1, -1, d->lang);
	(void)ui_cut_top(&rest, m->pad);
	list = rest;
	rowh = m->bar;
	rows = list.h / (rowh + m->pad / 2);
	if (d->query[0] && d->nresult == 0)
		ui_text(l, ui_cut_top(&list, rowh),
			ui_str(d->loading ? S_SEARCH_LOADING : S_NO_MATCH, d->lang), m->text_body, 0,
			MUTED, UI_CENTER);
	for (i = 0; i < d->nresult && i < rows; i++) {
		struct ui_rect row = ui_cut_top(&list, rowh), btn;
		char ph[48], line[DOOR_TEXT_MAX + 64];

		(void)ui_cut_top(&list, m->pad / 2);
		ui_fill(l, row, PANEL);
		btn = ui_cut_right(&row, button_w(m, 4));
		if (d->result[i].is_in)
			ui_text(l, btn, ui_str(station ? S_HAS_COLLECTED : S_IS_IN, d->lang),
				m->text_small, 1, GREEN, UI_CENTER);
		else
			ui_button(l, DOOR_T_RESULT + i, btn,
				  ui_str(station ? S_GIVE : S_CHECKIN, d->lang), m->text_small, GREEN,
				  WHITE);
		masked_phone(d->result[i].phone, d->lang, ph, sizeof ph);
		(void)snprintf(line, sizeof line, "%s  %s", d->result[i].name, ph);
		ui_text(l, ui_inset(row, m->pad / 2), line, m->text_body, 0, FG, UI_LEFT);
	}
}

static void draw_walkin(const struct door *d, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect rest = {0, 0, m->w, m->h}, row, act;
	int fh = m->bar;

	ui_fill(l, rest, BG);
	sub_bar(d, m, l, &rest, ui_str(S_WALKIN_TITLE, d->lang));
	rest = ui_inset(rest, m->pad);
	if (d->w_has_known) {
		/* The number is on the roster: one question, two big answers. */
		char q[DOOR_TEXT_MAX * 2], ph[48], who[DOOR_TEXT_MAX + 64];
		struct ui_rect card = ui_center(rest, rest.w * 9 / 10, rest.h * 9 / 10), btns;

		ui_fill(l, card, PANEL);
		ui_frame(l, card, ACCENT, 3);
		card = ui_inset(card, m->pad * 2);
		btns = ui_cut_bottom(&card, m->bar * 6 / 5);
		masked_phone(d->w_known.phone, d->lang, ph, sizeof ph);
		(void)snprintf(who, sizeof who, "%s (%s)", d->w_known.name, ph);
		(void)snprintf(q, sizeof q, ui_str(S_PHONE_KNOWN, d->lang), who);
		ui_text(l, ui_cut_top(&card, card.h * 3 / 5), q, m->text_big * 3 / 4, 1, FG,
			UI_CENTER);
		if (d->w_known.is_in)
			ui_text(l, card, ui_str(S_IS_IN, d->lang), m->text_body, 1, GREEN, UI_CENTER);
		ui_button(l, DOOR_T_YES, ui_grid(btns, 2, 1, 0, m->pad * 2),
			  ui_str(S_YES_CHECKIN, d->lang), m->text_body, GREEN, WHITE);
		ui_button(l, DOOR_T_NO, ui_grid(btns, 2, 1, 1, m->pad * 2),
			  ui_str(S_NO_BACK, d->lang), m->text_body, WHITE, ACCENT);
		return;
	}
	if (m->landscape) {
		row = ui_cut_top(&rest, fh);
		field(m, l, ui_grid(row, 2, 1, 0, m->pad), d->w_name, ui_str(S_NAME, d->lang),
		      d->w_focus == 0, DOOR_T_FIELD_NAME, d->lang);
		field(m, l, ui_grid(row, 2, 1, 1, m->pad), d->w_phone, ui_str(S_PHONE, d->lang),
		      d->w_focus == 1, DOOR_T_FIELD_PHONE, d->lang);
	} else {
		field(m, l, ui_cut_top(&rest, fh), d->w_name, ui_str(S_NAME, d->lang),
		      d->w_focus == 0, DOOR_T_FIELD_NAME, d->lang);
		(void)ui_cut_top(&rest, m->pad);
		field(m, l, ui_cut_top(&rest, fh), d->w_phone, ui_str(S_PHONE, d->lang),
		      d->w_focus == 1, DOOR_T_FIELD_PHONE, d->lang);
	}
	(void)ui_cut_top(&rest, m->pad);
	act = ui_cut_top(&rest, fh);
	ui_button(l, DOOR_T_REGISTER, ui_cut_right(&act, act.w / 2), ui_str(S_REGISTER, d->lang),
		  m->text_body, GREEN, WHITE);
	if (d->w_msg >= 0)
		ui_text(l, act, ui_str((enum ui_str)d->w_msg, d->lang), m->text_small, 1, RED,
			UI_LEFT);
	(void)ui_cut_top(&rest, m->pad);
	/* The keyboard takes all that is left: the largest keys the screen allows. */
	ui_kb_draw(l, m, rest, d->kb, d->lang, DOOR_T_KEY);
}

static void draw_pin(const struct door *d, const struct ui_metrics *m, int64_t now_ms,
		     struct ui_list *l)
{
	struct ui_rect rest = {0, 0, m->w, m->h}, kb, dots, msg, box;
	char line[DOOR_TEXT_MAX];
	size_t i, n = strlen(d->pin);

	ui_fill(l, rest, BG);
	sub_bar(d, m, l, &rest, ui_str(S_PIN_TITLE, d->lang));
	rest = ui_inset(rest, m->pad);
	dots = ui_cut_top(&rest, m->bar * 6 / 5);
	msg = ui_cut_top(&rest, m->bar * 3 / 4);
	kb = rest;
	box = ui_center(dots, button_w(m, 8), dots.h);
	field(m, l, box, "", "", 1, -1, d->lang);
	/* Dots drawn, not typed: no shipped font has U+25CF. */
	{
		int rad = box.h / 6 > 4 ? box.h / 6 : 4, gap = rad * 3;
		int x0 = box.x + box.w / 2 - (int)(n > DOOR_PIN_MAX ? DOOR_PIN_MAX : n) * gap / 2 + gap / 2;

		for (i = 0; i < n && i < DOOR_PIN_MAX; i++)
			ui_disc(l, (struct ui_rect){x0 + (int)i * gap - rad, box.y + box.h / 2 - rad,
						    2 * rad, 2 * rad}, FG);
	}
	if (d->pin_msg == S_PIN_LOCKED) {
		int64_t left = (d->pin_locked_until_ms - now_ms + 999) / 1000;
		char secs[32];

		count_text(left > 0 ? left : 0, d->lang, secs, sizeof secs);
		fmt1(line, sizeof line, S_PIN_LOCKED, d->lang, secs);
		ui_text(l, msg, line, m->text_body, 1, RED, UI_CENTER);
	} else if (d->pin_msg >= 0) {
		ui_text(l, msg, ui_str((enum ui_str)d->pin_msg, d->lang), m->text_body, 1, RED,
			UI_CENTER);
	} else if (d->pin_then != DOOR_MENU) {
		ui_text(l, msg, ui_str(S_NEED_PIN, d->lang), m->text_body, 1, MUTED, UI_CENTER);
	}
	ui_kb_draw(l, m, kb, UI_KB_PIN, d->lang, DOOR_T_KEY);
}

/* Undo asks why, then for a confirmation: a panel over the menu's lists. */
static void draw_undo_ask(const struct door *d, const struct ui_metrics *m, struct ui_list *l,
			  struct ui_rect rest)
{
	static const enum ui_str reasons[DOOR_UNDO_REASONS] = {S_UNDO_WRONG, S_UNDO_TWICE,
								S_UNDO_LEFT};
	char q[DOOR_TEXT_MAX * 2];
	struct ui_rect card = ui_inset(rest, m->pad / 2), row, btns;
	int i;

	ui_fill(l, card, PANEL);
	ui_frame(l, card, RED, 3);
	card = ui_inset(card, m->pad);
	(void)snprintf(q, sizeof q, ui_str(S_UNDO_ASK, d->lang), d->recent[d->undo_pending].name);
	ui_text(l, ui_cut_top(&card, m->bar * 3 / 4), q, m->text_body, 1, FG, UI_CENTER);
	btns = ui_cut_bottom(&card, m->bar);
	row = ui_cut_top(&card, m->bar);
	for (i = 0; i < DOOR_UNDO_REASONS; i++) {
		int on = d->undo_reason == i;

		ui_button(l, DOOR_T_REASON + i, ui_grid(row, DOOR_UNDO_REASONS, 1, i, m->pad),
			  ui_str(reasons[i], d->lang), m->text_small, on ? ACCENT : WHITE,
			  on ? WHITE : ACCENT);
	}
	ui_button(l, DOOR_T_NO, ui_grid(btns, 2, 1, 0, m->pad * 2), ui_str(S_NO_BACK, d->lang),
		  m->text_small, WHITE, ACCENT);
	if (d->undo_reason >= 0)
		ui_button(l, DOOR_T_UNDO_CONFIRM, ui_grid(btns, 2, 1, 1, m->pad * 2),
			  ui_str(S_UNDO_CONFIRM, d->lang), m->text_small, RED, WHITE);
	else /* no target until a reason is picked */
		ui_text(l, ui_grid(btns, 2, 1, 1, m->pad * 2), ui_str(S_UNDO_CONFIRM, d->lang),
			m->text_small, 1, MUTED, UI_CENTER);
}

static void draw_menu(const struct door *d, const struct ui_metrics *m, int64_t now_ms,
		      struct ui_list *l)
{
	struct ui_rect rest = {0, 0, m->w, m->h}, left, right, r;
	char a[32], b[32], c[32], e[32], line[DOOR_TEXT_MAX];
	int i, rowh = m->bar, places = 0;

	(void)now_ms;
	ui_fill(l, rest, BG);
	sub_bar(d, m, l, &rest, ui_str(S_MENU_TITLE, d->lang));
	rest = ui_inset(rest, m->pad);
	count_text(d->inside, d->lang, a, sizeof a);
	count_text(d->checked_in, d->lang, b, sizeof b);
	count_text(d->expected, d->lang, c, sizeof c);
	count_text(d->walkins, d->lang, e, sizeof e);
	(void)snprintf(line, sizeof line, ui_str(S_COUNTS_ALL, d->lang), a, b, c, e);
	ui_text(l, ui_cut_top(&rest, rowh * 3 / 4), line, m->text_body, 1, FG, UI_LEFT);
	/* Per door and station, as `kiosk status` prints them: as many as fit
	 * in two lines on a small screen, more on a large one. */
	for (i = 0; i < d->status.ndoors + d->status.nstations && places < (m->h >= 720 ? 6 : 2);
	     i++, places++) {
		const struct door_place *p;

		if (i < d->status.ndoors) {
			p = &d->status.door[i];
			count_text(p->admitted, d->lang, a, sizeof a);
			count_text(p->inside, d->lang, b, sizeof b);
			count_text(p->exits, d->lang, c, sizeof c);
			(void)snprintf(line, sizeof line, ui_str(S_PLACE_LINE, d->lang), p->name, a, b,
				       c);
		} else {
			p = &d->status.station[i - d->status.ndoors];
			count_text(p->admitted, d->lang, a, sizeof a);
			count_text(p->twice, d->lang, b, sizeof b);
			/* a guest served again is counted once; flagged here */
			(void)snprintf(line, sizeof line,
				       ui_str(p->twice > 0 ? S_STATION_TWICE_LINE : S_STATION_LINE,
					      d->lang), p->name, a, b);
		}
		ui_text(l, ui_cut_top(&rest, rowh / 2), line, m->text_small * 4 / 5, 0, FG, UI_LEFT);
	}
	/* The sync and message lines always take their room, so an undo's
	 * message never moves the list under the organizer's finger. */
	{
		struct ui_rect sl = ui_cut_top(&rest, rowh * 3 / 4);
		struct ui_rect ml = ui_cut_top(&rest, rowh * 3 / 4);

		if (d->sync_line[0])
			ui_text(l, sl, d->sync_line, m->text_small, 0, MUTED, UI_LEFT);
		if (d->menu_msg[0])
			ui_text(l, ml, d->menu_msg, m->text_small, 1, GREEN, UI_LEFT);
	}
	if (d->undo_pending >= 0 && d->undo_pending < d->nrecent) {
		draw_undo_ask(d, m, l, rest);
		return;
	}
	if (m->landscape) {
		left = ui_cut_left(&rest, rest.w * 3 / 5);
		(void)ui_cut_left(&rest, m->pad * 2);
		right = rest;
	} else {
		right = ui_cut_bottom(&rest, 3 * (rowh + m->pad));
		left = rest;
	}
	ui_text(l, ui_cut_top(&left, rowh * 3 / 4), ui_str(S_LAST_CHECKINS, d->lang),
		m->text_small, 1, MUTED, UI_LEFT);
	if (d->nrecent == 0)
		ui_text(l, ui_cut_top(&left, rowh), ui_str(S_NO_CHECKINS, d->lang), m->text_small,
			0, MUTED, UI_LEFT);
	for (i = 0; i < d->nrecent && left.h >= rowh; i++) {
		char when[32], t[DOOR_TEXT_MAX + 40];

		r = ui_cut_top(&left, rowh);
		(void)ui_cut_top(&left, m->pad / 2);
		ui_fill(l, r, PANEL);
		ui_button(l, DOOR_T_UNDO + i, ui_cut_right(&r, button_w(m, 3)),
			  ui_str(S_UNDO, d->lang), m->text_small, WHITE, RED);
		if (ui_fmt_clock(d->recent[i].at_ms, d->tz_off_min, d->lang, when, sizeof when) < 0)
			ui_utf8_copy(when, sizeof when, "");
		(void)snprintf(t, sizeof t, "%s  %s", when, d->recent[i].name);
		ui_text(l, ui_inset(r, m->pad / 2), t, m->text_small, 0, FG, UI_LEFT);
	}
	r = ui_cut_top(&right, rowh);
	ui_button(l, DOOR_T_LANG, r, ui_str(S_LANGUAGE, d->lang), m->text_small, PANEL, FG);
	(void)ui_cut_top(&right, m->pad);
	/* What a scan does here: entry, exit or the station; a press cycles them. */
	ui_button(l, DOOR_T_MODE, ui_cut_top(&right, rowh),
		  ui_str(d->scan == DOOR_SCAN_EXIT ? S_MODE_EXIT
			 : d->scan == DOOR_SCAN_STATION ? S_MODE_STATION : S_MODE_ENTRY, d->lang),
		  m->text_small, d->scan == DOOR_SCAN_ENTRY ? PANEL : EXIT_BAR, FG);
	(void)ui_cut_top(&right, m->pad);
	ui_button(l, DOOR_T_LEAVE, ui_cut_top(&right, rowh), ui_str(S_LEAVE, d->lang),
		  m->text_small, WHITE, RED);
}

/* The store is slow to answer (busy, or a slow card): say so instead of a
 * screen that looks frozen. No touch targets: nothing to do but wait. */
static void draw_checking(const struct door *d, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect rest = {0, 0, m->w, m->h}, r;

	ui_fill(l, rest, ACCENT);
	r = ui_inset(rest, m->pad * 2);
	(void)ui_cut_top(&r, r.h / 4);
	ui_text(l, ui_cut_top(&r, r.h * 2 / 5), ui_str(S_CHECKING, d->lang), m->text_huge, 1, WHITE,
		UI_CENTER);
	ui_text(l, ui_cut_top(&r, r.h / 3), ui_str(S_CHECKING_SUB, d->lang), m->text_big * 3 / 4, 0,
		WHITE, UI_CENTER);
}

/* Started without the passphrase: the unlock card opens the guest list. */
static void draw_locked(const struct door *d, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect rest = {0, 0, m->w, m->h}, bar, main, r;

	ui_fill(l, rest, BG);
	bar = ui_inset(top_bar(l, m, &rest), m->pad / 2);
	ui_button(l, DOOR_T_LANG, ui_cut_right(&bar, button_w(m, 4)), ui_str(S_OTHER_LANG, d->lang),
		  m->text_small, PANEL, FG);
	(void)ui_cut_right(&bar, m->pad);
	ui_text(l, bar, d->event_name, m->text_body, 1, FG, UI_LEFT);
	main = ui_inset(rest, m->pad);
	draw_camera(d, m, l, &main);
	r = ui_inset(main, m->pad);
	ui_text(l, ui_cut_top(&r, r.h * 2 / 7), ui_str(S_LOCKED_TITLE, d->lang), m->text_big, 1, ACCENT,
		UI_CENTER);
	ui_text(l, ui_cut_top(&r, r.h / 4), ui_str(S_LOCKED_SUB, d->lang), m->text_body, 0, FG,
		UI_CENTER);
	ui_text(l, ui_cut_top(&r, r.h / 3), ui_str(S_LOCKED_WHY, d->lang), m->text_small, 0, MUTED,
		UI_CENTER);
	if (d->lock_msg >= 0)
		ui_text(l, ui_cut_top(&r, r.h * 2 / 3), ui_str((enum ui_str)d->lock_msg, d->lang),
			m->text_body, 1, RED, UI_CENTER);
}

void door_draw(const struct door *d, const struct ui_metrics *m, int64_t now_ms,
	       struct ui_list *l)
{
	if (door_shows_checking(d, now_ms)) {
		draw_checking(d, m, l);
		return;
	}
	switch (d->screen) {
	case DOOR_READY:
		draw_ready(d, m, l);
		break;
	case DOOR_VERDICT:
		draw_verdict(d, m, l);
		break;
	case DOOR_SEARCH:
		draw_search(d, m, l);
		break;
	case DOOR_WALKIN:
		draw_walkin(d, m, l);
		break;
	case DOOR_PIN:
		draw_pin(d, m, now_ms, l);
		break;
	case DOOR_MENU:
		draw_menu(d, m, now_ms, l);
		break;
	case DOOR_LOCKED:
		draw_locked(d, m, l);
		break;
	case DOOR_SCREEN_COUNT:
		break;
	}
}
