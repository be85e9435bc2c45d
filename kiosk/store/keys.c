/* keys.c - the event's Ed25519 keys: secret key in DATA/event.key (0600),
 * public keys in the store. Adapter: files, libsodium, store. */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io/dfile.h"
#include "db.h"
#include "store.h"
#include "vault.h"

/* Insert pk as a valid key of event_id (INSERT OR IGNORE). */
static int put_key(struct store *st, const uint8_t pk[TICKET_PK_LEN], const char *event_id,
		   int64_t added_ms, char err[KERR_LEN])
{
	static const char sql[] = "INSERT OR IGNORE INTO event_keys VALUES(?1, ?2, ?3, 0)";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	if (!s)
		return -1;
	if (sqlite3_bind_blob(s, 1, pk, TICKET_PK_LEN, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s, 2, event_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 3, added_ms) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot store the public key: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return kerr(err, "cannot store the public key: %s", sqlite3_errmsg(store_db(st)));
	return 0;
}

/* Keep the current secret key file as event.key.N and write sk as the new one. */
static int save_secret(struct store *st, const char *data_dir, const uint8_t sk[TICKET_SK_LEN],
		       char err[KERR_LEN])
{
	char hex[TICKET_SK_LEN * 2 + 2], path[4096], old[4200];
	struct stat sb;
	int rc;

	(void)snprintf(path, sizeof path, "%s/%s", data_dir, KEYS_SECRET_FILE);
	/* Keep the previous secret key beside it: tickets already sent out stay
	 * re-issuable, and its public key stays valid (rotation). */
	if (vault_is_set(st) > 0 && !vault_is_unlocked(st))
		return kerr(err, "the data is locked (give the passphrase)");
	if (stat(path, &sb) == 0) {
		int i;

		for (i = 1; i < 1000; i++) {
			(void)snprintf(old, sizeof old, "%s.%d", path, i);
			if (stat(old, &sb) != 0)
				break;
		}
		if (rename(path, old) != 0)
			return kerr(err, "cannot keep the old key as '%s': %s", old, strerror(errno));
	}
	/* Sealed by the data key (issue 14): a stolen powered-off machine
	 * gives no ticket-signing key. */
	sodium_bin2hex(hex, sizeof hex, sk, TICKET_SK_LEN);
	rc = vault_file_write(st, path, hex, 0, err);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int keys_generate(struct store *st, const char *data_dir, char err[KERR_LEN])
{
	uint8_t pk[TICKET_PK_LEN], sk[TICKET_SK_LEN];
	char event_id[32];
	int rc;

	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0)
		return kerr(err, "no event in this store");
	crypto_sign_keypair(pk, sk);
	rc = put_key(st, pk, event_id, (int64_t)time(NULL) * 1000, err);
	if (rc == 0)
		rc = save_secret(st, data_dir, sk, err);
	sodium_memzero(sk, sizeof sk);
	return rc;
}

/* ---- keys as journal facts ------------------------------------------------ */

/* What an event key signs: tag NUL event id NUL subject bytes. */
static size_t fact_message(const char *tag, const char *event_id, const void *subject,
			   size_t n, uint8_t m[256])
{
	size_t t = strlen(tag), e = strlen(event_id);

	if (t + e + 2 + n > 256)
		return 0;
	memcpy(m, tag, t + 1);
	memcpy(m + t + 1, event_id, e + 1);
	memcpy(m + t + e + 2, subject, n);
	return t + e + 2 + n;
}

int keys_sign_fact(struct store *st, const char *data_dir, const char *event_id, const char *tag,
		   const void *subject, size_t n, char by_hex[2 * TICKET_PK_LEN + 1],
		   char sig_hex[2 * TICKET_SIG_LEN + 1], char err[KERR_LEN])
{
	uint8_t sk[TICKET_SK_LEN], pk[TICKET_PK_LEN], sig[TICKET_SIG_LEN], m[256];
	size_t len = fact_message(tag, event_id, subject, n, m);
	int r;

	if (!len)
		return kerr(err, "fact too long to sign");
	r = keys_load_secret(st, data_dir, sk, err);
	if (r <= 0)
		return r < 0 ? -1 : kerr(err, "this is not the organizer's machine (no '%s/%s')",
					 data_dir, KEYS_SECRET_FILE);
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	(void)crypto_sign_detached(sig, NULL, m, len, sk); /* cannot fail with a valid sk */
	sodium_memzero(sk, sizeof sk);
	sodium_bin2hex(by_hex, 2 * TICKET_PK_LEN + 1, pk, sizeof pk);
	sodium_bin2hex(sig_hex, 2 * TICKET_SIG_LEN + 1, sig, sizeof sig);
	return 0;
}

static int unhex(const char *hex, uint8_t *out, size_t n)
{
	size_t got = 0;

	return hex && strlen(hex) == 2 * n &&
	       sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) == 0 && got == n ? 0 : -1;
}

/* 1 if pk is a valid key of the store's event. */
static int is_event_key(struct store *st, const uint8_t pk[TICKET_PK_LEN], char err[KERR_LEN])
{
	uint8_t keys[KEYS_MAX][TICKET_PK_LEN];
	int i, n = keys_public(st, keys, KEYS_MAX, err);

	for (i = 0; i < n; i++)
		if (sodium_memcmp(keys[i], pk, TICKET_PK_LEN) == 0)
			return 1;
	return n < 0 ? -1 : 0;
}

int keys_fact_is_signed(struct store *st, const char *event_id, const char *tag,
			const void *subject, size_t n, const char *by_hex, const char *sig_hex,
			char err[KERR_LEN])
{
	uint8_t by[TICKET_PK_LEN], sig[TICKET_SIG_LEN], m[256];
	size_t len = fact_message(tag, event_id, subject, n, m);
	int r;

	if (!len || unhex(by_hex, by, sizeof by) != 0 || unhex(sig_hex, sig, sizeof sig) != 0)
		return 0;
	r = is_event_key(st, by, err);
	if (r <= 0)
		return r;
	return crypto_sign_verify_detached(sig, m, len, by) == 0;
}

int keys_rotate(struct store *st, const char *data_dir, int64_t now_ms, char err[KERR_LEN])
{
	uint8_t pk[TICKET_PK_LEN], sk[TICKET_SK_LEN];
	char event_id[32], body[512], pk_hex[2 * TICKET_PK_LEN + 1], by[2 * TICKET_PK_LEN + 1];
	char sig[2 * TICKET_SIG_LEN + 1];
	int rc = -1;

	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0)
		return kerr(err, "no event in this store");
	crypto_sign_keypair(pk, sk);
	sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
	/* Signed by the current key: a door adopts the new one only if it
	 * verifies with a key it already trusts (keys_adopt). */
	if (keys_sign_fact(st, data_dir, event_id, KEYS_TAG_ADDED, pk, sizeof pk, by, sig, err) != 0)
		goto out;
	(void)snprintf(body, sizeof body,
		       "{\"event\":\"%s\",\"pubkey\":\"%s\",\"by\":\"%s\",\"sig\":\"%s\"}",
		       event_id, pk_hex, by, sig);
	if (store_begin(st, err) != 0)
		goto out;
	if (put_key(st, pk, event_id, now_ms, err) != 0 ||
	    store_append(st, now_ms, KEYS_KIND_ADDED, body, NULL, err) != 0 ||
	    save_secret(st, data_dir, sk, err) != 0) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, err);
out:
	sodium_memzero(sk, sizeof sk);
	return rc;
}

int keys_adopt(struct store *st, char err[KERR_LEN])
{
	static const char sql[] =
		"SELECT json_extract(body,'$.event'), json_extract(body,'$.pubkey'),"
		" json_extract(body,'$.by'), json_extract(body,'$.sig'), at_ms FROM journal"
		" WHERE kind = '" KEYS_KIND_ADDED "' AND json_extract(body,'$.event') ="
		" (SELECT value FROM meta WHERE key='event_id')"
		" AND NOT EXISTS (SELECT 1 FROM event_keys k"
		"  WHERE hex(k.pubkey) = upper(json_extract(body,'$.pubkey')))";
	int adopted = 0, changed = 1;

	/* A key signed by a key adopted in this round is adopted in the next. */
	while (changed) {
		sqlite3_stmt *s = store_stmt(st, sql, err);
		struct {
			char ev[64];
			uint8_t pk[TICKET_PK_LEN];
			int64_t at;
		} ok[KEYS_MAX];
		int n = 0, i, rc;

		if (!s)
			return -1;
		changed = 0;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < KEYS_MAX) {
			const char *ev = (const char *)sqlite3_column_text(s, 0);
			uint8_t pk[TICKET_PK_LEN];
			char e2[KERR_LEN];

			if (!ev || strlen(ev) >= sizeof ok[0].ev ||
			    unhex((const char *)sqlite3_column_text(s, 1), pk, sizeof pk) != 0)
				continue;
			/* Anything that does not verify is left unused, never trusted. */
			if (keys_fact_is_signed(st, ev, KEYS_TAG_ADDED, pk, sizeof pk,
						(const char *)sqlite3_column_text(s, 2),
						(const char *)sqlite3_column_text(s, 3), e2) != 1)
				continue;
			(void)snprintf(ok[n].ev, sizeof ok[n].ev, "%s", ev);
			memcpy(ok[n].pk, pk, sizeof pk);
			ok[n].at = sqlite3_column_int64(s, 4);
			n++;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return kerr(err, "cannot read key rotations: %s", sqlite3_errmsg(store_db(st)));
		for (i = 0; i < n; i++) {
			if (put_key(st, ok[i].pk, ok[i].ev, ok[i].at, err) != 0)
				return -1;
			adopted++;
			changed = 1;
		}
	}
	return adopted;
}

/* The secret key in the file at path: 1 read, 0 no such file, -1 error. */
static int read_secret(struct store *st, const char *path, uint8_t sk[TICKET_SK_LEN],
		       char err[KERR_LEN])
{
	char hex[TICKET_SK_LEN * 2 + 8];
	size_t bin_len;
	int r;

	r = vault_file_read(st, path, hex, sizeof hex, err);
	if (r <= 0)
		return r;
	if (sodium_hex2bin(sk, TICKET_SK_LEN, hex, strlen(hex), "\r\n", &bin_len, NULL) != 0 ||
	    bin_len != TICKET_SK_LEN) {
		sodium_memzero(hex, sizeof hex);
		return kerr(err, "'%s' is not an event secret key", path);
	}
	sodium_memzero(hex, sizeof hex);
	return 1;
}

/* Where sk's public key stands among the valid ones (newest first): its
 * index, or n when it is none of them. */
static int key_rank(const uint8_t sk[TICKET_SK_LEN], uint8_t valid[][TICKET_PK_LEN], int n)
{
	uint8_t pk[TICKET_PK_LEN];
	int i;

	crypto_sign_ed25519_sk_to_pk(pk, sk);
	for (i = 0; i < n; i++)
		if (sodium_memcmp(pk, valid[i], TICKET_PK_LEN) == 0)
			break;
	return i;
}

/* The secret key of the current event. The file event.key is written before
 * the transaction that adds its public key commits (`init --new`, `keys
 * rotate`), and the file it replaces is kept as event.key.N first: a kill or
 * a power cut in between left event.key missing, or holding a key the store
 * never took, so every ticket signed after was "forged" at every door (seen
 * with strace's fault injection). So the file is taken only when its public
 * key is a valid one of the current event; otherwise the newest valid key
 * among the kept files event.key.N is (the one the store still holds). */
int keys_load_secret(struct store *st, const char *data_dir, uint8_t sk[TICKET_SK_LEN],
		     char err[KERR_LEN])
{
	uint8_t valid[KEYS_MAX][TICKET_PK_LEN], kept[TICKET_SK_LEN];
	char path[4096];
	int r, n, i, rank, best;

	(void)snprintf(path, sizeof path, "%s/%s", data_dir, KEYS_SECRET_FILE);
	r = read_secret(st, path, sk, err);
	if (r < 0)
		return -1;
	n = keys_public(st, valid, KEYS_MAX, err);
	if (n < 0) {
		sodium_memzero(sk, TICKET_SK_LEN);
		return -1;
	}
	/* nothing to match it with (a store before its keys were journal
	 * facts), or the file is right: as it is */
	if (n == 0 || (r == 1 && key_rank(sk, valid, n) < n))
		return r;
	best = n;
	for (i = 1; i < 1000; i++) {
		struct stat sb;

		(void)snprintf(path, sizeof path, "%s/%s.%d", data_dir, KEYS_SECRET_FILE, i);
		if (stat(path, &sb) != 0)
			break;
		if (read_secret(st, path, kept, err) != 1)
			continue; /* a damaged old file: the others may hold it */
		rank = key_rank(kept, valid, n);
		if (rank < best) {
			best = rank;
			memcpy(sk, kept, TICKET_SK_LEN);
		}
	}
	sodium_memzero(kept, sizeof kept);
	if (best < n)
		return 1;
	sodium_memzero(sk, TICKET_SK_LEN);
	if (r == 0 && i == 1)
		return 0; /* no key file at all: not the organizer's machine */
	(void)snprintf(path, sizeof path, "%s/%s", data_dir, KEYS_SECRET_FILE);
	return kerr(err, "'%s' holds no key of this event, nor do the kept '%s.N' (copied from "
			 "another event's folder?); tickets and enrolments cannot be signed here",
		    path, path);
}

int keys_public(struct store *st, uint8_t pk[][TICKET_PK_LEN], int max, char err[KERR_LEN])
{
	static const char sql[] = "SELECT pubkey FROM event_keys WHERE retired=0 AND"
				  " event_id=(SELECT value FROM meta WHERE key='event_id')"
				  " ORDER BY added_ms DESC";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int n = 0, rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < max) {
		if (sqlite3_column_bytes(s, 0) != TICKET_PK_LEN)
			continue;
		memcpy(pk[n++], sqlite3_column_blob(s, 0), TICKET_PK_LEN);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot read the event keys: %s", sqlite3_errmsg(store_db(st)));
	return n;
}

int64_t keys_count_valid(struct store *st, char err[KERR_LEN])
{
	static const char sql[] = "SELECT count(*) FROM event_keys WHERE retired=0 AND"
				  " event_id=(SELECT value FROM meta WHERE key='event_id')";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int64_t n = -1;

	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		kerr(err, "cannot count the event keys: %s", sqlite3_errmsg(store_db(st)));
	sqlite3_reset(s);
	return n;
}

int keys_seal_files(struct store *st, const char *data_dir, char err[KERR_LEN])
{
	char path[4096];
	int i, r, n = 0;

	(void)snprintf(path, sizeof path, "%s/%s", data_dir, KEYS_SECRET_FILE);
	for (i = 0; i < 1000; i++) {
		struct stat sb;

		if (i > 0)
			(void)snprintf(path, sizeof path, "%s/%s.%d", data_dir, KEYS_SECRET_FILE, i);
		if (stat(path, &sb) != 0) {
			if (i > 0)
				break;
			continue;
		}
		r = vault_file_seal(st, path, err);
		if (r < 0)
			return -1;
		n += r;
	}
	return n;
}
