/* screen_shop_pay_draw.c - the draw lists of the orders mode's payment
 * screens: the wallet tiles, the TrxID screen, the summary to confirm, the
 * receipt with its Print row, and an order the seller opened. The other
 * screens are in screen_shop_draw.c. Pure: libc only. */
#include "screen_shop.h"

#include <stdio.h>
#include <string.h>

#include "core/courier.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/reveal.h"
#include "screen_shop_int.h"
#include "ui_text.h"

/* The wallets' own colours, as guests know them from the apps: bKash pink,
 * Nagad orange, Rocket purple. Cash, card and COD stay neutral. */
static const struct ui_color WALLET[PAY_COUNT] = {
	[PAY_BKASH] = {0xE2, 0x13, 0x6E, 0xFF},
	[PAY_NAGAD] = {0xF6, 0x92, 0x1E, 0xFF},
	[PAY_ROCKET] = {0x8C, 0x34, 0x94, 0xFF},
};

static int is_wallet(enum pay_method m)
{
	return m == PAY_BKASH || m == PAY_NAGAD || m == PAY_ROCKET;
}

/* A number in the screen's digits ("০১৭১২৩৪৫৬৭৮" / "01712345678"). */
static void digits(const struct shop_ui *s, const char *in, char *out, size_t cap)
{
	if (ui_fmt_digits(in, s->lang, out, cap) < 0)
		(void)snprintf(out, cap, "%s", in);
}

/* One payment tile: a wallet in its colour with its name as the logo and
 * the seller's number under it; the others plain. Nothing is chosen until
 * the guest taps (the chosen one, coming back, gets a thick frame). */
static void pay_tile(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l,
		     struct ui_rect r, enum pay_method pm)
{
	const struct pay_rule *p = pay_rule(pm);
	const struct shop_seller_pay *sp = shop_seller_pay_of(s);
	int wallet = is_wallet(pm);
	struct ui_color bg = wallet ? WALLET[pm] : PANEL, fg = wallet ? WHITE : FG;
	struct ui_rect in = ui_inset(r, m->pad / 2), name, num;
	char n[48];

	ui_fill(l, in, bg);
	if (pm == s->pay)
		ui_frame(l, in, FG, maxi(3, m->pad / 3));
	num = in;
	name = wallet ? ui_cut_top(&num, in.h * 3 / 5) : in;
	/* "ক্যাশ অন ডেলিভারি" is three words: body size keeps it inside. */
	ui_text(l, name, i18n_text(NULL, p->en, s->lang == UI_BN),
		pm == PAY_COD ? m->text_body : m->text_big, 1, fg, UI_CENTER);
	if (wallet && sp && sp->number[pm][0]) {
		digits(s, sp->number[pm], n, sizeof n);
		ui_text(l, num, n, m->text_small, 1, fg, UI_CENTER);
	}
	ui_target(l, in, SH_T_PAY + pm);
}

void shop_draw_or_pay(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	/* Wallets first, in the order guests name them; cash apart from Nagad. */
	static const enum pay_method order[PAY_COUNT] = {
		PAY_BKASH, PAY_NAGAD, PAY_ROCKET, PAY_CASH, PAY_CARD, PAY_COD,
	};
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_OR_PAY), 1), head;
	char t[160], tot[MONEY_TEXT_MAX];
	int landscape = m->w >= m->h;

	shop_money(s, shop_order_sum(s), tot);
	(void)snprintf(t, sizeof t, "%s: %s", shop_tx(s, T_TOTAL), tot);
	head = ui_cut_top(&r, m->text_big + m->pad);
	ui_text(l, head, t, m->text_big, 1, FG, UI_CENTER);
	for (int i = 0; i < PAY_COUNT; i++)
		pay_tile(s, m, l, ui_grid(r, landscape ? 3 : 2, landscape ? 2 : 3, i, m->pad / 2),
			 order[i]);
}

/* The wallet's TrxID screen: where to send how much, in the wallet's colour,
 * the seller's own QR beside it, and the TrxID's shape before typing. */
void shop_draw_or_trx(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_OR_TRX), 1), band, hint, qr;
	const struct pay_rule *p = pay_rule(s->pay);
	const struct shop_seller_pay *sp = shop_seller_pay_of(s);
	struct ui_color bg = is_wallet(s->pay) ? WALLET[s->pay] : ACCENT;
	char t[240], tot[MONEY_TEXT_MAX], n[48], h[240];
	int bh = m->text_big + m->text_body + m->pad * 2;

	band = ui_cut_top(&r, bh);
	ui_fill(l, band, bg);
	if (sp && sp->qr[0]) {
		qr = ui_cut_right(&band, bh);
		ui_fill(l, qr, WHITE);
		ui_image(l, ui_inset(qr, m->pad / 4), SHOP_IMAGE_SELLER_QR);
	}
	shop_money(s, shop_order_sum(s), tot);
	if (sp && p && sp->number[s->pay][0]) {
		digits(s, sp->number[s->pay], n, sizeof n);
		(void)snprintf(t, sizeof t, "%s · %s %s · %s", i18n_text(NULL, p->en, s->lang == UI_BN),
			       shop_tx(s, T_SEND_TO), n, tot);
	} else {
		(void)snprintf(t, sizeof t, "%s · %s · %s", p ? i18n_text(NULL, p->en, s->lang == UI_BN) : "",
			       tot, shop_tx(s, T_ASK_NUMBER));
	}
	ui_text(l, ui_inset(band, m->pad / 2), t, m->text_big, 1, WHITE, UI_CENTER);
	if (pay_trx_hint(s->pay, s->lang == UI_BN, h, sizeof h) < 0)
		h[0] = '\0';
	hint = ui_cut_top(&r, m->text_small + m->pad);
	ui_text(l, hint, h, m->text_small, 0, MUTED, UI_CENTER);
	r = shop_field_row(s, m, l, r, 0, T_NEXT);
	/* A TrxID is copied from an SMS in ASCII: its keys are labelled so,
	 * the keyboard's own words in the screen's language. */
	ui_kb_draw_ascii(l, m, r, s->kb, s->lang, SH_T_KEY);
}

/* An order the seller opened: its payment as matched against the SMS. */
void shop_draw_or_opened(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	const struct shop_opened *o = &s->opened;
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_ORDER_NO), 1), bottom, panel;
	const struct pay_rule *p = pay_rule(o->method);
	char t[800], a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX], who[ORDER_TEXT_MAX];
	struct ui_color bg = PANEL, fg = FG;
	const char *status;
	int lh = m->text_body + m->pad / 2;

	bottom = ui_cut_bottom(&r, m->bar);
	ui_button(l, SH_T_FIND, ui_center(bottom, maxi(m->target * 4, m->w / 3), bottom.h),
		  shop_tx(s, T_OPEN_ANOTHER), m->text_body, ACCENT, WHITE);
	ui_text(l, ui_cut_top(&r, m->text_huge + m->pad), o->order_no, m->text_huge, 1, FG,
		UI_CENTER);
	shop_money(s, o->total_poisha, a);
	/* An order number is short and runs in sequence: whoever types one gets
	 * the customer's initials, not their name. */
	if (reveal_initials(o->name, who, sizeof who) < 0)
		who[0] = '\0';
	(void)snprintf(t, sizeof t, "%s · %s · %s: %s", who, o->seller, shop_tx(s, T_TOTAL), a);
	ui_text(l, ui_cut_top(&r, lh), t, m->text_body, 0, FG, UI_CENTER);
	(void)snprintf(t, sizeof t, "%s: %s%s%s", shop_tx(s, T_PAY_WITH),
		       p ? i18n_text(NULL, p->en, s->lang == UI_BN) : "", o->trx[0] ? " · TrxID " : "",
		       o->trx);
	ui_text(l, ui_cut_top(&r, lh + m->pad), t, m->text_body, 1, ACCENT, UI_CENTER);
	panel = ui_inset(r, m->pad);
	if (o->cancelled) {
		status = shop_tx(s, T_CANCELLED);
		bg = MUTED;
		fg = WHITE;
		t[0] = '\0';
	} else if (!o->is_wallet) {
		status = shop_tx(s, T_NOTHING_TO_MATCH);
		t[0] = '\0';
	} else {
		status = paymatch_status_text(o->status, s->lang == UI_BN);
		bg = o->status == PAYMATCH_MATCHED ? GREEN
		   : o->status == PAYMATCH_MISSING ? AMBER : RED;
		fg = WHITE;
		t[0] = '\0';
		if (o->received_poisha >= 0) {
			shop_money(s, o->received_poisha, b);
			(void)snprintf(t, sizeof t, "%s %s", b, shop_tx(s, T_ARRIVED));
		} else {
			(void)snprintf(t, sizeof t, "%s", shop_tx(s, T_IMPORT_HINT));
		}
	}
	ui_fill(l, panel, bg);
	{
		struct ui_rect top = panel, sub = ui_cut_bottom(&top, panel.h / 3);

		ui_text(l, top, status, m->text_big, 1, fg, UI_CENTER);
		ui_text(l, sub, t, m->text_body, 0, fg, UI_CENTER);
	}
}

void shop_draw_or_confirm(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_OR_CONFIRM), 1), bottom, b;
	int lines = s->ncart + 8, bw = maxi(m->target * 4, m->w / 4);
	char addr[SHOP_FIELD_MAX];
	/* Body-size text when the summary fits, else small. */
	int size = (m->text_body + m->pad / 2) * lines <= r.h - m->bar ? m->text_body : m->text_small;
	int lh = size + m->pad / 2;
	char t[600], a[MONEY_TEXT_MAX], ph[64];
	const struct pay_rule *p = pay_rule(s->pay);
	struct order_draft d = shop_order_draft(s);

	bottom = ui_cut_bottom(&r, m->bar);
	b = ui_cut_right(&bottom, bw);
	ui_button(l, SH_T_CONFIRM, ui_inset(b, m->pad / 2), shop_tx(s, T_CONFIRM), m->text_body, GREEN, WHITE);
	if (s->msg_text[0])
		ui_text(l, ui_inset(bottom, m->pad), s->msg_text, m->text_small, 1, RED, UI_LEFT);
	for (int i = 0; i < s->ncart && r.h >= lh * 5; i++) {
		char q[32];

		if (s->cart[i].qty == 0)
			continue;
		shop_count(s, s->cart[i].qty, q);
		shop_money(s, s->cart[i].unit_poisha * s->cart[i].qty, a);
		(void)snprintf(t, sizeof t, "%s × %s   %s", q, s->cart[i].name, a);
		ui_text(l, ui_cut_top(&r, lh), t, size, 0, FG, UI_LEFT);
	}
	if (d.delivery_poisha > 0) {
		shop_money(s, d.delivery_poisha, a);
		(void)snprintf(t, sizeof t, "%s   %s", shop_tx(s, T_DELIVERY_CHARGE), a);
		ui_text(l, ui_cut_top(&r, lh), t, size, 0, FG, UI_LEFT);
	}
	shop_money(s, shop_order_sum(s), a);
	(void)snprintf(t, sizeof t, "%s: %s", shop_tx(s, T_TOTAL), a);
	ui_text(l, ui_cut_top(&r, lh + m->pad), t, size + size / 4, 1, FG, UI_LEFT);
	if (s->nsellers > 0) {
		(void)snprintf(t, sizeof t, "%s: %s", shop_tx(s, T_SELLER),
			       s->items[s->seller_first[s->seller]].seller);
		ui_text(l, ui_cut_top(&r, lh), t, size, 0, MUTED, UI_LEFT);
	}
	if (ui_fmt_digits(s->phone, s->lang, ph, sizeof ph) < 0)
		ph[0] = '\0';
	(void)snprintf(t, sizeof t, "%s · %s", s->name, ph);
	ui_text(l, ui_cut_top(&r, lh), t, size, 0, FG, UI_LEFT);
	if (!s->address_saved)
		ui_utf8_copy(addr, sizeof addr, s->address);
	else if (reveal_address(s->address, addr, sizeof addr) < 0)
		addr[0] = '\0'; /* the saved address: masked here too */
	(void)snprintf(t, sizeof t, "%s, %s", addr,
		       s->district >= 0 ? (s->lang == UI_BN ? district_at(s->district)->bn
							    : district_at(s->district)->en) : "");
	ui_text(l, ui_cut_top(&r, lh), t, size, 0, FG, UI_LEFT);
	if (s->pay == PAY_COD && s->returning &&
	    courier_risk_of(s->customer.delivered, s->customer.returned, 0) == COURIER_RISK_HIGH)
		ui_text(l, ui_cut_bottom(&r, lh), shop_tx(s, T_COD_CHECK), size, 1, RED, UI_LEFT);
	if (s->pay == PAY_COD) {
		int64_t c = d.collect_poisha < 0 ? shop_order_sum(s) : d.collect_poisha;

		shop_money(s, c < 0 ? 0 : c, a);
		(void)snprintf(t, sizeof t, "%s: %s · %s %s", shop_tx(s, T_PAY_WITH),
			       i18n_text(NULL, p->en, s->lang == UI_BN), shop_tx(s, T_COLLECT_AMOUNT), a);
	} else {
		(void)snprintf(t, sizeof t, "%s: %s%s%s", shop_tx(s, T_PAY_WITH),
			       i18n_text(NULL, p->en, s->lang == UI_BN), s->trx[0] ? " · TrxID " : "", s->trx);
	}
	ui_text(l, ui_cut_top(&r, lh), t, size, 1, ACCENT, UI_LEFT);
}

/* The bottom row of the receipt: Print (when the device has a printer) and
 * what the print job did, then New order. */
static void receipt_bottom(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l,
			   struct ui_rect bottom)
{
	struct ui_rect nb = ui_cut_right(&bottom, maxi(m->target * 4, m->w / 3)), pb;
	static const enum shop_t said[] = {
		[SHOP_PRINT_NONE] = T_COUNT, [SHOP_PRINT_BUSY] = T_PRINTING,
		[SHOP_PRINT_DONE] = T_PRINTED, [SHOP_PRINT_FAILED] = T_PRINTER_NOT_FOUND,
	};
	enum shop_t t = said[s->print];

	ui_button(l, SH_T_NEW, ui_inset(nb, m->pad / 4), shop_tx(s, T_NEW_ORDER), m->text_body,
		  ACCENT, WHITE);
	if (!s->has_printer)
		return;
	pb = ui_inset(ui_cut_left(&bottom, maxi(m->target * 3, m->w / 5)), m->pad / 4);
	if (s->print == SHOP_PRINT_BUSY) {
		/* No second job while one runs: the button greys out. */
		ui_fill(l, pb, PANEL);
		ui_frame(l, pb, MUTED, 1);
		ui_text(l, pb, shop_tx(s, T_PRINT), m->text_body, 1, MUTED, UI_CENTER);
	} else {
		ui_button(l, SH_T_PRINT, pb, shop_tx(s, T_PRINT), m->text_body, GREEN, WHITE);
	}
	if (t != T_COUNT)
		ui_text(l, ui_inset(bottom, m->pad / 2), shop_tx(s, t), m->text_body, 1,
			s->print == SHOP_PRINT_FAILED ? RED : s->print == SHOP_PRINT_DONE ? GREEN : MUTED,
			UI_LEFT);
}

/* The receipt: the lines the printer and the message say too, the order
 * number with its QR, and the big QR of the wa.me link, so the guest scans
 * it with their own phone and sends themselves the receipt. */
void shop_draw_or_receipt(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	static char lines[RECEIPT_LINES_MAX][RECEIPT_LINE_MAX];
	struct ui_rect r = shop_top_bar(s, m, l, shop_tx(s, T_RECEIPT), 0), qr, info, head, oq;
	int side, n, lh, oside = m->text_big * 2;
	struct receipt rc;

	receipt_bottom(s, m, l, ui_cut_bottom(&r, m->bar));
	side = mini(r.h - m->pad, r.w * 2 / 5);
	qr = ui_cut_right(&r, side + m->pad);
	ui_fill(l, qr, WHITE);
	ui_image(l, ui_center(qr, side, side), SHOP_IMAGE_WA_QR);
	info = ui_inset(r, m->pad / 2);
	head = ui_cut_top(&info, oside + m->pad / 2);
	oq = ui_cut_left(&head, oside + m->pad / 2);
	ui_image(l, ui_center(oq, oside, oside), SHOP_IMAGE_QR);
	ui_text(l, head, s->order_no, m->text_big, 1, FG, UI_LEFT);
	shop_receipt(s, &rc);
	n = receipt_lines(&rc, s->lang == UI_BN, lines, RECEIPT_LINES_MAX);
	lh = mini(m->text_body + m->pad / 2, maxi(1, (info.h - m->text_small - m->pad) / maxi(1, n)));
	for (int i = 0; i < n; i++) {
		if (rc.event[0] && i == 0)
			continue; /* the event's name is the screen's own */
		ui_text(l, ui_cut_top(&info, lh), lines[i], lh * 3 / 4, i == n - 3, FG, UI_LEFT);
	}
	ui_text(l, ui_cut_top(&info, m->text_small + m->pad), shop_tx(s, T_SCAN_WA), m->text_small, 1,
		ACCENT, UI_LEFT);
}
