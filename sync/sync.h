/* sync.h - what the front ends call to sync: push and pull to a target (a
 * folder or a postgresql:// URL), the sync state for status screens, verify,
 * and one background step for the kiosk's organizer menu.
 * Adapter glue over bundle.c and pgsync.c; prints nothing. */
#ifndef KIOSK_SYNC_H
#define KIOSK_SYNC_H

#include <stdint.h>

#include "bundle.h"
#include "core/kerr.h"
#include "store/store.h"

#define SYNC_META_TARGET "sync_target"   /* where the background step pushes */
#define SYNC_TARGET_MAX 1024

/* 1 if target is a PostgreSQL connection string: a URI (postgresql:// or
 * postgres://) or libpq's keyword form ("host=H dbname=D ..."). */
int sync_target_is_pg(const char *target);

/* Push this device's new entries to target / pull everyone else's from it.
 * batch applies to PostgreSQL only (0: default). See bundle.h and pgsync.h. */
int sync_push(struct store *st, const char *data_dir, const char *target, int batch,
	      int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
	      char err[KERR_LEN]);
int sync_pull(struct store *st, const char *target, int64_t now_ms, struct sync_stats *stats,
	      sync_progress_fn progress, void *ctx, char err[KERR_LEN]);

/* What the organizer menu and `kiosk-sync status` show. */
struct sync_state {
	char target[SYNC_TARGET_MAX];      /* configured target ("" if none) */
	int64_t last_push_ms, last_pull_ms; /* 0 = never */
	int64_t pushed_seq;                /* last seq known to be pushed */
	int64_t local_max;                 /* this device's highest seq */
	int64_t waiting;                   /* local_max - pushed_seq */
	int64_t double_entries;            /* tickets checked in more than once */
	char last_error[KERR_LEN];         /* "" after a good background step */
};

/* Fill s from the store's meta and journal. Returns 0 or -1. */
int sync_state_read(struct store *st, struct sync_state *s, char err[KERR_LEN]);

/* Check everything held: store_verify (chains, seqs, projections) plus, for
 * each other device, that its entries are covered by a tip whose signature
 * verifies with its enrolled key. report(ctx, line) per problem; returns the
 * number of problems, or -1 if it could not check. */
int sync_verify(struct store *st, void (*report)(void *ctx, const char *line), void *ctx,
		char err[KERR_LEN]);

/* Create the sync tables and views of a store (sync_tips, the double_entries
 * view). Idempotent; push, pull and join call it. */
int sync_migrate(struct store *st, char err[KERR_LEN]);

/* Background sync for the door screen's worker thread.
 *
 *   struct sync_worker *w;
 *   if (sync_worker_open(&w, data_dir, err) == 0) {
 *       while (running) {
 *           r = sync_worker_step(w, now_ms, &state, err);   // 1, 0 or -1
 *           ... hand `state` to the screen (last sync, entries waiting) ...
 *           sleep a few seconds (longer after -1)
 *       }
 *       sync_worker_close(w);
 *   }
 *
 * The worker has its own store connection on data_dir (never the screen's)
 * and, for a PostgreSQL target, keeps its session open between steps, so a
 * step costs a few queries and one commit. Each step reads the target from
 * meta sync_target, pushes if it is reachable (a folder that exists, or a
 * server answering within 3 s; every later wait on the server ends after
 * SYNC_WORKER_TIMEOUT_S), records the result (meta sync_last_error) and
 * fills *out (may be NULL) for the organizer menu.
 * Returns 1 target reached and now up to date, 0 nothing to do (no target,
 * or it is unreachable: not an error, the next step retries), -1 error (err
 * says why; also kept in meta sync_last_error for the menu).
 * Thread: one worker per thread; any thread but the screen's. SQLite's WAL
 * and busy timeout let the screen keep appending meanwhile; a step holds the
 * write lock only for its short meta updates. */
#define SYNC_WORKER_TIMEOUT_S 10  /* every network wait of the worker (sets pgsync's) */
struct sync_worker;
int sync_worker_open(struct sync_worker **out, const char *data_dir, char err[KERR_LEN]);
int sync_worker_step(struct sync_worker *w, int64_t now_ms, struct sync_state *out,
		     char err[KERR_LEN]);
void sync_worker_close(struct sync_worker *w);

/* One step without keeping anything open (open, step, close): for callers
 * that sync rarely. Same returns as sync_worker_step. */
int sync_background_step(const char *data_dir, int64_t now_ms, struct sync_state *out,
			 char err[KERR_LEN]);

#endif
