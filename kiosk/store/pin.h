/* pin.h - the organizer PIN: stored as an Argon2id hash (libsodium) in the
 * store's meta, locked for a minute after five wrong tries. Adapter: store. */
#ifndef KIOSK_PIN_H
#define KIOSK_PIN_H

#include <stdint.h>

#include "core/kerr.h"

struct store;

#define PIN_MAX_TRIES 5
#define PIN_LOCK_MS 60000

/* The hash is sealed by the event's data key when the store has one (issue
 * 14): pin_set and pin_check then need the store unlocked. */

/* Seal a clear PIN hash (a store that got its data key after it was made):
 * 1 sealed now, 0 nothing to do, -1. */
int pin_seal(struct store *st, char err[KERR_LEN]);

/* Hash and store pin (4..12 digits). Returns 0 or -1 (err: why). */
int pin_set(struct store *st, const char *pin, char err[KERR_LEN]);

/* 1 correct, 0 wrong, -2 locked (then *locked_until_ms is set), -1 error.
 * Wrong tries and the lock are kept in the store so a restart does not reset
 * them; a check killed half-way counts as a wrong try. With PIN_MAX_TRIES
 * other checks under way it waits for them (up to 5 s) before saying locked. */
int pin_check(struct store *st, const char *pin, int64_t now_ms,
	      int64_t *locked_until_ms, char err[KERR_LEN]);

#endif
