/* deliveries.h - what couriers said of the parcels (delivered, returned,
 * cancelled), one delivery_status entry per change, and a customer's record
 * by phone. Adapter: store (SQLite) and the pure courier rules; no files. */
#ifndef KIOSK_DELIVERIES_H
#define KIOSK_DELIVERIES_H

#include <stdint.h>

#include "core/courier.h"
#include "core/kerr.h"

struct store;

/* Record row (inside the caller's transaction, if any). A row without a
 * phone takes the phone of our order whose number is its invoice.
 * Returns 1 when an entry was appended, 0 when the same status was already
 * held for this courier and consignment, 2 when the customer is unknown (no
 * phone and no order of ours with that invoice), -1 on error. */
int deliveries_record(struct store *st, const struct courier_row *row, int64_t now_ms,
		      char err[KERR_LEN]);

/* Parcels of phone (normalised) by their newest status: counts[CST_*].
 * Returns 0 or -1 with err. */
int deliveries_counts(struct store *st, const char *phone, long counts[CST_COUNT],
		      char err[KERR_LEN]);

/* The delivery charges per zone: set (a delivery_charges entry) and the
 * newest (0 and 0 when never set). Return 0 or -1 with err. */
int deliveries_charges_set(struct store *st, int64_t inside_dhaka, int64_t outside,
			   int64_t now_ms, char err[KERR_LEN]);
int deliveries_charges_get(struct store *st, int64_t *inside_dhaka, int64_t *outside,
			   char err[KERR_LEN]);

#endif
