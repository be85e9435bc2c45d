/* trust.c - device keys, enrolments journaled by the organizer's device, and
 * signed tips. Adapter: store (questions through store/syncdb.h, writes
 * through store_append/store_meta_set), DATA/device.key, libsodium. No libpq. */
#include "trust.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/dfile.h"
#include "core/jsonw.h"
#include "store/keys.h"
#include "store/syncdb.h"
#include "store/vault.h"

int trust_id_is_valid(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n >= STORE_DEVICE_ID_MAX || id[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

void trust_hex(const uint8_t *b, size_t n, char *out)
{
	(void)sodium_bin2hex(out, 2 * n + 1, b, n); /* cannot fail: out has 2n+1 bytes */
}

int trust_unhex(const char *hex, size_t hexlen, uint8_t *out, size_t n)
{
	size_t got = 0;
	const char *end = NULL;

	if (hexlen != 2 * n)
		return -1;
	if (sodium_hex2bin(out, n, hex, hexlen, NULL, &got, &end) != 0 || got != n ||
	    end != hex + hexlen)
		return -1;
	return 0;
}

_Static_assert(TRUST_SIG_LEN == SYNCDB_SIG_LEN, "one signature size");

int trust_migrate(struct store *st, char err[KERR_LEN])
{
	return syncdb_tips_create(st, err);
}

/* ---- the device key file ---------------------------------------------- */

int trust_load_secret(struct store *st, const char *data_dir, uint8_t sk[TRUST_SK_LEN],
		      char err[KERR_LEN])
{
	char path[4096], hex[2 * TRUST_SK_LEN + 8];
	int r;

	(void)snprintf(path, sizeof path, "%s/%s", data_dir, TRUST_SECRET_FILE);
	r = vault_file_read(st, path, hex, sizeof hex, err);
	if (r <= 0)
		return r;
	r = trust_unhex(hex, strlen(hex), sk, TRUST_SK_LEN);
	sodium_memzero(hex, sizeof hex);
	if (r != 0)
		return kerr(err, "'%s' is not a device key", path);
	return 1;
}

int trust_save_secret(struct store *st, const char *data_dir, const uint8_t sk[TRUST_SK_LEN],
		      char err[KERR_LEN])
{
	char path[4096], hex[2 * TRUST_SK_LEN + 1];
	int r;

	(void)snprintf(path, sizeof path, "%s/%s", data_dir, TRUST_SECRET_FILE);
	trust_hex(sk, TRUST_SK_LEN, hex);
	r = vault_file_write(st, path, hex, 1, err);
	sodium_memzero(hex, sizeof hex);
	return r;
}

int trust_seal_file(struct store *st, const char *data_dir, char err[KERR_LEN])
{
	char path[4096];

	(void)snprintf(path, sizeof path, "%s/%s", data_dir, TRUST_SECRET_FILE);
	return vault_file_seal(st, path, err);
}

/* ---- signing at commit time ------------------------------------------------ */

/* The device key in locked memory while the store is open. */
struct signer {
	uint8_t sk[TRUST_SK_LEN];
	char device_id[STORE_DEVICE_ID_MAX];
};

static int sign_append(void *ctx, struct store *st, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
		       char err[KERR_LEN])
{
	struct signer *s = ctx;
	uint8_t sig[TRUST_SIG_LEN];

	trust_tip_sign(s->device_id, seq, hash, s->sk, sig);
	return syncdb_self_tip_set(st, seq, hash, sig, err);
}

static void drop_signer(void *ctx)
{
	sodium_free(ctx);
}

/* Entries appended while no signer was installed (by a command that did not
 * unlock, or before the device key existed): sign the head now, so a push
 * without the key sends them too. Best effort: on a read-only medium the
 * tip is simply not saved. */
static void sign_head(struct store *st, struct signer *s)
{
	uint8_t hash[STORE_HASH_LEN], sig[TRUST_SIG_LEN];
	char err[KERR_LEN];
	int64_t max = 0, seq = 0;
	int own, ok;

	/* Usually everything is signed: find that out without the write lock. */
	if (syncdb_max_seq(st, s->device_id, &max, err) != 0 || max == 0 ||
	    syncdb_latest_tip(st, s->device_id, &seq, hash, sig, err) < 0 || seq >= max)
		return;
	if (store_write_begin(st, &own, err) != 0)
		return;
	ok = syncdb_max_seq(st, s->device_id, &max, err) == 0 && max > 0 &&
	     syncdb_latest_tip(st, s->device_id, &seq, hash, sig, err) >= 0 && seq < max &&
	     syncdb_hash_at(st, s->device_id, max, hash, err) == 1;
	if (ok) {
		trust_tip_sign(s->device_id, max, hash, s->sk, sig);
		ok = syncdb_self_tip_set(st, max, hash, sig, err) == 0;
	}
	(void)store_write_end(st, own, ok, err);
}

int trust_sign_appends(struct store *st, const char *data_dir, char err[KERR_LEN])
{
	struct signer *s;
	int r;

	if (store_has_append_hook(st))
		return 1;
	s = sodium_malloc(sizeof *s);
	if (!s)
		return kerr(err, "cannot keep the device key: out of locked memory");
	r = trust_load_secret(st, data_dir, s->sk, err);
	if (r <= 0) {
		sodium_free(s);
		return r;
	}
	(void)snprintf(s->device_id, sizeof s->device_id, "%s", store_device_id(st));
	if (trust_migrate(st, err) != 0) {
		sodium_free(s);
		return -1;
	}
	store_set_append_hook(st, sign_append, s, drop_signer);
	sign_head(st, s);
	return 1;
}

/* ---- root and enrolments ---------------------------------------------- */

int trust_root(struct store *st, char *root, char err[KERR_LEN])
{
	int r = store_meta_get(st, TRUST_META_ROOT, root, STORE_DEVICE_ID_MAX + 1);

	if (r < 0)
		return kerr(err, "cannot read meta '%s'", TRUST_META_ROOT);
	if (r == 0)
		root[0] = '\0';
	return r;
}

int trust_enrol(struct store *st, const char *device_id, const char *name,
		const uint8_t pk[TRUST_PK_LEN], int64_t now_ms, char err[KERR_LEN])
{
	char body[512], hex[2 * TRUST_PK_LEN + 1];
	struct jsonw w;

	if (!trust_id_is_valid(device_id))
		return kerr(err, "not a valid device id: '%s'", device_id);
	trust_hex(pk, TRUST_PK_LEN, hex);
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "device_id", device_id);
	jsonw_str(&w, "name", name);
	jsonw_str(&w, "pubkey", hex);
	if (jsonw_end(&w) != 0)
		return kerr(err, "device name too long: '%s'", name);
	return store_append(st, now_ms, TRUST_KIND_ENROLLED, body, NULL, err);
}

int trust_ensure_root(struct store *st, const char *data_dir, int64_t now_ms, char err[KERR_LEN])
{
	char root[STORE_DEVICE_ID_MAX + 1], name[TRUST_NAME_MAX];
	uint8_t sk[TRUST_SK_LEN], pk[TRUST_PK_LEN];
	int r;

	r = trust_root(st, root, err);
	if (r != 0)
		return r < 0 ? -1 : 0;
	r = trust_load_secret(st, data_dir, sk, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (crypto_sign_keypair(pk, sk) != 0)
			return kerr(err, "cannot make a device key pair");
		if (trust_save_secret(st, data_dir, sk, err) != 0)
			goto fail;
	} else {
		crypto_sign_ed25519_sk_to_pk(pk, sk);
	}
	if (store_meta_get(st, "device_name", name, sizeof name) != 1)
		(void)snprintf(name, sizeof name, "organizer");
	/* Root meta and self-enrolment in one transaction: a store that says it
	 * is root always holds its own public key. */
	if (store_begin(st, err) != 0)
		goto fail;
	if (trust_enrol(st, store_device_id(st), name, pk, now_ms, err) != 0 ||
	    store_meta_set(st, TRUST_META_ROOT, store_device_id(st), err) != 0) {
		store_rollback(st);
		goto fail;
	}
	if (store_commit(st, err) != 0)
		goto fail;
	sodium_memzero(sk, sizeof sk);
	return 1;
fail:
	sodium_memzero(sk, sizeof sk);
	return -1;
}

/* The latest enrolment body field of device_id journaled by the root. */
static int enrolment_field(struct store *st, const char *device_id, const char *field,
			   char *out, size_t cap, char err[KERR_LEN])
{
	char root[STORE_DEVICE_ID_MAX + 1];
	int r;

	r = trust_root(st, root, err);
	if (r <= 0)
		return r;
	return syncdb_enrolment_field(st, root, TRUST_KIND_ENROLLED, device_id, field, out, cap,
				      err);
}

int trust_pubkey(struct store *st, const char *device_id, uint8_t pk[TRUST_PK_LEN],
		 char err[KERR_LEN])
{
	char hex[2 * TRUST_PK_LEN + 8];
	int r = enrolment_field(st, device_id, "pubkey", hex, sizeof hex, err);

	if (r <= 0)
		return r;
	if (trust_unhex(hex, strlen(hex), pk, TRUST_PK_LEN) != 0)
		return kerr(err, "enrolment of device '%s' holds a malformed key", device_id);
	return 1;
}

int trust_name(struct store *st, const char *device_id, char name[TRUST_NAME_MAX])
{
	char err[KERR_LEN];
	int r = enrolment_field(st, device_id, "name", name, TRUST_NAME_MAX, err);

	if (r <= 0)
		name[0] = '\0';
	return r;
}

int trust_self_secret(struct store *st, const char *data_dir, uint8_t sk[TRUST_SK_LEN],
		      char err[KERR_LEN])
{
	uint8_t pk[TRUST_PK_LEN], mine[TRUST_PK_LEN];
	int r;

	r = trust_load_secret(st, data_dir, sk, err);
	if (r < 0)
		return -1;
	if (r == 0)
		return kerr(err, "this device has no device key (enrol it with 'kiosk device add' "
				 "on the organizer's machine, then 'kiosk device join')");
	r = trust_pubkey(st, store_device_id(st), pk, err);
	if (r < 0)
		return -1;
	if (r == 0)
		return kerr(err, "device '%s' is not enrolled in this store", store_device_id(st));
	crypto_sign_ed25519_sk_to_pk(mine, sk);
	if (sodium_memcmp(mine, pk, TRUST_PK_LEN) != 0)
		return kerr(err, "'%s/%s' does not match the enrolled key of device '%s'", data_dir,
			    TRUST_SECRET_FILE, store_device_id(st));
	return 0;
}

/* ---- the tip a push sends ------------------------------------------------ */

int trust_push_tip(struct store *st, const char *data_dir, int64_t max, int64_t *last,
		   uint8_t sig[TRUST_SIG_LEN], char err[KERR_LEN])
{
	const char *me = store_device_id(st);
	uint8_t hash[STORE_HASH_LEN], sk[TRUST_SK_LEN];
	char why[KERR_LEN];
	int64_t seq = 0;
	int r = syncdb_latest_tip(st, me, &seq, hash, sig, err);

	if (r < 0)
		return -1;
	if (r == 1 && seq == max) {
		*last = max;
		return 0;
	}
	/* Entries past the signed tip (or none signed yet): sign now if the key
	 * is at hand (an unlocked store, or an older store's clear key file). */
	if (trust_self_secret(st, data_dir, sk, why) == 0) {
		r = syncdb_hash_at(st, me, max, hash, err);
		if (r <= 0) {
			sodium_memzero(sk, sizeof sk);
			return r < 0 ? -1 : kerr(err, "entry %" PRId64 " of this device is missing", max);
		}
		trust_tip_sign(me, max, hash, sk, sig);
		sodium_memzero(sk, sizeof sk);
		*last = max;
		return 0;
	}
	if (r == 1 && seq < max) {
		uint8_t held[STORE_HASH_LEN];

		r = syncdb_hash_at(st, me, seq, held, err);
		if (r < 0)
			return -1;
		if (r == 0 || sodium_memcmp(held, hash, STORE_HASH_LEN) != 0)
			return kerr(err, "this device's signed tip at seq %" PRId64 " does not match its "
					 "journal", seq);
		*last = seq;
		return 0;
	}
	return kerr(err, "%s", why);
}

/* ---- tips ---------------------------------------------------------------- */

/* "KTIP1" NUL id NUL seq NUL hash into m; returns the length. */
static size_t tip_message(const char *device_id, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
			  uint8_t m[128])
{
	int n = snprintf((char *)m, 128, "KTIP1%c%s%c%" PRId64 "%c", 0, device_id, 0, seq, 0);

	memcpy(m + n, hash, STORE_HASH_LEN);
	return (size_t)n + STORE_HASH_LEN;
}

void trust_tip_sign(const char *device_id, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
		    const uint8_t sk[TRUST_SK_LEN], uint8_t sig[TRUST_SIG_LEN])
{
	uint8_t m[128];
	size_t n = tip_message(device_id, seq, hash, m);

	(void)crypto_sign_detached(sig, NULL, m, n, sk); /* cannot fail with a valid sk */
}

int trust_tip_is_valid(const char *device_id, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
		       const uint8_t pk[TRUST_PK_LEN], const uint8_t sig[TRUST_SIG_LEN])
{
	uint8_t m[128];
	size_t n = tip_message(device_id, seq, hash, m);

	return crypto_sign_verify_detached(sig, m, n, pk) == 0;
}

int trust_tip_save(struct store *st, const char *device_id, int64_t seq,
		   const uint8_t hash[STORE_HASH_LEN], const uint8_t sig[TRUST_SIG_LEN],
		   char err[KERR_LEN])
{
	return syncdb_tip_save(st, device_id, seq, hash, sig, err);
}

/* ---- revocation ----------------------------------------------------------
 * The cut-off rule: a revocation names the last entry of the revoked device
 * that the organizer held when it revoked it (cutoff, and that entry's hash).
 * Entries 1..cutoff are the device's honest history and count everywhere;
 * later ones never count, whichever arrives first at a device: the
 * revocation (a pull then refuses them) or the entries (they are then held
 * but left out of the projections, table revoked_devices). So every device
 * that holds the same journals counts the same check-ins, in any pull order.
 * A revocation from before the rule names no cut-off and signs only the
 * device id: nothing signed says what the organizer had then, so it counts
 * as cut-off 0 (none of the device's entries count), which is what every
 * device did when that revocation reached it first. */

/* A revocation that does not hold: why says why; returns 0. */
static int refuse(char why[KERR_LEN], const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(char why[KERR_LEN], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, KERR_LEN, fmt, ap);
	va_end(ap);
	return 0;
}

/* The cut-off's signed subject: device_id NUL cutoff NUL hash-hex ("" for 0). */
static size_t cut_subject(const char *device_id, int64_t cutoff, const char *hash_hex,
			  char out[160])
{
	int n = snprintf(out, 160, "%s%c%" PRId64 "%c%s", device_id, 0, cutoff, 0, hash_hex);

	return n > 0 && n < 160 ? (size_t)n : 0;
}

int trust_revoke(struct store *st, const char *data_dir, const char *device_id, int64_t upto,
		 int64_t now_ms, int64_t *cutoff_out, char err[KERR_LEN])
{
	char root[STORE_DEVICE_ID_MAX + 1], ev[64], by[2 * TICKET_PK_LEN + 1];
	char sig[2 * TICKET_SIG_LEN + 1], csig[2 * TICKET_SIG_LEN + 1], body[1024];
	char hex[2 * STORE_HASH_LEN + 1] = "", subject[160];
	uint8_t pk[TRUST_PK_LEN], hash[STORE_HASH_LEN];
	struct jsonw w;
	int64_t held;
	size_t n;
	int r;

	if (trust_root(st, root, err) < 0)
		return -1;
	if (!root[0] || strcmp(root, store_device_id(st)) != 0)
		return kerr(err, "devices are revoked on the organizer's machine, not on this device");
	if (strcmp(device_id, root) == 0)
		return kerr(err, "the organizer's own device cannot be revoked");
	r = trust_pubkey(st, device_id, pk, err);
	if (r <= 0)
		return r < 0 ? -1 : kerr(err, "no device '%s' is enrolled in this event", device_id);
	if (store_meta_get(st, "event_id", ev, sizeof ev) != 1)
		return kerr(err, "no event in this store");
	/* The cut-off: what this machine holds of the device (all of it is
	 * signed by the device: a pull keeps nothing else), or less if asked. */
	if (syncdb_max_seq(st, device_id, &held, err) != 0)
		return -1;
	if (upto > held)
		return kerr(err, "cut-off %" PRId64 " is past the %" PRId64 " entries of device '%s' "
				 "held here", upto, held, device_id);
	if (upto < 0)
		upto = held;
	if (upto > 0) {
		r = syncdb_hash_at(st, device_id, upto, hash, err);
		if (r <= 0)
			return r < 0 ? -1 : kerr(err, "entry %s/%" PRId64 " is missing", device_id, upto);
		trust_hex(hash, STORE_HASH_LEN, hex);
	}
	n = cut_subject(device_id, upto, hex, subject);
	if (!n)
		return kerr(err, "revocation too long");
	if (keys_sign_fact(st, data_dir, ev, SYNCDB_TAG_REVOKED, device_id, strlen(device_id), by,
			   sig, err) != 0 ||
	    keys_sign_fact(st, data_dir, ev, SYNCDB_TAG_CUTOFF, subject, n, by, csig, err) != 0)
		return -1;
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "device_id", device_id);
	jsonw_str(&w, "event", ev);
	jsonw_str(&w, "by", by);
	jsonw_str(&w, "sig", sig);
	jsonw_int(&w, "cutoff", upto);
	jsonw_str(&w, "cutoff_hash", hex);
	jsonw_str(&w, "cutoff_sig", csig);
	if (jsonw_end(&w) != 0)
		return kerr(err, "revocation too long");
	/* The entry and its effect here in one transaction. */
	if (store_begin(st, err) != 0)
		return -1;
	if (store_append(st, now_ms, SYNCDB_KIND_REVOKED, body, NULL, err) != 0 ||
	    trust_cuts_apply(st, NULL, NULL, err) != 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, err) != 0)
		return -1;
	if (cutoff_out)
		*cutoff_out = upto;
	return 0;
}

int trust_revocation_check(struct store *st, const struct syncdb_revocation *rv,
			   struct trust_cut *cut, char why[KERR_LEN])
{
	char subject[160];
	size_t n;
	int r;

	memset(cut, 0, sizeof *cut);
	cut->seq = rv->seq;
	if (!trust_id_is_valid(rv->device_id))
		return refuse(why, "it names no valid device");
	r = keys_fact_is_signed(st, rv->event, SYNCDB_TAG_REVOKED, rv->device_id,
				strlen(rv->device_id), rv->by, rv->sig, why);
	if (r < 0)
		return -1;
	if (r == 0)
		return refuse(why, "its signature does not verify with a key of this event");
	if (!rv->cutoff_type[0])
		return 1; /* from before the cut-off rule: cut-off 0 (see above) */
	if (strcmp(rv->cutoff_type, "integer") != 0 || rv->cutoff < 0 ||
	    rv->cutoff > TRUST_CUTOFF_MAX)
		return refuse(why, "its cut-off is not a sequence number");
	if (rv->cutoff > 0 &&
	    trust_unhex(rv->cutoff_hash, strlen(rv->cutoff_hash), cut->hash, STORE_HASH_LEN) != 0)
		return refuse(why, "its cut-off names no entry hash");
	if (rv->cutoff == 0 && rv->cutoff_hash[0])
		return refuse(why, "its cut-off 0 names an entry hash");
	n = cut_subject(rv->device_id, rv->cutoff, rv->cutoff_hash, subject);
	r = n ? keys_fact_is_signed(st, rv->event, SYNCDB_TAG_CUTOFF, subject, n, rv->by,
				    rv->cutoff_sig, why) : 0;
	if (r < 0)
		return -1;
	if (r == 0)
		return refuse(why, "the signature of its cut-off does not verify");
	cut->cutoff = rv->cutoff;
	cut->has_hash = rv->cutoff > 0;
	return 1;
}

/* The latest revocation of a device that holds (trust_cut). */
struct latest_cut {
	struct store *st;
	struct trust_cut *cut;
	int found;
};

static int take_cut(void *ctx, const struct syncdb_revocation *rv, char err[KERR_LEN])
{
	struct latest_cut *l = ctx;
	struct trust_cut c;
	char why[KERR_LEN];
	int r = trust_revocation_check(l->st, rv, &c, why);

	if (r < 0)
		return kerr(err, "%s", why);
	if (r == 1) {
		*l->cut = c; /* in seq order: the newest that holds wins */
		l->found = 1;
	}
	return 0;
}

int trust_cut(struct store *st, const char *device_id, struct trust_cut *cut, char err[KERR_LEN])
{
	char root[STORE_DEVICE_ID_MAX + 1];
	struct latest_cut l = {st, cut, 0};
	int r;

	memset(cut, 0, sizeof *cut);
	r = trust_root(st, root, err);
	if (r <= 0)
		return r;
	if (syncdb_revocations_each(st, root, device_id, take_cut, &l, err) != 0)
		return -1;
	return l.found;
}

int trust_is_revoked(struct store *st, const char *device_id, char err[KERR_LEN])
{
	struct trust_cut cut;

	return trust_cut(st, device_id, &cut, err);
}

/* trust_revocations_check: the revocations among the organizer's entries
 * first..last. */
struct range_check {
	struct store *st;
	int64_t first, last;
};

static int check_new(void *ctx, const struct syncdb_revocation *rv, char err[KERR_LEN])
{
	struct range_check *k = ctx;
	struct trust_cut c;
	char why[KERR_LEN];
	int r;

	if (rv->seq < k->first || rv->seq > k->last)
		return 0;
	r = trust_revocation_check(k->st, rv, &c, why);
	if (r < 0)
		return kerr(err, "%s", why);
	if (r == 0)
		return kerr(err, "its revocation of device '%.40s' (entry %" PRId64 ") is refused: %s",
			    rv->device_id, rv->seq, why);
	return 0;
}

int trust_revocations_check(struct store *st, const char *root, int64_t first, int64_t last,
			    char err[KERR_LEN])
{
	struct range_check k = {st, first, last};

	return syncdb_revocations_each(st, root, NULL, check_new, &k, err);
}

/* ---- the cut-offs in force here ------------------------------------------- */

/* The devices named by the organizer's revocations, once each. */
struct revoked_ids {
	char (*id)[STORE_DEVICE_ID_MAX + 1];
	size_t n, cap;
};

static int add_id(void *ctx, const struct syncdb_revocation *rv, char err[KERR_LEN])
{
	struct revoked_ids *v = ctx;
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->id[i], rv->device_id) == 0)
			return 0;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		char(*nv)[STORE_DEVICE_ID_MAX + 1] = realloc(v->id, cap * sizeof *nv);

		if (!nv)
			return kerr(err, "out of memory");
		v->id = nv;
		v->cap = cap;
	}
	(void)snprintf(v->id[v->n++], sizeof v->id[0], "%s", rv->device_id);
	return 0;
}

/* Bring one device's row of revoked_devices to what its revocation says.
 * Sets *rebuild when entries held change from counting to not (or back). */
static int cut_one(struct store *st, const char *dev, int *rebuild, trust_cut_note_fn note,
		   void *ctx, char err[KERR_LEN])
{
	struct trust_cut cut;
	uint8_t held[STORE_HASH_LEN];
	int64_t want, old = -1, max, before, after;
	int r;

	r = trust_cut(st, dev, &cut, err);
	if (r < 0)
		return -1;
	want = r == 1 ? cut.cutoff : -1;
	/* History held that is not the one the organizer vouched for (a fork
	 * made with the lost device's key): none of it counts. */
	if (r == 1 && cut.has_hash) {
		r = syncdb_hash_at(st, dev, cut.cutoff, held, err);
		if (r < 0)
			return -1;
		if (r == 1 && sodium_memcmp(held, cut.hash, STORE_HASH_LEN) != 0)
			want = 0;
	}
	r = syncdb_cut_get(st, dev, &old, err);
	if (r < 0)
		return -1;
	if (r == 0)
		old = -1;
	if (old == want)
		return 0;
	if (syncdb_max_seq(st, dev, &max, err) != 0 || syncdb_cut_set(st, dev, want, err) != 0)
		return -1;
	before = old >= 0 && max > old ? max - old : 0;
	after = want >= 0 && max > want ? max - want : 0;
	if (before != after) {
		*rebuild = 1;
		if (note)
			note(ctx, dev, want, after - before);
	}
	return 0;
}

int trust_cuts_apply(struct store *st, trust_cut_note_fn note, void *ctx, char err[KERR_LEN])
{
	char root[STORE_DEVICE_ID_MAX + 1];
	struct revoked_ids v = {0};
	size_t i;
	int r, own = 0, rebuild = 0, ok = 0;

	r = trust_root(st, root, err);
	if (r <= 0)
		return r;
	if (store_write_begin(st, &own, err) != 0)
		return -1;
	if (syncdb_revocations_each(st, root, NULL, add_id, &v, err) != 0)
		goto out;
	for (i = 0; i < v.n; i++)
		/* A device's own entries always count in its own store: they are
		 * appended live, and a revoked device is out of service anyway. */
		if (strcmp(v.id[i], store_device_id(st)) != 0 &&
		    cut_one(st, v.id[i], &rebuild, note, ctx, err) != 0)
			goto out;
	ok = !rebuild || store_rebuild(st, err) == 0;
out:
	free(v.id);
	return store_write_end(st, own, ok, err);
}
