/* order.h - an order at the seller's desk as pure rules: totals in integer
 * poisha, quantity limits, the payment methods and the shape of their
 * transaction IDs, the checks before an order is stored, and order numbers
 * that are unique across devices without a network.
 * Pure: libc only (with phone and districts); no store, no clock. */
#ifndef KIOSK_ORDER_H
#define KIOSK_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "kerr.h"
#include "phone.h"

#define ORDER_LINES_MAX 24              /* products in one cart */
#define ORDER_QTY_MAX 99                /* of one product in one order */
#define ORDER_TOTAL_MAX 100000000000LL  /* ৳1,00,00,00,000 in poisha: far above any meetup sale */
#define ORDER_ID_MAX 64
#define ORDER_TEXT_MAX 256
#define ORDER_TRX_MAX 16
#define ORDER_NO_LEN 24                 /* "D3F2-0042-K" and up to 12 seq digits, + NUL */

/* ---------------------------------------------------------------- payment */

enum pay_method { PAY_CASH, PAY_BKASH, PAY_NAGAD, PAY_ROCKET, PAY_CARD, PAY_COD, PAY_COUNT };

enum pay_charset {
	PAY_TRX_NONE,       /* no transaction ID is taken */
	PAY_TRX_DIGITS,     /* 0-9 */
	PAY_TRX_UPPER_ALNUM,/* A-Z 0-9 (lowercase typed is uppercased first) */
	PAY_TRX_ALNUM,      /* A-Z a-z 0-9, kept as typed */
};

/* One row per method; the only place the TrxID rules live:
 *   bKash   10 characters, A-Z and 0-9 (the SMS shows e.g. "TrxID 9BX7K2L1QA")
 *   Nagad   8 to 10 characters, letters and digits ("TxnID 7AB3C9D2")
 *   Rocket  10 digits (DBBL Rocket "TxnId: 1234567890")
 * Cash, card and cash on delivery take none. */
struct pay_rule {
	const char *code;     /* journal and CSV value: "cash", "bkash", ... */
	const char *en;       /* shown on screens and in exports; Bengali: i18n_bn(NULL, en) */
	enum pay_charset charset;
	int min_len, max_len;
	int is_collect;       /* 1: the courier collects the money (cash on delivery) */
};

const struct pay_rule *pay_rule(enum pay_method m);
/* "bkash" -> PAY_BKASH. Returns 0, or -1 for an unknown code. */
int pay_parse(const char *code, enum pay_method *m);

/* Check a transaction ID for method m and write its stored form to
 * out[ORDER_TRX_MAX] (spaces and dashes removed, uppercased for bKash).
 * Returns 0 when it has the right shape; -1 with err saying why. For methods
 * without TrxIDs an empty text is right and anything else wrong. */
int pay_trx_check(enum pay_method m, const char *text, char out[ORDER_TRX_MAX],
		  char err[KERR_LEN]);

/* What a guest is told before typing method m's TrxID, in the screen's
 * language and digits: "বিকাশ-এর SMS-এ TrxID: ১০টি ইংরেজি অক্ষর ও সংখ্যা, যেমন
 * 9AB1CD2EFG". "" for methods without one. Returns the length, or -1 if cap
 * is too small. */
int pay_trx_hint(enum pay_method m, int bengali, char *out, size_t cap);

/* pay_trx_check's verdict as one line for a guest in the screen's language
 * (Bengali words and digits when bengali): returns 0 with out "" when text
 * is right, else -1 with out saying what is wrong ("১০টি অক্ষর হওয়ার কথা,
 * লেখা হয়েছে ৯টি"). */
int pay_trx_explain(enum pay_method m, const char *text, int bengali, char *out, size_t cap);

/* ----------------------------------------------------------------- orders */

struct order_line {
	char item_id[ORDER_ID_MAX];
	char name[ORDER_TEXT_MAX];
	int64_t unit_poisha;
	int qty;
	int64_t stock;          /* left before this order; -1 = not counted */
};

/* Why an order cannot be stored; each has a Bengali and English line. */
enum order_reason {
	ORDER_OK,
	ORDER_E_EMPTY,          /* no line with a quantity */
	ORDER_E_QTY,            /* a quantity under 1 or over ORDER_QTY_MAX */
	ORDER_E_STOCK,          /* more than the stock left */
	ORDER_E_TOTAL,          /* a price below 0, or the total over ORDER_TOTAL_MAX */
	ORDER_E_PHONE,          /* not a Bangladeshi mobile number */
	ORDER_E_NAME,
	ORDER_E_DISTRICT,       /* not one of the 64 */
	ORDER_E_ADDRESS,
	ORDER_E_TRX,            /* missing or of the wrong shape for the method */
	ORDER_E_COLLECT,        /* cash on delivery: amount below 0 or over the total */
	ORDER_E_PAY,            /* no payment method chosen (PAY_COUNT) */
	ORDER_E_TEXT,           /* name or address not text: bad UTF-8, a control character */
	ORDER_REASON_COUNT
};

const char *order_reason_text(enum order_reason r, int bengali);

/* The sum of qty x unit_poisha over lines, checked for overflow and
 * ORDER_TOTAL_MAX. Returns 0 and *total, or -1 (a bad price or quantity, or
 * too much). */
int order_total(const struct order_line *lines, int n, int64_t *total);

/* Set line's quantity to qty, clamped to 0..ORDER_QTY_MAX and to its stock.
 * Returns the quantity set. */
int order_line_set_qty(struct order_line *line, int qty);

/* What the form holds when the seller presses confirm (all borrowed). */
struct order_draft {
	const struct order_line *lines;
	int nlines;
	const char *name, *phone, *district, *address;
	enum pay_method method;
	const char *trx;
	int64_t collect_poisha;     /* PAY_COD only, 0 to the total; -1 = the total */
	int64_t delivery_poisha;    /* the delivery charge, added to the total */
};

/* The checked order, ready for the journal. */
struct order_checked {
	int64_t total_poisha;
	int64_t collect_poisha;     /* what the courier collects: 0 unless COD */
	int64_t delivery_poisha;    /* part of total_poisha */
	char phone[PHONE_LEN];
	int district;               /* index for district_at */
	char trx[ORDER_TRX_MAX];
	int bad_line;               /* the line of ORDER_E_QTY/E_STOCK, else -1 */
};

/* The quantity of line upto's product over lines 0..upto: a product on two
 * lines (`--item Jam=2 --item Jam=2`) takes its stock once, not twice. */
int order_item_qty(const struct order_draft *d, int upto);

/* Check d in form order (cart, phone, name, district, address, payment);
 * the name and address must pass utf8_field_check (ORDER_E_TEXT);
 * returns ORDER_OK and fills *out, or the first reason it fails (out's
 * bad_line set when a line is at fault). */
enum order_reason order_check(const struct order_draft *d, struct order_checked *out);

/* The delivery charge to district (index for district_at; -1 none chosen
 * yet: 0) by zone: inside Dhaka district, or outside it. */
int64_t order_delivery_charge(int district, int64_t inside_dhaka, int64_t outside);

/* ---------------------------------------------------------- order numbers */

/* "D3F2-0042-K": four characters derived from the device id, the device's
 * journal sequence number of the order entry (at least 4 digits), and a
 * check character over both, so a number read out over the phone or typed
 * with one character wrong, or two neighbours swapped, is caught.
 * (device_id, seq) is unique by construction, so two devices never need to
 * talk to avoid a clash; the 4-character prefix is a readable hash, and two
 * devices share one with odds 1 in 923,521.
 * Returns 0, or -1 if seq < 1. */
int order_no_format(const char *device_id, int64_t seq, char out[ORDER_NO_LEN]);

/* 1 if text is a well-formed order number with the right check character
 * (lowercase accepted), else 0. */
int order_no_is_valid(const char *text);

#endif
