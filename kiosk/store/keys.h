/* keys.h - the event's Ed25519 keys. The secret key lives only in its own file
 * DATA/event.key (mode 0600, hex), on the organizer's machine; the store holds
 * public keys only (table event_keys), several of them after a rotation.
 * Adapter: files + libsodium + store. */
#ifndef KIOSK_KEYS_H
#define KIOSK_KEYS_H

#include <stdint.h>

#include "core/kerr.h"
#include "core/ticket.h"

struct store;

#define KEYS_SECRET_FILE "event.key"
#define KEYS_MAX 16

/* Make a new key pair: write the secret key file (atomically, 0600) and add the
 * public key to the store. Returns 0 or -1. */
int keys_generate(struct store *st, const char *data_dir, char err[KERR_LEN]);

/* Read the current secret key. Returns 1 found, 0 no key file (not the
 * organizer's machine), -1 error (unreadable, wrong mode, malformed). */
int keys_load_secret(const char *data_dir, uint8_t sk[TICKET_SK_LEN], char err[KERR_LEN]);

/* The valid (not retired) public keys. Returns how many (0..max), or -1. */
int keys_public(struct store *st, uint8_t pk[][TICKET_PK_LEN], int max, char err[KERR_LEN]);

/* How many public keys are valid (not retired) for the current event, or -1
 * with err. */
int64_t keys_count_valid(struct store *st, char err[KERR_LEN]);

#endif
