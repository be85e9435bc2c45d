/* store.h - the device's SQLite file: the append-only, hash-chained journal
 * (the truth) and the projections derived from it (attendees, check-ins, ...).
 * Adapter: sqlite3, libsodium (hashing) and libc; no SDL, no libpq.
 * A store is used by one thread at a time. */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/kerr.h"

#define STORE_FILE "kiosk.db"
#define STORE_HASH_LEN 32      /* BLAKE2b-256 */
#define STORE_DEVICE_ID_MAX 40
#define STORE_KIND_MAX 32

/* One journal row. hash = BLAKE2b-256(prev_hash || canonical row), where the
 * canonical row is device_id NUL seq NUL at_ms NUL kind NUL body (decimal
 * numbers). seq starts at 1 and has no gaps per device; the first entry's
 * prev_hash is all zero. Strings are borrowed for the call. */
struct entry {
	const char *device_id;
	int64_t seq;
	int64_t at_ms;
	const char *kind;
	const char *body;      /* a JSON object */
	uint8_t prev_hash[STORE_HASH_LEN];
	uint8_t hash[STORE_HASH_LEN];
};

struct store;

/* Open DIR/kiosk.db (create DIR and the file when create is 1), set WAL,
 * synchronous=FULL, foreign keys, busy timeout, and run migrations.
 * A new store gets a random device id. Returns 0 and *out, or -1 with err. */
int store_open(struct store **out, const char *dir, int create, char err[KERR_LEN]);
/* Make dir (and its parents, 0700) and hold an exclusive lock on it until the
 * returned descriptor is closed (kiosk init: one event however many start at
 * once). The descriptor, or -1 with err. */
int store_lock_dir(const char *dir, char err[KERR_LEN]);
/* For commands that only read (verify, report, attendees list, a push): the
 * store as store_open(create 0) when it can be written; on a read-only medium
 * or file, a copy in memory of what is on it (nothing is ever written back).
 * Returns 0 and *out, or -1 with err. */
int store_open_readonly(struct store **out, const char *dir, char err[KERR_LEN]);
/* For verify, which rebuilds every projection to compare: a private copy of
 * the store, taken in one read transaction (a door writing to the store goes
 * on: it used to wait behind verify's write lock, 3 s at 100,000 guests,
 * and past its busy timeout on a bigger store), in the file copy beside the
 * store (0600; copies of killed runs are removed first), or in memory when
 * the folder cannot be written (the store is first opened as store_open
 * opens it: an older one is migrated); where no copy can be made (a full disk) the
 * store itself as store_open_readonly opens it (copy then empty). After
 * store_close, remove the copy with store_remove_copy. Returns 0 and *out,
 * or -1 with err (nothing left). */
#define STORE_COPY_PATH_MAX 4200
int store_open_copy(struct store **out, const char *dir, char copy[STORE_COPY_PATH_MAX],
		    char err[KERR_LEN]);
void store_remove_copy(char copy[STORE_COPY_PATH_MAX]);
/* Remove the database file db and SQLite's -wal, -shm and -journal beside it
 * (a copy, or a store that init made and could not finish). */
void store_files_remove(const char *db);
/* Close; NULL is fine. */
void store_close(struct store *st);
/* How long a write waits for another process's write lock before it fails.
 * By default 5000 ms in all. With this, it gives up after ms in which no
 * other writer committed (the lock is held, not queued for), and still waits
 * up to 5000 ms while others commit one after another. The door waits so:
 * a store held locked gives a prompt "not saved", a busy one still saves.
 * Returns 0 or -1. */
int store_set_busy_ms(struct store *st, int ms, char err[KERR_LEN]);

/* Commits on st no longer copy the WAL into the database when it has grown
 * (SQLite's automatic checkpoint, which makes the commit that crosses the
 * mark wait for it: half a second on a busy disk); the owner checkpoints
 * when nobody is waiting (store_checkpoint_due, store_checkpoint). Returns 0
 * or -1. */
int store_defer_checkpoints(struct store *st, char err[KERR_LEN]);
/* How far commits on st have grown the WAL: 0 not past SQLite's usual mark
 * (1000 pages), 1 past it, 2 past ten times it (do not wait any longer). */
int store_checkpoint_due(const struct store *st);
/* Copy the WAL into the database without waiting for readers or writers (a
 * passive checkpoint). Returns 0 or -1. */
int store_checkpoint(struct store *st, char err[KERR_LEN]);

/* This device's id (valid until store_close). */
const char *store_device_id(const struct store *st);

/* Explicit transaction around several appends (an import). Without one, each
 * store_append commits on its own. */
int store_begin(struct store *st, char err[KERR_LEN]);
int store_commit(struct store *st, char err[KERR_LEN]);
void store_rollback(struct store *st);
/* Inside the open transaction (store_begin): the attendee_added entries
 * appended or applied from here get their projection rows all at once, when
 * an entry of another kind is applied, at store_bulk_end or at store_commit
 * (a 100,000-guest import: a statement per kind, not five per guest). Until
 * then the attendees table does not hold them: a caller that reads it between
 * appends must not need them, or flush first (the import checks its own
 * file's phones and codes itself, and flushes before a row that repeats an
 * earlier one). store_rollback ends it with the transaction. */
int store_bulk_begin(struct store *st, char err[KERR_LEN]);
/* What is put off written now (the bulk goes on): for a read that needs it. */
int store_bulk_flush(struct store *st, char err[KERR_LEN]);
int store_bulk_end(struct store *st, char err[KERR_LEN]);
/* 1 when a transaction is open on this store's connection (store_begin's or
 * one of a function running inside it), else 0. */
int store_in_transaction(struct store *st);

/* One savepoint inside an open store_begin (not nested): release keeps its
 * work, rollback undoes only what was done since store_savepoint. */
int store_savepoint(struct store *st, char err[KERR_LEN]);
int store_savepoint_release(struct store *st, char err[KERR_LEN]);
void store_savepoint_rollback(struct store *st);

/* A read-decide-write (a verdict, a PIN try, an order number, an undo): take
 * the write lock (BEGIN IMMEDIATE) before reading what the decision depends
 * on, unless the caller's transaction is already open (*own = 0 then).
 * store_write_end commits when ok and own, rolls back when !ok and own, and
 * returns 0 only when ok and the commit (if any) succeeded. Any number of
 * processes and threads (one store each) then decide one at a time. */
int store_write_begin(struct store *st, int *own, char err[KERR_LEN]);
int store_write_end(struct store *st, int own, int ok, char err[KERR_LEN]);

/* Append an entry of this device (next seq, chained hash) and apply it to the
 * projections, in one transaction (or inside the open one). Returns 0 once
 * durable (or once inside the open transaction), and the seq if seq_out; on -1
 * nothing was written and err says why (disk full, read-only, ...). */
int store_append(struct store *st, int64_t at_ms, const char *kind,
		 const char *body, int64_t *seq_out, char err[KERR_LEN]);

/* Called by store_append for each entry of this device, inside its
 * transaction, once the row is in: sync signs the device's tip there (issue
 * 14), so a later push needs no secret key. Appends inside the caller's
 * transaction (store_begin) call it once, at store_commit, with the head
 * the journal holds then. A non-zero return (err filled) undoes the append
 * (at store_commit: the whole transaction). drop(ctx) runs at store_close or when another hook
 * replaces this one. fn NULL removes the hook. */
typedef int (*store_append_fn)(void *ctx, struct store *st, int64_t seq,
			       const uint8_t hash[STORE_HASH_LEN], char err[KERR_LEN]);
void store_set_append_hook(struct store *st, store_append_fn fn, void *ctx,
			   void (*drop)(void *ctx));
/* 1 when an append hook is installed. */
int store_has_append_hook(const struct store *st);

/* Merge an entry of any device (sync). Checks the hash, and that it chains
 * onto the entry before it when that one is held. Idempotent: returns 1 if it
 * was added, 0 if the same entry was already held, -1 on error or conflict
 * (a different entry with the same device_id and seq). Applies projections. */
int store_merge(struct store *st, const struct entry *e, char err[KERR_LEN]);

/* store_merge for an entry whose hash the caller has just recomputed from its
 * fields and compared (a parsed segment, a pulled row): the same checks but
 * that one, so a big import hashes each entry once. */
int store_merge_hashed(struct store *st, const struct entry *e, char err[KERR_LEN]);

/* Compute e->hash from the other fields. */
void store_entry_hash(struct entry *e);

/* Key-value settings of this device and its event (event_id, event_name,
 * starts_ms, ends_ms, tz_offset_min, tz_name, device_name, ...).
 * store_meta_get returns 1 found, 0 absent, -1 error. */
int store_meta_get(struct store *st, const char *key, char *buf, size_t cap);
int store_meta_set(struct store *st, const char *key, const char *value, char err[KERR_LEN]);

/* Temporary tables and sorts in files (on 1) or in memory (0, as opened):
 * a rebuild's sort of a million guests' entries held 450 MB in memory. Only
 * for work that opens no sealed field (the files hold what the store's file
 * holds); outside a transaction. */
int store_temp_on_disk(struct store *st, int on, char err[KERR_LEN]);

/* Recreate every projection from the journal (one transaction, or inside
 * the caller's open one, which then commits or rolls back). Entries past a
 * revoked device's cut-off (syncdb_cut_set) are not applied. */
int store_rebuild(struct store *st, char err[KERR_LEN]);

/* Check the journal: each device's chain and gapless seq, every hash, and that
 * the projections equal a rebuild (done inside a transaction that is rolled
 * back, so nothing changes). Calls report(ctx, line) once per problem found.
 * Returns the number of problems (0 = intact), or -1 if it could not check. */
int store_verify(struct store *st, void (*report)(void *ctx, const char *line),
		 void *ctx, char err[KERR_LEN]);

#endif
