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
#include "trust.h"

int sync_target_is_pg(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

int sync_migrate(struct store *st, char err[KERR_LEN])
{
	char *msg = NULL;

	if (trust_migrate(st, err) != 0)
		return -1;
	/* A ticket that stands checked in more than once (two doors that could
	 * not see each other): every such check-in, none dropped. */
	if (sqlite3_exec(store_db(st),
			 "CREATE VIEW IF NOT EXISTS double_entries AS"
			 " SELECT c.attendee_id, c.device_id, c.seq, c.at_ms, c.door,"
			 "  (SELECT count(*) FROM active_checkins d"
			 "    WHERE d.attendee_id = c.attendee_id) AS times"
			 " FROM active_checkins c"
			 " WHERE (SELECT count(*) FROM active_checkins d"
			 "    WHERE d.attendee_id = c.attendee_id) > 1",
			 NULL, NULL, &msg) != SQLITE_OK) {
		kerr(err, "cannot create view double_entries: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
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

static int count(struct store *st, const char *sql, int64_t *n, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int r = -1;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		*n = sqlite3_column_int64(q, 0);
		r = 0;
	} else {
		kerr(err, "cannot count: %s", sqlite3_errmsg(store_db(st)));
	}
	(void)sqlite3_finalize(q); /* error already reported */
	return r;
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
	    count(st, "SELECT count(DISTINCT attendee_id) FROM double_entries", &s->double_entries,
		  err) != 0)
		return -1;
	s->waiting = s->local_max > s->pushed_seq ? s->local_max - s->pushed_seq : 0;
	return 0;
}

/* ---- verify ---------------------------------------------------------------- */

struct problems {
	void (*report)(void *ctx, const char *line);
	void *ctx;
	int n;
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

/* The signatures of one other device's tips, and that they cover all it holds. */
static int verify_device(struct store *st, const char *dev, int64_t max, struct problems *p,
			 char err[KERR_LEN])
{
	uint8_t pk[TRUST_PK_LEN], held[STORE_HASH_LEN];
	sqlite3_stmt *q = NULL;
	int64_t covered = 0;
	int r, s;

	r = trust_pubkey(st, dev, pk, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		problem(p, "device %s: entries held but the device is not enrolled", dev);
		return 0;
	}
	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT seq, hash, sig FROM sync_tips WHERE device_id = ? ORDER BY seq",
			       -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, dev, -1, SQLITE_STATIC) != SQLITE_OK) {
		kerr(err, "cannot read sync_tips: %s", sqlite3_errmsg(store_db(st)));
		goto fail;
	}
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(q, 0);

		if (sqlite3_column_bytes(q, 1) != STORE_HASH_LEN ||
		    sqlite3_column_bytes(q, 2) != TRUST_SIG_LEN) {
			problem(p, "device %s: malformed signed tip at seq %" PRId64, dev, seq);
			continue;
		}
		if (!trust_tip_is_valid(dev, seq, sqlite3_column_blob(q, 1), pk,
					sqlite3_column_blob(q, 2))) {
			problem(p, "device %s: signature of seq %" PRId64 " does not verify", dev, seq);
			continue;
		}
		r = bundle_held_hash(st, dev, seq, held, err);
		if (r < 0)
			goto fail;
		if (r == 0 || memcmp(held, sqlite3_column_blob(q, 1), STORE_HASH_LEN) != 0) {
			problem(p, "device %s: entry seq %" PRId64 " differs from the one it signed", dev,
				seq);
			continue;
		}
		if (seq > covered)
			covered = seq;
	}
	if (s != SQLITE_DONE) {
		kerr(err, "cannot read sync_tips: %s", sqlite3_errmsg(store_db(st)));
		goto fail;
	}
	(void)sqlite3_finalize(q);
	if (covered < max)
		problem(p, "device %s: entries %" PRId64 "..%" PRId64 " are not covered by its signature",
			dev, covered + 1, max);
	return 0;
fail:
	(void)sqlite3_finalize(q);
	return -1;
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
	struct problems p = {report, ctx, 0};
	sqlite3_stmt *q = NULL;
	int s;

	if (sync_migrate(st, err) != 0)
		return -1;
	if (store_verify(st, forward, &p, err) < 0)
		return -1;
	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT device_id, max(seq) FROM journal WHERE device_id <> ?"
			       " GROUP BY device_id ORDER BY device_id", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, store_device_id(st), -1, SQLITE_STATIC) != SQLITE_OK) {
		kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
		(void)sqlite3_finalize(q);
		return -1;
	}
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		const char *dev = (const char *)sqlite3_column_text(q, 0);
		char id[STORE_DEVICE_ID_MAX + 1];

		(void)snprintf(id, sizeof id, "%s", dev ? dev : "");
		if (verify_device(st, id, sqlite3_column_int64(q, 1), &p, err) != 0) {
			(void)sqlite3_finalize(q);
			return -1;
		}
	}
	(void)sqlite3_finalize(q);
	if (s != SQLITE_DONE)
		return kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
	return p.n;
}

/* ---- background ---------------------------------------------------------- */

int sync_background_step(const char *data_dir, int64_t now_ms, struct sync_state *out,
			 char err[KERR_LEN])
{
	char target[SYNC_TARGET_MAX], m[KERR_LEN];
	struct sync_stats stats;
	struct store *st = NULL;
	struct stat sb;
	int r = 0, g;

	if (store_open(&st, data_dir, 0, err) != 0)
		return -1;
	g = store_meta_get(st, SYNC_META_TARGET, target, sizeof target);
	if (g < 0) {
		r = kerr(err, "cannot read meta '%s'", SYNC_META_TARGET);
		goto out;
	}
	if (g == 0 || !target[0])
		goto state;
	/* Unreachable is not an error: the door goes on, the next step retries. */
	if (sync_target_is_pg(target) ? !pgsync_is_reachable(target, 3)
				      : (stat(target, &sb) != 0 || !S_ISDIR(sb.st_mode)))
		goto state;
	if (sync_push(st, data_dir, target, 0, now_ms, &stats, NULL, NULL, m) != 0) {
		(void)snprintf(err, KERR_LEN, "%s", m);
		r = -1;
		/* Keep the reason for the organizer menu; if even that fails the
		 * caller still has err. */
		(void)store_meta_set(st, "sync_last_error", m, m);
		goto state;
	}
	r = 1;
	if (store_meta_set(st, "sync_last_error", "", err) != 0)
		r = -1;
state:
	if (out && sync_state_read(st, out, r < 0 ? m : err) != 0 && r >= 0)
		r = -1;
out:
	store_close(st);
	return r;
}
