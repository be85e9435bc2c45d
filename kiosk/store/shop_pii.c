/* shop_pii.c - personal fields of shop entries sealed into their bodies, and
 * the phone's blind index for lookups. Adapter: store + vault (libsodium). */
#include "shop_pii.h"

#include <sodium.h>
#include <string.h>

#include "db.h"
#include "store.h"

/* The fields as JSON (a name, an address, a comment of a few hundred
 * characters) and that sealed: about 4/3 of it plus 60 bytes. */
#define PII_PLAIN_MAX 4096
#define PII_SEALED_MAX (PII_PLAIN_MAX * 4 / 3 + 128)

int shop_pii_put(struct store *st, struct jsonw *w, const struct pii_field *f, int n,
		 const char *phone, char err[KERR_LEN])
{
	char plain[PII_PLAIN_MAX], sealed[PII_SEALED_MAX], bi[VAULT_BLIND_HEX];
	struct jsonw p;
	int any = 0, rc = -1;

	/* A store without a data key (joined before enrolment carried it, or
	 * made before issue 14) cannot seal: say so rather than "locked". */
	if (!vault_is_unlocked(st) && vault_is_set(st) == 0)
		return kerr(err, "this store has no data key to seal personal data with"
			    " (nothing was stored)");
	jsonw_init(&p, plain, sizeof plain);
	for (int i = 0; i < n; i++)
		if (f[i].value && f[i].value[0]) {
			jsonw_str(&p, f[i].key, f[i].value);
			any = 1;
		}
	if (jsonw_end(&p) != 0) {
		kerr(err, "the personal fields are too long to store");
		goto out;
	}
	if (any) {
		if (vault_seal(st, plain, sealed, sizeof sealed, err) != 0)
			goto out;
		jsonw_str(w, "pii", sealed);
	}
	if (phone && phone[0]) {
		if (vault_blind(st, "phone", phone, bi, err) != 0)
			goto out;
		jsonw_str(w, "phone_bi", bi);
	}
	rc = 0;
out:
	sodium_memzero(plain, sizeof plain);
	return rc;
}

int shop_pii_bind_phone(struct store *st, sqlite3_stmt *s, const char *phone,
			char err[KERR_LEN])
{
	char bi[VAULT_BLIND_HEX];
	int set = vault_is_set(st), rc;

	if (set < 0)
		return kerr(err, "cannot read the store's keys");
	if (set && vault_blind(st, "phone", phone, bi, err) != 0)
		return -1;
	rc = set ? sqlite3_bind_text(s, 1, bi, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, 1);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(s, 2, phone, -1, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		return kerr(err, "cannot look the phone up: %s", sqlite3_errstr(rc));
	return 0;
}
