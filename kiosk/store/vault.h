/* vault.h - the event's data key and what it protects (issue 14).
 *
 * Every field that identifies a person (names, phones, addresses, comments)
 * is stored sealed: XChaCha20-Poly1305 (libsodium AEAD) under a key derived
 * from the event's data key, the plaintext padded to 32-byte blocks so a
 * ciphertext's length says little about the name in it. Lookups by phone go
 * through keyed hashes (a blind index), never the plaintext.
 *
 * The data key is not on the device at rest: the store keeps it wrapped
 * (meta rows) by a passphrase (Argon2id) and, for doors, by an unlock card (a
 * 32-byte random secret printed as a QR). Unwrapped, it lives only in
 * sodium_malloc'd memory (locked pages, guard pages, wiped on free) until
 * store_close.
 *
 * Subkeys of the data key (crypto_kdf): 1 seal (shop fields, the PIN hash,
 * secret files), 2 blind (indexes), 3 roster (attendees' names, phones,
 * emails). An order desk holds only 1 and 2 (a partial key set), so a stolen
 * desk does not give the guest list.
 *
 * Sealed text: "s1." base64url(nonce || ciphertext); a roster field "s1.r."
 * base64url(...) (a '.' is not base64url, so the two never collide). Blind index: 32 hex
 * digits, BLAKE2b-128 keyed by a subkey, domain-separated ("phone", ...).
 *
 * SQL: every store connection has kiosk_pii(SEALED) -> the plaintext (a JSON
 * object as the caller sealed it; NULL for NULL; a value that is not sealed,
 * from a row written before issue 14, as it is) and kiosk_bi(DOMAIN, VALUE)
 * -> a blind index; both raise "the data is locked" without the key, so a
 * reader that forgot to unlock fails loudly instead of printing blanks.
 * Projections must not call them: verify, rebuild, push and pull run
 * without the key.
 *
 * Adapter: store (meta rows) + libsodium. */
#ifndef KIOSK_STORE_VAULT_H
#define KIOSK_STORE_VAULT_H

#include <stddef.h>

#include "core/kerr.h"

struct store;

#define VAULT_BLIND_HEX 33      /* 16 bytes as hex + NUL */
#define VAULT_CARD_TEXT 64      /* "KU1" + base32 of the card secret + NUL fits */
#define VAULT_WRAP_MAX 256      /* a wrapped key as text (meta value), NUL included */
/* What an order desk gets when it asks for a roster field. */
#define VAULT_NO_ROSTER "this device cannot read the guest list (an order desk's key opens " \
			"the catalog and orders only)"

/* The Argon2id cost of a passphrase wrap. VAULT_COST_DEFAULT: opslimit
 * MODERATE (3 passes), memlimit 256 MiB. KIOSK_TEST_WEAK_KDF=1 in the
 * environment makes new wraps use the minimum (tests call the program
 * thousands of times); the cost is stored with each wrap, so a store made
 * either way opens either way. */
unsigned long long vault_opslimit(void);
size_t vault_memlimit(void);

/* 1 when the store holds a wrapped data key (a store made since issue 14),
 * 0 when not (an older store: its data is in clear), -1 on error. */
int vault_is_set(struct store *st);
/* 1 when the data key is in memory. */
int vault_is_unlocked(const struct store *st);

/* A new event: make a random data key, wrap it by the passphrase (meta
 * vault_pass) and keep it in memory. Refused when the store already has one.
 * Returns 0 or -1. */
int vault_create(struct store *st, const char *pass, size_t n, char err[KERR_LEN]);
/* Unwrap the data key with the passphrase. Returns 0 (unlocked), 1 (wrong
 * passphrase: nothing changed), -1 (error: no key set, out of memory). */
int vault_unlock(struct store *st, const char *pass, size_t n, char err[KERR_LEN]);
/* Wrap the key in memory by a new passphrase (kiosk passphrase change); the
 * data is not touched. Needs the store unlocked. 0 or -1. */
int vault_rewrap(struct store *st, const char *pass, size_t n, char err[KERR_LEN]);

/* An unlock card: a fresh random secret; the data key in memory is wrapped
 * by it (meta vault_card, replacing an older card) and the card's text (what
 * its QR holds) is written to text. Needs the store unlocked. 0 or -1. */
int vault_card_make(struct store *st, char text[VAULT_CARD_TEXT], char err[KERR_LEN]);
/* 1 when text looks like an unlock card (KU1...), else 0. */
int vault_is_card_text(const char *text);
/* Unlock with a scanned card's text: 0 unlocked, 1 not this store's card
 * (or no card set), -1 error. */
int vault_unlock_card(struct store *st, const char *text, char err[KERR_LEN]);

/* The wrapped forms as text, to carry the key to another device (an
 * enrolment bundle) and store it there: which is "pass" or "card".
 * vault_wrapped_get: 1 and out filled, 0 absent, -1 error.
 * vault_wrapped_put: 0 or -1 (the text is checked for shape, not opened). */
int vault_wrapped_get(struct store *st, const char *which, char out[VAULT_WRAP_MAX],
		      char err[KERR_LEN]);
int vault_wrapped_put(struct store *st, const char *which, const char *text, char err[KERR_LEN]);

/* Another store of this process (a worker thread's) gets the key of src:
 * 0, or -1 when src is locked or memory is short. */
int vault_share(struct store *dst, const struct store *src, char err[KERR_LEN]);
/* 1 when the full data key is in memory (organizer, door); 0 when locked or
 * only a partial key set (an order desk: seal and blind subkeys, no roster
 * subkey). */
int vault_is_full(const struct store *st);
/* Wrap what is in memory (the data key, or a partial set) by a passphrase,
 * as text for vault_wrapped_put "pass": 0 or -1 (locked). */
int vault_wrap_pass(struct store *st, const char *pass, size_t n, char out[VAULT_WRAP_MAX],
		    char err[KERR_LEN]);
/* An order desk's key set wrapped by a passphrase ("p2."): the seal and blind
 * subkeys only, so the desk opens shop fields, the PIN hash and its device
 * key and computes blind indexes, but no roster field and no data key.
 * Needs the store unlocked. 0 or -1. */
int vault_wrap_desk(struct store *st, const char *pass, size_t n, char out[VAULT_WRAP_MAX],
		    char err[KERR_LEN]);
/* Forget the key (wipes it). */
void vault_lock(struct store *st);

/* Seal plain (a NUL-terminated text, usually a JSON object) into out. Needs
 * the key. Returns 0 or -1 (locked, or out too small). The sealed text is
 * 3 + 4/3 * (24 + 16 + plaintext padded to 32) bytes long, rounded up. */
int vault_seal(struct store *st, const char *plain, char *out, size_t cap, char err[KERR_LEN]);
/* The same under the roster subkey ("s1.r." ...): attendees' names, phones
 * and emails. Needs the full data key (VAULT_NO_ROSTER on a desk). */
int vault_seal_roster(struct store *st, const char *plain, char *out, size_t cap,
		      char err[KERR_LEN]);
/* Open a sealed text into out (NUL-terminated). 0, or -1: locked, not a
 * sealed text, forged or sealed under another key, out too small, or a roster
 * field on a device without the roster subkey (err VAULT_NO_ROSTER). */
int vault_open(struct store *st, const char *sealed, char *out, size_t cap, char err[KERR_LEN]);
/* 1 when s has the shape of a sealed text ("s1." ..., roster fields
 * included). */
int vault_is_sealed(const char *s);
/* 1 when s is a roster field ("s1.r." ...). */
int vault_is_roster_sealed(const char *s);
/* The blind index of value in a domain ("phone", "name", ...): 0, or -1 when
 * locked. Equal (domain, value) give equal indexes under one event key. */
int vault_blind(struct store *st, const char *domain, const char *value,
		char out[VAULT_BLIND_HEX], char err[KERR_LEN]);

/* A secret kept in a file beside the store (DATA/event.key, DATA/device.key,
 * always mode 0600): sealed by the data key when the store has one, so a
 * powered-off device gives no signing key; in clear (as before issue 14) in a
 * store made before encryption. vault_file_write: plain is a line of text
 * (hex or base64 of the key); exclusive refuses an existing path. 0 or -1
 * ("the data is locked" when the store has a key and it is not in memory). */
int vault_file_write(struct store *st, const char *path, const char *plain, int exclusive,
		     char err[KERR_LEN]);
/* Read such a file into out (the plain text, no line break): 1, 0 when the
 * file does not exist, -1 (readable by others, damaged, or sealed while the
 * store is locked). A clear file (an older store) is read as it is. */
int vault_file_read(struct store *st, const char *path, char *out, size_t cap, char err[KERR_LEN]);
/* Seal a clear secret file in place (a store that got its data key after it
 * was made): 1 sealed now, 0 absent or already sealed, -1 (locked, error). */
int vault_file_seal(struct store *st, const char *path, char err[KERR_LEN]);
/* 1 when the file at path holds a sealed secret, 0 when clear or absent. */
int vault_file_is_sealed(const char *path);

#endif
