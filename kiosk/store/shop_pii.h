/* shop_pii.h - a shop entry's personal fields (a buyer's name, phone and
 * address, a comment, a payer's or a parcel's phone) written sealed into its
 * journal body (issue 14), and the blind index its readers look phones up by.
 * Adapter: store + vault; the decrypting side is schema.c's TEMP views. */
#ifndef KIOSK_SHOP_PII_H
#define KIOSK_SHOP_PII_H

#include "core/jsonw.h"
#include "core/kerr.h"
#include "vault.h"

struct store;

/* One personal field; a NULL or empty value is left out. */
struct pii_field {
	const char *key;
	const char *value;
};

/* Add to the body w is writing "pii": the sealed JSON object of the
 * non-empty fields (nothing when all are empty), and "phone_bi": the blind
 * index of phone (normalised; nothing when NULL or empty). Never writes a
 * field in clear: without the key it fails. Returns 0, or -1 with err (the
 * data is locked, or the fields are too long). */
int shop_pii_put(struct store *st, struct jsonw *w, const struct pii_field *f, int n,
		 const char *phone, char err[KERR_LEN]);

/* The blind index of a normalised phone, to look rows up by phone_bi.
 * Returns 1 with out filled; 0 when the store has no data key (a store from
 * before issue 14, where no row has an index: nothing to find); -1 with err
 * (locked). */
int shop_pii_phone_bi(struct store *st, const char *phone, char out[VAULT_BLIND_HEX],
		      char err[KERR_LEN]);

#endif
