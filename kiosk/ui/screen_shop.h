/* screen_shop.h - the feedback and orders modes as pure state machines with
 * draw lists, built like screen_door.h: the adapter (run_shop.c) does every
 * store call and feeds results back; these functions only decide what shows.
 * Pure: libc only (with ui_draw, ui_kb, order, districts, feedback, money).
 * Single-threaded: only the UI thread touches a struct shop_ui. */
#ifndef KIOSK_SCREEN_SHOP_H
#define KIOSK_SCREEN_SHOP_H

#include <stdint.h>

#include "core/districts.h"
#include "core/order.h"
#include "core/receipt.h"
#include "core/shop_rows.h"
#include "ui_draw.h"
#include "ui_kb.h"
#include "ui_layout.h"
#include "ui_strings.h"

/* Feedback goes back to the start after this long untouched, so the next
 * guest never sees the last one's answers. */
#define SHOP_FB_IDLE_MS 30000
#define SHOP_FB_THANKS_MS 4000
/* The order desk is staffed: a longer pause before a half-made order is dropped. */
#define SHOP_OR_IDLE_MS 300000
#define SHOP_ERROR_MS 10000

#define SHOP_SELLERS_MAX 64
#define SHOP_FIELD_MAX 256
#define SHOP_PIN_MAX 12
#define SHOP_DISTRICT_HITS 8

/* Image ids in the draw list: the receipt's QR, then product i at
 * SHOP_IMAGE_ITEM + i (when the adapter loaded its picture). */
#define SHOP_IMAGE_QR 2
#define SHOP_IMAGE_SELLER_QR 3   /* the seller's own printed payment QR */
#define SHOP_IMAGE_WA_QR 4       /* the receipt's wa.me link, for the guest's phone */
#define SHOP_IMAGE_ITEM 8
#define SHOP_IMAGES_MAX 248

enum shop_mode { SHOP_FEEDBACK, SHOP_ORDERS };

enum shop_screen {
	/* feedback */
	SH_FB_PICK, SH_FB_FACE, SH_FB_TAGS, SH_FB_COMMENT, SH_FB_PHONE, SH_FB_THANKS,
	/* orders */
	SH_OR_SELLER, SH_OR_PRODUCTS, SH_OR_CART, SH_OR_PHONE, SH_OR_NAME, SH_OR_DISTRICT,
	SH_OR_ADDRESS, SH_OR_PAY, SH_OR_TRX, SH_OR_COLLECT, SH_OR_CONFIRM, SH_OR_RECEIPT,
	SH_OR_FIND, SH_OR_OPENED,   /* the seller opens an order: its payment status */
	/* both */
	SH_ERROR, SH_PIN,
	SH_SCREEN_COUNT
};

/* Touch target ids. */
enum {
	SH_T_BACK = 1, SH_T_NEXT, SH_T_SKIP, SH_T_LANG, SH_T_MENU, SH_T_OK, SH_T_CONFIRM,
	SH_T_NEW, SH_T_MEETUP, SH_T_PREV_PAGE, SH_T_NEXT_PAGE, SH_T_CART, SH_T_USE_SAVED,
	SH_T_FIND, SH_T_PRINT, SH_T_USE_NAME,
	SH_T_ITEM = 100,      /* + item index (feedback pick, product grid) */
	SH_T_SELLER = 400,    /* + seller index */
	SH_T_FACE = 500,      /* + face 1..4 */
	SH_T_TAG = 520,       /* + tag index */
	SH_T_MINUS = 600,     /* + cart line */
	SH_T_PLUS = 700,      /* + cart line */
	SH_T_DISTRICT = 800,  /* + index into hits */
	SH_T_PAY = 850,       /* + enum pay_method */
	SH_T_KEY = 1000,      /* + key index */
};

enum shop_act {
	SHOP_ACT_NONE,
	SHOP_ACT_SAVE_FEEDBACK, /* store the feedback in the state; then shop_saved() */
	SHOP_ACT_LOOKUP,        /* phone entered: shop_customer_find, then shop_set_customer() */
	SHOP_ACT_SAVE_ORDER,    /* store the checked order; then shop_saved() */
	SHOP_ACT_PIN,           /* check pin; then shop_pin_result() */
	SHOP_ACT_OPEN_ORDER,    /* look order `find` up; then shop_set_opened() */
	SHOP_ACT_PAY_QR,        /* show the seller's payment QR (shop_seller_pay_of()->qr)
				 * as image SHOP_IMAGE_SELLER_QR */
	SHOP_ACT_PRINT,         /* print receipt order_no on the device's printer, off the
				 * UI thread; then shop_printed() */
	SHOP_ACT_LANG,
	SHOP_ACT_QUIT,
};

#define SHOP_CART_MAX ORDER_LINES_MAX
#define SHOP_TAGS_MAX 16

/* The receipt's print job, as the receipt screen says it. */
enum shop_print { SHOP_PRINT_NONE, SHOP_PRINT_BUSY, SHOP_PRINT_DONE, SHOP_PRINT_FAILED };

struct shop_ui {
	enum shop_mode mode;
	enum ui_lang lang;
	enum shop_screen screen;
	int64_t touched_ms;
	char event_name[SHOP_FIELD_MAX];

	/* The catalog (borrowed from the adapter; valid until the next shop_set_items). */
	const struct shop_item *items;
	int nitems;
	const uint8_t *has_image;        /* per item: 1 when its picture is loaded */
	int nsellers;
	int seller_first[SHOP_SELLERS_MAX]; /* index of each seller's first item */
	int page;                          /* of the current grid */

	/* feedback */
	int fb_item;                       /* -1: a seller or the whole meetup */
	int fb_seller;                     /* with fb_item -1: a seller, or -1 the meetup */
	int fb_face;
	int ntags;
	char tag[SHOP_TAGS_MAX][48];
	uint8_t tag_on[SHOP_TAGS_MAX];
	char comment[SHOP_FIELD_MAX];
	char phone[32];
	char phone_norm[PHONE_LEN];
	int64_t until_ms;                  /* thank-you / error screens end */

	/* orders */
	int seller;                        /* index into seller_first */
	struct order_line cart[SHOP_CART_MAX];
	int cart_item[SHOP_CART_MAX];      /* item index of each line */
	int ncart;
	char name[SHOP_FIELD_MAX];
	char district_q[64];
	int district;                      /* chosen, -1 none */
	int hits[SHOP_DISTRICT_HITS];
	int nhits;
	char address[SHOP_FIELD_MAX];
	enum pay_method pay;               /* PAY_COUNT until the guest chooses */
	char trx[32];
	char collect[24];                  /* taka typed, ASCII digits */
	struct order_checked checked;
	int returning;                     /* 1: shop_set_customer found them */
	/* What the lookup by phone brought back. Never drawn in full: the name
	 * only once the guest typed its first letters, the address masked
	 * (core/reveal); whoever types a phone learns nothing they did not know. */
	struct shop_customer customer;
	int address_saved;                 /* 1: address is the saved one, shown masked;
					    * typing replaces it with a new one */
	char order_no[ORDER_NO_LEN];
	int64_t order_total;
	int has_printer;                   /* the device has a receipt printer set */
	enum shop_print print;             /* of the receipt shown */
	/* delivery charges by zone (kiosk catalog delivery), poisha */
	int64_t delivery_inside, delivery_outside;
	/* where sellers take wallet money (borrowed from the adapter) */
	const struct shop_seller_pay *sellers_pay;
	int nsellers_pay;
	/* an order the seller opened */
	char find[32];
	int opened_found;
	struct shop_opened opened;

	/* typing */
	enum ui_kb kb;
	int msg;                           /* a message id on the current screen, or -1 */
	char msg_text[SHOP_FIELD_MAX];     /* an error line (red) */

	/* PIN and error screens */
	char pin[SHOP_PIN_MAX + 1];
	enum shop_screen before_pin;       /* where Back from the PIN pad or OK on the
					    * error screen returns (the state is kept) */
};

struct shop_action {
	enum shop_act kind;
};

/* Start mode in lang. Allocates nothing. */
void shop_init(struct shop_ui *s, enum shop_mode mode, enum ui_lang lang);

/* The catalog: items[n] sorted by seller (shop_catalog_load's order),
 * has_image[n] (may be NULL). Borrowed: they must outlive their use. */
void shop_set_items(struct shop_ui *s, const struct shop_item *items, int n,
		    const uint8_t *has_image);

void shop_draw(const struct shop_ui *s, const struct ui_metrics *m, int64_t now_ms,
	       struct ui_list *l);
struct shop_action shop_press(struct shop_ui *s, int id, int64_t now_ms);
/* Physical keyboard text, backspace and enter on a typing screen. */
struct shop_action shop_type(struct shop_ui *s, const char *utf8, int64_t now_ms);
struct shop_action shop_backspace(struct shop_ui *s, int64_t now_ms);
struct shop_action shop_enter(struct shop_ui *s, int64_t now_ms);
/* Escape or a close request: the PIN pad (guests cannot leave). */
void shop_escape(struct shop_ui *s, int64_t now_ms);

/* The adapter's answers. */
/* The store call of SHOP_ACT_SAVE_*: ok 1 shows thanks/receipt (order_no for an
 * order), ok 0 the red error with err. */
void shop_saved(struct shop_ui *s, int ok, const char *order_no, const char *err,
		int64_t now_ms);
/* ... not saved because standing order order_no names the same TrxID
 * (SHOP_TRX_CLAIMED): the red error says so in the screen's language. */
void shop_saved_trx_claimed(struct shop_ui *s, const char *order_no, int64_t now_ms);
/* The lookup of SHOP_ACT_LOOKUP: found 1 keeps c and fills the district; the
 * name is offered once the guest types its first letters, the address as a
 * masked "saved address" to confirm or replace. */
void shop_set_customer(struct shop_ui *s, int found, const struct shop_customer *c,
		       int64_t now_ms);
/* The lookup of SHOP_ACT_OPEN_ORDER: found 1 shows o, 0 says no such order. */
void shop_set_opened(struct shop_ui *s, int found, const struct shop_opened *o,
		     int64_t now_ms);
/* The device has a receipt printer (orders receipt --printer): 1 shows Print. */
void shop_set_printer(struct shop_ui *s, int has_printer);
/* The print job of SHOP_ACT_PRINT ended: ok 1 printed, 0 the printer was not
 * found or refused the job. */
void shop_printed(struct shop_ui *s, int ok, int64_t now_ms);
/* Where sellers take wallet money: p[n], borrowed (must outlive its use). */
void shop_set_sellers_pay(struct shop_ui *s, const struct shop_seller_pay *p, int n);
/* The delivery charges inside Dhaka district and outside it (poisha). */
void shop_set_delivery_charges(struct shop_ui *s, int64_t inside_dhaka, int64_t outside);
/* The settings of the seller of the cart, or NULL when none are set. */
const struct shop_seller_pay *shop_seller_pay_of(const struct shop_ui *s);
/* 1 right (SHOP_ACT_QUIT follows), 0 wrong, -2 locked, -1 failed. */
struct shop_action shop_pin_result(struct shop_ui *s, int result, int64_t now_ms);

/* The tags of the feedback as one comma-separated text into out[cap]. */
void shop_feedback_tags(const struct shop_ui *s, char *out, size_t cap);
/* The receipt of the order just stored (SH_OR_RECEIPT), from the state. */
void shop_receipt(const struct shop_ui *s, struct receipt *r);
/* The draft of the order in the state (lines borrowed from s). */
struct order_draft shop_order_draft(const struct shop_ui *s);

int shop_tick(struct shop_ui *s, int64_t now_ms);
int shop_wake_ms(const struct shop_ui *s, int64_t now_ms);
/* A name for traces and tests ("fb_pick", "or_cart", ...). */
const char *shop_screen_name(enum shop_screen sc);

#endif
