/* sync.c - push/pull dispatch by target, sync state, verify of signatures,
 * and the kiosk's background step (see sync.h).
 * Adapter glue: store, bundle, pgsync, trust; prints nothing. */
#include "sync.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pgsync.h"
#include "store/syncdb.h"
#include "trust.h"

int sync_target_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

int sync_migrate(struct store *st, char err[KERR_LEN])
{
	if (trust_migrate(st, err) != 0)
		return -1;
	return syncdb_doubles_view_create(st, err);
}

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

/* ---- state --------------------------------------------------------------- */

static int64_t meta_i64(struct store *st, const char *key)
{
	char v[32];

	if (store_meta_get(st, key, v, sizeof v) != 1)
		return 0;
	return strtoll(v, NULL, 10);
}

int sync_state_read(struct store *st, struct sync_state *s, char err[KERR_LEN])
{
	memset(s, 0, sizeof *s);
	if (sync_migrate(st, err) != 0)
		return -1;
	if (store_meta_get(st, SYNC_META_TARGET, s->target, sizeof s->target) < 0 ||
	    store_meta_get(st, "sync_last_error", s->last_error, sizeof s->last_error) < 0)
		return kerr(err, "cannot read the sync settings");
	s->last_push_ms = meta_i64(st, "sync_last_push_ms");
	s->last_pull_ms = meta_i64(st, "sync_last_pull_ms");
	s->pushed_seq = meta_i64(st, "sync_last_push_seq");
	if (bundle_local_max(st, store_device_id(st), &s->local_max, err) != 0 ||
	    syncdb_count_doubles(st, &s->double_entries, err) != 0)
		return -1;
	s->waiting = s->local_max > s->pushed_seq ? s->local_max - s->pushed_seq : 0;
	return 0;
}

/* ---- verify ---------------------------------------------------------------- */

struct problems {
	void (*report)(void *ctx, const char *line);
	void *ctx;
	int n;
	struct store *st;
};

static void problem(struct problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct problems *p, const char *fmt, ...)
{
	char line[KERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	p->n++;
	if (p->report)
		p->report(p->ctx, line);
}

/* One device's tips being checked (verify_device). */
struct tips_check {
	struct store *st;
	const char *dev;
	const uint8_t *pk;
	struct problems *p;
	int64_t covered;
};

static int check_tip(void *ctx, int64_t seq, const uint8_t *hash, const uint8_t *sig,
		     char err[KERR_LEN])
{
	struct tips_check *t = ctx;
	uint8_t held[STORE_HASH_LEN];
	int r;

	if (!hash) {
		problem(t->p, "device %s: malformed signed tip at seq %" PRId64, t->dev, seq);
		return 0;
	}
	if (!trust_tip_is_valid(t->dev, seq, hash, t->pk, sig)) {
		problem(t->p, "device %s: signature of seq %" PRId64 " does not verify", t->dev, seq);
		return 0;
	}
	r = bundle_held_hash(t->st, t->dev, seq, held, err);
	if (r < 0)
		return -1;
	if (r == 0 || memcmp(held, hash, STORE_HASH_LEN) != 0) {
		problem(t->p, "device %s: entry seq %" PRId64 " differs from the one it signed", t->dev,
			seq);
		return 0;
	}
	if (seq > t->covered)
		t->covered = seq;
	return 0;
}

/* The signatures of one other device's tips, and that they cover all it holds. */
static int verify_device(struct store *st, const char *dev, int64_t max, struct problems *p,
			 char err[KERR_LEN])
{
	uint8_t pk[TRUST_PK_LEN];
	struct tips_check t = {st, dev, pk, p, 0};
	int r;

	r = trust_pubkey(st, dev, pk, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		problem(p, "device %s: entries held but the device is not enrolled", dev);
		return 0;
	}
	if (syncdb_tips_each(st, dev, check_tip, &t, err) != 0)
		return -1;
	if (t.covered < max)
		problem(p, "device %s: entries %" PRId64 "..%" PRId64 " are not covered by its signature",
			dev, t.covered + 1, max);
	return 0;
}

static int verify_one(void *ctx, const char *dev, int64_t max, char err[KERR_LEN])
{
	struct problems *p = ctx;

	return verify_device(p->st, dev, max, p, err);
}

static void forward(void *ctx, const char *line)
{
	struct problems *p = ctx;

	p->n++;
	if (p->report)
		p->report(p->ctx, line);
}

int sync_verify(struct store *st, void (*report)(void *ctx, const char *line), void *ctx,
		char err[KERR_LEN])
{
	struct problems p = {report, ctx, 0, st};

	if (sync_migrate(st, err) != 0)
		return -1;
	if (store_verify(st, forward, &p, err) < 0)
		return -1;
	if (syncdb_devices_each(st, store_device_id(st), verify_one, &p, err) != 0)
		return -1;
	return p.n;
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
