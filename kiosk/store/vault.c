/* vault.c - the event's data key, sealed fields and blind indexes (see
 * vault.h). Adapter: store meta rows + libsodium; no home-made crypto: AEAD
 * is XChaCha20-Poly1305-IETF, passphrases go through Argon2id
 * (crypto_pwhash), subkeys through crypto_kdf, blind indexes are keyed
 * BLAKE2b (crypto_generichash). */
#include "vault.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "core/base32.h"
#include "core/ticket.h"
#include "io/dfile.h"
#include "store_internal.h"

#define KEY_LEN 32
#define SALT_LEN crypto_pwhash_SALTBYTES
#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_LEN crypto_aead_xchacha20poly1305_ietf_ABYTES
#define PAD_BLOCK 32
#define MEMO_MAX 2048

/* Subkey ids under the data key (crypto_kdf contexts are 8 bytes). */
#define KDF_CONTEXT "kioskdk1"
enum { SUB_SEAL = 1, SUB_BLIND = 2, SUB_ROSTER = 3 };
/* A partial key set (an order desk's): the seal and blind subkeys, no data
 * key and no roster subkey. */
#define SET_LEN (2 * KEY_LEN)

/* What a wrap authenticates besides the key: which wrap it is. */
static const char AD_PASS[] = "kiosk-wrap-pass-1";
static const char AD_CARD[] = "kiosk-wrap-card-1";
static const char AD_PASS_SET[] = "kiosk-wrap-pass-set-1";
static const char AD_CARD_SET[] = "kiosk-wrap-card-set-1";
static const char AD_FIELD[] = "kiosk-pii-1";
/* Roster fields: "s1.r." + base64url (a '.' is not base64url, so an "s1."
 * text of the seal subkey never starts so; SQL that tells sealed from clear
 * rows by their first three bytes "s1." keeps working). */
#define ROSTER_PREFIX "s1.r."
#define ROSTER_PREFIX_LEN 5

/* All key material and the last opened plaintext, in one sodium_malloc'd
 * block: locked pages, guard pages around it, wiped by sodium_free. */
struct vault {
	uint8_t dk[KEY_LEN];
	uint8_t seal[KEY_LEN];
	uint8_t blind[KEY_LEN];
	uint8_t roster[KEY_LEN];
	int full; /* 1: dk and roster are set; 0: a partial set (seal, blind) */
	/* kiosk_pii's memo: a view that reads name, phone and email of a row
	 * asks for the same sealed text three times; it is opened once. */
	char memo_in[MEMO_MAX];
	char memo_out[MEMO_MAX];
	int memo_ok;
};

unsigned long long vault_opslimit(void)
{
	const char *weak = getenv("KIOSK_TEST_WEAK_KDF");

	return weak && strcmp(weak, "1") == 0 ? crypto_pwhash_OPSLIMIT_MIN
					      : crypto_pwhash_OPSLIMIT_MODERATE;
}

size_t vault_memlimit(void)
{
	const char *weak = getenv("KIOSK_TEST_WEAK_KDF");

	return weak && strcmp(weak, "1") == 0 ? crypto_pwhash_MEMLIMIT_MIN
					      : crypto_pwhash_MEMLIMIT_MODERATE;
}

int vault_is_unlocked(const struct store *st)
{
	return st->vault != NULL;
}

void vault_lock(struct store *st)
{
	if (st->vault) {
		sodium_free(st->vault);
		st->vault = NULL;
	}
}

/* Take dk as this store's data key (derive the subkeys), or, with dk NULL,
 * the partial set in set (seal || blind). 0 or -1. */
static int keep_keys(struct store *st, const uint8_t *dk, const uint8_t *set, char err[KERR_LEN])
{
	struct vault *v = sodium_malloc(sizeof *v);
	struct rlimit none = {0, 0};

	/* A process holding the key (and soon what it opens: the door's index
	 * of decrypted names) writes no core file, whichever way it unlocked. */
	(void)setrlimit(RLIMIT_CORE, &none);
	if (!v)
		return kerr(err, "cannot keep the data key: out of locked memory");
	memset(v, 0, sizeof *v);
	if (dk) {
		memcpy(v->dk, dk, KEY_LEN);
		crypto_kdf_derive_from_key(v->seal, KEY_LEN, SUB_SEAL, KDF_CONTEXT, dk);
		crypto_kdf_derive_from_key(v->blind, KEY_LEN, SUB_BLIND, KDF_CONTEXT, dk);
		crypto_kdf_derive_from_key(v->roster, KEY_LEN, SUB_ROSTER, KDF_CONTEXT, dk);
		v->full = 1;
	} else {
		memcpy(v->seal, set, KEY_LEN);
		memcpy(v->blind, set + KEY_LEN, KEY_LEN);
	}
	vault_lock(st);
	st->vault = v;
	return 0;
}

int vault_is_full(const struct store *st)
{
	return st->vault && st->vault->full;
}

/* What a wrap carries: the data key (32 bytes) or the partial set (seal ||
 * blind, 64). Wiped by the caller. */
static size_t wrap_payload(const struct vault *v, uint8_t out[SET_LEN])
{
	if (v->full) {
		memcpy(out, v->dk, KEY_LEN);
		return KEY_LEN;
	}
	memcpy(out, v->seal, KEY_LEN);
	memcpy(out + KEY_LEN, v->blind, KEY_LEN);
	return SET_LEN;
}

/* Keep what an unwrapped payload holds. */
static int keep_payload(struct store *st, const uint8_t *p, size_t n, char err[KERR_LEN])
{
	return n == KEY_LEN ? keep_keys(st, p, NULL, err) : keep_keys(st, NULL, p, err);
}

int vault_share(struct store *dst, const struct store *src, char err[KERR_LEN])
{
	uint8_t p[SET_LEN];
	int r;

	if (!src->vault)
		return kerr(err, "the data is locked");
	r = keep_payload(dst, p, wrap_payload(src->vault, p), err);
	sodium_memzero(p, sizeof p);
	return r;
}

int vault_is_set(struct store *st)
{
	char buf[VAULT_WRAP_MAX];

	return store_meta_get(st, "vault_pass", buf, sizeof buf);
}

/* ---- base64url without padding ------------------------------------------- */

static int b64(const uint8_t *in, size_t n, char *out, size_t cap)
{
	if (cap < sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return -1;
	(void)sodium_bin2base64(out, cap, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

/* Decode exactly the text of s (up to end or NUL); returns the byte count or -1. */
static long unb64(const char *s, size_t len, uint8_t *out, size_t cap)
{
	size_t got = 0;
	const char *end = NULL;

	if (sodium_base642bin(out, cap, s, len, NULL, &got, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || end != s + len)
		return -1;
	return (long)got;
}

/* ---- wraps --------------------------------------------------------------- */

/* A passphrase wrap: "p1.OPS.MEMKIB.SALT.NONCE_CT" (base64url parts) of the
 * data key, or "p2." the same of a partial key set (seal || blind subkeys).
 * The kind is authenticated too (AD), so a p1 cannot pass as a p2. */
#define BOX_MAX (NONCE_LEN + SET_LEN + TAG_LEN)

static int wrap_pass_text(const uint8_t *pl, size_t pn, const char *pass, size_t n,
			  char out[VAULT_WRAP_MAX], char err[KERR_LEN])
{
	uint8_t salt[SALT_LEN], kek[KEY_LEN], box[BOX_MAX];
	char salt64[64], box64[160];
	unsigned long long ops = vault_opslimit();
	size_t mem = vault_memlimit(), bn = NONCE_LEN + pn + TAG_LEN;
	const char *ad = pn == KEY_LEN ? AD_PASS : AD_PASS_SET;
	int ok;

	randombytes_buf(salt, sizeof salt);
	if (crypto_pwhash(kek, sizeof kek, pass, n, salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return kerr(err, "cannot derive a key from the passphrase: out of memory "
				 "(Argon2id needs %zu MiB)", mem >> 20);
	randombytes_buf(box, NONCE_LEN);
	(void)crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE_LEN, NULL, pl, pn,
							 (const uint8_t *)ad, strlen(ad), NULL, box,
							 kek);
	sodium_memzero(kek, sizeof kek);
	ok = b64(salt, sizeof salt, salt64, sizeof salt64) == 0 &&
	     b64(box, bn, box64, sizeof box64) == 0 &&
	     (size_t)snprintf(out, VAULT_WRAP_MAX, "p%d.%llu.%zu.%s.%s", pn == KEY_LEN ? 1 : 2, ops,
			      mem >> 10, salt64, box64) < VAULT_WRAP_MAX;
	return ok ? 0 : kerr(err, "wrapped key too long");
}

/* Parse a passphrase wrap: the payload length (KEY_LEN or SET_LEN), or -1. */
static long parse_pass_text(const char *t, unsigned long long *ops, size_t *mem,
			    uint8_t salt[SALT_LEN], uint8_t box[BOX_MAX])
{
	unsigned long long o, kib;
	char s64[64], b64t[160];
	int used = 0, kind;
	size_t pn;

	if (sscanf(t, "p%d.%llu.%llu.%63[A-Za-z0-9_-].%159[A-Za-z0-9_-]%n", &kind, &o, &kib, s64,
		   b64t, &used) != 5 || t[used] != '\0' || (kind != 1 && kind != 2) || t[1] != '0' + kind)
		return -1;
	pn = kind == 1 ? KEY_LEN : SET_LEN;
	if (o < crypto_pwhash_OPSLIMIT_MIN || o > crypto_pwhash_OPSLIMIT_MAX || kib > (1ull << 32) ||
	    (kib << 10) < crypto_pwhash_MEMLIMIT_MIN)
		return -1;
	if (unb64(s64, strlen(s64), salt, SALT_LEN) != SALT_LEN ||
	    unb64(b64t, strlen(b64t), box, BOX_MAX) != (long)(NONCE_LEN + pn + TAG_LEN))
		return -1;
	*ops = o;
	*mem = (size_t)(kib << 10);
	return (long)pn;
}

int vault_create(struct store *st, const char *pass, size_t n, char err[KERR_LEN])
{
	uint8_t dk[KEY_LEN];
	char text[VAULT_WRAP_MAX];
	int r = vault_is_set(st);

	if (r < 0)
		return kerr(err, "cannot read the store's keys");
	if (r > 0)
		return kerr(err, "this store already has a data key");
	if (n == 0)
		return kerr(err, "the passphrase is empty");
	crypto_kdf_keygen(dk);
	if (wrap_pass_text(dk, KEY_LEN, pass, n, text, err) != 0 ||
	    store_meta_set(st, "vault_pass", text, err) != 0 || keep_keys(st, dk, NULL, err) != 0) {
		sodium_memzero(dk, sizeof dk);
		return -1;
	}
	sodium_memzero(dk, sizeof dk);
	return 0;
}

int vault_unlock(struct store *st, const char *pass, size_t n, char err[KERR_LEN])
{
	char text[VAULT_WRAP_MAX];
	uint8_t salt[SALT_LEN], box[BOX_MAX], kek[KEY_LEN], pl[SET_LEN];
	unsigned long long ops;
	size_t mem;
	long pn;
	int r = store_meta_get(st, "vault_pass", text, sizeof text), bad;
	const char *ad;

	if (r < 0)
		return kerr(err, "cannot read the store's keys");
	if (r == 0)
		return kerr(err, "this store has no data key");
	pn = parse_pass_text(text, &ops, &mem, salt, box);
	if (pn < 0)
		return kerr(err, "the store's wrapped data key is damaged");
	ad = pn == KEY_LEN ? AD_PASS : AD_PASS_SET;
	if (crypto_pwhash(kek, sizeof kek, pass, n, salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return kerr(err, "cannot derive a key from the passphrase: out of memory "
				 "(Argon2id needs %zu MiB)", mem >> 20);
	bad = crypto_aead_xchacha20poly1305_ietf_decrypt(pl, NULL, NULL, box + NONCE_LEN,
							 (size_t)pn + TAG_LEN, (const uint8_t *)ad,
							 strlen(ad), box, kek) != 0;
	sodium_memzero(kek, sizeof kek);
	if (bad) {
		kerr(err, "wrong passphrase");
		return 1;
	}
	r = keep_payload(st, pl, (size_t)pn, err);
	sodium_memzero(pl, sizeof pl);
	return r;
}

int vault_rewrap(struct store *st, const char *pass, size_t n, char err[KERR_LEN])
{
	char text[VAULT_WRAP_MAX];

	return vault_wrap_pass(st, pass, n, text, err) != 0 ? -1
							   : store_meta_set(st, "vault_pass", text, err);
}

/* Wrap what is in memory (desk 0) or only the seal and blind subkeys (desk 1)
 * by a passphrase. */
static int wrap_keys(struct store *st, int desk, const char *pass, size_t n,
		     char out[VAULT_WRAP_MAX], char err[KERR_LEN])
{
	uint8_t pl[SET_LEN];
	size_t pn;
	int r;

	if (!st->vault)
		return kerr(err, "the data is locked");
	if (n == 0)
		return kerr(err, "the passphrase is empty");
	pn = wrap_payload(st->vault, pl);
	if (desk && pn != SET_LEN) {
		memcpy(pl, st->vault->seal, KEY_LEN);
		memcpy(pl + KEY_LEN, st->vault->blind, KEY_LEN);
		pn = SET_LEN;
	}
	r = wrap_pass_text(pl, pn, pass, n, out, err);
	sodium_memzero(pl, sizeof pl);
	return r;
}

int vault_wrap_pass(struct store *st, const char *pass, size_t n, char out[VAULT_WRAP_MAX],
		    char err[KERR_LEN])
{
	return wrap_keys(st, 0, pass, n, out, err);
}

int vault_wrap_desk(struct store *st, const char *pass, size_t n, char out[VAULT_WRAP_MAX],
		    char err[KERR_LEN])
{
	return wrap_keys(st, 1, pass, n, out, err);
}

/* ---- the unlock card ----------------------------------------------------- */

/* The card's key-encryption key: the card secret is 32 random bytes, so a
 * keyed hash is enough (no slow KDF: nothing to search). */
static void card_kek(const uint8_t secret[KEY_LEN], uint8_t kek[KEY_LEN])
{
	crypto_generichash(kek, KEY_LEN, (const uint8_t *)AD_CARD, sizeof AD_CARD - 1, secret, KEY_LEN);
}

/* A card wrap "c1."/"c2." into box: the payload length, or -1. */
static long card_payload_len(const char *wrap, uint8_t box[BOX_MAX])
{
	size_t pn;

	if (strncmp(wrap, "c1.", 3) == 0)
		pn = KEY_LEN;
	else if (strncmp(wrap, "c2.", 3) == 0)
		pn = SET_LEN;
	else
		return -1;
	return unb64(wrap + 3, strlen(wrap + 3), box, BOX_MAX) == (long)(NONCE_LEN + pn + TAG_LEN)
		       ? (long)pn
		       : -1;
}

int vault_is_card_text(const char *text)
{
	size_t n = strlen(text);

	return n == 3 + BASE32_ENCODED_LEN(KEY_LEN) && ticket_is_card_text(text);
}

int vault_card_make(struct store *st, char text[VAULT_CARD_TEXT], char err[KERR_LEN])
{
	uint8_t secret[KEY_LEN], kek[KEY_LEN], box[BOX_MAX], pl[SET_LEN];
	char wrap[VAULT_WRAP_MAX];
	size_t pn;
	const char *ad;
	int r;

	if (!st->vault)
		return kerr(err, "the data is locked");
	/* "c1." wraps the data key, "c2." a partial key set (an order desk's). */
	pn = wrap_payload(st->vault, pl);
	ad = pn == KEY_LEN ? AD_CARD : AD_CARD_SET;
	randombytes_buf(secret, sizeof secret);
	card_kek(secret, kek);
	randombytes_buf(box, NONCE_LEN);
	(void)crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE_LEN, NULL, pl, pn,
							 (const uint8_t *)ad, strlen(ad), NULL, box, kek);
	sodium_memzero(kek, sizeof kek);
	sodium_memzero(pl, sizeof pl);
	memcpy(wrap, pn == KEY_LEN ? "c1." : "c2.", 3);
	r = b64(box, NONCE_LEN + pn + TAG_LEN, wrap + 3, sizeof wrap - 3);
	memcpy(text, "KU1", 3);
	if (r != 0 || base32_encode(secret, KEY_LEN, text + 3, VAULT_CARD_TEXT - 3) < 0) {
		sodium_memzero(secret, sizeof secret);
		return kerr(err, "unlock card too long");
	}
	sodium_memzero(secret, sizeof secret);
	return store_meta_set(st, "vault_card", wrap, err);
}

int vault_unlock_card(struct store *st, const char *text, char err[KERR_LEN])
{
	char wrap[VAULT_WRAP_MAX];
	uint8_t secret[KEY_LEN + 8], kek[KEY_LEN], box[BOX_MAX], pl[SET_LEN];
	long pn;
	const char *ad;
	int r, bad;

	if (!vault_is_card_text(text) ||
	    base32_decode(text + 3, strlen(text + 3), secret, sizeof secret) != KEY_LEN) {
		kerr(err, "not an unlock card");
		return 1;
	}
	r = store_meta_get(st, "vault_card", wrap, sizeof wrap);
	if (r < 0)
		return kerr(err, "cannot read the store's keys");
	if (r == 0) {
		kerr(err, "this device has no unlock card (make one with 'kiosk unlock-card')");
		return 1;
	}
	pn = card_payload_len(wrap, box);
	if (pn < 0)
		return kerr(err, "the store's card-wrapped key is damaged");
	ad = pn == KEY_LEN ? AD_CARD : AD_CARD_SET;
	card_kek(secret, kek);
	sodium_memzero(secret, sizeof secret);
	bad = crypto_aead_xchacha20poly1305_ietf_decrypt(pl, NULL, NULL, box + NONCE_LEN,
							 (size_t)pn + TAG_LEN, (const uint8_t *)ad,
							 strlen(ad), box, kek) != 0;
	sodium_memzero(kek, sizeof kek);
	if (bad) {
		kerr(err, "this is not the unlock card of this event");
		return 1;
	}
	r = keep_payload(st, pl, (size_t)pn, err);
	sodium_memzero(pl, sizeof pl);
	return r;
}

/* ---- wraps that travel ---------------------------------------------------- */

static const char *wrap_key(const char *which)
{
	if (strcmp(which, "pass") == 0)
		return "vault_pass";
	if (strcmp(which, "card") == 0)
		return "vault_card";
	return NULL;
}

int vault_wrapped_get(struct store *st, const char *which, char out[VAULT_WRAP_MAX],
		      char err[KERR_LEN])
{
	const char *key = wrap_key(which);
	int r;

	if (!key)
		return kerr(err, "no wrap named '%s'", which);
	r = store_meta_get(st, key, out, VAULT_WRAP_MAX);
	return r < 0 ? kerr(err, "cannot read the store's keys") : r;
}

int vault_wrapped_put(struct store *st, const char *which, const char *text, char err[KERR_LEN])
{
	const char *key = wrap_key(which);
	uint8_t salt[SALT_LEN], box[BOX_MAX];
	unsigned long long ops;
	size_t mem;
	int ok;

	if (!key)
		return kerr(err, "no wrap named '%s'", which);
	if (strcmp(which, "pass") == 0)
		ok = parse_pass_text(text, &ops, &mem, salt, box) > 0;
	else
		ok = card_payload_len(text, box) > 0;
	if (!ok)
		return kerr(err, "malformed wrapped key");
	return store_meta_set(st, key, text, err);
}

/* ---- sealed fields --------------------------------------------------------- */

int vault_is_sealed(const char *s)
{
	return s && strncmp(s, "s1.", 3) == 0;
}

int vault_is_roster_sealed(const char *s)
{
	return s && strncmp(s, ROSTER_PREFIX, ROSTER_PREFIX_LEN) == 0;
}

static int seal_with(const uint8_t key[KEY_LEN], const char *prefix, const char *plain, char *out,
		     size_t cap, char err[KERR_LEN])
{
	size_t n = strlen(plain), padded, pl = strlen(prefix);
	size_t blen = ((n + PAD_BLOCK) / PAD_BLOCK) * PAD_BLOCK; /* room for sodium_pad */
	uint8_t *buf = malloc(NONCE_LEN + blen + TAG_LEN);
	int r = -1;

	if (!buf)
		return kerr(err, "out of memory");
	memcpy(buf + NONCE_LEN, plain, n);
	if (sodium_pad(&padded, buf + NONCE_LEN, n, PAD_BLOCK, blen) != 0) {
		kerr(err, "cannot pad");
		goto out;
	}
	randombytes_buf(buf, NONCE_LEN);
	(void)crypto_aead_xchacha20poly1305_ietf_encrypt(buf + NONCE_LEN, NULL, buf + NONCE_LEN, padded,
							 (const uint8_t *)AD_FIELD, sizeof AD_FIELD - 1,
							 NULL, buf, key);
	if (cap < pl + 1 || b64(buf, NONCE_LEN + padded + TAG_LEN, out + pl, cap - pl) != 0) {
		kerr(err, "no room for the sealed text");
		goto out;
	}
	memcpy(out, prefix, pl);
	r = 0;
out:
	sodium_memzero(buf, NONCE_LEN + blen + TAG_LEN);
	free(buf);
	return r;
}

int vault_seal(struct store *st, const char *plain, char *out, size_t cap, char err[KERR_LEN])
{
	if (!st->vault)
		return kerr(err, "the data is locked");
	return seal_with(st->vault->seal, "s1.", plain, out, cap, err);
}

int vault_seal_roster(struct store *st, const char *plain, char *out, size_t cap,
		      char err[KERR_LEN])
{
	if (!st->vault)
		return kerr(err, "the data is locked");
	if (!st->vault->full)
		return kerr(err, VAULT_NO_ROSTER);
	return seal_with(st->vault->roster, ROSTER_PREFIX, plain, out, cap, err);
}

int vault_open(struct store *st, const char *sealed, char *out, size_t cap, char err[KERR_LEN])
{
	size_t len, maxb, unpadded, pl = ROSTER_PREFIX_LEN;
	const uint8_t *key;
	uint8_t *buf;
	long got;
	int r = -1;

	if (!st->vault)
		return kerr(err, "the data is locked");
	if (!vault_is_sealed(sealed))
		return kerr(err, "not a sealed text");
	if (vault_is_roster_sealed(sealed)) {
		if (!st->vault->full)
			return kerr(err, VAULT_NO_ROSTER);
		key = st->vault->roster;
	} else {
		key = st->vault->seal;
		pl = 3;
	}
	len = strlen(sealed + pl);
	maxb = len / 4 * 3 + 3;
	buf = malloc(maxb + 1);
	if (!buf)
		return kerr(err, "out of memory");
	got = unb64(sealed + pl, len, buf, maxb);
	if (got < (long)(NONCE_LEN + TAG_LEN + PAD_BLOCK)) {
		kerr(err, "not a sealed text");
		goto out;
	}
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(buf + NONCE_LEN, NULL, NULL, buf + NONCE_LEN,
						       (size_t)got - NONCE_LEN,
						       (const uint8_t *)AD_FIELD, sizeof AD_FIELD - 1,
						       buf, key) != 0) {
		kerr(err, "a sealed field does not open with this event's key (damaged or forged)");
		goto out;
	}
	if (sodium_unpad(&unpadded, buf + NONCE_LEN, (size_t)got - NONCE_LEN - TAG_LEN, PAD_BLOCK) != 0 ||
	    memchr(buf + NONCE_LEN, '\0', unpadded)) {
		kerr(err, "a sealed field is malformed");
		goto out;
	}
	if (unpadded + 1 > cap) {
		kerr(err, "a sealed field is too long");
		goto out;
	}
	memcpy(out, buf + NONCE_LEN, unpadded);
	out[unpadded] = '\0';
	r = 0;
out:
	sodium_memzero(buf, maxb + 1);
	free(buf);
	return r;
}

int vault_blind(struct store *st, const char *domain, const char *value,
		char out[VAULT_BLIND_HEX], char err[KERR_LEN])
{
	crypto_generichash_state h;
	uint8_t d[16];
	const uint8_t zero = 0;

	if (!st->vault)
		return kerr(err, "the data is locked");
	(void)crypto_generichash_init(&h, st->vault->blind, KEY_LEN, sizeof d);
	(void)crypto_generichash_update(&h, (const uint8_t *)domain, strlen(domain));
	(void)crypto_generichash_update(&h, &zero, 1);
	(void)crypto_generichash_update(&h, (const uint8_t *)value, strlen(value));
	(void)crypto_generichash_final(&h, d, sizeof d);
	(void)sodium_bin2hex(out, VAULT_BLIND_HEX, d, sizeof d);
	return 0;
}

/* ---- secrets in files --------------------------------------------------- */

int vault_file_write(struct store *st, const char *path, const char *plain, int exclusive,
		     char err[KERR_LEN])
{
	char buf[1024];
	int r = vault_is_set(st);
	size_t n;

	if (r < 0)
		return kerr(err, "cannot read the store's keys");
	if (r > 0) {
		if (vault_seal(st, plain, buf, sizeof buf - 1, err) != 0)
			return -1;
	} else if ((size_t)snprintf(buf, sizeof buf - 1, "%s", plain) >= sizeof buf - 1) {
		return kerr(err, "secret too long");
	}
	n = strlen(buf);
	buf[n++] = '\n';
	r = dfile_write(path, buf, n, 0600, exclusive, err);
	sodium_memzero(buf, sizeof buf);
	return r;
}

int vault_file_read(struct store *st, const char *path, char *out, size_t cap, char err[KERR_LEN])
{
	char *buf = NULL;
	size_t len = 0;
	struct stat sb;
	int r = dfile_read(path, &buf, &len, 4096, err);

	if (r <= 0)
		return r;
	if (stat(path, &sb) == 0 && (sb.st_mode & 077)) {
		r = kerr(err, "'%s' is readable by others (chmod 600 it)", path);
		goto out;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (vault_is_sealed(buf)) {
		if (!st->vault) {
			r = kerr(err, "'%s' is sealed and the data is locked (give the passphrase)", path);
			goto out;
		}
		if (vault_open(st, buf, out, cap, err) != 0) {
			r = -1;
			goto out;
		}
	} else if (len + 1 > cap) {
		r = kerr(err, "'%s' is too long", path);
		goto out;
	} else {
		memcpy(out, buf, len + 1);
	}
	r = 1;
out:
	sodium_memzero(buf, len);
	free(buf);
	return r;
}

int vault_file_seal(struct store *st, const char *path, char err[KERR_LEN])
{
	char plain[512];
	int r;

	if (vault_file_is_sealed(path))
		return 0;
	r = vault_file_read(st, path, plain, sizeof plain, err);
	if (r > 0)
		r = vault_file_write(st, path, plain, 0, err) == 0 ? 1 : -1;
	sodium_memzero(plain, sizeof plain);
	return r;
}

int vault_file_is_sealed(const char *path)
{
	char head[4] = {0};
	FILE *f = fopen(path, "r");
	int r;

	if (!f)
		return 0;
	r = fread(head, 1, 3, f) == 3 && vault_is_sealed(head);
	(void)fclose(f); /* read-only */
	return r;
}

/* ---- SQL ------------------------------------------------------------------- */

static void sql_pii(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct store *st = sqlite3_user_data(cx);
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	struct vault *v = st->vault;
	char err[KERR_LEN], *out;
	size_t n;

	(void)argc;
	if (!in) {
		sqlite3_result_null(cx);
		return;
	}
	/* A row written before issue 14 holds its fields in clear (a JSON
	 * object): the journal it came from cannot be rewritten, so it is read
	 * as it is. */
	if (!vault_is_sealed(in)) {
		sqlite3_result_text(cx, in, -1, SQLITE_TRANSIENT);
		return;
	}
	if (!v) {
		sqlite3_result_error(cx, "the data is locked (give the passphrase)", -1);
		return;
	}
	n = strlen(in);
	if (v->memo_ok && n < MEMO_MAX && strcmp(v->memo_in, in) == 0) {
		sqlite3_result_text(cx, v->memo_out, -1, SQLITE_TRANSIENT);
		return;
	}
	out = malloc(n + 1);
	if (!out) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	if (vault_open(st, in, out, n + 1, err) != 0) {
		free(out);
		sqlite3_result_error(cx, err, -1);
		return;
	}
	v->memo_ok = 0;
	if (n < MEMO_MAX && strlen(out) < MEMO_MAX) {
		memcpy(v->memo_in, in, n + 1);
		memcpy(v->memo_out, out, strlen(out) + 1);
		v->memo_ok = 1;
	}
	sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
	sodium_memzero(out, n + 1);
	free(out);
}

static void sql_bi(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct store *st = sqlite3_user_data(cx);
	const char *domain = (const char *)sqlite3_value_text(argv[0]);
	const char *value = (const char *)sqlite3_value_text(argv[1]);
	char out[VAULT_BLIND_HEX], err[KERR_LEN];

	(void)argc;
	if (!domain || !value) {
		sqlite3_result_null(cx);
		return;
	}
	if (vault_blind(st, domain, value, out, err) != 0) {
		sqlite3_result_error(cx, "the data is locked (give the passphrase)", -1);
		return;
	}
	sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
}

int vault_register(struct store *st)
{
	int r = sqlite3_create_function(st->db, "kiosk_pii", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, st,
					sql_pii, NULL, NULL);

	if (r == SQLITE_OK)
		r = sqlite3_create_function(st->db, "kiosk_bi", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
					    st, sql_bi, NULL, NULL);
	return r;
}
