/* payments.h - wallet payments received against the store: one
 * payment_received entry per TrxID, and the wallet orders and payments the
 * matcher (core/paymatch.h) compares.
 * Adapter: store (SQLite) and the pure paymsg/paymatch rules; no files. */
#ifndef KIOSK_PAYMENTS_H
#define KIOSK_PAYMENTS_H

#include <stdint.h>

#include "core/kerr.h"
#include "core/paymatch.h"
#include "core/paymsg.h"
#include "core/receipt.h"
#include "core/shop_rows.h"

struct store;

/* 1 if a payment with this TrxID is already held (from any device), 0 if
 * not, -1 error. */
int payments_has(struct store *st, const char *trx, char err[KERR_LEN]);

/* Append a payment_received entry (inside the caller's transaction, if any).
 * source names the file kind ("sms", "xml", "csv"). Returns 0 or -1 with err. */
int payments_append(struct store *st, const struct paymsg *p, const char *source,
		    int64_t now_ms, char err[KERR_LEN]);

/* The wallet orders that stand (bKash, Nagad, Rocket; oldest first) and the
 * payments held (first of each TrxID, oldest first), both heap arrays owned
 * by the book: payments_book_release frees them. */
struct payments_book {
	struct paymatch_order *orders;
	int norders;
	struct paymsg *pays;
	int npays;
};

/* Fill *b. Returns 0, or -1 with err and *b empty. */
int payments_load(struct store *st, struct payments_book *b, char err[KERR_LEN]);
void payments_book_release(struct payments_book *b);

/* The payment status of order `no` as the desk shows it. Returns 1 with
 * *status (and *pay filled when money with its TrxID arrived: pay->trx ""
 * otherwise) for a wallet order that stands; 0 for an order paid otherwise,
 * cancelled, or unknown; -1 error. */
int payments_order_status(struct store *st, const char *no, enum paymatch_status *status,
			  struct paymsg *pay, char err[KERR_LEN]);

/* Order `no` as the desk opens it (any order, cancelled ones too) with its
 * payment status. Returns 1 found, 0 no such order, -1 error. */
int payments_order_open(struct store *st, const char *no, struct shop_opened *out,
			char err[KERR_LEN]);

/* The receipt of order `no` (items, delivery, payment and its status as
 * matched). Returns 1 found, 0 no such order (or a cancelled one), -1 error. */
int payments_receipt_load(struct store *st, const char *no, struct receipt *r,
			  char err[KERR_LEN]);

/* Journal a seller_payment entry: p's numbers and QR text replace the
 * seller's earlier ones. Returns 0 or -1 with err. */
int payments_seller_set(struct store *st, const struct shop_seller_pay *p, int64_t now_ms,
			char err[KERR_LEN]);

/* Every seller's payment settings into out[cap] (caller's), by seller.
 * Returns the number read, or -1 with err. */
int payments_sellers_load(struct store *st, struct shop_seller_pay *out, int cap,
			  char err[KERR_LEN]);

#endif
