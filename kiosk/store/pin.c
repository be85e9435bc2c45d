/* pin.c - the organizer PIN as an Argon2id hash in the store's meta, with a
 * lockout after PIN_MAX_TRIES wrong tries. Adapter: store + libsodium. */
#include "pin.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "vault.h"

/* Interactive but light: the door must answer a PIN in well under a second
 * on an old laptop, and must stay within its memory goal. */
#define PIN_OPSLIMIT 3
#define PIN_MEMLIMIT (16u * 1024 * 1024)

/* The hash as stored: sealed by the data key when the store has one (issue
 * 14: a stolen powered-off device gives no offline PIN search), in clear in a
 * store made before encryption. 0 or -1. */
static int put_hash(struct store *st, const char *hash, char err[KERR_LEN])
{
	char sealed[512];
	int r = vault_is_set(st);

	if (r < 0)
		return kerr(err, "cannot read the store's keys");
	if (r == 0)
		return store_meta_set(st, "pin_hash", hash, err);
	if (vault_seal(st, hash, sealed, sizeof sealed, err) != 0)
		return -1;
	return store_meta_set(st, "pin_hash", sealed, err);
}

/* The stored hash, opened: 1, 0 when no PIN is set, -1 (locked, damaged). */
static int get_hash(struct store *st, char hash[crypto_pwhash_STRBYTES], char err[KERR_LEN])
{
	char v[512];
	int r = store_meta_get(st, "pin_hash", v, sizeof v);

	if (r <= 0)
		return r < 0 ? kerr(err, "cannot read the organizer PIN") : 0;
	if (!vault_is_sealed(v)) {
		if (strlen(v) >= crypto_pwhash_STRBYTES)
			return kerr(err, "the stored PIN hash is damaged");
		memcpy(hash, v, strlen(v) + 1);
		return 1;
	}
	if (!vault_is_unlocked(st))
		return kerr(err, "the data is locked: the PIN cannot be checked (give the passphrase)");
	if (vault_open(st, v, hash, crypto_pwhash_STRBYTES, err) != 0)
		return -1;
	return 1;
}

int pin_seal(struct store *st, char err[KERR_LEN])
{
	char hash[crypto_pwhash_STRBYTES], v[512];
	int r = store_meta_get(st, "pin_hash", v, sizeof v);

	if (r <= 0 || vault_is_sealed(v))
		return r < 0 ? kerr(err, "cannot read the organizer PIN") : 0;
	r = get_hash(st, hash, err);
	if (r > 0)
		r = put_hash(st, hash, err) == 0 ? 1 : -1;
	sodium_memzero(hash, sizeof hash);
	return r;
}

int pin_set(struct store *st, const char *pin, char err[KERR_LEN])
{
	char hash[crypto_pwhash_STRBYTES];
	size_t i, n = strlen(pin);

	if (n < 4 || n > 12)
		return kerr(err, "the PIN must have 4 to 12 digits");
	for (i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return kerr(err, "the PIN must be digits only");
	if (crypto_pwhash_str_alg(hash, pin, n, PIN_OPSLIMIT, PIN_MEMLIMIT,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return kerr(err, "cannot hash the PIN: out of memory");
	if (put_hash(st, hash, err) != 0 ||
	    store_meta_set(st, "pin_failures", "0", err) != 0 ||
	    store_meta_set(st, "pin_locked_until", "0", err) != 0)
		return -1;
	return 0;
}

/* meta key as a number; 0 when absent. */
static int64_t meta_num(struct store *st, const char *key)
{
	char num[32];

	return store_meta_get(st, key, num, sizeof num) > 0 ? strtoll(num, NULL, 10) : 0;
}

static int meta_num_set(struct store *st, const char *key, int64_t v, char err[KERR_LEN])
{
	char num[32];

	(void)snprintf(num, sizeof num, "%" PRId64, v);
	return store_meta_set(st, key, num, err);
}

/* How long a try waits for tries being judged elsewhere (the hash takes a
 * tenth of a second) before it is refused as locked. */
#define PIN_WAIT_MS 5000
#define PIN_WAIT_STEP_MS 50

/* Count the try before judging it, under the write lock: a try arriving while
 * PIN_MAX_TRIES others are counted and not yet judged waits for them, so any
 * number of tries in parallel get at most PIN_MAX_TRIES judgements. A count
 * whose last try began PIN_LOCK_MS ago and was never judged is of tries
 * killed half-way (a crash, a power cut, kill -9): they counted as wrong
 * tries and lock for the minute five wrong tries would, then the count goes;
 * before, it stayed and refused the right PIN for good. A time ahead of the
 * clock by more than a lock (the clock was set back) is taken as now.
 * Returns the try's number (1..PIN_MAX_TRIES), -2 locked, -3 others are
 * being judged, -1 error. */
static int reserve_try(struct store *st, int64_t now_ms, int64_t *locked_until_ms,
		       char err[KERR_LEN])
{
	int64_t until, failures, at;
	int own, r;

	if (store_write_begin(st, &own, err) != 0)
		return -1;
	until = meta_num(st, "pin_locked_until");
	failures = meta_num(st, "pin_failures");
	at = meta_num(st, "pin_tried_at");
	if (at > now_ms)
		at = now_ms;
	if (until > now_ms + PIN_LOCK_MS) {
		until = now_ms + PIN_LOCK_MS;
		if (meta_num_set(st, "pin_locked_until", until, err) != 0) {
			(void)store_write_end(st, own, 0, err);
			return -1;
		}
	}
	if (until > now_ms) {
		*locked_until_ms = until;
		r = -2;
	} else if (failures >= PIN_MAX_TRIES && now_ms - at < PIN_LOCK_MS) {
		*locked_until_ms = at + PIN_LOCK_MS;
		r = -3;
	} else {
		r = failures >= PIN_MAX_TRIES ? 1 : (int)failures + 1;
		if (meta_num_set(st, "pin_failures", r, err) != 0 ||
		    meta_num_set(st, "pin_tried_at", now_ms, err) != 0)
			r = -1;
	}
	if (store_write_end(st, own, r != -1, err) != 0)
		return -1;
	return r;
}

int pin_check(struct store *st, const char *pin, int64_t now_ms,
	      int64_t *locked_until_ms, char err[KERR_LEN])
{
	char hash[crypto_pwhash_STRBYTES];
	int own, try, ok, r;

	*locked_until_ms = 0;
	r = get_hash(st, hash, err);
	if (r <= 0)
		return r < 0 ? -1 : kerr(err, "no organizer PIN is set (kiosk init --pin)");
	/* tries being judged elsewhere: wait for their verdicts (a right PIN
	 * among them frees the count), then count as locked */
	for (int waited = 0;; waited += PIN_WAIT_STEP_MS) {
		try = reserve_try(st, now_ms + waited, locked_until_ms, err);
		if (try != -3)
			break;
		if (waited >= PIN_WAIT_MS)
			return -2;
		(void)nanosleep(&(struct timespec){0, PIN_WAIT_STEP_MS * 1000000L}, NULL);
	}
	if (try < 0)
		return try;
	/* The slow hash runs outside the lock: check-ins go on meanwhile. */
	if (crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0) {
		if (store_write_begin(st, &own, err) != 0)
			return -1;
		ok = meta_num_set(st, "pin_failures", 0, err) == 0;
		return store_write_end(st, own, ok, err) == 0 ? 1 : -1;
	}
	if (try < PIN_MAX_TRIES)
		return 0;
	if (store_write_begin(st, &own, err) != 0)
		return -1;
	ok = meta_num_set(st, "pin_locked_until", now_ms + PIN_LOCK_MS, err) == 0 &&
	     meta_num_set(st, "pin_failures", 0, err) == 0;
	if (store_write_end(st, own, ok, err) != 0)
		return -1;
	*locked_until_ms = now_ms + PIN_LOCK_MS;
	return -2;
}
