/* keys.h - the event's Ed25519 keys. The secret key lives only in its own file
 * DATA/event.key (mode 0600, hex sealed by the data key, see vault.h), on the
 * organizer's machine; the store holds
 * public keys only (table event_keys), several of them after a rotation.
 * Adapter: files + libsodium + store. */
#ifndef KIOSK_KEYS_H
#define KIOSK_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "core/kerr.h"
#include "core/ticket.h"

struct store;

#define KEYS_SECRET_FILE "event.key"
#define KEYS_MAX 16

/* Make a new key pair: write the secret key file (atomically, 0600) and add the
 * public key to the store. Returns 0 or -1. */
int keys_generate(struct store *st, const char *data_dir, char err[KERR_LEN]);

/* Read the current secret key (sealed by st's data key since issue 14: the
 * store must be unlocked; a clear file of an older store is read as it is).
 * Returns 1 found, 0 no key file (not the organizer's machine), -1 error
 * (unreadable, wrong mode, malformed, locked). */
int keys_load_secret(struct store *st, const char *data_dir, uint8_t sk[TICKET_SK_LEN],
		     char err[KERR_LEN]);
/* Seal every clear secret key file of data_dir (event.key and event.key.N)
 * with st's data key (unlocked): a store that got its data key after it was
 * made (kiosk passphrase change). Returns how many were sealed, or -1. */
int keys_seal_files(struct store *st, const char *data_dir, char err[KERR_LEN]);

/* The valid (not retired) public keys. Returns how many (0..max), or -1. */
int keys_public(struct store *st, uint8_t pk[][TICKET_PK_LEN], int max, char err[KERR_LEN]);

/* ---- keys as journal facts ----------------------------------------------
 * A rotation is a journal entry `event_key_added` {event, pubkey, by, sig}:
 * sig is the signature of the current (old) key `by` over the new pubkey,
 * so it reaches every device by any sync path and is trusted only when it
 * verifies with a key the device already holds. */
#define KEYS_KIND_ADDED "event_key_added"
#define KEYS_TAG_ADDED "KKEY1"

/* On the organizer's machine: make a new key pair, keep the old secret key as
 * DATA/event.key.N, add the public key and journal its signed rotation entry,
 * in one transaction. Returns 0 or -1. */
int keys_rotate(struct store *st, const char *data_dir, int64_t now_ms, char err[KERR_LEN]);

/* Adopt the rotations held in the journal whose signature verifies with a key
 * already valid for this event (repeatedly: a chain of rotations). Call after
 * a pull, inside or outside its transaction. Returns how many keys were
 * adopted now, or -1. */
int keys_adopt(struct store *st, char err[KERR_LEN]);

/* Sign "tag NUL event_id NUL subject" with the current event secret key (the
 * organizer's machine); by_hex gets its public key. Returns 0 or -1. */
int keys_sign_fact(struct store *st, const char *data_dir, const char *event_id, const char *tag,
		   const void *subject, size_t n, char by_hex[2 * TICKET_PK_LEN + 1],
		   char sig_hex[2 * TICKET_SIG_LEN + 1], char err[KERR_LEN]);
/* 1 if sig_hex is by_hex's signature of that message and by_hex is a valid key
 * of this store's event; 0 if not; -1 on a store error. */
int keys_fact_is_signed(struct store *st, const char *event_id, const char *tag,
			const void *subject, size_t n, const char *by_hex, const char *sig_hex,
			char err[KERR_LEN]);

/* How many public keys are valid (not retired) for the current event, or -1
 * with err. */
int64_t keys_count_valid(struct store *st, char err[KERR_LEN]);

#endif
