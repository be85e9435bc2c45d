/* screen_shop_int.h - what the feedback and orders screens' files share:
 * the state machine (screen_shop.c, screen_shop_order.c), the draw lists
 * (screen_shop_draw.c, screen_shop_pay_draw.c) and their strings
 * (screen_shop_text.c): the string ids, the answers about the current state,
 * the palette and the shared parts of a screen. Private to kiosk/ui.
 * Pure: libc only. */
#ifndef KIOSK_SCREEN_SHOP_INT_H
#define KIOSK_SCREEN_SHOP_INT_H

#include <stdint.h>

#include "core/money.h"
#include "screen_shop.h"

enum shop_t {
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
	T_RECORD, T_COD_CHECK, T_DELIVERY_CHARGE, T_ONE_SELLER, T_FB_PICK_ANY,
	T_FB_FACE_FOOD, T_FB_FACE_WEAR, T_PRINT, T_PRINTING, T_PRINTED, T_PRINTER_NOT_FOUND,
	T_SCAN_WA, T_NAME_HINT, T_IS_THIS_YOU, T_ADDRESS_HINT, T_TRX_CLAIMED,
	T_COUNT
};

/* The string t in the screen's language. */
const char *shop_tx(const struct shop_ui *s, enum shop_t t);
/* Money and counts in the screen's language and digits. */
void shop_money(const struct shop_ui *s, int64_t poisha, char out[MONEY_TEXT_MAX]);
void shop_count(const struct shop_ui *s, int64_t n, char out[32]);
/* The index after the last item of seller k's run in the item list. */
int shop_seller_end(const struct shop_ui *s, int k);
/* The cart's total in poisha and its number of pieces. */
int64_t shop_cart_total(const struct shop_ui *s);
int shop_cart_count(const struct shop_ui *s);
/* What the guest pays: the cart and the delivery charge of the district
 * chosen (0 before one is). Never below 0. */
int64_t shop_order_sum(const struct shop_ui *s);
/* The text of the field being typed on this screen ("" for none). */
const char *shop_field_text(const struct shop_ui *s);

/* Add one piece of item to the cart (a new line if it has none yet). */
void shop_cart_add(struct shop_ui *s, int item);

/* The palette of the screens (each file keeps its own copy). */
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

static inline int maxi(int a, int b) { return a > b ? a : b; }
static inline int mini(int a, int b) { return a < b ? a : b; }

/* The top bar: Back (when back is 1), the title, the language switch and
 * the organizer button. Returns the rest of the screen. */
struct ui_rect shop_top_bar(const struct shop_ui *s, const struct ui_metrics *m,
			    struct ui_list *l, const char *title, int back);
/* A text field with its label and the Skip/Next buttons on one row; returns
 * what is left below it for a keyboard. */
struct ui_rect shop_field_row(const struct shop_ui *s, const struct ui_metrics *m,
			      struct ui_list *l, struct ui_rect r, int skip, enum shop_t next_label);

/* The payment screens' draw lists (screen_shop_pay_draw.c). */
void shop_draw_or_pay(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l);
void shop_draw_or_trx(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l);
void shop_draw_or_opened(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l);
void shop_draw_or_confirm(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l);
void shop_draw_or_receipt(const struct shop_ui *s, const struct ui_metrics *m, struct ui_list *l);

#endif
