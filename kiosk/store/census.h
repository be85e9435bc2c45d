/* census.h - what the journal holds: entries and devices counted, and per
 * device its entries, highest seq, last time and how far a signature covers.
 * Adapter: store + sqlite3. */
#ifndef KIOSK_STORE_CENSUS_H
#define KIOSK_STORE_CENSUS_H

#include <stdint.h>

#include "core/kerr.h"

struct store;

/* Journal entries and distinct devices. Returns 0, or -1 with err. */
int census_count(struct store *st, int64_t *entries, int64_t *devices, char err[KERR_LEN]);

/* One device's part of the journal; device valid during the call. */
struct census_device {
	const char *device;
	int64_t entries, max_seq, last_at_ms;
	int64_t signed_to;   /* highest seq under a signed tip, 0 for none */
};

/* Call fn for every device with entries, by device id. Returns 0, or -1
 * with err. */
int census_devices(struct store *st, void (*fn)(void *ctx, const struct census_device *d),
		   void *ctx, char err[KERR_LEN]);

#endif
