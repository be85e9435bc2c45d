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
struct sqlite3_stmt;

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

/* The rows of a table with pii and phone_bi that belong to a phone, for a
 * statement whose ?1 is the phone's blind index and ?2 the phone (bound by
 * shop_pii_bind_phone): by the index, and rows from before issue 14 (no
 * index: their pii is a clear JSON object) by their phone. Both sides use an
 * index on phone_bi (the old rows are its NULL range; none in a new store). */
#define SHOP_PII_BY_PHONE(T) \
	"(" T "phone_bi = ?1 OR (" T "phone_bi IS NULL" \
	" AND json_extract(kiosk_pii(" T "pii),'$.phone') = ?2))"

/* Bind ?1 (the blind index of phone; NULL in a store without a data key,
 * where no row has one) and ?2 (phone) of s. Returns 0, or -1 with err (the
 * data is locked). */
int shop_pii_bind_phone(struct store *st, struct sqlite3_stmt *s, const char *phone,
			char err[KERR_LEN]);

#endif
