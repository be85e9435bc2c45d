/* screen_shop.c - the feedback and orders screens: the state machine (what a
 * tap or a key does). The orders mode's draft, receipt, cart and the app's
 * answers are in screen_shop_order.c; the draw lists in screen_shop_draw.c
 * and screen_shop_pay_draw.c. Pure: libc only. */
#include "screen_shop.h"

#include <stdio.h>
#include <string.h>

#include "core/courier.h"
#include "core/feedback.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/reveal.h"
#include "core/utf8.h"
#include "core/phone.h"
#include "screen_shop_int.h"
#include "ui_text.h"

/* ------------------------------------------------------------------ state */

static void reset_feedback(struct shop_ui *s)
{
	s->fb_item = -1;
	s->fb_seller = -1;
	s->fb_face = 0;
	s->ntags = 0;
	memset(s->tag_on, 0, sizeof s->tag_on);
	s->comment[0] = '\0';
	s->phone[0] = '\0';
	s->phone_norm[0] = '\0';
	s->page = 0;
}

static void reset_order(struct shop_ui *s)
{
	s->ncart = 0;
	s->name[0] = '\0';
	s->district_q[0] = '\0';
	s->district = -1;
	s->nhits = 0;
	s->address[0] = '\0';
	s->pay = PAY_COUNT; /* nothing chosen for the guest */
	s->trx[0] = '\0';
	s->collect[0] = '\0';
	s->phone[0] = '\0';
	s->returning = 0;
	memset(&s->customer, 0, sizeof s->customer); /* never the last guest's */
	s->address_saved = 0;
	s->order_no[0] = '\0';
	s->page = 0;
}

static enum shop_screen start_screen(const struct shop_ui *s)
{
	return s->mode == SHOP_FEEDBACK ? SH_FB_PICK : SH_OR_SELLER;
}

static void go(struct shop_ui *s, enum shop_screen sc, int64_t now_ms)
{
	s->screen = sc;
	s->touched_ms = now_ms;
	s->msg = -1;
	s->msg_text[0] = '\0';
	switch (sc) {
	case SH_FB_PICK:
		reset_feedback(s);
		break;
	case SH_OR_SELLER:
		reset_order(s);
		break;
	case SH_FB_COMMENT: case SH_OR_NAME: case SH_OR_ADDRESS: case SH_OR_DISTRICT:
		s->kb = s->lang == UI_BN ? UI_KB_BENGALI : UI_KB_LATIN;
		break;
	case SH_FB_PHONE: case SH_OR_PHONE:
		s->kb = UI_KB_DIGITS;
		break;
	case SH_OR_COLLECT:
		s->kb = UI_KB_AMOUNT;
		break;
	case SH_OR_TRX:
		s->kb = UI_KB_LATIN;
		break;
	case SH_OR_FIND:
		s->find[0] = '\0';
		s->kb = UI_KB_LATIN;
		break;
	case SH_PIN:
		s->pin[0] = '\0';
		s->kb = UI_KB_PIN;
		break;
	default:
		break;
	}
	if (sc == SH_OR_DISTRICT)
		s->nhits = district_search(s->district_q, s->hits, SHOP_DISTRICT_HITS);
}

void shop_init(struct shop_ui *s, enum shop_mode mode, enum ui_lang lang)
{
	memset(s, 0, sizeof *s);
	s->mode = mode;
	s->lang = lang;
	reset_feedback(s);
	reset_order(s);
	go(s, start_screen(s), 0);
}

void shop_set_items(struct shop_ui *s, const struct shop_item *items, int n,
		    const uint8_t *has_image)
{
	s->items = items;
	s->nitems = n;
	s->has_image = has_image;
	s->nsellers = 0;
	for (int i = 0; i < n && s->nsellers < SHOP_SELLERS_MAX; i++)
		if (i == 0 || strcmp(items[i].seller, items[i - 1].seller) != 0)
			s->seller_first[s->nsellers++] = i;
}

int shop_seller_end(const struct shop_ui *s, int k)
{
	return k + 1 < s->nsellers ? s->seller_first[k + 1] : s->nitems;
}

/* Feedback tags: the product's own, or for the whole meetup the common ones. */
static void load_tags(struct shop_ui *s)
{
	static const char *const common[7] = {
		N_("quality"), N_("price"), N_("packaging"), N_("delivery"), N_("service"),
		N_("taste"), N_("venue"),
	};
	const char *src = s->fb_item >= 0 ? s->items[s->fb_item].tags : "";

	s->ntags = 0;
	memset(s->tag_on, 0, sizeof s->tag_on);
	while (*src && s->ntags < SHOP_TAGS_MAX) {
		size_t n = strcspn(src, ",");
		char t[48];

		ui_utf8_copy(t, sizeof t, src);
		if (n < sizeof t)
			t[n] = '\0';
		{
			char *p = t;

			while (*p == ' ')
				p++;
			if (*p)
				ui_utf8_copy(s->tag[s->ntags++], sizeof s->tag[0], p);
		}
		src += n;
		if (*src == ',')
			src++;
	}
	if (s->ntags == 0)
		for (int i = 0; i < 7; i++)
			ui_utf8_copy(s->tag[s->ntags++], sizeof s->tag[0], i18n_text(NULL, common[i], s->lang == UI_BN));
}

void shop_feedback_tags(const struct shop_ui *s, char *out, size_t cap)
{
	size_t o = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	for (int i = 0; i < s->ntags; i++) {
		int n;

		if (!s->tag_on[i])
			continue;
		n = snprintf(out + o, cap - o, "%s%s", o ? ", " : "", s->tag[i]);
		if (n < 0 || (size_t)n >= cap - o) {
			out[o] = '\0';
			return;
		}
		o += (size_t)n;
	}
}

/* ----------------------------------------------------------------- typing */

/* The text field of the current screen, or NULL. */
static char *field(struct shop_ui *s, size_t *cap)
{
	switch (s->screen) {
	case SH_FB_COMMENT: *cap = sizeof s->comment; return s->comment;
	case SH_FB_PHONE: case SH_OR_PHONE: *cap = sizeof s->phone; return s->phone;
	case SH_OR_NAME: *cap = sizeof s->name; return s->name;
	case SH_OR_DISTRICT: *cap = sizeof s->district_q; return s->district_q;
	case SH_OR_ADDRESS: *cap = sizeof s->address; return s->address;
	case SH_OR_TRX: *cap = sizeof s->trx; return s->trx;
	case SH_OR_COLLECT: *cap = sizeof s->collect; return s->collect;
	case SH_OR_FIND: *cap = sizeof s->find; return s->find;
	case SH_PIN: *cap = sizeof s->pin; return s->pin;
	default: return NULL;
	}
}

const char *shop_field_text(const struct shop_ui *s)
{
	size_t cap;

	return field((struct shop_ui *)s, &cap);
}

static struct shop_action next(struct shop_ui *s, int64_t now_ms);

/* The ASCII digit of a Bengali digit key (U+09E6..U+09EF) or an ASCII one;
 * 0 for anything else. PIN and amounts are kept in ASCII. */
static char ascii_digit(const char *t)
{
	const unsigned char *u = (const unsigned char *)t;

	if (t[0] >= '0' && t[0] <= '9' && t[1] == '\0')
		return t[0];
	if (u[0] == 0xE0 && u[1] == 0xA7 && u[2] >= 0xA6 && u[2] <= 0xAF && u[3] == 0)
		return (char)('0' + (u[2] - 0xA6));
	return 0;
}

/* Before the field of this screen is edited: the saved address, chosen but
 * shown masked, is replaced as a whole (typing means a new address). */
static void editing(struct shop_ui *s)
{
	if (s->screen == SH_OR_ADDRESS && s->address_saved) {
		s->address[0] = '\0';
		s->address_saved = 0;
	}
}

static void changed(struct shop_ui *s)
{
	s->msg = -1;
	s->msg_text[0] = '\0';
	if (s->screen == SH_OR_DISTRICT) {
		s->nhits = district_search(s->district_q, s->hits, SHOP_DISTRICT_HITS);
		s->district = -1;
	}
}

struct shop_action shop_type(struct shop_ui *s, const char *utf8, int64_t now_ms)
{
	struct shop_action a = {SHOP_ACT_NONE};
	size_t cap, n, len;
	char *f = field(s, &cap), clean[SHOP_FIELD_MAX];

	s->touched_ms = now_ms;
	if (!f || !utf8)
		return a;
	for (const char *p = utf8; *p; p++) {
		/* Digit-only fields take ASCII digits only. */
		if ((s->screen == SH_PIN || s->screen == SH_OR_COLLECT) &&
		    !(*p >= '0' && *p <= '9') && !(s->screen == SH_OR_COLLECT && *p == '.'))
			return a;
	}
	/* A keyboard or a scanner can send a TAB or an escape: a space or
	 * nothing, never an error the guest cannot understand (order_check and
	 * the store refuse control characters). */
	n = utf8_field_clean(utf8, clean, sizeof clean);
	if (n == 0)
		return a;
	editing(s);
	len = strlen(f);
	if (len + n + 1 > cap)
		return a;
	memcpy(f + len, clean, n + 1);
	changed(s);
	return a;
}

struct shop_action shop_backspace(struct shop_ui *s, int64_t now_ms)
{
	struct shop_action a = {SHOP_ACT_NONE};
	struct ui_key k = {.kind = UI_KEY_DELETE};
	size_t cap;
	char *f = field(s, &cap);

	s->touched_ms = now_ms;
	if (f && s->screen == SH_OR_ADDRESS && s->address_saved) {
		editing(s); /* the masked address goes as a whole */
		changed(s);
	} else if (f && ui_kb_apply(&k, f, cap)) {
		changed(s);
	}
	return a;
}

struct shop_action shop_enter(struct shop_ui *s, int64_t now_ms)
{
	if (s->screen == SH_PIN) {
		struct shop_action a = {SHOP_ACT_PIN};

		s->touched_ms = now_ms;
		return a;
	}
	return next(s, now_ms);
}

void shop_escape(struct shop_ui *s, int64_t now_ms)
{
	if (s->screen == SH_PIN) {
		go(s, s->before_pin, now_ms);
		return;
	}
	s->before_pin = s->screen;
	go(s, SH_PIN, now_ms);
}

/* ---------------------------------------------------------------- actions */

static void show_error(struct shop_ui *s, const char *line)
{
	ui_utf8_copy(s->msg_text, sizeof s->msg_text, line);
}

/* Next / Send / Confirm on the current screen. */
static struct shop_action next(struct shop_ui *s, int64_t now_ms)
{
	struct shop_action a = {SHOP_ACT_NONE};
	char err[KERR_LEN], out[ORDER_TRX_MAX];

	s->touched_ms = now_ms;
	switch (s->screen) {
	case SH_FB_TAGS: go(s, SH_FB_COMMENT, now_ms); break;
	case SH_FB_COMMENT: go(s, SH_FB_PHONE, now_ms); break;
	case SH_FB_PHONE:
		s->phone_norm[0] = '\0';
		if (s->phone[0] && phone_normalise(s->phone, s->phone_norm) != 0) {
			show_error(s, shop_tx(s, T_BAD_PHONE));
			break;
		}
		a.kind = SHOP_ACT_SAVE_FEEDBACK;
		break;
	case SH_OR_PRODUCTS:
		if (s->ncart > 0)
			go(s, SH_OR_CART, now_ms);
		break;
	case SH_OR_CART:
		if (shop_cart_count(s) > 0)
			go(s, SH_OR_PHONE, now_ms);
		else
			show_error(s, shop_tx(s, T_CART_EMPTY));
		break;
	case SH_OR_PHONE: {
		char p[PHONE_LEN];

		if (phone_normalise(s->phone, p) != 0) {
			show_error(s, shop_tx(s, T_BAD_PHONE));
			break;
		}
		a.kind = SHOP_ACT_LOOKUP;
		break;
	}
	case SH_OR_NAME:
		if (!s->name[0])
			show_error(s, order_reason_text(ORDER_E_NAME, s->lang == UI_BN));
		else
			go(s, SH_OR_DISTRICT, now_ms);
		break;
	case SH_OR_DISTRICT:
		if (s->district < 0 && s->nhits >= 1 && s->district_q[0])
			s->district = s->hits[0]; /* Enter takes the first match */
		if (s->district < 0)
			show_error(s, order_reason_text(ORDER_E_DISTRICT, s->lang == UI_BN));
		else
			go(s, SH_OR_ADDRESS, now_ms);
		break;
	case SH_OR_ADDRESS:
		if (!s->address[0])
			show_error(s, order_reason_text(ORDER_E_ADDRESS, s->lang == UI_BN));
		else
			go(s, SH_OR_PAY, now_ms);
		break;
	case SH_OR_TRX:
		if (pay_trx_check(s->pay, s->trx, out, err) != 0) {
			char why[SHOP_FIELD_MAX];

			(void)pay_trx_explain(s->pay, s->trx, s->lang == UI_BN, why, sizeof why);
			show_error(s, why);
		} else {
			ui_utf8_copy(s->trx, sizeof s->trx, out); /* shown as it will be stored */
			go(s, SH_OR_CONFIRM, now_ms);
		}
		break;
	case SH_OR_COLLECT: {
		struct order_draft d = shop_order_draft(s);
		struct order_checked ck;
		int64_t p;

		if (s->collect[0] && money_parse(s->collect, &p) != 0)
			show_error(s, shop_tx(s, T_NOT_AMOUNT));
		else if (order_check(&d, &ck) == ORDER_E_COLLECT) /* over the total */
			show_error(s, order_reason_text(ORDER_E_COLLECT, s->lang == UI_BN));
		else
			go(s, SH_OR_CONFIRM, now_ms);
		break;
	}
	case SH_OR_FIND: {
		char no[sizeof s->find];
		size_t n = 0;

		/* Read out or typed: lowercase and spaces are forgiven. */
		for (const char *p = s->find; *p && n + 1 < sizeof no; p++)
			if (*p != ' ')
				no[n++] = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
		no[n] = '\0';
		if (!order_no_is_valid(no)) {
			show_error(s, shop_tx(s, T_NOT_ORDER_NO));
		} else {
			ui_utf8_copy(s->find, sizeof s->find, no);
			a.kind = SHOP_ACT_OPEN_ORDER;
		}
		break;
	}
	case SH_OR_CONFIRM: {
		struct order_draft d = shop_order_draft(s);
		enum order_reason r = order_check(&d, &s->checked);

		if (r != ORDER_OK)
			show_error(s, order_reason_text(r, s->lang == UI_BN));
		else
			a.kind = SHOP_ACT_SAVE_ORDER;
		break;
	}
	default:
		break;
	}
	return a;
}

static void back(struct shop_ui *s, int64_t now_ms)
{
	static const enum shop_screen prev[SH_SCREEN_COUNT] = {
		[SH_FB_FACE] = SH_FB_PICK, [SH_FB_TAGS] = SH_FB_FACE, [SH_FB_COMMENT] = SH_FB_TAGS,
		[SH_FB_PHONE] = SH_FB_COMMENT, [SH_OR_PRODUCTS] = SH_OR_SELLER,
		[SH_OR_CART] = SH_OR_PRODUCTS, [SH_OR_PHONE] = SH_OR_CART, [SH_OR_NAME] = SH_OR_PHONE,
		[SH_OR_DISTRICT] = SH_OR_NAME, [SH_OR_ADDRESS] = SH_OR_DISTRICT,
		[SH_OR_PAY] = SH_OR_ADDRESS, [SH_OR_TRX] = SH_OR_PAY, [SH_OR_COLLECT] = SH_OR_PAY,
		[SH_OR_FIND] = SH_OR_SELLER, [SH_OR_OPENED] = SH_OR_FIND,
	};
	enum shop_screen to = prev[s->screen];

	if (s->screen == SH_OR_CONFIRM)
		to = s->pay == PAY_COD ? SH_OR_COLLECT
		   : pay_rule(s->pay) && pay_rule(s->pay)->charset != PAY_TRX_NONE ? SH_OR_TRX
		   : SH_OR_PAY;
	if (to == SH_OR_FIND) {
		go(s, to, now_ms);
		return;
	}
	if (to == SH_FB_PICK || to == SH_OR_SELLER) {
		/* Going back to the start keeps nothing but the seller's cart. */
		if (to == SH_FB_PICK)
			go(s, to, now_ms);
		else {
			s->screen = to;
			s->touched_ms = now_ms;
		}
		return;
	}
	s->screen = to;
	s->touched_ms = now_ms;
	s->msg_text[0] = '\0';
	if (to == SH_OR_DISTRICT)
		s->nhits = district_search(s->district_q, s->hits, SHOP_DISTRICT_HITS);
}

struct shop_action shop_press(struct shop_ui *s, int id, int64_t now_ms)
{
	struct shop_action a = {SHOP_ACT_NONE};

	s->touched_ms = now_ms;
	if (id >= SH_T_KEY) {
		struct ui_key k;
		size_t cap;
		char *f = field(s, &cap);

		if (ui_kb_key(s->kb, id - SH_T_KEY, &k) != 0)
			return a;
		if (k.kind == UI_KEY_SWITCH) {
			s->kb = k.to;
			return a;
		}
		if (k.kind == UI_KEY_OK)
			return shop_enter(s, now_ms);
		if (k.kind == UI_KEY_CHAR && (s->screen == SH_PIN || s->screen == SH_OR_COLLECT)) {
			char dg = ascii_digit(k.text);

			if (!dg && !(s->screen == SH_OR_COLLECT && strcmp(k.text, ".") == 0))
				return a;
			if (dg) {
				k.text[0] = dg;
				k.text[1] = '\0';
			}
		}
		if (f && s->screen == SH_OR_ADDRESS && s->address_saved) {
			editing(s);
			if (k.kind == UI_KEY_DELETE) {
				changed(s);
				return a;
			}
		}
		if (f && ui_kb_apply(&k, f, cap))
			changed(s);
		return a;
	}
	switch (id) {
	case SH_T_LANG:
		s->lang = s->lang == UI_BN ? UI_EN : UI_BN;
		if (s->screen == SH_FB_TAGS && s->fb_item < 0)
			load_tags(s); /* the meetup's common tags come in the guest's language */
		a.kind = SHOP_ACT_LANG;
		return a;
	case SH_T_MENU:
		shop_escape(s, now_ms);
		return a;
	case SH_T_BACK:
		if (s->screen == SH_PIN)
			go(s, s->before_pin, now_ms);
		else
			back(s, now_ms);
		return a;
	case SH_T_NEXT: case SH_T_SKIP: case SH_T_CONFIRM: case SH_T_CART:
		if (id == SH_T_SKIP) {
			/* Skipping clears what the step held. */
			if (s->screen == SH_FB_COMMENT)
				s->comment[0] = '\0';
			if (s->screen == SH_FB_PHONE)
				s->phone[0] = '\0';
			if (s->screen == SH_FB_TAGS)
				memset(s->tag_on, 0, sizeof s->tag_on);
		}
		if (s->screen == SH_PIN) {
			a.kind = SHOP_ACT_PIN;
			return a;
		}
		return next(s, now_ms);
	case SH_T_OK:
		if (s->screen == SH_ERROR) {
			s->screen = s->before_pin;
			s->msg_text[0] = '\0';
		}
		return a;
	case SH_T_NEW:
		go(s, start_screen(s), now_ms);
		return a;
	case SH_T_PRINT:
		/* One job at a time; a finished one may be printed again. */
		if (s->screen == SH_OR_RECEIPT && s->has_printer && s->print != SHOP_PRINT_BUSY) {
			s->print = SHOP_PRINT_BUSY;
			a.kind = SHOP_ACT_PRINT;
		}
		return a;
	case SH_T_MEETUP:
		go(s, SH_FB_FACE, now_ms);
		s->fb_item = -1;
		s->fb_seller = -1;
		return a;
	case SH_T_PREV_PAGE:
		if (s->page > 0)
			s->page--;
		return a;
	case SH_T_NEXT_PAGE:
		s->page++;
		return a;
	case SH_T_FIND:
		if (s->screen == SH_OR_SELLER || s->screen == SH_OR_OPENED)
			go(s, SH_OR_FIND, now_ms);
		return a;
	case SH_T_USE_SAVED:
		/* Confirmed as it is: kept in full for the order, shown masked. */
		if (s->screen == SH_OR_ADDRESS && s->returning && s->customer.address[0]) {
			ui_utf8_copy(s->address, sizeof s->address, s->customer.address);
			s->address_saved = 1;
			return next(s, now_ms);
		}
		return a;
	case SH_T_USE_NAME:
		/* Offered only once the guest typed how the saved name begins. */
		if (s->screen == SH_OR_NAME && s->returning &&
		    reveal_name_offer(s->name, s->customer.name)) {
			ui_utf8_copy(s->name, sizeof s->name, s->customer.name);
			return next(s, now_ms);
		}
		return a;
	default:
		break;
	}
	if (id >= SH_T_ITEM && id < SH_T_ITEM + 300 && id - SH_T_ITEM < s->nitems) {
		int item = id - SH_T_ITEM;

		if (s->screen == SH_FB_PICK) {
			go(s, SH_FB_FACE, now_ms);
			s->fb_item = item;
		} else if (s->screen == SH_OR_PRODUCTS && s->nsellers > 0 &&
			   item >= s->seller_first[s->seller] && item < shop_seller_end(s, s->seller)) {
			shop_cart_add(s, item); /* one order is for one seller */
		}
	} else if (id >= SH_T_SELLER && id < SH_T_SELLER + SHOP_SELLERS_MAX &&
		   id - SH_T_SELLER < s->nsellers && s->screen == SH_FB_PICK) {
		go(s, SH_FB_FACE, now_ms);
		s->fb_item = -1;
		s->fb_seller = id - SH_T_SELLER; /* feedback on the seller as a whole */
	} else if (id >= SH_T_SELLER && id < SH_T_SELLER + SHOP_SELLERS_MAX &&
		   id - SH_T_SELLER < s->nsellers && s->screen == SH_OR_SELLER) {
		int k = id - SH_T_SELLER;

		if (k != s->seller)
			s->ncart = 0; /* one order is for one seller */
		s->seller = k;
		s->page = 0;
		s->screen = SH_OR_PRODUCTS;
	} else if (id > SH_T_FACE && id <= SH_T_FACE + 4 && s->screen == SH_FB_FACE) {
		s->fb_face = id - SH_T_FACE;
		load_tags(s);
		s->screen = SH_FB_TAGS;
	} else if (id >= SH_T_TAG && id < SH_T_TAG + s->ntags && s->screen == SH_FB_TAGS) {
		s->tag_on[id - SH_T_TAG] ^= 1;
	} else if (id >= SH_T_MINUS && id < SH_T_MINUS + s->ncart) {
		struct order_line *l = &s->cart[id - SH_T_MINUS];

		(void)order_line_set_qty(l, l->qty - 1);
		s->msg_text[0] = '\0';
	} else if (id >= SH_T_PLUS && id < SH_T_PLUS + s->ncart) {
		struct order_line *l = &s->cart[id - SH_T_PLUS];

		(void)order_line_set_qty(l, l->qty + 1);
	} else if (id >= SH_T_DISTRICT && id < SH_T_DISTRICT + s->nhits) {
		s->district = s->hits[id - SH_T_DISTRICT];
		ui_utf8_copy(s->district_q, sizeof s->district_q,
		     s->lang == UI_BN ? district_at(s->district)->bn : district_at(s->district)->en);
		go(s, SH_OR_ADDRESS, now_ms);
	} else if (id >= SH_T_PAY && id < SH_T_PAY + PAY_COUNT && s->screen == SH_OR_PAY) {
		enum pay_method m = (enum pay_method)(id - SH_T_PAY);

		if (m != s->pay)
			s->trx[0] = '\0';
		s->pay = m;
		if (m == PAY_COD) {
			/* Empty means the total (shown as the hint), so a changed cart
			 * never leaves an old amount behind. */
			go(s, SH_OR_COLLECT, now_ms);
		} else if (pay_rule(m)->charset != PAY_TRX_NONE) {
			const struct shop_seller_pay *sp = shop_seller_pay_of(s);

			go(s, SH_OR_TRX, now_ms);
			if (sp && sp->qr[0])
				a.kind = SHOP_ACT_PAY_QR;
		} else {
			go(s, SH_OR_CONFIRM, now_ms);
		}
	}
	return a;
}

void shop_set_opened(struct shop_ui *s, int found, const struct shop_opened *o,
		     int64_t now_ms)
{
	s->touched_ms = now_ms;
	if (found != 1) {
		show_error(s, shop_tx(s, T_NO_SUCH_ORDER));
		return;
	}
	s->opened = *o;
	s->opened_found = 1;
	s->screen = SH_OR_OPENED;
	s->msg_text[0] = '\0';
}

void shop_set_customer(struct shop_ui *s, int found, const struct shop_customer *c,
		       int64_t now_ms)
{
	s->returning = found == 1;
	memset(&s->customer, 0, sizeof s->customer);
	if (s->address_saved) { /* another phone: not the last one's address */
		s->address[0] = '\0';
		s->address_saved = 0;
	}
	if (s->returning) {
		/* Kept, not filled in: the name waits for its first letters and the
		 * address for a tap on its masked form (draw_or_name, _address). */
		s->customer = *c;
		if (s->district < 0 && c->district[0] && (s->district = district_find(c->district)) >= 0)
			ui_utf8_copy(s->district_q, sizeof s->district_q,
			     s->lang == UI_BN ? district_at(s->district)->bn : district_at(s->district)->en);
	}
	go(s, SH_OR_NAME, now_ms);
}

struct shop_action shop_pin_result(struct shop_ui *s, int result, int64_t now_ms)
{
	struct shop_action a = {SHOP_ACT_NONE};

	s->pin[0] = '\0';
	s->touched_ms = now_ms;
	if (result == 1)
		a.kind = SHOP_ACT_QUIT;
	else
		show_error(s, shop_tx(s, result == -2 ? T_PIN_LOCKED : T_PIN_WRONG));
	return a;
}

int shop_tick(struct shop_ui *s, int64_t now_ms)
{
	int64_t idle = s->mode == SHOP_FEEDBACK ? SHOP_FB_IDLE_MS : SHOP_OR_IDLE_MS;
	enum shop_screen st = start_screen(s);

	if (s->screen == SH_FB_THANKS && now_ms >= s->until_ms) {
		go(s, st, now_ms);
		return 1;
	}
	if (s->screen != st && s->screen != SH_ERROR && now_ms - s->touched_ms >= idle) {
		go(s, st, now_ms);
		return 1;
	}
	if (s->screen == SH_FB_PICK && s->page != 0 && now_ms - s->touched_ms >= idle) {
		s->page = 0;
		return 1;
	}
	return 0;
}

int shop_wake_ms(const struct shop_ui *s, int64_t now_ms)
{
	int64_t idle = s->mode == SHOP_FEEDBACK ? SHOP_FB_IDLE_MS : SHOP_OR_IDLE_MS, t;

	if (s->screen == SH_FB_THANKS)
		t = s->until_ms - now_ms;
	else if (s->screen == start_screen(s) && s->page == 0)
		return -1;
	else if (s->screen == SH_ERROR)
		return -1;
	else
		t = s->touched_ms + idle - now_ms;
	return t < 0 ? 0 : t > 600000 ? 600000 : (int)t;
}

const char *shop_screen_name(enum shop_screen sc)
{
	static const char *const names[SH_SCREEN_COUNT] = {
		"fb_pick", "fb_face", "fb_tags", "fb_comment", "fb_phone", "fb_thanks",
		"or_seller", "or_products", "or_cart", "or_phone", "or_name", "or_district",
		"or_address", "or_pay", "or_trx", "or_collect", "or_confirm", "or_receipt",
		"or_find", "or_opened", "error", "pin",
	};
	return (int)sc >= 0 && sc < SH_SCREEN_COUNT ? names[sc] : "?";
}
