/* pin.c - the organizer PIN as an Argon2id hash in the store's meta, with a
 * lockout after PIN_MAX_TRIES wrong tries. Adapter: store + libsodium. */
#include "pin.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* Interactive but light: the door must answer a PIN in well under a second
 * on an old laptop, and must stay within its memory goal. */
#define PIN_OPSLIMIT 3
#define PIN_MEMLIMIT (16u * 1024 * 1024)

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
	if (store_meta_set(st, "pin_hash", hash, err) != 0 ||
	    store_meta_set(st, "pin_failures", "0", err) != 0 ||
	    store_meta_set(st, "pin_locked_until", "0", err) != 0)
		return -1;
	return 0;
}

int pin_check(struct store *st, const char *pin, int64_t now_ms,
	      int64_t *locked_until_ms, char err[KERR_LEN])
{
	char hash[crypto_pwhash_STRBYTES], num[32];
	int64_t until = 0;
	int failures = 0;

	*locked_until_ms = 0;
	if (store_meta_get(st, "pin_hash", hash, sizeof hash) <= 0)
		return kerr(err, "no organizer PIN is set (kiosk init --pin)");
	if (store_meta_get(st, "pin_locked_until", num, sizeof num) > 0)
		until = strtoll(num, NULL, 10);
	if (until > now_ms) {
		*locked_until_ms = until;
		return -2;
	}
	if (store_meta_get(st, "pin_failures", num, sizeof num) > 0)
		failures = atoi(num);
	if (crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0) {
		if (failures && store_meta_set(st, "pin_failures", "0", err) != 0)
			return -1;
		return 1;
	}
	failures++;
	if (failures >= PIN_MAX_TRIES) {
		(void)snprintf(num, sizeof num, "%" PRId64, now_ms + PIN_LOCK_MS);
		if (store_meta_set(st, "pin_locked_until", num, err) != 0 ||
		    store_meta_set(st, "pin_failures", "0", err) != 0)
			return -1;
		*locked_until_ms = now_ms + PIN_LOCK_MS;
		return -2;
	}
	(void)snprintf(num, sizeof num, "%d", failures);
	if (store_meta_set(st, "pin_failures", num, err) != 0)
		return -1;
	return 0;
}
