/* shop.h - the store side of the catalog, orders and feedback, shared by the
 * CLI and the screens: journal bodies built and appended, projections read.
 * Adapter: store (SQLite) and the pure order/feedback/catalog rules; no SDL. */
#ifndef KIOSK_SHOP_H
#define KIOSK_SHOP_H

#include <stdint.h>

#include "core/catalog.h"
#include "core/shop_rows.h"
#include "core/kerr.h"
#include "core/order.h"

struct store;

/* Read the catalog ordered by seller then product into items[cap] (caller's
 * array). Returns the number read (0 when empty), or -1 with err. */
int shop_catalog_load(struct store *st, struct shop_item *items, int cap, char err[KERR_LEN]);

/* 1 if the catalog already holds item row->id with the same seller, product,
 * price, stock, image and tags (so an import skips it); 0 if not; -1 error. */
int shop_catalog_is_same(struct store *st, const struct catalog_row *row, char err[KERR_LEN]);

/* Append a catalog_item entry for row (inside the caller's transaction, if any). */
int shop_catalog_append(struct store *st, const struct catalog_row *row, int64_t now_ms,
			char err[KERR_LEN]);

/* Store a checked order (order_check said ORDER_OK for these lines and
 * fields) as one `order` entry; the lines with qty 0 are left out. The order
 * number comes from this device and the entry's seq. Returns 0 once durable
 * with no_out filled; -1 with err and nothing stored; SHOP_TRX_CLAIMED with
 * err and no_out the standing order (of any desk synced here) that names
 * the same TrxID already: one wallet payment pays one order (a guest showing
 * an old payment's SMS again), and the matcher would call this one missing. */
#define SHOP_TRX_CLAIMED (-2)
int shop_order_append(struct store *st, const struct order_draft *d,
		      const struct order_checked *c, const char *seller, int64_t now_ms,
		      char no_out[ORDER_NO_LEN], char err[KERR_LEN]);

/* Cancel order `no` (the PIN was checked by the caller): an order_cancelled
 * entry. Returns 0, or -1 with err (unknown or already cancelled number, or
 * a failed write). */
int shop_order_cancel(struct store *st, const char *no, const char *reason, int64_t now_ms,
		      char err[KERR_LEN]);

/* A returning customer: phone (normalised) seen on an earlier order or, with
 * with_roster, in an attendee roster. Fills name/district/address of the
 * newest order (empty when only a roster row is known; name from the roster
 * then). The order desk passes with_roster 0: a guest of the door who never
 * ordered is nobody the desk may look up by phone (issue 14).
 * Returns 1 found, 0 not, -1 error. */
int shop_customer_find(struct store *st, const char *phone, int with_roster,
		       struct shop_customer *out, char err[KERR_LEN]);

/* Append a feedback entry. Returns 0 once durable, or -1 with err. */
int shop_feedback_append(struct store *st, const struct shop_feedback *f, int64_t now_ms,
			 int64_t *seq_out, char err[KERR_LEN]);

#endif
