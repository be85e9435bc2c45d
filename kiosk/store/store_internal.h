/* store_internal.h - the layout of struct store, shared by the files that
 * implement store.h (store.c: open, migrate, busy wait, transactions, meta;
 * store_journal.c: entry hashing, append, merge, projections). Private to
 * kiosk/store: nothing else includes it. */
#ifndef KIOSK_STORE_STORE_INTERNAL_H
#define KIOSK_STORE_STORE_INTERNAL_H

#include "db.h" /* sqlite3 types, through the one header allowed them */
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "schema.h"
#include "store.h"

#define STORE_STMT_CACHE 48

/* store_set_busy_ms's wait: how long without progress, and what the -wal
 * file looked like when another writer last made progress. */
struct busy_idle {
	char wal[4096];             /* the -wal file of the store */
	int ms;                     /* 0: off; else give up after this long without progress */
	double progress;            /* monotonic ms of the last progress seen */
	struct timespec mtime;
	off_t size;
};

struct store {
	sqlite3 *db;
	int busy_ms;                /* give up waiting for the write lock after this */
	double busy_since;          /* monotonic ms when the current wait began */
	struct busy_idle idle;      /* store_set_busy_ms: give up sooner if nobody commits */
	char device_id[STORE_DEVICE_ID_MAX];
	int in_txn;                 /* an explicit store_begin is open */
	sqlite3_stmt *head;         /* last seq + hash of a device */
	sqlite3_stmt *insert;       /* journal row */
	sqlite3_stmt *find;         /* hash of (device, seq) */
	/* Prepared projection statements, parallel to schema_projections,
	 * prepared the first time an entry of that kind is applied: a command
	 * that writes one kind does not pay for preparing them all. */
	sqlite3_stmt *proj[64][PROJECTION_MAX_SQL];
	unsigned char proj_ready[64];
	int nproj;
	/* The entry store_merge added last, so a run of one device's entries
	 * chains without a lookup each. Cleared when a transaction rolls back. */
	char merged_dev[STORE_DEVICE_ID_MAX];
	int64_t merged_seq;
	uint8_t merged_hash[STORE_HASH_LEN];
	/* store_stmt's cache, keyed by the address of the SQL text. */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	int ncache;
	/* store_defer_checkpoints: pages in the WAL after this handle's last
	 * commit; -1 while SQLite checkpoints by itself. */
	int wal_pages;
	/* vault.c: the data key and its subkeys while unlocked, else NULL. */
	struct vault *vault;
	/* store_set_append_hook: sync's tip signer, or NULL. */
	store_append_fn append_fn;
	void *append_ctx;
	void (*append_drop)(void *ctx);
	/* store_append inside the caller's transaction (an import, a batch of
	 * tickets): the hook runs once, on the journal's head, at store_commit
	 * (store_append_hook_due), not once per entry. */
	int append_due;
	/* store_bulk_begin: attendee_added entries put off (their count) and
	 * the statement that puts one; NULL when not in bulk. */
	sqlite3_stmt *bulk_put;
	long bulk_n;
	/* This device's last entry appended inside the caller's transaction
	 * (its seq, 0 when not known, and hash): the next append chains onto
	 * it without reading the journal. Forgotten at commit, at a rollback
	 * of any kind and at a merge. */
	int64_t tip_seq;
	uint8_t tip_hash[STORE_HASH_LEN];
};

/* store_journal.c: run the append hook on this device's head if appends
 * inside the open transaction left it due; 0 or -1 with err. */
int store_append_hook_due(struct store *st, char err[KERR_LEN]);

/* store_journal.c: forget the entries put off by store_bulk_begin (the
 * transaction that held them rolled back, or the store closes). */
void store_bulk_drop(struct store *st);

/* vault.c: register kiosk_pii and kiosk_bi on st->db (SQLITE_OK or a code). */
int vault_register(struct store *st);

/* store.c: prepare the statements of projection i on first use; 0 or -1. */
int store_prepare_projection(struct store *st, int i, char err[KERR_LEN]);

#endif
