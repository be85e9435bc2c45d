/* screen_shop.c - the feedback and orders screens: state machine and draw
 * lists. Pure: libc only. Layouts derive from struct ui_metrics alone, so
 * every screen works from 800x480 to 1920x1080. */
#include "screen_shop.h"

#include <stdio.h>
#include <string.h>

#include "core/courier.h"
#include "core/feedback.h"
#include "core/money.h"
#include "core/phone.h"
#include "ui_text.h"

static const struct ui_color BG = {0xFF, 0xFF, 0xFF, 0xFF};
static const struct ui_color FG = {0x11, 0x11, 0x11, 0xFF};
static const struct ui_color MUTED = {0x44, 0x44, 0x44, 0xFF};
static const struct ui_color ACCENT = {0x0B, 0x3D, 0x91, 0xFF};
static const struct ui_color WHITE = {0xFF, 0xFF, 0xFF, 0xFF};
static const struct ui_color BAR = {0xE8, 0xEE, 0xF8, 0xFF};
static const struct ui_color GREEN = {0x1E, 0x7B, 0x34, 0xFF};
static const struct ui_color RED = {0xB3, 0x26, 0x1E, 0xFF};
static const struct ui_color PANEL = {0xF4, 0xF4, 0xF4, 0xFF};
static const struct ui_color ON = {0xFF, 0xE0, 0x82, 0xFF};
static const struct ui_color AMBER = {0x9A, 0x5B, 0x00, 0xFF};
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
/* Faces from very unhappy to very happy: red, orange, light green, green,
 * each with dark text above 4.5:1. */
static const struct ui_color FACE[5] = {
	{0, 0, 0, 0}, {0xF2, 0x9B, 0x93, 0xFF}, {0xF8, 0xC8, 0x8A, 0xFF},
	{0xB9, 0xE3, 0xA8, 0xFF}, {0x7F, 0xCF, 0x8A, 0xFF},
};

/* ---------------------------------------------------------------- strings */

enum t {
	T_FB_PICK, T_MEETUP, T_FB_FACE, T_FACE1, T_FACE2, T_FACE3, T_FACE4, T_FB_TAGS,
	T_FB_COMMENT, T_FB_PHONE, T_THANKS, T_THANKS_SUB, T_NEXT, T_SKIP, T_BACK, T_DONE,
	T_OR_SELLER, T_OR_PRODUCTS, T_CART, T_CART_EMPTY, T_OR_CART, T_TOTAL, T_OR_PHONE,
	T_OR_NAME, T_OR_DISTRICT, T_OR_ADDRESS, T_OR_PAY, T_OR_TRX, T_OR_COLLECT, T_OR_CONFIRM,
	T_CONFIRM, T_RECEIPT, T_ORDER_NO, T_NEW_ORDER, T_PHOTO_QR, T_WELCOME_BACK, T_NEW_CUSTOMER,
	T_SAVE_FAILED, T_SAVE_FAILED_SUB, T_OK, T_PIN, T_PIN_WRONG, T_PIN_LOCKED, T_BAD_PHONE,
	T_LEFT, T_SOLD_OUT, T_PAGE, T_NO_PRODUCTS, T_DISTRICT_HINT, T_CHOSEN, T_PAY_WITH,
	T_COLLECT_AMOUNT, T_PAID, T_LANG, T_OPTIONAL, T_USE_SAVED, T_FIND_ORDER, T_OR_FIND,
	T_NOT_ORDER_NO, T_NO_SUCH_ORDER, T_CANCELLED, T_SEND_TO, T_ASK_NUMBER, T_COLLECT_EMPTY,
	T_NOT_AMOUNT, T_SELLER, T_NOTHING_TO_MATCH, T_ARRIVED, T_IMPORT_HINT, T_OPEN_ANOTHER,
	T_RECORD, T_COD_CHECK, T_DELIVERY_CHARGE, T_ONE_SELLER,
	T_COUNT
};

static const char *const text_tab[T_COUNT][2] = {
	[T_FB_PICK] = {"আপনি কোনটি চেখে দেখেছেন?", "What did you try?"},
	[T_MEETUP] = {"পুরো মিটআপ", "The whole meetup"},
	[T_FB_FACE] = {"কেমন লাগল?", "How was it?"},
	[T_FACE1] = {"খুব খারাপ", "Very bad"},
	[T_FACE2] = {"খারাপ", "Bad"},
	[T_FACE3] = {"ভালো", "Good"},
	[T_FACE4] = {"খুব ভালো", "Very good"},
	[T_FB_TAGS] = {"কোন বিষয়ে বলবেন? (যত খুশি বাছুন)", "What is it about? (pick any)"},
	[T_FB_COMMENT] = {"আরও কিছু বলবেন? (ঐচ্ছিক)", "Anything else? (optional)"},
	[T_FB_PHONE] = {"যোগাযোগের জন্য মোবাইল নম্বর (ঐচ্ছিক)", "Mobile number to contact you (optional)"},
	[T_THANKS] = {"ধন্যবাদ!", "Thank you!"},
	[T_THANKS_SUB] = {"আপনার মতামত জমা হয়েছে", "Your feedback is saved"},
	[T_NEXT] = {"পরবর্তী", "Next"},
	[T_SKIP] = {"বাদ দিন", "Skip"},
	[T_BACK] = {"পেছনে", "Back"},
	[T_DONE] = {"জমা দিন", "Send"},
	[T_OR_SELLER] = {"বিক্রেতা বেছে নিন", "Choose the seller"},
	[T_OR_PRODUCTS] = {"পণ্য বেছে নিন", "Choose products"},
	[T_CART] = {"কার্ট", "Cart"},
	[T_CART_EMPTY] = {"কার্ট খালি", "Cart is empty"},
	[T_OR_CART] = {"কার্ট: পরিমাণ ঠিক করুন", "Cart: set quantities"},
	[T_TOTAL] = {"মোট", "Total"},
	[T_OR_PHONE] = {"ক্রেতার মোবাইল নম্বর", "Customer's mobile number"},
	[T_OR_NAME] = {"ক্রেতার নাম", "Customer's name"},
	[T_OR_DISTRICT] = {"জেলা", "District"},
	[T_OR_ADDRESS] = {"ঠিকানা", "Address"},
	[T_OR_PAY] = {"পেমেন্ট কীভাবে?", "How is it paid?"},
	[T_OR_TRX] = {"ট্রানজেকশন আইডি (TrxID)", "Transaction ID (TrxID)"},
	[T_OR_COLLECT] = {"ডেলিভারিতে কত টাকা আদায় হবে?", "Amount to collect on delivery"},
	[T_OR_CONFIRM] = {"অর্ডার মিলিয়ে নিন", "Check the order"},
	[T_CONFIRM] = {"নিশ্চিত করুন", "Confirm"},
	[T_RECEIPT] = {"অর্ডার নেওয়া হয়েছে", "Order placed"},
	[T_ORDER_NO] = {"অর্ডার নম্বর", "Order number"},
	[T_NEW_ORDER] = {"নতুন অর্ডার", "New order"},
	[T_PHOTO_QR] = {"QR কোডের ছবি তুলে রাখুন", "Take a photo of the QR code"},
	[T_WELCOME_BACK] = {"আবার স্বাগতম!", "Welcome back!"},
	[T_NEW_CUSTOMER] = {"নতুন ক্রেতা", "New customer"},
	[T_SAVE_FAILED] = {"সংরক্ষণ হয়নি", "Not saved"},
	[T_SAVE_FAILED_SUB] = {"আবার চেষ্টা করুন বা আয়োজককে ডাকুন", "Try again or call the organizer"},
	[T_OK] = {"ঠিক আছে", "OK"},
	[T_PIN] = {"আয়োজকের পিন", "Organizer PIN"},
	[T_PIN_WRONG] = {"ভুল পিন", "Wrong PIN"},
	[T_PIN_LOCKED] = {"অনেকবার ভুল: এক মিনিট অপেক্ষা করুন", "Too many tries: wait a minute"},
	[T_BAD_PHONE] = {"বাংলাদেশি মোবাইল নম্বর নয়", "Not a Bangladeshi mobile number"},
	[T_LEFT] = {"বাকি", "left"},
	[T_SOLD_OUT] = {"শেষ", "Sold out"},
	[T_PAGE] = {"পাতা", "Page"},
	[T_NO_PRODUCTS] = {"কোনো পণ্য নেই: kiosk catalog import", "No products yet: kiosk catalog import"},
	[T_DISTRICT_HINT] = {"জেলার নামের শুরু লিখুন", "Type the start of the district"},
	[T_CHOSEN] = {"বাছাই", "Chosen"},
	[T_PAY_WITH] = {"পেমেন্ট", "Payment"},
	[T_COLLECT_AMOUNT] = {"আদায়", "Collect"},
	[T_PAID] = {"পরিশোধিত", "Paid"},
	[T_LANG] = {"English", "বাংলা"},
	[T_OPTIONAL] = {"ঐচ্ছিক", "optional"},
	[T_USE_SAVED] = {"আগের ঠিকানা", "Saved address"},
	[T_FIND_ORDER] = {"অর্ডার খুলুন", "Open an order"},
	[T_OR_FIND] = {"অর্ডার নম্বর লিখুন", "Type the order number"},
	[T_NOT_ORDER_NO] = {"অর্ডার নম্বর সঠিক নয়", "Not an order number"},
	[T_NO_SUCH_ORDER] = {"এই নম্বরে কোনো অর্ডার নেই", "No order with this number"},
	[T_CANCELLED] = {"বাতিল অর্ডার", "Cancelled order"},
	[T_SEND_TO] = {"এই নম্বরে পাঠান", "Send to"},
	[T_ASK_NUMBER] = {"বিক্রেতার কাছে নম্বর জেনে নিন", "Ask the seller for the number"},
	[T_COLLECT_EMPTY] = {"খালি রাখলে মোট টাকা", "Left empty: the total"},
	[T_NOT_AMOUNT] = {"টাকার পরিমাণ সঠিক নয়", "Not an amount"},
	[T_SELLER] = {"বিক্রেতা", "Seller"},
	[T_NOTHING_TO_MATCH] = {"এই পেমেন্ট মেলানোর কিছু নেই", "Nothing to match for this payment"},
	[T_ARRIVED] = {"এসেছে", "arrived"},
	[T_IMPORT_HINT] = {"বিক্রেতার SMS ইমপোর্ট করলে মিলবে", "Matched once the seller's SMS are imported"},
	[T_OPEN_ANOTHER] = {"আরেকটি অর্ডার", "Another order"},
	[T_DELIVERY_CHARGE] = {"ডেলিভারি চার্জ", "Delivery charge"},
	[T_ONE_SELLER] = {"এই অর্ডার শুধু %s-এর পণ্যের; অন্য বিক্রেতার জন্য আলাদা অর্ডার",
			  "This order is for %s only; another seller's products are a new order"},
	[T_RECORD] = {"%s বার পেয়েছেন, %s বার ফেরত", "received %s times, returned %s"},
	[T_COD_CHECK] = {"পার্সেল প্রায়ই ফেরত: ক্যাশ অন ডেলিভারির আগে ফোনে নিশ্চিত করুন",
			 "Parcels often returned: confirm by phone before cash on delivery"},
};

static const char *tx(const struct shop_ui *s, enum t t)
{
	return text_tab[t][s->lang == UI_BN ? 0 : 1];
}

static void money(const struct shop_ui *s, int64_t poisha, char out[MONEY_TEXT_MAX])
{
	if (money_format(poisha, s->lang == UI_BN ? "bn" : "en", out, MONEY_TEXT_MAX) < 0)
		out[0] = '\0'; /* cannot happen: MONEY_TEXT_MAX holds any int64 */
}

static void count(const struct shop_ui *s, int64_t n, char out[32])
{
	if (ui_fmt_count(n, s->lang, out, 32) < 0)
		out[0] = '\0';
}

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

static int seller_end(const struct shop_ui *s, int k)
{
	return k + 1 < s->nsellers ? s->seller_first[k + 1] : s->nitems;
}

/* Feedback tags: the product's own, or for the whole meetup the common ones. */
static void load_tags(struct shop_ui *s)
{
	static const char *const common[2][7] = {
		{"মান", "দাম", "প্যাকেজিং", "ডেলিভারি", "সেবা", "স্বাদ", "আয়োজন"},
		{"quality", "price", "packaging", "delivery", "service", "taste", "venue"},
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
			ui_utf8_copy(s->tag[s->ntags++], sizeof s->tag[0], common[s->lang == UI_BN ? 0 : 1][i]);
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

static int64_t cart_total(const struct shop_ui *s)
{
	int64_t t = 0;

	if (order_total(s->cart, s->ncart, &t) != 0)
		return -1;
	return t;
}

/* What the guest pays: the cart and the delivery charge of the district
 * chosen (0 before one is). Never below 0. */
static int64_t order_sum(const struct shop_ui *s)
{
	int64_t t = cart_total(s);

	if (t < 0)
		return 0;
	return t + order_delivery_charge(s->district, s->delivery_inside, s->delivery_outside);
}

static int cart_count(const struct shop_ui *s)
{
	int n = 0;

	for (int i = 0; i < s->ncart; i++)
		n += s->cart[i].qty;
	return n;
}

static void cart_add(struct shop_ui *s, int item)
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

static const char *field_c(const struct shop_ui *s)
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
	char *f = field(s, &cap);

	s->touched_ms = now_ms;
	if (!f || !utf8)
		return a;
	for (const char *p = utf8; *p; p++) {
		/* Digit-only fields take ASCII digits only. */
		if ((s->screen == SH_PIN || s->screen == SH_OR_COLLECT) &&
		    !(*p >= '0' && *p <= '9') && !(s->screen == SH_OR_COLLECT && *p == '.'))
			return a;
	}
	len = strlen(f);
	n = strlen(utf8);
	if (len + n + 1 > cap)
		return a;
	memcpy(f + len, utf8, n + 1);
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
	if (f && ui_kb_apply(&k, f, cap))
		changed(s);
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
			show_error(s, tx(s, T_BAD_PHONE));
			break;
		}
		a.kind = SHOP_ACT_SAVE_FEEDBACK;
		break;
	case SH_OR_PRODUCTS:
		if (s->ncart > 0)
			go(s, SH_OR_CART, now_ms);
		break;
	case SH_OR_CART:
		if (cart_count(s) > 0)
			go(s, SH_OR_PHONE, now_ms);
		else
			show_error(s, tx(s, T_CART_EMPTY));
		break;
	case SH_OR_PHONE: {
		char p[PHONE_LEN];

		if (phone_normalise(s->phone, p) != 0) {
			show_error(s, tx(s, T_BAD_PHONE));
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
		int64_t p;

		if (s->collect[0] && money_parse(s->collect, &p) != 0)
			show_error(s, tx(s, T_NOT_AMOUNT));
		else if (d.collect_poisha > ORDER_TOTAL_MAX)
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
			show_error(s, tx(s, T_NOT_ORDER_NO));
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
		if (s->returning && s->customer.address[0]) {
			ui_utf8_copy(s->address, sizeof s->address, s->customer.address);
			s->msg_text[0] = '\0';
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
			   item >= s->seller_first[s->seller] && item < seller_end(s, s->seller)) {
			cart_add(s, item); /* one order is for one seller */
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
	s->screen = SH_OR_RECEIPT;
}

void shop_set_opened(struct shop_ui *s, int found, const struct shop_opened *o,
		     int64_t now_ms)
{
	s->touched_ms = now_ms;
	if (found != 1) {
		show_error(s, tx(s, T_NO_SUCH_ORDER));
		return;
	}
	s->opened = *o;
	s->opened_found = 1;
	s->screen = SH_OR_OPENED;
	s->msg_text[0] = '\0';
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

void shop_set_customer(struct shop_ui *s, int found, const struct shop_customer *c,
		       int64_t now_ms)
{
	s->returning = found == 1;
	if (s->returning) {
		s->customer = *c;
		if (!s->name[0])
			ui_utf8_copy(s->name, sizeof s->name, c->name);
		if (s->district < 0 && c->district[0] && (s->district = district_find(c->district)) >= 0)
			ui_utf8_copy(s->district_q, sizeof s->district_q,
			     s->lang == UI_BN ? district_at(s->district)->bn : district_at(s->district)->en);
		if (!s->address[0])
			ui_utf8_copy(s->address, sizeof s->address, c->address);
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
		show_error(s, tx(s, result == -2 ? T_PIN_LOCKED : T_PIN_WRONG));
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

/* ------------------------------------------------------------------ draw */

static int maxi(int a, int b) { return a > b ? a : b; }
static int mini(int a, int b) { return a < b ? a : b; }

/* The top bar: Back (when back is 1), the title, the language switch and
 * the organizer button. Returns the rest of the screen. */
static struct ui_rect top_bar(const struct shop_ui *s, const struct ui_metrics *m,
			      struct ui_list *l, const char *title, int back)
{
	struct ui_rect r = {0, 0, m->w, m->h}, bar = ui_cut_top(&r, m->bar), b;
	int bw = maxi(m->target * 2, m->w / 8);

	ui_fill(l, r, BG);
	ui_fill(l, bar, BAR);
	b = ui_cut_left(&bar, bw);
	if (back)
		ui_button(l, SH_T_BACK, ui_inset(b, m->pad / 2), tx(s, T_BACK), m->text_small, PANEL, FG);
	b = ui_cut_right(&bar, bw);
	ui_button(l, SH_T_MENU, ui_inset(b, m->pad / 2), ui_str(S_MENU, s->lang), m->text_small,
		  PANEL, MUTED);
	b = ui_cut_right(&bar, bw);
	ui_button(l, SH_T_LANG, ui_inset(b, m->pad / 2), tx(s, T_LANG), m->text_small, PANEL, ACCENT);
	ui_text(l, ui_inset(bar, m->pad), title, m->text_body, 1, FG, UI_CENTER);
	return ui_inset(r, m->pad);
}

/* A text field with its label and the Skip/Next buttons on one row; returns
 * what is left below it for a keyboard. */
static struct ui_rect field_row(const struct shop_ui *s, const struct ui_metrics *m,
				struct ui_list *l, struct ui_rect r, int skip, enum t next_label)
{
	struct ui_rect row = ui_cut_top(&r, m->bar), b;
	int bw = maxi(m->target * 2, m->w / 7);
	char shown[SHOP_FIELD_MAX + 8];
	const char *f = field_c(s);

	b = ui_cut_right(&row, bw);
	ui_button(l, SH_T_NEXT, ui_inset(b, m->pad / 2), tx(s, next_label), m->text_small, GREEN, WHITE);
	if (skip) {
		b = ui_cut_right(&row, bw);
		ui_button(l, SH_T_SKIP, ui_inset(b, m->pad / 2), tx(s, T_SKIP), m->text_small, PANEL, FG);
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
		money(s, order_sum(s), tot);
		(void)snprintf(shown, sizeof shown, "|  %s: %s", tx(s, T_COLLECT_EMPTY), tot);
		ui_text(l, ui_inset(row, m->pad), shown, m->text_body, 0, MUTED, UI_LEFT);
		shown[0] = '\0';
	} else if (s->screen == SH_OR_COLLECT || s->screen == SH_OR_PHONE ||
		   s->screen == SH_FB_PHONE) {
		char d[SHOP_FIELD_MAX];

		/* Numbers typed on a keypad are shown in the keypad's digits. */
		if (ui_fmt_digits(f ? f : "", s->lang, d, sizeof d) < 0)
			d[0] = '\0';
		(void)snprintf(shown, sizeof shown, "%s|", d);
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
		money(s, it->price_poisha, price);
		if (sold_out) {
			(void)snprintf(txt, sizeof txt, "%s · %s", price, tx(s, T_SOLD_OUT));
		} else if (it->left > 0) {
			count(s, it->left, n);
			(void)snprintf(txt, sizeof txt, "%s · %s %s", price, n, tx(s, T_LEFT));
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

		count(s, qty, n);
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
		count(s, s->page + 1, a);
		count(s, pages, z);
		(void)snprintf(t, sizeof t, "%s %s / %s", tx(s, T_PAGE), a, z);
		ui_text(l, bottom, t, m->text_small, 0, MUTED, UI_CENTER);
	}
}

static void draw_fb_pick(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_FB_PICK), 0), bottom;
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
	pager(s, m, l, bottom, pages, SH_T_MEETUP, tx(s, T_MEETUP), ACCENT);
}

/* A face of plain rectangles (no emoji font needed): eyes, and a mouth whose
 * ends rise for happy faces and fall for unhappy ones. */
static void draw_face(struct ui_list *l, struct ui_rect r, int face)
{
	int d = mini(r.w, r.h), cx = r.x + r.w / 2, cy = r.y + r.h / 2;
	int e = maxi(d / 10, 4), curve = (face - 2) * 2 - 1; /* -3, -1, 1, 3 */
	struct ui_rect ring = ui_center(r, d, d);

	ui_frame(l, ring, FG, maxi(d / 40, 2));
	ui_fill(l, (struct ui_rect){cx - d / 5 - e / 2, cy - d / 6 - e / 2, e, e}, FG);
	ui_fill(l, (struct ui_rect){cx + d / 5 - e / 2, cy - d / 6 - e / 2, e, e}, FG);
	for (int k = -6; k <= 6; k++) {
		/* y offset grows with the distance from the middle: a parabola; the
		 * short segments overlap so the mouth reads as one line. */
		int y = cy + d / 6 - curve * (k * k) * d / 520;

		ui_fill(l, (struct ui_rect){cx + k * d / 28 - d / 40, y, d / 20, maxi(d / 22, 3)}, FG);
	}
}

static void draw_fb_face(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	const char *what = s->fb_item >= 0 ? s->items[s->fb_item].product
			 : s->fb_seller >= 0 ? s->items[s->seller_first[s->fb_seller]].seller
			 : tx(s, T_MEETUP);
	struct ui_rect r = top_bar(s, m, l, tx(s, T_FB_FACE), 1), head;
	int landscape = m->w >= m->h;

	head = ui_cut_top(&r, m->text_big + m->pad);
	ui_text(l, head, what, m->text_big, 1, ACCENT, UI_CENTER);
	for (int f = 1; f <= 4; f++) {
		struct ui_rect c = ui_grid(r, landscape ? 4 : 2, landscape ? 1 : 2, f - 1, m->pad), lab;

		ui_fill(l, c, FACE[f]);
		ui_frame(l, c, FG, 2);
		lab = ui_cut_bottom(&c, m->text_body + m->pad);
		ui_text(l, lab, tx(s, (enum t)(T_FACE1 + f - 1)), m->text_body, 1, FG, UI_CENTER);
		draw_face(l, ui_inset(c, m->pad * 2), f);
		ui_target(l, ui_grid(r, landscape ? 4 : 2, landscape ? 1 : 2, f - 1, m->pad), SH_T_FACE + f);
	}
}

static void draw_fb_tags(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_FB_TAGS), 1), bottom, b;
	int cols = m->w >= m->h ? 4 : 2, rows = maxi(1, (s->ntags + cols - 1) / cols);
	int bw = maxi(m->target * 3, m->w / 5);

	bottom = ui_cut_bottom(&r, m->bar);
	b = ui_cut_right(&bottom, bw);
	ui_button(l, SH_T_NEXT, ui_inset(b, m->pad / 2), tx(s, T_NEXT), m->text_body, GREEN, WHITE);
	b = ui_cut_right(&bottom, bw);
	ui_button(l, SH_T_SKIP, ui_inset(b, m->pad / 2), tx(s, T_SKIP), m->text_body, PANEL, FG);
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
			enum t title, int skip, enum t next_label)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, title), 1);

	r = field_row(s, m, l, r, skip, next_label);
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
	ui_text(l, ui_inset(a, m->pad), tx(s, T_THANKS), m->text_huge, 1, WHITE, UI_CENTER);
	ui_text(l, ui_inset(b, m->pad), tx(s, T_THANKS_SUB), m->text_big, 0, WHITE, UI_CENTER);
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
	ui_text(l, ui_inset(a, m->pad), tx(s, T_SAVE_FAILED), m->text_huge, 1, WHITE, UI_CENTER);
	ui_text(l, ui_inset(b, m->pad), s->msg_text, m->text_body, 0, WHITE, UI_CENTER);
	ui_text(l, ui_inset(c, m->pad), tx(s, T_SAVE_FAILED_SUB), m->text_body, 0, WHITE, UI_CENTER);
	ui_button(l, SH_T_OK, ui_center(r, maxi(m->target * 4, m->w / 4), m->bar), tx(s, T_OK),
		  m->text_body, WHITE, RED);
}

static void draw_or_seller(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_OR_SELLER), 0);
	int cols = m->w >= m->h ? 3 : 2, rows = maxi(1, mini(5, (s->nsellers + cols - 1) / cols));

	struct ui_rect bottom = ui_cut_bottom(&r, m->bar);

	/* The seller opens an order a guest shows (its payment as matched). */
	ui_button(l, SH_T_FIND, ui_inset(ui_cut_right(&bottom, maxi(m->target * 4, m->w / 3)),
					 m->pad / 2), tx(s, T_FIND_ORDER), m->text_body, PANEL, ACCENT);
	if (s->nsellers == 0)
		ui_text(l, r, tx(s, T_NO_PRODUCTS), m->text_body, 0, MUTED, UI_CENTER);
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
	int end = s->nsellers ? seller_end(s, s->seller) : 0, n = end - first_item;
	const char *title = s->nsellers ? s->items[first_item].seller : tx(s, T_OR_PRODUCTS);
	struct ui_rect r = top_bar(s, m, l, title, 1), bottom;
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
	money(s, cart_total(s) < 0 ? 0 : cart_total(s), total);
	count(s, cart_count(s), c);
	if (s->ncart > 0)
		(void)snprintf(t, sizeof t, "%s: %s · %s", tx(s, T_CART), c, total);
	else
		(void)snprintf(t, sizeof t, "%s", tx(s, T_CART_EMPTY));
	pager(s, m, l, bottom, pages, SH_T_CART, t, s->ncart > 0 ? GREEN : PANEL);
}

static void draw_or_cart(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_OR_CART), 1), bottom, b;
	int bw = maxi(m->target * 3, m->w / 5), rowh = maxi(m->bar, m->target + m->pad);
	char t[200], tot[MONEY_TEXT_MAX], line[MONEY_TEXT_MAX], q[32];

	bottom = ui_cut_bottom(&r, m->bar);
	b = ui_cut_right(&bottom, bw);
	ui_button(l, SH_T_NEXT, ui_inset(b, m->pad / 2), tx(s, T_NEXT), m->text_body, GREEN, WHITE);
	money(s, cart_total(s) < 0 ? 0 : cart_total(s), tot);
	(void)snprintf(t, sizeof t, "%s: %s", tx(s, T_TOTAL), tot);
	ui_text(l, ui_inset(bottom, m->pad), t, m->text_body, 1, FG, UI_LEFT);
	if (s->nsellers > 0) {
		char one[400];

		/* One order is one seller's parcel: said before the guest goes on. */
		(void)snprintf(one, sizeof one, tx(s, T_ONE_SELLER),
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
		money(s, ln->unit_poisha * ln->qty, line);
		ui_text(l, cell, line, m->text_body, 1, FG, UI_RIGHT);
		cell = ui_cut_right(&row, maxi(m->target, rowh));
		ui_button(l, SH_T_PLUS + i, ui_inset(cell, m->pad / 4), "+", m->text_body, ACCENT, WHITE);
		cell = ui_cut_right(&row, maxi(m->target, rowh));
		count(s, ln->qty, q);
		ui_text(l, cell, q, m->text_body, 1, FG, UI_CENTER);
		cell = ui_cut_right(&row, maxi(m->target, rowh));
		ui_button(l, SH_T_MINUS + i, ui_inset(cell, m->pad / 4), "−", m->text_body, PANEL, FG);
		money(s, ln->unit_poisha, line);
		(void)snprintf(t, sizeof t, "%s  (%s)", ln->name, line);
		ui_text(l, ui_inset(row, m->pad), t, m->text_body, 0, FG, UI_LEFT);
	}
}

static void draw_or_name(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_OR_NAME), 1), greet;

	greet = ui_cut_top(&r, m->text_small + m->pad);
	if (s->returning) {
		char t[600], rec[160], a[32], b[32];
		const struct shop_customer *c = &s->customer;
		int risky = courier_risk_of(c->delivered, c->returned, 0) == COURIER_RISK_HIGH;

		/* A returning customer with parcels: "৩ বার পেয়েছেন, ১ বার ফেরত",
		 * red when they come back often, before cash on delivery is chosen. */
		rec[0] = '\0';
		if (c->delivered + c->returned > 0) {
			count(s, c->delivered, a);
			count(s, c->returned, b);
			(void)snprintf(rec, sizeof rec, tx(s, T_RECORD), a, b);
		}
		(void)snprintf(t, sizeof t, "%s %s%s%s", tx(s, T_WELCOME_BACK), c->name,
			       rec[0] ? " · " : "", rec);
		ui_fill(l, greet, risky ? RED : ON);
		ui_text(l, greet, t, m->text_small, 1, risky ? WHITE : GREEN, UI_CENTER);
	} else {
		ui_text(l, greet, tx(s, T_NEW_CUSTOMER), m->text_small, 0, MUTED, UI_CENTER);
	}
	r = field_row(s, m, l, r, 0, T_NEXT);
	ui_kb_draw(l, m, r, s->kb, s->lang, SH_T_KEY);
}

static void draw_or_district(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_OR_DISTRICT), 1), hits;
	int cols = 4, rows = 2;

	r = field_row(s, m, l, r, 0, T_NEXT);
	hits = ui_cut_top(&r, (m->bar + m->pad) * rows);
	if (s->nhits == 0)
		ui_text(l, hits, tx(s, T_DISTRICT_HINT), m->text_small, 0, MUTED, UI_CENTER);
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
	struct ui_rect r = top_bar(s, m, l, tx(s, T_OR_ADDRESS), 1);

	if (s->returning && s->customer.address[0] && strcmp(s->customer.address, s->address) != 0) {
		struct ui_rect b = ui_cut_top(&r, m->bar);
		char t[400];

		(void)snprintf(t, sizeof t, "%s: %s", tx(s, T_USE_SAVED), s->customer.address);
		ui_button(l, SH_T_USE_SAVED, ui_inset(b, m->pad / 2), t, m->text_small, ON, FG);
	}
	r = field_row(s, m, l, r, 0, T_NEXT);
	ui_kb_draw(l, m, r, s->kb, s->lang, SH_T_KEY);
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
	ui_text(l, name, s->lang == UI_BN ? p->bn : p->en,
		pm == PAY_COD ? m->text_body : m->text_big, 1, fg, UI_CENTER);
	if (wallet && sp && sp->number[pm][0]) {
		digits(s, sp->number[pm], n, sizeof n);
		ui_text(l, num, n, m->text_small, 1, fg, UI_CENTER);
	}
	ui_target(l, in, SH_T_PAY + pm);
}

static void draw_or_pay(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	/* Wallets first, in the order guests name them; cash apart from Nagad. */
	static const enum pay_method order[PAY_COUNT] = {
		PAY_BKASH, PAY_NAGAD, PAY_ROCKET, PAY_CASH, PAY_CARD, PAY_COD,
	};
	struct ui_rect r = top_bar(s, m, l, tx(s, T_OR_PAY), 1), head;
	char t[160], tot[MONEY_TEXT_MAX];
	int landscape = m->w >= m->h;

	money(s, order_sum(s), tot);
	(void)snprintf(t, sizeof t, "%s: %s", tx(s, T_TOTAL), tot);
	head = ui_cut_top(&r, m->text_big + m->pad);
	ui_text(l, head, t, m->text_big, 1, FG, UI_CENTER);
	for (int i = 0; i < PAY_COUNT; i++)
		pay_tile(s, m, l, ui_grid(r, landscape ? 3 : 2, landscape ? 2 : 3, i, m->pad / 2),
			 order[i]);
}

/* The wallet's TrxID screen: where to send how much, in the wallet's colour,
 * the seller's own QR beside it, and the TrxID's shape before typing. */
static void draw_or_trx(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_OR_TRX), 1), band, hint, qr;
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
	money(s, order_sum(s), tot);
	if (sp && p && sp->number[s->pay][0]) {
		digits(s, sp->number[s->pay], n, sizeof n);
		(void)snprintf(t, sizeof t, "%s · %s %s · %s", s->lang == UI_BN ? p->bn : p->en,
			       tx(s, T_SEND_TO), n, tot);
	} else {
		(void)snprintf(t, sizeof t, "%s · %s · %s", p ? (s->lang == UI_BN ? p->bn : p->en) : "",
			       tot, tx(s, T_ASK_NUMBER));
	}
	ui_text(l, ui_inset(band, m->pad / 2), t, m->text_big, 1, WHITE, UI_CENTER);
	if (pay_trx_hint(s->pay, s->lang == UI_BN, h, sizeof h) < 0)
		h[0] = '\0';
	hint = ui_cut_top(&r, m->text_small + m->pad);
	ui_text(l, hint, h, m->text_small, 0, MUTED, UI_CENTER);
	r = field_row(s, m, l, r, 0, T_NEXT);
	/* A TrxID is copied from an SMS in ASCII: its keys are labelled so,
	 * the keyboard's own words in the screen's language. */
	ui_kb_draw_ascii(l, m, r, s->kb, s->lang, SH_T_KEY);
}

/* An order the seller opened: its payment as matched against the SMS. */
static void draw_or_opened(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	const struct shop_opened *o = &s->opened;
	struct ui_rect r = top_bar(s, m, l, tx(s, T_ORDER_NO), 1), bottom, panel;
	const struct pay_rule *p = pay_rule(o->method);
	char t[800], a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX];
	struct ui_color bg = PANEL, fg = FG;
	const char *status;
	int lh = m->text_body + m->pad / 2;

	bottom = ui_cut_bottom(&r, m->bar);
	ui_button(l, SH_T_FIND, ui_center(bottom, maxi(m->target * 4, m->w / 3), bottom.h),
		  tx(s, T_OPEN_ANOTHER), m->text_body, ACCENT, WHITE);
	ui_text(l, ui_cut_top(&r, m->text_huge + m->pad), o->order_no, m->text_huge, 1, FG,
		UI_CENTER);
	money(s, o->total_poisha, a);
	(void)snprintf(t, sizeof t, "%s · %s · %s: %s", o->name, o->seller, tx(s, T_TOTAL), a);
	ui_text(l, ui_cut_top(&r, lh), t, m->text_body, 0, FG, UI_CENTER);
	(void)snprintf(t, sizeof t, "%s: %s%s%s", tx(s, T_PAY_WITH),
		       p ? (s->lang == UI_BN ? p->bn : p->en) : "", o->trx[0] ? " · TrxID " : "",
		       o->trx);
	ui_text(l, ui_cut_top(&r, lh + m->pad), t, m->text_body, 1, ACCENT, UI_CENTER);
	panel = ui_inset(r, m->pad);
	if (o->cancelled) {
		status = tx(s, T_CANCELLED);
		bg = MUTED;
		fg = WHITE;
		t[0] = '\0';
	} else if (!o->is_wallet) {
		status = tx(s, T_NOTHING_TO_MATCH);
		t[0] = '\0';
	} else {
		status = paymatch_status_text(o->status, s->lang == UI_BN);
		bg = o->status == PAYMATCH_MATCHED ? GREEN
		   : o->status == PAYMATCH_MISSING ? AMBER : RED;
		fg = WHITE;
		t[0] = '\0';
		if (o->received_poisha >= 0) {
			money(s, o->received_poisha, b);
			(void)snprintf(t, sizeof t, "%s %s", b, tx(s, T_ARRIVED));
		} else {
			(void)snprintf(t, sizeof t, "%s", tx(s, T_IMPORT_HINT));
		}
	}
	ui_fill(l, panel, bg);
	{
		struct ui_rect top = panel, sub = ui_cut_bottom(&top, panel.h / 3);

		ui_text(l, top, status, m->text_big, 1, fg, UI_CENTER);
		ui_text(l, sub, t, m->text_body, 0, fg, UI_CENTER);
	}
}

static void draw_or_confirm(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_OR_CONFIRM), 1), bottom, b;
	int lines = s->ncart + 8, bw = maxi(m->target * 4, m->w / 4);
	/* Body-size text when the summary fits, else small. */
	int size = (m->text_body + m->pad / 2) * lines <= r.h - m->bar ? m->text_body : m->text_small;
	int lh = size + m->pad / 2;
	char t[600], a[MONEY_TEXT_MAX], ph[64];
	const struct pay_rule *p = pay_rule(s->pay);
	struct order_draft d = shop_order_draft(s);

	bottom = ui_cut_bottom(&r, m->bar);
	b = ui_cut_right(&bottom, bw);
	ui_button(l, SH_T_CONFIRM, ui_inset(b, m->pad / 2), tx(s, T_CONFIRM), m->text_body, GREEN, WHITE);
	if (s->msg_text[0])
		ui_text(l, ui_inset(bottom, m->pad), s->msg_text, m->text_small, 1, RED, UI_LEFT);
	for (int i = 0; i < s->ncart && r.h >= lh * 5; i++) {
		char q[32];

		if (s->cart[i].qty == 0)
			continue;
		count(s, s->cart[i].qty, q);
		money(s, s->cart[i].unit_poisha * s->cart[i].qty, a);
		(void)snprintf(t, sizeof t, "%s × %s   %s", q, s->cart[i].name, a);
		ui_text(l, ui_cut_top(&r, lh), t, size, 0, FG, UI_LEFT);
	}
	if (d.delivery_poisha > 0) {
		money(s, d.delivery_poisha, a);
		(void)snprintf(t, sizeof t, "%s   %s", tx(s, T_DELIVERY_CHARGE), a);
		ui_text(l, ui_cut_top(&r, lh), t, size, 0, FG, UI_LEFT);
	}
	money(s, order_sum(s), a);
	(void)snprintf(t, sizeof t, "%s: %s", tx(s, T_TOTAL), a);
	ui_text(l, ui_cut_top(&r, lh + m->pad), t, size + size / 4, 1, FG, UI_LEFT);
	if (s->nsellers > 0) {
		(void)snprintf(t, sizeof t, "%s: %s", tx(s, T_SELLER),
			       s->items[s->seller_first[s->seller]].seller);
		ui_text(l, ui_cut_top(&r, lh), t, size, 0, MUTED, UI_LEFT);
	}
	if (ui_fmt_digits(s->phone, s->lang, ph, sizeof ph) < 0)
		ph[0] = '\0';
	(void)snprintf(t, sizeof t, "%s · %s", s->name, ph);
	ui_text(l, ui_cut_top(&r, lh), t, size, 0, FG, UI_LEFT);
	(void)snprintf(t, sizeof t, "%s, %s", s->address,
		       s->district >= 0 ? (s->lang == UI_BN ? district_at(s->district)->bn
							    : district_at(s->district)->en) : "");
	ui_text(l, ui_cut_top(&r, lh), t, size, 0, FG, UI_LEFT);
	if (s->pay == PAY_COD && s->returning &&
	    courier_risk_of(s->customer.delivered, s->customer.returned, 0) == COURIER_RISK_HIGH)
		ui_text(l, ui_cut_bottom(&r, lh), tx(s, T_COD_CHECK), size, 1, RED, UI_LEFT);
	if (s->pay == PAY_COD) {
		int64_t c = d.collect_poisha < 0 ? order_sum(s) : d.collect_poisha;

		money(s, c < 0 ? 0 : c, a);
		(void)snprintf(t, sizeof t, "%s: %s · %s %s", tx(s, T_PAY_WITH),
			       s->lang == UI_BN ? p->bn : p->en, tx(s, T_COLLECT_AMOUNT), a);
	} else {
		(void)snprintf(t, sizeof t, "%s: %s%s%s", tx(s, T_PAY_WITH),
			       s->lang == UI_BN ? p->bn : p->en, s->trx[0] ? " · TrxID " : "", s->trx);
	}
	ui_text(l, ui_cut_top(&r, lh), t, size, 1, ACCENT, UI_LEFT);
}

static void draw_or_receipt(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	static char lines[RECEIPT_LINES_MAX][RECEIPT_LINE_MAX];
	struct ui_rect r = top_bar(s, m, l, tx(s, T_RECEIPT), 0), qr, bottom, info;
	int side = mini(r.h - m->bar - m->pad, r.w / 3), n, lh;
	struct receipt rc;

	bottom = ui_cut_bottom(&r, m->bar);
	ui_button(l, SH_T_NEW, ui_center(bottom, maxi(m->target * 4, m->w / 3), bottom.h),
		  tx(s, T_NEW_ORDER), m->text_body, ACCENT, WHITE);
	qr = ui_cut_right(&r, side);
	ui_fill(l, qr, WHITE);
	ui_image(l, ui_center(qr, side, side), SHOP_IMAGE_QR);
	info = ui_inset(r, m->pad / 2);
	ui_text(l, ui_cut_top(&info, m->text_big + m->pad / 2), s->order_no, m->text_big, 1, FG,
		UI_LEFT);
	/* The guest's receipt: what the printer and the message say too. */
	shop_receipt(s, &rc);
	n = receipt_lines(&rc, s->lang == UI_BN, lines, RECEIPT_LINES_MAX);
	lh = mini(m->text_body + m->pad / 2, maxi(1, (info.h - m->text_small - m->pad) / maxi(1, n)));
	for (int i = 0; i < n; i++) {
		if (rc.event[0] && i == 0)
			continue; /* the event's name is the screen's own */
		ui_text(l, ui_cut_top(&info, lh), lines[i], lh * 3 / 4, i == n - 3, FG, UI_LEFT);
	}
	ui_text(l, ui_cut_top(&info, m->text_small + m->pad), tx(s, T_PHOTO_QR), m->text_small, 0,
		MUTED, UI_LEFT);
}

static void draw_pin(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l)
{
	struct ui_rect r = top_bar(s, m, l, tx(s, T_PIN), 1), pad;

	r = field_row(s, m, l, r, 0, T_OK);
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
	case SH_OR_PAY: draw_or_pay(s, m, l); break;
	case SH_OR_TRX: draw_or_trx(s, m, l); break;
	case SH_OR_COLLECT: draw_typing(s, m, l, T_OR_COLLECT, 0, T_NEXT); break;
	case SH_OR_CONFIRM: draw_or_confirm(s, m, l); break;
	case SH_OR_RECEIPT: draw_or_receipt(s, m, l); break;
	case SH_OR_FIND: draw_typing(s, m, l, T_OR_FIND, 0, T_NEXT); break;
	case SH_OR_OPENED: draw_or_opened(s, m, l); break;
	case SH_ERROR: draw_error(s, m, l); break;
	case SH_PIN: draw_pin(s, m, l); break;
	default: break;
	}
}
