/* trust.h - who may write journal entries that other devices accept: each
 * device's Ed25519 key, its enrolment (a `device_enrolled` journal entry of the
 * organizer's device, so enrolments travel with the journal), and signed
 * "tips" that authenticate a device's whole chain up to one entry.
 * Adapter: store (SQLite), files (DATA/device.key) and libsodium; no libpq.
 *
 * Why signing the tip is enough: each entry's hash covers the previous hash,
 * its device id and seq, so a signature over (device id, seq, hash) vouches for
 * every entry of that device from seq 1 up to seq. */
#ifndef KIOSK_TRUST_H
#define KIOSK_TRUST_H

#include <stdint.h>

#include "core/kerr.h"
#include "store/store.h"
#include "store/syncdb.h"

#define TRUST_SECRET_FILE "device.key"   /* DATA/device.key, 0600, hex (sealed) */
#define TRUST_PK_LEN 32
#define TRUST_SK_LEN 64
#define TRUST_SIG_LEN 64
#define TRUST_KIND_ENROLLED "device_enrolled"
#define TRUST_META_ROOT "sync_root"     /* device id of the organizer's device */
#define TRUST_NAME_MAX 64

/* 1 if id is a usable device id: 1..STORE_DEVICE_ID_MAX-1 of [A-Za-z0-9._-],
 * not starting with '.' (it names folders in bundles and PostgreSQL roles). */
int trust_id_is_valid(const char *id);

/* Create the sync tables of this module if missing (sync_tips). Idempotent. */
int trust_migrate(struct store *st, char err[KERR_LEN]);

/* Read DATA/device.key (sealed by st's data key since issue 14, so the store
 * must be unlocked; the clear file of an older store is read as it is).
 * Returns 1 and sk, 0 if there is none, -1 on error (unreadable, wrong mode,
 * malformed, locked). */
int trust_load_secret(struct store *st, const char *data_dir, uint8_t sk[TRUST_SK_LEN],
		      char err[KERR_LEN]);
/* Write DATA/device.key durably (temp, fsync, rename, fsync dir), mode 0600,
 * sealed when st has a data key. Refuses to replace an existing key file. */
int trust_save_secret(struct store *st, const char *data_dir, const uint8_t sk[TRUST_SK_LEN],
		      char err[KERR_LEN]);
/* Seal a clear DATA/device.key in place: 1 sealed, 0 nothing to do, -1. */
int trust_seal_file(struct store *st, const char *data_dir, char err[KERR_LEN]);

/* Sign this device's tip at every append from now on (store_set_append_hook):
 * each entry st appends has its signed tip saved (syncdb_self_tip_set) in the
 * same transaction, so `kiosk-sync push` needs no device key. Needs the
 * device key (the store unlocked, or an older store's clear key file).
 * Returns 1 installed (or already), 0 no device key yet (not enrolled), -1. */
int trust_sign_appends(struct store *st, const char *data_dir, char err[KERR_LEN]);

/* The organizer's device id from meta into root[STORE_DEVICE_ID_MAX + 1].
 * Returns 1 found, 0 none (this store was never joined nor became root), -1. */
int trust_root(struct store *st, char *root, char err[KERR_LEN]);

/* Make this store the root of trust if it has none: this is the organizer's
 * machine (where the event was created). Creates DATA/device.key if missing,
 * sets meta sync_root to this device and journals its own enrolment.
 * Returns 1 if it became root now, 0 if it already had a root, -1 on error. */
int trust_ensure_root(struct store *st, const char *data_dir, int64_t now_ms, char err[KERR_LEN]);

/* Journal the enrolment of device_id (name, pk) as an entry of this device.
 * Only the root's enrolments count, so call this on the organizer's machine. */
int trust_enrol(struct store *st, const char *device_id, const char *name,
		const uint8_t pk[TRUST_PK_LEN], int64_t now_ms, char err[KERR_LEN]);

/* The enrolled public key of device_id: the latest enrolment journaled by the
 * root device. Returns 1 found, 0 not enrolled, -1 error. */
int trust_pubkey(struct store *st, const char *device_id, uint8_t pk[TRUST_PK_LEN],
		 char err[KERR_LEN]);
/* The enrolled name of device_id into name[TRUST_NAME_MAX] ("" if unknown). */
int trust_name(struct store *st, const char *device_id, char name[TRUST_NAME_MAX]);

/* This device's secret key, checked against its enrolment. Returns 0, or -1
 * with err saying what to do (no key: enrol the device first). */
int trust_self_secret(struct store *st, const char *data_dir, uint8_t sk[TRUST_SK_LEN],
		      char err[KERR_LEN]);

/* The signed tip a push of this device's entries 1..max sends: the tip
 * signed at commit time (trust_sign_appends) when it is at max, else signed
 * now if the device key is at hand. When it is not (a store locked, with
 * entries appended by a command that did not sign), *last is the latest
 * signed seq (< max): the rest waits for a push with the key. 0, or -1 (no
 * signed tip and no key: err says what to do). */
int trust_push_tip(struct store *st, const char *data_dir, int64_t max, int64_t *last,
		   uint8_t sig[TRUST_SIG_LEN], char err[KERR_LEN]);

/* Sign / check a tip: message "KTIP1" NUL device_id NUL seq NUL hash. */
void trust_tip_sign(const char *device_id, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
		    const uint8_t sk[TRUST_SK_LEN], uint8_t sig[TRUST_SIG_LEN]);
int trust_tip_is_valid(const char *device_id, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
		       const uint8_t pk[TRUST_PK_LEN], const uint8_t sig[TRUST_SIG_LEN]);

/* Remember a verified tip of another device (table sync_tips). Idempotent. */
int trust_tip_save(struct store *st, const char *device_id, int64_t seq,
		   const uint8_t hash[STORE_HASH_LEN], const uint8_t sig[TRUST_SIG_LEN],
		   char err[KERR_LEN]);

/* ---- revocation: the cut-off rule (see trust.c) ----------------------------
 * A revocation names the device and its cut-off: the last of its entries the
 * organizer held (and that entry's hash). Its entries up to the cut-off count
 * on every device; later ones never do, whatever order they and the
 * revocation arrive in. */
#define TRUST_CUTOFF_MAX ((int64_t)1 << 53)  /* a seq JSON carries exactly */

struct trust_cut {
	int64_t seq;                     /* the organizer's revocation entry */
	int64_t cutoff;                  /* entries 1..cutoff count, later ones not */
	int has_hash;                    /* cutoff > 0: hash holds entry cutoff's hash */
	uint8_t hash[STORE_HASH_LEN];
};

/* On the organizer's machine: journal the revocation of device_id (a lost or
 * misbehaving device), signed by the event key, with its cut-off: upto, or
 * when upto < 0 every entry of the device held here; an upto past those is
 * refused. Applies it here in the same transaction. *cutoff_out (may be
 * NULL) gets the cut-off. Returns 0 or -1. */
int trust_revoke(struct store *st, const char *data_dir, const char *device_id, int64_t upto,
		 int64_t now_ms, int64_t *cutoff_out, char err[KERR_LEN]);

/* Whether one journaled revocation holds: 1 (cut filled), 0 not (why says
 * why: a bad signature, a cut-off that is not a sequence number), -1 store
 * error (in why). */
int trust_revocation_check(struct store *st, const struct syncdb_revocation *rv,
			   struct trust_cut *cut, char why[KERR_LEN]);

/* The revocation of device_id in force: the newest of the organizer's that
 * holds. 1 (cut filled), 0 not revoked, -1 error. */
int trust_cut(struct store *st, const char *device_id, struct trust_cut *cut, char err[KERR_LEN]);
/* 1 if the organizer revoked device_id (a revocation that holds), 0 if not,
 * -1 on error. */
int trust_is_revoked(struct store *st, const char *device_id, char err[KERR_LEN]);

/* Every revocation among root's entries first..last must hold: 0, or -1 with
 * err naming the first that does not (a pull then refuses root's entries). */
int trust_revocations_check(struct store *st, const char *root, int64_t first, int64_t last,
			    char err[KERR_LEN]);

/* Bring table revoked_devices to the revocations held and rebuild the
 * projections when entries held stop counting (or count again), inside the
 * caller's transaction or one of its own. note (may be NULL) is told of each
 * device whose entries held changed: delta > 0 entries past cutoff stopped
 * counting, < 0 count again. Returns 0 or -1. */
typedef void (*trust_cut_note_fn)(void *ctx, const char *device_id, int64_t cutoff,
				  int64_t delta);
int trust_cuts_apply(struct store *st, trust_cut_note_fn note, void *ctx, char err[KERR_LEN]);

/* Hex helpers: 2n lowercase digits + NUL / exactly 2n hex digits. */
void trust_hex(const uint8_t *b, size_t n, char *out);
int trust_unhex(const char *hex, size_t hexlen, uint8_t *out, size_t n);

#endif
