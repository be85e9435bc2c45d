/* transfer.c - push and pull dispatched by the target's kind (a folder or
 * PostgreSQL), and the kiosk's background step (see sync.h). Apart from
 * sync.c so that only programs that move entries link libpq.
 * Adapter glue: store, bundle, pgsync; prints nothing. */
#include "sync.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pgsync.h"

int sync_push(struct store *st, const char *data_dir, const char *target, int batch,
	      int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
	      char err[KERR_LEN])
{
	if (sync_migrate(st, err) != 0)
		return -1;
	if (sync_target_is_pg(target))
		return pgsync_push(st, data_dir, target, batch, now_ms, stats, progress, ctx, err);
	return bundle_push(st, data_dir, target, now_ms, stats, progress, ctx, err);
}

int sync_pull(struct store *st, const char *target, int64_t now_ms, struct sync_stats *stats,
	      sync_progress_fn progress, void *ctx, char err[KERR_LEN])
{
	if (sync_migrate(st, err) != 0)
		return -1;
	if (sync_target_is_pg(target))
		return pgsync_pull(st, target, now_ms, stats, progress, ctx, err);
	return bundle_pull(st, target, now_ms, stats, progress, ctx, err);
}

/* ---- background ---------------------------------------------------------- */

struct sync_worker {
	char data_dir[4096];
	struct store *st;
	struct pgsync_conn *pg;    /* open session to a PostgreSQL target, or NULL */
};

int sync_worker_open(struct sync_worker **out, const char *data_dir, char err[KERR_LEN])
{
	struct sync_worker *w;

	*out = NULL;
	if (strlen(data_dir) >= sizeof w->data_dir)
		return kerr(err, "data folder path too long");
	w = calloc(1, sizeof *w);
	if (!w)
		return kerr(err, "out of memory");
	(void)snprintf(w->data_dir, sizeof w->data_dir, "%s", data_dir);
	{
		char pass[4200];
		struct stat sb;

		/* The password 'kiosk-sync target' kept for this data folder. */
		(void)snprintf(pass, sizeof pass, "%s/%s", data_dir, PGSYNC_PASSFILE);
		if (stat(pass, &sb) == 0)
			pgsync_set_passfile(pass);
	}
	/* A stalled server costs the worker at most this per wait; the door's
	 * thread never waits for the worker at all (bgsync.c). */
	pgsync_set_timeout(SYNC_WORKER_TIMEOUT_S);
	if (store_open(&w->st, data_dir, 0, err) != 0) {
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

void sync_worker_close(struct sync_worker *w)
{
	if (!w)
		return;
	pgsync_conn_close(w->pg);
	store_close(w->st);
	free(w);
}

/* Push to target; 1 pushed/up to date, 0 unreachable, -1 error. */
static int worker_push(struct sync_worker *w, const char *target, int64_t now_ms,
		       char err[KERR_LEN])
{
	struct sync_stats stats;
	struct stat sb;
	char m[KERR_LEN];

	if (!sync_target_is_pg(target)) {
		pgsync_conn_close(w->pg);
		w->pg = NULL;
		/* A stick that is not plugged in is not an error. */
		if (stat(target, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return 0;
		return sync_push(w->st, w->data_dir, target, 0, now_ms, &stats, NULL, NULL, err) == 0
			       ? 1 : -1;
	}
	if (!pgsync_conn_is_ok(w->pg, target)) {
		pgsync_conn_close(w->pg);
		w->pg = NULL;
		if (!pgsync_is_reachable(target, 3))
			return 0;
		if (pgsync_conn_open(&w->pg, target, 3, err) != 0)
			return -1;
	}
	if (sync_migrate(w->st, err) != 0)
		return -1;
	if (pgsync_push_on(w->pg, w->st, w->data_dir, 0, now_ms, &stats, NULL, NULL, m) != 0) {
		/* A broken session is reopened by the next step. */
		if (!pgsync_conn_is_ok(w->pg, target)) {
			pgsync_conn_close(w->pg);
			w->pg = NULL;
		}
		(void)snprintf(err, KERR_LEN, "%s", m);
		return -1;
	}
	return 1;
}

int sync_worker_step(struct sync_worker *w, int64_t now_ms, struct sync_state *out,
		     char err[KERR_LEN])
{
	char target[SYNC_TARGET_MAX], m[KERR_LEN];
	int r = 0, g;

	g = store_meta_get(w->st, SYNC_META_TARGET, target, sizeof target);
	if (g < 0)
		return kerr(err, "cannot read meta '%s'", SYNC_META_TARGET);
	if (g > 0 && target[0]) {
		r = worker_push(w, target, now_ms, err);
		if (r < 0) {
			/* Keep the reason for the organizer menu; if even that fails
			 * the caller still has err. */
			(void)store_meta_set(w->st, "sync_last_error", err, m);
		} else if (r > 0) {
			char last[8];

			/* Clear an old error; write only on a change (each write is a commit). */
			g = store_meta_get(w->st, "sync_last_error", last, sizeof last);
			if (g < 0 || (g > 0 && last[0] &&
				      store_meta_set(w->st, "sync_last_error", "", err) != 0))
				r = g < 0 ? kerr(err, "cannot read meta 'sync_last_error'") : -1;
		}
	} else {
		pgsync_conn_close(w->pg); /* no target: hold nothing open */
		w->pg = NULL;
	}
	if (out && sync_state_read(w->st, out, r < 0 ? m : err) != 0 && r >= 0)
		r = -1;
	return r;
}

int sync_background_step(const char *data_dir, int64_t now_ms, struct sync_state *out,
			 char err[KERR_LEN])
{
	struct sync_worker *w;
	int r;

	if (sync_worker_open(&w, data_dir, err) != 0)
		return -1;
	r = sync_worker_step(w, now_ms, out, err);
	sync_worker_close(w);
	return r;
}
