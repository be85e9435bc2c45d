/* syncdb.h - the store's side of sync (sync/): journal ranges to export,
 * hashes and highest seqs held, signed tips (table sync_tips), enrolments
 * and event keys to pass on, the double_entries view. sync/ asks these
 * questions and never holds the SQLite handle. Adapter: store + sqlite3. */
#ifndef KIOSK_STORE_SYNCDB_H
#define KIOSK_STORE_SYNCDB_H

#include <stddef.h>
#include <stdint.h>

#include "core/kerr.h"
#include "core/ticket.h"
#include "store.h"

#define SYNCDB_SIG_LEN 64      /* an Ed25519 signature over a tip */

/* Create what sync keeps beside the journal when missing: table sync_tips
 * (the signed tips of other devices), view double_entries. 0 or -1. */
int syncdb_tips_create(struct store *st, char err[KERR_LEN]);
int syncdb_doubles_view_create(struct store *st, char err[KERR_LEN]);

/* The highest seq held of device_id (0 for none). 0 or -1. */
int syncdb_max_seq(struct store *st, const char *device_id, int64_t *max, char err[KERR_LEN]);

/* Whether this store holds event_id: its current event or one before it
 * (`kiosk init --new` keeps the earlier ones). 1 yes, 0 no, -1 error. */
int syncdb_event_held(struct store *st, const char *event_id, char err[KERR_LEN]);

/* 1 when id is 1..63 characters of [0-9a-z-], as event and device ids are
 * made: safe in a folder name and in a PostgreSQL array literal. */
int syncdb_id_is_plain(const char *id);

/* The events this store holds, current first, as a PostgreSQL text array
 * literal "{id,id,...}" in *out (malloc'd; the caller frees). Ids that are
 * not plain [0-9a-z-] (never made so) are left out. 0 or -1. */
int syncdb_events_held(struct store *st, const char *current, char **out, char err[KERR_LEN]);

/* The hash of entry (device_id, seq): 1 found, 0 not held, -1 error. */
int syncdb_hash_at(struct store *st, const char *device_id, int64_t seq,
		   uint8_t hash[STORE_HASH_LEN], char err[KERR_LEN]);

/* Call fn for the entries first..last of device_id held, in seq order. The
 * entry's strings are valid during the call; a malformed row (a NULL kind
 * or body, a hash of the wrong size) comes with kind NULL. fn returns 0 to
 * go on, or -1 (with err filled) to stop. Returns 0, or -1 with err. */
int syncdb_range_each(struct store *st, const char *device_id, int64_t first, int64_t last,
		      int (*fn)(void *ctx, const struct entry *e, char err[KERR_LEN]), void *ctx,
		      char err[KERR_LEN]);

/* Call fn(ctx, device_id, max_seq) for every device other than except
 * with entries held, by device id; fn returns 0 or -1 (stop, err filled). */
int syncdb_devices_each(struct store *st, const char *except,
			int (*fn)(void *ctx, const char *device_id, int64_t max_seq,
				  char err[KERR_LEN]),
			void *ctx, char err[KERR_LEN]);

/* Save a signed tip of device_id (ignored when already held). 0 or -1. */
int syncdb_tip_save(struct store *st, const char *device_id, int64_t seq,
		    const uint8_t hash[STORE_HASH_LEN], const uint8_t sig[SYNCDB_SIG_LEN],
		    char err[KERR_LEN]);

/* This device's own signed tip, written at commit time by sync's append hook
 * (issue 14: the device key is inside the encrypted part, so a push made
 * without the passphrase sends the tip signed while the store was open).
 * Only the latest is kept: older own tips are deleted. 0 or -1. */
int syncdb_self_tip_set(struct store *st, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
			const uint8_t sig[SYNCDB_SIG_LEN], char err[KERR_LEN]);
/* The latest signed tip of device_id: 1 and seq, hash, sig filled; 0 none; -1. */
int syncdb_latest_tip(struct store *st, const char *device_id, int64_t *seq,
		      uint8_t hash[STORE_HASH_LEN], uint8_t sig[SYNCDB_SIG_LEN], char err[KERR_LEN]);

/* Call fn for every tip held of device_id in seq order; hash and sig are
 * NULL when the row holds the wrong sizes. fn returns 0 or -1 (stop). */
int syncdb_tips_each(struct store *st, const char *device_id,
		     int (*fn)(void *ctx, int64_t seq, const uint8_t *hash, const uint8_t *sig,
			       char err[KERR_LEN]),
		     void *ctx, char err[KERR_LEN]);

/* Call fn for the latest well-formed tip of every device other than except,
 * by device id. fn returns 0 or -1 (stop). */
int syncdb_latest_tips_each(struct store *st, const char *except,
			    int (*fn)(void *ctx, const char *device_id, int64_t seq,
				      const uint8_t *hash, const uint8_t *sig, char err[KERR_LEN]),
			    void *ctx, char err[KERR_LEN]);

/* Field field of the body of the latest journal entry of kind by author
 * whose body's device_id is device_id, into out[cap] ("" for JSON null).
 * Returns 1 found, 0 none, -1 error. */
int syncdb_enrolment_field(struct store *st, const char *author, const char *kind,
			   const char *device_id, const char *field, char *out, size_t cap,
			   char err[KERR_LEN]);

/* Tickets checked in more than once (distinct attendees in double_entries). */
int syncdb_count_doubles(struct store *st, int64_t *n, char err[KERR_LEN]);

/* Call fn for every row of event_keys by time added: pk is NULL (and event
 * "") when the row is malformed. fn returns 0 or -1 (stop). */
int syncdb_event_keys_each(struct store *st,
			   int (*fn)(void *ctx, const uint8_t *pk, const char *event,
				     int64_t added_ms, int retired, char err[KERR_LEN]),
			   void *ctx, char err[KERR_LEN]);

/* Add an event key received from the organizer (configuration outside the
 * journal, see keys.h); one already held is left as it is. 0 or -1. */
int syncdb_event_key_add(struct store *st, const uint8_t pk[TICKET_PK_LEN], const char *event,
			 int64_t added_ms, int retired, char err[KERR_LEN]);

/* Revocations of devices: a `device_revoked` entry of the organizer's device
 * {device_id, event, by, sig, cutoff, cutoff_hash, cutoff_sig} (sync/trust.c):
 * sig is the event key's signature of the device id (tag KREVOKE1, what a
 * kiosk older than the cut-off rule checks), cutoff_sig its signature of the
 * cut-off (tag KREVOKE2). A revocation journaled before the cut-off rule has
 * no cutoff fields. */
#define SYNCDB_KIND_REVOKED "device_revoked"
#define SYNCDB_TAG_REVOKED "KREVOKE1"
#define SYNCDB_TAG_CUTOFF "KREVOKE2"

/* One `device_revoked` entry as journaled (strings cut to their buffers;
 * sync/trust.c decides whether it holds). */
struct syncdb_revocation {
	int64_t seq;                          /* the organizer's entry */
	char device_id[STORE_DEVICE_ID_MAX + 1];
	char event[64], by[80], sig[160];
	char cutoff_type[16];                 /* JSON type of "cutoff", "" if absent */
	int64_t cutoff;                       /* its value when an integer */
	char cutoff_hash[80], cutoff_sig[160];
};

/* Call fn for every `device_revoked` entry journaled by root (about
 * device_id only, unless it is NULL), in seq order. fn returns 0 or -1 (stop,
 * err filled). 0, or -1 with err. */
int syncdb_revocations_each(struct store *st, const char *root, const char *device_id,
			    int (*fn)(void *ctx, const struct syncdb_revocation *r,
				      char err[KERR_LEN]),
			    void *ctx, char err[KERR_LEN]);

/* The cut-off in force here for device_id (table revoked_devices): 1 and
 * *upto, 0 none, -1 error. */
int syncdb_cut_get(struct store *st, const char *device_id, int64_t *upto, char err[KERR_LEN]);
/* Set (upto >= 0) or drop (upto < 0) the cut-off of device_id. The caller
 * rebuilds the projections when entries past it are held. 0 or -1. */
int syncdb_cut_set(struct store *st, const char *device_id, int64_t upto, char err[KERR_LEN]);

/* Before a big import (a pull): a page cache that holds it (64 MiB at most,
 * taken only as pages are used). Returns 0 or -1. */
int syncdb_bulk(struct store *st, char err[KERR_LEN]);

#endif
