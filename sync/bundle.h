/* bundle.h - the folder transport: a bundle is a folder (a USB stick, a shared
 * drive) holding DIR/<device id>/<first>-<last>.kseg segment files, each
 * written once and never changed (see segment.h). Push adds this device's
 * entries beyond what the folder already holds; pull imports every other
 * device's segments after checking them, all in one transaction.
 * Adapter: files + store + trust; no libpq. Nothing here prints. */
#ifndef KIOSK_BUNDLE_H
#define KIOSK_BUNDLE_H

#include <stdint.h>

#include "core/kerr.h"
#include "segment.h"
#include "store/store.h"

#define BUNDLE_SEG_EXT ".kseg"
/* A later event's sub-folder of a folder another event used first:
 * DIR/event.<id>/<device id>/... (no device id has a dot). */
#define BUNDLE_EVENT_DIR "event."
#define BUNDLE_FILE_MAX (512u << 20) /* a segment file larger than this is refused */
#define SYNC_REFUSALS_MAX 32
/* The start of the one line a push prints when the target holds another
 * history of this device (a fork), and what to do about it. */
#define SYNC_FORK_HINT "refused: fork (a data folder restored from a backup or copied?): " \
	"nothing was pushed; enrol this device again as a new one ('kiosk device add' + " \
	"'kiosk device join') and keep this folder for the organizer"

/* What a push or pull did; also filled by the PostgreSQL transport. */
struct sync_stats {
	int64_t pushed;          /* entries written to the target */
	int64_t first, last;     /* their seq range (0 if none) */
	int64_t added;           /* pull: entries new to this store */
	int64_t held;            /* pull: entries it already had */
	int64_t segments;        /* segments (or batches) read or written */
	int64_t devices;         /* pull: devices seen */
	int64_t refused;         /* pull: devices whose entries were refused */
	int64_t skipped;         /* pull: folder entries that are not ours, left alone */
	char skipped_first[KERR_LEN]; /* the first of them (a path) */
	/* "event.<id>" when the push wrote to (the pull read) DIR/event.<id>: the
	 * top of DIR holds another event; else "". */
	char event_dir[48];
	int64_t other_event;     /* pull: device folders of events this store never
				  * held, left alone */
	int64_t unsigned_left;   /* push: entries past the last signed tip, left
				  * for a push with the device key (issue 14) */
	/* pull: one line per refused device (the first SYNC_REFUSALS_MAX),
	 * naming the device and why. */
	char refusals[SYNC_REFUSALS_MAX][KERR_LEN];
	/* pull: entries of a revoked device past its cut-off, refused by
	 * bundle_apply and not yet noted as a refusal (sync_stats_cut_flush). */
	int64_t cut_pending, cut_upto;
	/* pull: entries held that stopped counting because a revocation came
	 * (or, < 0, count again), and a line about the first such device. */
	int64_t voided, voided_devices;
	char voided_first[KERR_LEN];
};

/* Note that device's entries were refused (why); used by both pulls. */
void sync_stats_refuse(struct sync_stats *s, const char *device_id, const char *why);
/* After a device is applied: its entries past a revocation's cut-off (if
 * any were offered) become one refusal line naming it. */
void sync_stats_cut_flush(struct sync_stats *s, const char *device_id);
/* At the end of a pull, inside its transaction: apply the revocations held
 * (trust_cuts_apply), noting in s the entries that stopped counting. */
int sync_stats_cuts_apply(struct store *st, struct sync_stats *s, char err[KERR_LEN]);

/* Progress callback: done of total (total 0 = unknown). May be NULL. */
typedef void (*sync_progress_fn)(void *ctx, int64_t done, int64_t total);

/* Write this device's entries beyond the folder's watermark as one new
 * segment signed with the device key in data_dir. Creates dir if its parent
 * exists. Before writing anything it checks that the folder holds this
 * event (or nothing yet) and that what it holds of this device is this
 * store's history (else a fork: a restored or copied data folder). On the organizer's machine (a store with no root yet) this first
 * makes it the root of trust (trust_ensure_root). Returns 0 (also when there
 * was nothing to write: st->pushed == 0) or -1 with err; a failed push leaves
 * no partial file. */
int bundle_push(struct store *st, const char *data_dir, const char *dir, int64_t now_ms,
		struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		char err[KERR_LEN]);

/* Import every segment in dir that is not this device's own: parse, check
 * folder and file names, event, enrolment and signature, chain against what
 * is held, then merge in one transaction, each device all-or-nothing: a
 * device with a bad segment or a damaged folder (a symbolic link, a FIFO,
 * one it cannot list) is refused (stats->refused, one line each in
 * stats->refusals) and the others are applied. Entries not named like a
 * device folder or a segment (lost+found, Thumbs.db, "... (copy)") are not
 * ours: skipped and counted in stats->skipped. Returns 0 (check
 * stats->refused), or -1 with err when nothing could be applied at all. */
int bundle_pull(struct store *st, const char *dir, int64_t now_ms, struct sync_stats *stats,
		sync_progress_fn progress, void *ctx, char err[KERR_LEN]);

/* Check seg (signature by its enrolled device, event, chain onto what is held)
 * and merge its entries inside the caller's open transaction; records its tip.
 * A revoked device's entries up to its cut-off are merged (the one at the
 * cut-off must be the one the revocation names); later ones are not, and
 * are counted in stats->cut_pending (the caller's sync_stats_cut_flush).
 * The organizer's revocations merged must hold (trust_revocations_check).
 * Every entry's hash must already be recomputed from its fields (segment_parse
 * does; the PostgreSQL pull does too), so it is not hashed again.
 * where names the source in messages. Shared with the PostgreSQL pull. */
int bundle_apply(struct store *st, const struct segment *seg, const char *where,
		 struct sync_stats *stats, char err[KERR_LEN]);

/* Append to out a segment of device_id's entries first..last, signed with sk
 * (the caller's own key), or, when sig is not NULL, carrying sig (the device's
 * own signature of entry last, kept from a pull). Returns 0 or -1. */
int bundle_format_range(struct store *st, const char *event, const char *device_id,
			int64_t first, int64_t last, const uint8_t *sk, const uint8_t *sig,
			struct segbuf *out, sync_progress_fn progress, void *ctx,
			char err[KERR_LEN]);

/* Check device_id's entries first..last as held before sending them: no
 * gap, each continues the chain from the entry before first, and each body
 * matches its hash (a damaged journal is never published). 0, or -1 with one
 * line in err that says nothing was pushed. Shared by both pushes. */
int bundle_check_range(struct store *st, const char *device_id, int64_t first, int64_t last,
		       char err[KERR_LEN]);

/* The event id for segment headers into ev ("-" if the store has none). */
int bundle_event_id(struct store *st, char ev[SEGMENT_EVENT_MAX]);

/* This device's highest seq (0 if none). Returns 0 or -1. */
int bundle_local_max(struct store *st, const char *device_id, int64_t *max, char err[KERR_LEN]);
/* The hash of device_id's entry seq: 1 found, 0 not held, -1 error. */
int bundle_held_hash(struct store *st, const char *device_id, int64_t seq,
		     uint8_t hash[STORE_HASH_LEN], char err[KERR_LEN]);

/* Record a finished push/pull in meta (sync_last_push_ms/seq/target or
 * sync_last_pull_ms/target) so status and the organizer menu can show it. */
int bundle_note(struct store *st, int push, const char *target, int64_t now_ms, int64_t seq,
		char err[KERR_LEN]);

#endif
