/* screen_shop_order.c - the orders mode's data: the order draft and the
 * receipt built from what the guest chose, the cart, and the answers the app
 * hands back (saved, printed, the sellers' wallets, the delivery charges).
 * What a tap or a key does is in screen_shop.c. Pure: libc only. */
#include "screen_shop.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "screen_shop_int.h"
#include "ui_text.h"

struct order_draft shop_order_draft(const struct shop_ui *s)
{
	struct order_draft d;

	memset(&d, 0, sizeof d);
	d.lines = s->cart;
	d.nlines = s->ncart;
	d.name = s->name;
	d.phone = s->phone;
	d.district = s->district >= 0 ? district_at(s->district)->en : "";
	d.address = s->address;
	d.method = s->pay;
	d.trx = s->trx;
	d.collect_poisha = -1;
	d.delivery_poisha = order_delivery_charge(s->district, s->delivery_inside,
						  s->delivery_outside);
	if (s->pay == PAY_COD && s->collect[0]) {
		int64_t p;

		if (money_parse(s->collect, &p) == 0)
			d.collect_poisha = p;
		else
			d.collect_poisha = ORDER_TOTAL_MAX + 1; /* order_check refuses it */
	}
	return d;
}

void shop_receipt(const struct shop_ui *s, struct receipt *r)
{
	struct order_draft d = shop_order_draft(s);

	memset(r, 0, sizeof *r);
	ui_utf8_copy(r->order_no, sizeof r->order_no, s->order_no);
	ui_utf8_copy(r->event, sizeof r->event, s->event_name);
	if (s->nsellers > 0)
		ui_utf8_copy(r->seller, sizeof r->seller, s->items[s->seller_first[s->seller]].seller);
	ui_utf8_copy(r->name, sizeof r->name, s->name);
	ui_utf8_copy(r->phone, sizeof r->phone, s->checked.phone);
	if (s->district >= 0)
		ui_utf8_copy(r->district, sizeof r->district, district_at(s->district)->en);
	ui_utf8_copy(r->address, sizeof r->address, s->address);
	for (int i = 0; i < s->ncart && r->nitems < ORDER_LINES_MAX; i++) {
		if (s->cart[i].qty <= 0)
			continue;
		ui_utf8_copy(r->items[r->nitems].name, sizeof r->items[0].name, s->cart[i].name);
		r->items[r->nitems].qty = s->cart[i].qty;
		r->items[r->nitems].unit_poisha = s->cart[i].unit_poisha;
		r->nitems++;
	}
	r->delivery_poisha = d.delivery_poisha;
	r->total_poisha = s->checked.total_poisha;
	r->collect_poisha = s->checked.collect_poisha;
	r->method = s->pay;
	ui_utf8_copy(r->trx, sizeof r->trx, s->checked.trx);
}

int64_t shop_cart_total(const struct shop_ui *s)
{
	int64_t t = 0;

	if (order_total(s->cart, s->ncart, &t) != 0)
		return -1;
	return t;
}

int shop_cart_count(const struct shop_ui *s)
{
	int n = 0;

	for (int i = 0; i < s->ncart; i++)
		n += s->cart[i].qty;
	return n;
}

/* What the guest pays: the cart and the delivery charge of the district
 * chosen (0 before one is). Never below 0. */
int64_t shop_order_sum(const struct shop_ui *s)
{
	int64_t t = shop_cart_total(s);

	if (t < 0)
		return 0;
	return t + order_delivery_charge(s->district, s->delivery_inside, s->delivery_outside);
}

void shop_cart_add(struct shop_ui *s, int item)
{
	const struct shop_item *it = &s->items[item];
	int i;

	for (i = 0; i < s->ncart; i++)
		if (s->cart_item[i] == item)
			break;
	if (i == s->ncart) {
		if (s->ncart == SHOP_CART_MAX || it->left == 0)
			return;
		memset(&s->cart[i], 0, sizeof s->cart[i]);
		ui_utf8_copy(s->cart[i].item_id, sizeof s->cart[i].item_id, it->id);
		ui_utf8_copy(s->cart[i].name, sizeof s->cart[i].name, it->product);
		s->cart[i].unit_poisha = it->price_poisha;
		s->cart[i].stock = it->left;
		s->cart_item[i] = item;
		s->ncart++;
	}
	(void)order_line_set_qty(&s->cart[i], s->cart[i].qty + 1);
}

void shop_saved(struct shop_ui *s, int ok, const char *order_no, const char *err,
		int64_t now_ms)
{
	s->touched_ms = now_ms;
	if (!ok) {
		/* Keep everything so the guest or seller can try again. */
		s->before_pin = s->screen;
		s->screen = SH_ERROR;
		ui_utf8_copy(s->msg_text, sizeof s->msg_text, err);
		s->until_ms = now_ms + SHOP_ERROR_MS;
		return;
	}
	if (s->mode == SHOP_FEEDBACK) {
		s->screen = SH_FB_THANKS;
		s->until_ms = now_ms + SHOP_FB_THANKS_MS;
		return;
	}
	ui_utf8_copy(s->order_no, sizeof s->order_no, order_no);
	s->order_total = s->checked.total_poisha;
	s->print = SHOP_PRINT_NONE;
	s->screen = SH_OR_RECEIPT;
}

void shop_saved_trx_claimed(struct shop_ui *s, const char *order_no, int64_t now_ms)
{
	char msg[sizeof s->msg_text];

	(void)snprintf(msg, sizeof msg, shop_tx(s, T_TRX_CLAIMED), order_no);
	shop_saved(s, 0, NULL, msg, now_ms);
}

void shop_set_printer(struct shop_ui *s, int has_printer)
{
	s->has_printer = has_printer != 0;
}

void shop_printed(struct shop_ui *s, int ok, int64_t now_ms)
{
	(void)now_ms; /* not a touch: the idle clock runs on */
	if (s->print == SHOP_PRINT_BUSY)
		s->print = ok ? SHOP_PRINT_DONE : SHOP_PRINT_FAILED;
}

void shop_set_sellers_pay(struct shop_ui *s, const struct shop_seller_pay *p, int n)
{
	s->sellers_pay = p;
	s->nsellers_pay = p ? n : 0;
}

void shop_set_delivery_charges(struct shop_ui *s, int64_t inside_dhaka, int64_t outside)
{
	s->delivery_inside = inside_dhaka;
	s->delivery_outside = outside;
}

const struct shop_seller_pay *shop_seller_pay_of(const struct shop_ui *s)
{
	const char *seller;

	if (s->nsellers == 0 || s->seller < 0 || s->seller >= s->nsellers)
		return NULL;
	seller = s->items[s->seller_first[s->seller]].seller;
	for (int i = 0; i < s->nsellers_pay; i++)
		if (strcmp(s->sellers_pay[i].seller, seller) == 0)
			return &s->sellers_pay[i];
	return NULL;
}
