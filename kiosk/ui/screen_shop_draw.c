/* screen_shop_draw.c - the draw lists of the feedback and orders screens;
 * the orders mode's payment, receipt and opened-order screens are in
 * screen_shop_pay_draw.c.
 * Pure: libc only. Layouts derive from struct ui_metrics alone, so every
 * screen works from 800x480 to 1920x1080. */
#include "screen_shop.h"

#include <stdio.h>
#include <string.h>

#include "core/courier.h"
#include "core/feedback.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/reveal.h"
#include "core/phone.h"
#include "screen_shop_int.h"
#include "ui_text.h"

/* Faces from very unhappy to very happy: red, orange, light green, green,
 * each with dark text above 4.5:1. */
static const struct ui_color FACE[5] = {
	{0, 0, 0, 0}, {0xF2, 0x9B, 0x93, 0xFF}, {0xF8, 0xC8, 0x8A, 0xFF},
	{0xB9, 0xE3, 0xA8, 0xFF}, {0x7F, 0xCF, 0x8A, 0xFF},
};

/* ------------------------------------------------------------------ draw */

/* The feedback question fits the product: food is tasted, clothes and
 * crafts are seen and tried; the pick screen says "tasted" only when every
 * product is food. */
static enum shop_t pick_question(const struct shop_ui *s)
{
	for (int i = 0; i < s->nitems; i++)
		if (s->items[i].kind != CATALOG_KIND_FOOD)
			return T_FB_PICK_ANY;
	return s->nitems > 0 ? T_FB_PICK : T_FB_PICK_ANY;
}

static enum shop_t face_question(const struct shop_ui *s)
{
	enum catalog_kind k = s->fb_item >= 0 && s->fb_item < s->nitems ? s->items[s->fb_item].kind
									  : CATALOG_KIND_OTHER;

	return k == CATALOG_KIND_FOOD ? T_FB_FACE_FOOD
	     : k == CATALOG_KIND_CLOTHES || k == CATALOG_KIND_CRAFT ? T_FB_FACE_WEAR : T_FB_FACE;
}

/* The top bar: Back (when back is 1), the title, the language switch and
 * the organizer button. Returns the rest of the screen. */
struct ui_rect shop_top_bar(const struct shop_ui *s, const struct ui_metrics *m,
			   struct ui_list *l, const char *title, int back)
{
	struct ui_rect r = {0, 0, m->w, m->h}, bar = ui_cut_top(&r, m->bar), b;
	int bw = maxi(m->target * 2, m->w / 8);

	ui_fill(l, r, BG);
	ui_fill(l, bar, BAR);
	b = ui_cut_left(&bar, bw);
	if (back)
		ui_button(l, SH_T_BACK, ui_inset(b, m->pad / 2), shop_tx(s, T_BACK), m->text_small, PANEL, FG);
	b = ui_cut_right(&bar, bw);
	ui_button(l, SH_T_MENU, ui_inset(b, m->pad / 2), ui_str(S_MENU, s->lang), m->text_small,
		  PANEL, MUTED);
	b = ui_cut_right(&bar, bw);
	ui_button(l, SH_T_LANG, ui_inset(b, m->pad / 2), shop_tx(s, T_LANG), m->text_small, PANEL, ACCENT);
	ui_text(l, ui_inset(bar, m->pad), title, m->text_body, 1, FG, UI_CENTER);
	return ui_inset(r, m->pad);
}

/* A text field with its label and the Skip/Next buttons on one row; returns
 * what is left below it for a keyboard. */
struct ui_rect shop_field_row(const struct shop_ui *s, const struct ui_metrics *m,
			      struct ui_list *l, struct ui_rect r, int skip, enum shop_t next_label)
{
	struct ui_rect row = ui_cut_top(&r, m->bar), b;
	int bw = maxi(m->target * 2, m->w / 7);
	char shown[SHOP_FIELD_MAX + 8];
	const char *f = shop_field_text(s);

	b = ui_cut_right(&row, bw);
	ui_button(l, SH_T_NEXT, ui_inset(b, m->pad / 2), shop_tx(s, next_label), m->text_small, GREEN, WHITE);
	if (skip) {
		b = ui_cut_right(&row, bw);
		ui_button(l, SH_T_SKIP, ui_inset(b, m->pad / 2), shop_tx(s, T_SKIP), m->text_small, PANEL, FG);
	}
	row = ui_inset(row, m->pad / 2);
	ui_fill(l, row, WHITE);
	ui_frame(l, row, ACCENT, 2);
	if (s->screen == SH_PIN) {
		size_t n = strlen(s->pin), k;

		for (k = 0; k < n && k < SHOP_PIN_MAX; k++)
			shown[k] = '*';
		shown[k] = '\0';
	} else if (s->screen == SH_OR_COLLECT && f && !f[0]) {
		char tot[MONEY_TEXT_MAX];

		/* Nothing typed: the total is what the courier collects. */
		shop_money(s, shop_order_sum(s), tot);
		(void)snprintf(shown, sizeof shown, "|  %s: %s", shop_tx(s, T_COLLECT_EMPTY), tot);
		ui_text(l, ui_inset(row, m->pad), shown, m->text_body, 0, MUTED, UI_LEFT);
		shown[0] = '\0';
	} else if (s->screen == SH_OR_COLLECT || s->screen == SH_OR_PHONE ||
		   s->screen == SH_FB_PHONE) {
		char d[SHOP_FIELD_MAX];

		/* Numbers typed on a keypad are shown in the keypad's digits. */
		if (ui_fmt_digits(f ? f : "", s->lang, d, sizeof d) < 0)
			d[0] = '\0';
		(void)snprintf(shown, sizeof shown, "%s|", d);
	} else if (s->screen == SH_OR_ADDRESS && s->address_saved) {
		char masked[SHOP_FIELD_MAX];

		/* The saved address stays masked even once chosen. */
		if (reveal_address(s->address, masked, sizeof masked) < 0)
			masked[0] = '\0';
		(void)snprintf(shown, sizeof shown, "%s|", masked);
	} else {
		(void)snprintf(shown, sizeof shown, "%s|", f ? f : "");
	}
	if (shown[0])
		ui_text(l, ui_inset(row, m->pad), shown, m->text_body, 0, FG, UI_LEFT);
	if (s->msg_text[0]) {
		struct ui_rect msg = ui_cut_top(&r, m->text_body + m->pad);

		ui_text(l, msg, s->msg_text, m->text_small, 1, RED, UI_CENTER);
	}
	return ui_inset(r, m->pad / 2);
}

/* Grid geometry for cards: as many as fit at a readable size. */
static void grid_dims(const struct ui_metrics *m, struct ui_rect r, int *cols, int *rows)
{
	int sh = mini(m->w, m->h);
	int cw = maxi(m->target * 5, sh / 4), ch = maxi(m->target * 4, sh / 5);

	*cols = maxi(1, mini(8, r.w / cw));
	*rows = maxi(1, mini(6, r.h / ch));
}

/* Fewer rows when there are few items, and cards no taller than wide, so a
 * seller with three products gets three large cards at the top. */
static struct ui_rect grid_fit(struct ui_rect r, int *colsp, int *rows, int n, int pad)
{
	int cols = *colsp, cell_w;

	while (*rows > 1 && cols * (*rows - 1) >= n)
		(*rows)--;
	while (cols > 3 && (cols - 1) * *rows >= n)
		cols--;
	*colsp = cols;
	cell_w = (r.w - pad * (cols - 1)) / cols;
	if ((r.h - pad * (*rows - 1)) / *rows > cell_w)
		r.h = cell_w * *rows + pad * (*rows - 1);
	return r;
}

static void item_card(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l,
		      struct ui_rect r, int i, int show_price, int qty)
{
	const struct shop_item *it = &s->items[i];
	struct ui_rect in, pic, line;
	char price[MONEY_TEXT_MAX], n[32], txt[160];
	int sold_out = show_price && it->left == 0;

	ui_fill(l, r, qty > 0 ? ON : PANEL);
	ui_frame(l, r, qty > 0 ? ACCENT : MUTED, qty > 0 ? 3 : 1);
	in = ui_inset(r, m->pad / 2);
	line = ui_cut_bottom(&in, m->text_small + m->pad / 2);
	if (show_price) {
		shop_money(s, it->price_poisha, price);
		if (sold_out) {
			(void)snprintf(txt, sizeof txt, "%s · %s", price, shop_tx(s, T_SOLD_OUT));
		} else if (it->left > 0) {
			shop_count(s, it->left, n);
			(void)snprintf(txt, sizeof txt, "%s · %s %s", price, n, shop_tx(s, T_LEFT));
		} else {
			(void)snprintf(txt, sizeof txt, "%s", price);
		}
		ui_text(l, line, txt, m->text_small, 1, sold_out ? RED : ACCENT, UI_CENTER);
	} else {
		ui_text(l, line, it->seller, m->text_small, 0, MUTED, UI_CENTER);
	}
	line = ui_cut_bottom(&in, m->text_small + m->pad / 2);
	ui_text(l, line, it->product, m->text_small, 1, FG, UI_CENTER);
	pic = in;
	if (s->has_image && s->has_image[i] && i < SHOP_IMAGES_MAX && pic.h > 8)
		ui_image(l, pic, SHOP_IMAGE_ITEM + i);
	if (qty > 0) {
		struct ui_rect badge = {r.x + r.w - m->target - m->pad / 2, r.y + m->pad / 2,
					m->target, m->target};

		shop_count(s, qty, n);
		ui_fill(l, badge, ACCENT);
		ui_text(l, badge, n, m->text_small, 1, WHITE, UI_CENTER);
	}
	if (!sold_out)
		ui_target(l, r, SH_T_ITEM + i);
}

/* Page buttons and a middle button in the bottom strip. */
static void pager(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l,
		  struct ui_rect bottom, int pages, int mid_id, const char *mid, struct ui_color mid_bg)
{
	int bw = maxi(m->target * 2, m->w / 8);
	struct ui_rect b;
	char t[128], a[32], z[32];

	b = ui_cut_left(&bottom, bw);
	if (s->page > 0)
		ui_button(l, SH_T_PREV_PAGE, ui_inset(b, m->pad / 2), "<", m->text_body, PANEL, FG);
	b = ui_cut_right(&bottom, bw);
	if (s->page + 1 < pages)
		ui_button(l, SH_T_NEXT_PAGE, ui_inset(b, m->pad / 2), ">", m->text_body, PANEL, FG);
	if (mid) {
		ui_button(l, mid_id, ui_inset(bottom, m->pad / 2), mid, m->text_small, mid_bg,
			  mid_bg.r == PANEL.r ? FG : WHITE);
	} else if (pages > 1) {
		shop_count(s, s->page + 1, a);
		shop_count(s, pages, z);
		(void)snprintf(t, sizeof t, "%s %s / %s", shop_tx(s, T_PAGE), a, z);
		ui_text(l, bottom, t, m->text_small, 0, MUTED, UI_CENTER);
	}
}

static void draw_fb_pick(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, pick_question(s)), 0), bottom;
	int cols, rows, per, pages, first;

	bottom = ui_cut_bottom(&r, m->bar);
	if (s->nsellers > 1) {
		/* A guest may speak of a seller as a whole: one strip of sellers. */
		struct ui_rect strip = ui_cut_top(&r, m->bar);
		int n = mini(s->nsellers, m->w >= m->h ? 6 : 3);

		for (int k = 0; k < n; k++)
			ui_button(l, SH_T_SELLER + k, ui_grid(strip, n, 1, k, m->pad),
				  s->items[s->seller_first[k]].seller, m->text_small, BAR, ACCENT);
		(void)ui_cut_top(&r, m->pad); /* a gap under the strip */
	}
	grid_dims(m, r, &cols, &rows);
	per = cols * rows;
	pages = maxi(1, (s->nitems + per - 1) / per);
	first = mini(s->page, pages - 1) * per;
	if (pages == 1)
		r = grid_fit(r, &cols, &rows, s->nitems, m->pad);
	for (int k = 0; k < per && first + k < s->nitems; k++)
		item_card(s, m, l, ui_grid(r, cols, rows, k, m->pad), first + k, 0, 0);
	pager(s, m, l, bottom, pages, SH_T_MEETUP, shop_tx(s, T_MEETUP), ACCENT);
}

/* A face of plain rectangles (no emoji font needed): eyes, and a mouth whose
 * ends rise for happy faces and fall for unhappy ones. */
static struct ui_color rgb(uint32_t v)
{
	return (struct ui_color){(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v, 0xFF};
}

/* A face as round shapes: a disc in the face's colour with a dark rim, two
 * round eyes, and a mouth curved by mood (frown to broad smile) as a chain of
 * overlapping round dots, so it reads as one smooth stroke at any size. */
static void draw_face(struct ui_list *l, struct ui_rect r, int face)
{
	int d = mini(r.w, r.h), rim = maxi(d / 24, 2), e = maxi(d / 9, 4), t = maxi(d / 14, 3);
	struct ui_rect head = ui_center(r, d, d);
	int cx = head.x + d / 2, cy = head.y + d / 2;
	/* Mouth: half width w, bend h (negative frowns), as y = h * (1 - (x/w)^2). */
	static const int bend[5] = {0, -13, -6, 8, 18};
	int w = d * 22 / 100, h = d * bend[face >= 1 && face <= 4 ? face : 3] / 100;

	ui_disc(l, head, FG);
	ui_disc(l, ui_inset(head, rim), rgb(feedback_face_rgb(face)));
	ui_disc(l, (struct ui_rect){cx - d / 5 - e / 2, cy - d / 7 - e / 2, e, e * 5 / 4}, FG);
	ui_disc(l, (struct ui_rect){cx + d / 5 - e / 2, cy - d / 7 - e / 2, e, e * 5 / 4}, FG);
	for (int k = -12; k <= 12; k++) {
		int x = cx + k * w / 12;
		int y = cy + d / 5 + h - h * k * k / 144 - (face <= 2 ? h : 0);

		ui_disc(l, (struct ui_rect){x - t / 2, y - t / 2, t, t}, FG);
	}
}

static void draw_fb_face(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	const char *what = s->fb_item >= 0 ? s->items[s->fb_item].product
			 : s->fb_seller >= 0 ? s->items[s->seller_first[s->fb_seller]].seller
			 : shop_tx(s, T_MEETUP);
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, face_question(s)), 1), head;
	int landscape = m->w >= m->h;

	head = ui_cut_top(&r, m->text_big + m->pad);
	ui_text(l, head, what, m->text_big, 1, ACCENT, UI_CENTER);
	for (int f = 1; f <= 4; f++) {
		struct ui_rect c = ui_grid(r, landscape ? 4 : 2, landscape ? 1 : 2, f - 1, m->pad), lab;

		ui_fill(l, c, FACE[f]);
		ui_frame(l, c, rgb(feedback_face_rgb(f)), maxi(3, m->pad / 3));
		lab = ui_cut_bottom(&c, m->text_body + m->pad);
		ui_text(l, lab, shop_tx(s, (enum shop_t)(T_FACE1 + f - 1)), m->text_body, 1, FG, UI_CENTER);
		draw_face(l, ui_inset(c, m->pad * 2), f);
		ui_target(l, ui_grid(r, landscape ? 4 : 2, landscape ? 1 : 2, f - 1, m->pad), SH_T_FACE + f);
	}
}

static void draw_fb_tags(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_FB_TAGS), 1), bottom, b;
	int cols = m->w >= m->h ? 4 : 2, rows = maxi(1, (s->ntags + cols - 1) / cols);
	int bw = maxi(m->target * 3, m->w / 5);

	bottom = ui_cut_bottom(&r, m->bar);
	b = ui_cut_right(&bottom, bw);
	ui_button(l, SH_T_NEXT, ui_inset(b, m->pad / 2), shop_tx(s, T_NEXT), m->text_body, GREEN, WHITE);
	b = ui_cut_right(&bottom, bw);
	ui_button(l, SH_T_SKIP, ui_inset(b, m->pad / 2), shop_tx(s, T_SKIP), m->text_body, PANEL, FG);
	rows = maxi(3, mini(rows, 4)); /* buttons a third of the height at most */
	for (int i = 0; i < s->ntags && i < cols * rows; i++) {
		struct ui_rect c = ui_grid(r, cols, rows, i, m->pad);
		char t[64];

		(void)snprintf(t, sizeof t, "%s", s->tag[i]);
		ui_button(l, SH_T_TAG + i, c, t, m->text_body, s->tag_on[i] ? ON : PANEL, FG);
		if (s->tag_on[i])
			ui_frame(l, c, ACCENT, 4);
	}
}

static void draw_typing(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l,
			enum shop_t title, int skip, enum shop_t next_label)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, title), 1);

	r = shop_field_row(s, m, l, r, skip, next_label);
	/* A TrxID is copied from an SMS in ASCII: its keys are labelled so. */
	if (s->screen == SH_OR_FIND) /* order numbers are ASCII, as printed */
		ui_kb_draw_ascii(l, m, r, s->kb, s->lang, SH_T_KEY);
	else
		ui_kb_draw(l, m, r, s->kb, s->lang, SH_T_KEY);
}

static void draw_thanks(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = {0, 0, m->w, m->h}, a, b;

	ui_fill(l, r, GREEN);
	a = ui_cut_top(&r, m->h / 2);
	b = ui_cut_top(&r, m->text_big * 2);
	ui_text(l, ui_inset(a, m->pad), shop_tx(s, T_THANKS), m->text_huge, 1, WHITE, UI_CENTER);
	ui_text(l, ui_inset(b, m->pad), shop_tx(s, T_THANKS_SUB), m->text_big, 0, WHITE, UI_CENTER);
	/* The next guest in line need not wait for the timer. */
	ui_target(l, (struct ui_rect){0, 0, m->w, m->h}, SH_T_NEW);
}

static void draw_error(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = {0, 0, m->w, m->h}, a, b, c;

	ui_fill(l, r, RED);
	a = ui_cut_top(&r, m->h / 3);
	b = ui_cut_top(&r, m->text_body * 2);
	c = ui_cut_top(&r, m->text_body * 2);
	ui_text(l, ui_inset(a, m->pad), shop_tx(s, T_SAVE_FAILED), m->text_huge, 1, WHITE, UI_CENTER);
	ui_text(l, ui_inset(b, m->pad), s->msg_text, m->text_body, 0, WHITE, UI_CENTER);
	ui_text(l, ui_inset(c, m->pad), shop_tx(s, T_SAVE_FAILED_SUB), m->text_body, 0, WHITE, UI_CENTER);
	ui_button(l, SH_T_OK, ui_center(r, maxi(m->target * 4, m->w / 4), m->bar), shop_tx(s, T_OK),
		  m->text_body, WHITE, RED);
}

static void draw_or_seller(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_OR_SELLER), 0);
	int cols = m->w >= m->h ? 3 : 2, rows = maxi(1, mini(5, (s->nsellers + cols - 1) / cols));

	struct ui_rect bottom = ui_cut_bottom(&r, m->bar);

	/* The seller opens an order a guest shows (its payment as matched). */
	ui_button(l, SH_T_FIND, ui_inset(ui_cut_right(&bottom, maxi(m->target * 4, m->w / 3)),
					 m->pad / 2), shop_tx(s, T_FIND_ORDER), m->text_body, PANEL, ACCENT);
	if (s->nsellers == 0)
		ui_text(l, r, shop_tx(s, T_NO_PRODUCTS), m->text_body, 0, MUTED, UI_CENTER);
	rows = maxi(rows, 2);
	for (int k = 0; k < s->nsellers && k < cols * rows; k++)
		ui_button(l, SH_T_SELLER + k, ui_grid(r, cols, rows, k, m->pad),
			  s->items[s->seller_first[k]].seller, m->text_body, PANEL, FG);
}

static int qty_of(const struct shop_ui *s, int item)
{
	for (int i = 0; i < s->ncart; i++)
		if (s->cart_item[i] == item)
			return s->cart[i].qty;
	return 0;
}

static void draw_or_products(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	int first_item = s->nsellers ? s->seller_first[s->seller] : 0;
	int end = s->nsellers ? shop_seller_end(s, s->seller) : 0, n = end - first_item;
	const char *title = s->nsellers ? s->items[first_item].seller : shop_tx(s, T_OR_PRODUCTS);
	struct ui_rect r = shop_top_bar(s, m, l, title, 1), bottom;
	int cols, rows, per, pages, first;
	char t[160], total[MONEY_TEXT_MAX], c[32];

	bottom = ui_cut_bottom(&r, m->bar);
	grid_dims(m, r, &cols, &rows);
	per = cols * rows;
	pages = maxi(1, (n + per - 1) / per);
	first = mini(s->page, pages - 1) * per;
	if (pages == 1)
		r = grid_fit(r, &cols, &rows, n, m->pad);
	for (int k = 0; k < per && first + k < n; k++) {
		int i = first_item + first + k;

		item_card(s, m, l, ui_grid(r, cols, rows, k, m->pad), i, 1, qty_of(s, i));
	}
	shop_money(s, shop_cart_total(s) < 0 ? 0 : shop_cart_total(s), total);
	shop_count(s, shop_cart_count(s), c);
	if (s->ncart > 0)
		(void)snprintf(t, sizeof t, "%s: %s · %s", shop_tx(s, T_CART), c, total);
	else
		(void)snprintf(t, sizeof t, "%s", shop_tx(s, T_CART_EMPTY));
	pager(s, m, l, bottom, pages, SH_T_CART, t, s->ncart > 0 ? GREEN : PANEL);
}

static void draw_or_cart(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_OR_CART), 1), bottom, b;
	int bw = maxi(m->target * 3, m->w / 5), rowh = maxi(m->bar, m->target + m->pad);
	char t[200], tot[MONEY_TEXT_MAX], line[MONEY_TEXT_MAX], q[32];

	bottom = ui_cut_bottom(&r, m->bar);
	b = ui_cut_right(&bottom, bw);
	ui_button(l, SH_T_NEXT, ui_inset(b, m->pad / 2), shop_tx(s, T_NEXT), m->text_body, GREEN, WHITE);
	shop_money(s, shop_cart_total(s) < 0 ? 0 : shop_cart_total(s), tot);
	(void)snprintf(t, sizeof t, "%s: %s", shop_tx(s, T_TOTAL), tot);
	ui_text(l, ui_inset(bottom, m->pad), t, m->text_body, 1, FG, UI_LEFT);
	if (s->nsellers > 0) {
		char one[400];

		/* One order is one seller's parcel: said before the guest goes on. */
		(void)snprintf(one, sizeof one, shop_tx(s, T_ONE_SELLER),
			       s->items[s->seller_first[s->seller]].seller);
		ui_text(l, ui_cut_top(&r, m->text_small + m->pad), one, m->text_small, 0, ACCENT,
			UI_CENTER);
	}
	if (s->msg_text[0])
		ui_text(l, ui_cut_top(&r, m->text_small + m->pad), s->msg_text, m->text_small, 1, RED,
			UI_CENTER);
	for (int i = 0; i < s->ncart && r.h >= rowh; i++) {
		struct ui_rect row = ui_cut_top(&r, rowh), cell;
		const struct order_line *ln = &s->cart[i];

		row = ui_inset(row, m->pad / 4);
		ui_fill(l, row, i % 2 ? WHITE : PANEL);
		cell = ui_cut_right(&row, m->w / 5);
		shop_money(s, ln->unit_poisha * ln->qty, line);
		ui_text(l, cell, line, m->text_body, 1, FG, UI_RIGHT);
		cell = ui_cut_right(&row, maxi(m->target, rowh));
		ui_button(l, SH_T_PLUS + i, ui_inset(cell, m->pad / 4), "+", m->text_body, ACCENT, WHITE);
		cell = ui_cut_right(&row, maxi(m->target, rowh));
		shop_count(s, ln->qty, q);
		ui_text(l, cell, q, m->text_body, 1, FG, UI_CENTER);
		cell = ui_cut_right(&row, maxi(m->target, rowh));
		ui_button(l, SH_T_MINUS + i, ui_inset(cell, m->pad / 4), "−", m->text_body, PANEL, FG);
		shop_money(s, ln->unit_poisha, line);
		(void)snprintf(t, sizeof t, "%s  (%s)", ln->name, line);
		ui_text(l, ui_inset(row, m->pad), t, m->text_body, 0, FG, UI_LEFT);
	}
}

static void draw_or_name(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_OR_NAME), 1), greet;

	if (s->returning) {
		char t[600], rec[160], a[32], b[32];
		const struct shop_customer *c = &s->customer;
		int risky = courier_risk_of(c->delivered, c->returned, 0) == COURIER_RISK_HIGH;

		/* A returning customer with parcels: "৩ বার পেয়েছেন, ১ বার ফেরত",
		 * red when they come back often, before cash on delivery is chosen. */
		rec[0] = '\0';
		if (c->delivered + c->returned > 0) {
			shop_count(s, c->delivered, a);
			shop_count(s, c->returned, b);
			(void)snprintf(rec, sizeof rec, shop_tx(s, T_RECORD), a, b);
		}
		greet = ui_cut_top(&r, m->bar);
		/* The saved name only once the guest typed how it begins: a phone
		 * typed alone never shows whose it is. */
		if (reveal_name_offer(s->name, c->name)) {
			(void)snprintf(t, sizeof t, "%s %s%s%s", shop_tx(s, T_IS_THIS_YOU), c->name,
				       rec[0] ? " · " : "", rec);
			ui_button(l, SH_T_USE_NAME, ui_inset(greet, m->pad / 2), t, m->text_small,
				  risky ? RED : ON, risky ? WHITE : FG);
		} else {
			(void)snprintf(t, sizeof t, "%s %s%s%s", shop_tx(s, T_WELCOME_BACK),
				       shop_tx(s, T_NAME_HINT), rec[0] ? " · " : "", rec);
			ui_fill(l, greet, risky ? RED : PANEL);
			ui_text(l, greet, t, m->text_small, 1, risky ? WHITE : GREEN, UI_CENTER);
		}
	} else {
		greet = ui_cut_top(&r, m->text_small + m->pad);
		ui_text(l, greet, shop_tx(s, T_NEW_CUSTOMER), m->text_small, 0, MUTED, UI_CENTER);
	}
	r = shop_field_row(s, m, l, r, 0, T_NEXT);
	ui_kb_draw(l, m, r, s->kb, s->lang, SH_T_KEY);
}

static void draw_or_district(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_OR_DISTRICT), 1), hits;
	int cols = 4, rows = 2;

	r = shop_field_row(s, m, l, r, 0, T_NEXT);
	hits = ui_cut_top(&r, (m->bar + m->pad) * rows);
	if (s->nhits == 0)
		ui_text(l, hits, shop_tx(s, T_DISTRICT_HINT), m->text_small, 0, MUTED, UI_CENTER);
	for (int i = 0; i < s->nhits && i < cols * rows && i < SHOP_DISTRICT_HITS; i++) {
		const struct district *d = district_at(s->hits[i]);
		char t[128];

		(void)snprintf(t, sizeof t, "%s", s->lang == UI_BN ? d->bn : d->en);
		ui_button(l, SH_T_DISTRICT + i, ui_grid(hits, cols, rows, i, m->pad / 2), t,
			  m->text_small, s->hits[i] == s->district ? ON : PANEL, FG);
	}
	ui_kb_draw(l, m, ui_inset(r, m->pad / 2), s->kb, s->lang, SH_T_KEY);
}

static void draw_or_address(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_OR_ADDRESS), 1);

	/* The saved address masked (core/reveal), for its owner to recognise:
	 * a tap keeps it, typing writes a new one. */
	if (s->returning && s->customer.address[0] && !s->address_saved) {
		struct ui_rect b = ui_cut_top(&r, m->bar);
		char t[400], masked[SHOP_FIELD_MAX];

		if (reveal_address(s->customer.address, masked, sizeof masked) < 0)
			masked[0] = '\0';
		(void)snprintf(t, sizeof t, "%s: %s", shop_tx(s, T_USE_SAVED), masked);
		ui_button(l, SH_T_USE_SAVED, ui_inset(b, m->pad / 2), t, m->text_small, ON, FG);
		ui_text(l, ui_cut_top(&r, m->text_small + m->pad), shop_tx(s, T_ADDRESS_HINT),
			m->text_small, 0, MUTED, UI_CENTER);
	}
	r = shop_field_row(s, m, l, r, 0, T_NEXT);
	ui_kb_draw(l, m, r, s->kb, s->lang, SH_T_KEY);
}

static void draw_pin(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_PIN), 1), pad;

	r = shop_field_row(s, m, l, r, 0, T_OK);
	pad = ui_center(r, mini(r.w, maxi(m->target * 6, r.h)), r.h);
	ui_kb_draw(l, m, pad, UI_KB_PIN, s->lang, SH_T_KEY);
}

void shop_draw(const struct shop_ui *s, const struct ui_metrics *m, int64_t now_ms,
	       struct ui_list *l)
{
	(void)now_ms;
	switch (s->screen) {
	case SH_FB_PICK: draw_fb_pick(s, m, l); break;
	case SH_FB_FACE: draw_fb_face(s, m, l); break;
	case SH_FB_TAGS: draw_fb_tags(s, m, l); break;
	case SH_FB_COMMENT: draw_typing(s, m, l, T_FB_COMMENT, 1, T_NEXT); break;
	case SH_FB_PHONE: draw_typing(s, m, l, T_FB_PHONE, 1, T_DONE); break;
	case SH_FB_THANKS: draw_thanks(s, m, l); break;
	case SH_OR_SELLER: draw_or_seller(s, m, l); break;
	case SH_OR_PRODUCTS: draw_or_products(s, m, l); break;
	case SH_OR_CART: draw_or_cart(s, m, l); break;
	case SH_OR_PHONE: draw_typing(s, m, l, T_OR_PHONE, 0, T_NEXT); break;
	case SH_OR_NAME: draw_or_name(s, m, l); break;
	case SH_OR_DISTRICT: draw_or_district(s, m, l); break;
	case SH_OR_ADDRESS: draw_or_address(s, m, l); break;
	case SH_OR_PAY: shop_draw_or_pay(s, m, l); break;
	case SH_OR_TRX: shop_draw_or_trx(s, m, l); break;
	case SH_OR_COLLECT: draw_typing(s, m, l, T_OR_COLLECT, 0, T_NEXT); break;
	case SH_OR_CONFIRM: shop_draw_or_confirm(s, m, l); break;
	case SH_OR_RECEIPT: shop_draw_or_receipt(s, m, l); break;
	case SH_OR_FIND: draw_typing(s, m, l, T_OR_FIND, 0, T_NEXT); break;
	case SH_OR_OPENED: shop_draw_or_opened(s, m, l); break;
	case SH_ERROR: draw_error(s, m, l); break;
	case SH_PIN: draw_pin(s, m, l); break;
	default: break;
	}
}
