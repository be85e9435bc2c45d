/* paymatch.h - wallet orders against the money that arrived: by TrxID, then
 * amount. An order whose TrxID an earlier order already claimed is missing
 * (one payment pays one order), and money no order names is unknown.
 * Pure: libc only; no store, no clock. */
#ifndef KIOSK_PAYMATCH_H
#define KIOSK_PAYMATCH_H

#include <stdint.h>

#include "order.h"
#include "paymsg.h"

enum paymatch_status {
	PAYMATCH_MATCHED,          /* the TrxID arrived with the order's amount */
	PAYMATCH_MISSING,          /* no money with this TrxID (yet) */
	PAYMATCH_AMOUNT_MISMATCH,  /* the TrxID arrived with another amount */
	PAYMATCH_UNKNOWN,          /* money that no order names */
	PAYMATCH_STATUS_COUNT
};

/* One wallet order that stands, oldest first when given as a list. */
struct paymatch_order {
	char order_no[ORDER_NO_LEN];
	enum pay_method method;
	char trx[ORDER_TRX_MAX];
	int64_t amount_poisha;      /* what the guest was asked to send */
	char phone[PHONE_LEN];
};

/* One line of the result: order and payment are indexes into the caller's
 * arrays, -1 when the line has none. */
struct paymatch_row {
	int order, payment;
	enum paymatch_status status;
};

/* A payment in paymatch_run's working set. */
struct paymatch_slot {
	const struct paymsg *pay;
	int claimed;                /* 1 once an order took it */
};

/* "matched", "missing", "amount_mismatch", "unknown" (the list's words). */
const char *paymatch_status_code(enum paymatch_status s);
/* The same in Bengali or English words for screens and the report. */
const char *paymatch_status_text(enum paymatch_status s, int bengali);

/* The status of one order: pay is the payment with its TrxID (NULL: none
 * arrived); claimed 1 when an earlier order names the same TrxID. */
enum paymatch_status paymatch_one(const struct paymatch_order *o, const struct paymsg *pay,
				  int claimed);

/* Match orders[no] (oldest first) against pays[np]. Writes one row per order
 * in the given order, then one per payment no order claimed (unknown, by
 * TrxID), into
 * rows (room for no + np); scratch has room for np slots (caller's, any
 * content: paymatch_run fills it).
 * A payment's TrxIDs must be unique (the store keeps one per TrxID).
 * Returns the number of rows. O((no + np) log np). */
int paymatch_run(const struct paymatch_order *orders, int no, const struct paymsg *pays,
		 int np, struct paymatch_slot *scratch, struct paymatch_row *rows);

#endif
