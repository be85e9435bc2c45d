/* pgsync_push.c - push of this device's journal to PostgreSQL in batches
 * (COPY into a staging table, then one INSERT and one signed tip per batch).
 * Adapter: libpq, store, trust, segment; prints nothing. Every libpq result
 * is checked; every PGresult is cleared on every path. */
#include "pgsync.h"
#include "pgsync_int.h"

#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"
#include "store/syncdb.h"
#include "trust.h"

/* ---- push ----------------------------------------------------------------- */

/* COPY binary format (no escaping, no hex for the hashes: the server parses
 * less than with text): a header, per row a field count and each field as a
 * 32-bit length and its bytes, then a trailer. Integers are big-endian. */
static const char copy_header[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
#define COPY_HEADER_LEN 19
#define COPY_FIELDS 8       /* the columns of kiosk_stage, as named in push_batch */

static int put_u32(struct segbuf *b, uint32_t v)
{
	uint32_t be = htonl(v);

	return segbuf_put(b, &be, 4);
}

static int put_field(struct segbuf *b, const void *p, size_t n)
{
	return put_u32(b, (uint32_t)n) != 0 || segbuf_put(b, p, n) != 0 ? -1 : 0;
}

static int put_i64(struct segbuf *b, int64_t v)
{
	uint64_t be = htobe64((uint64_t)v);

	return put_field(b, &be, 8);
}

static int flush_copy(PGconn *c, struct segbuf *b, char err[KERR_LEN])
{
	char m[KERR_LEN];

	if (b->len == 0)
		return 0;
	if (PQputCopyData(c, b->buf, (int)b->len) != 1)
		return kerr(err, "cannot send rows to PostgreSQL: %s", pg_first_line(PQerrorMessage(c), m));
	b->len = 0;
	return 0;
}

/* One batch's rows going into COPY (push_batch). */
struct copy_rows {
	PGconn *c;
	struct segbuf *b;
	const char *me, *ev;
	int64_t first, n;
	uint8_t tip[STORE_HASH_LEN];
};

static int copy_row(void *ctx, const struct entry *e, char err[KERR_LEN])
{
	struct copy_rows *x = ctx;
	struct segbuf *b = x->b;

	if (!e->kind || e->seq != x->first + x->n)
		return kerr(err, "entry %s/%" PRId64 " is malformed or missing", x->me,
			    x->first + x->n);
	if (segbuf_put(b, &(uint16_t){htons(COPY_FIELDS)}, 2) != 0 ||
	    put_field(b, x->me, strlen(x->me)) != 0 || put_i64(b, e->seq) != 0 ||
	    put_i64(b, e->at_ms) != 0 || put_field(b, e->kind, strlen(e->kind)) != 0 ||
	    put_field(b, e->body, strlen(e->body)) != 0 ||
	    put_field(b, e->prev_hash, STORE_HASH_LEN) != 0 ||
	    put_field(b, e->hash, STORE_HASH_LEN) != 0 || put_field(b, x->ev, strlen(x->ev)) != 0)
		return kerr(err, "out of memory");
	memcpy(x->tip, e->hash, STORE_HASH_LEN);
	x->n++;
	if (b->len >= 256 * 1024 && flush_copy(x->c, b, err) != 0)
		return -1;
	return 0;
}

/* One batch first..last in one transaction, with the signed tip sig of last
 * when given (the last batch of a push: the tip was signed at commit time,
 * issue 14; a pull takes rows up to the latest signed tip, so the batches
 * before it wait for it). Returns 0, or -1 with err. */
/* *written: how many rows of first..last this batch added (fewer when a
 * concurrent push of this device got there first). */
static int push_batch(PGconn *c, struct store *st, const char *me, const char *ev, int64_t first,
		      int64_t last, const uint8_t *sig, struct segbuf *b, int64_t *written,
		      char err[KERR_LEN])
{
	char m[KERR_LEN], seqs[24];
	struct copy_rows x = {c, b, me, ev, first, 0, {0}};
	PGresult *r = NULL;
	const char *params[5];
	int lens[5], fmts[5] = {0, 0, 1, 1, 0};
	int64_t inserted;

	*written = 0;
	if (pg_exec_ok(c, "BEGIN", "cannot start a push transaction", err) != 0)
		return -1;
	r = PQexec(c, "COPY kiosk_stage(device_id, seq, at_ms, kind, body, prev_hash, hash, event_id)"
		      " FROM STDIN (FORMAT binary)");
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		kerr(err, "cannot start COPY: %s", pg_why(r, m));
		goto fail;
	}
	PQclear(r);
	r = NULL;
	b->len = 0;
	if (segbuf_put(b, copy_header, COPY_HEADER_LEN) != 0) {
		kerr(err, "out of memory");
		goto fail_copy;
	}
	if (syncdb_range_each(st, me, first, last, copy_row, &x, err) != 0)
		goto fail_copy;
	if (x.n != last - first + 1) {
		kerr(err, "cannot read the journal: %s", "entries missing");
		goto fail_copy;
	}
	if (segbuf_put(b, "\377\377", 2) != 0) { /* the trailer: a field count of -1 */
		kerr(err, "out of memory");
		goto fail_copy;
	}
	if (flush_copy(c, b, err) != 0)
		goto fail_copy;
	if (PQputCopyEnd(c, NULL) != 1) {
		kerr(err, "cannot finish COPY: %s", pg_first_line(PQerrorMessage(c), m));
		goto fail;
	}
	r = PQgetResult(c);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		kerr(err, "COPY failed: %s", pg_why(r, m));
		goto fail;
	}
	PQclear(r);
	r = PQgetResult(c); /* the NULL that ends the COPY's results */
	PQclear(r);
	/* The common case is a batch the server has never seen: a plain INSERT
	 * costs about a third less than ON CONFLICT's speculative insertion (see
	 * bench_sync.sh). Only if some row exists already (a push whose COMMIT
	 * reply was lost, or this device pushing twice at once) does the batch
	 * fall back, inside the same transaction, to INSERT ... ON CONFLICT DO
	 * NOTHING and a comparison of the rows that were there. */
	if (pg_exec_ok(c, "SAVEPOINT kiosk_plain", "cannot set a savepoint", err) != 0)
		goto fail;
	r = PQexec(c, "INSERT INTO kiosk_journal SELECT * FROM kiosk_stage");
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		inserted = strtoll(PQcmdTuples(r), NULL, 10);
	} else {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

		if (!state || strcmp(state, "23505") != 0) { /* not unique_violation */
			kerr(err, "the server refused the entries: %s",
			     pg_why(r, m));
			goto fail;
		}
		PQclear(r);
		r = NULL;
		if (pg_exec_ok(c, "ROLLBACK TO SAVEPOINT kiosk_plain", "cannot roll back", err) != 0)
			goto fail;
		r = PQexec(c, "INSERT INTO kiosk_journal SELECT * FROM kiosk_stage"
			      " ON CONFLICT (event_id, device_id, seq) DO NOTHING");
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			kerr(err, "the server refused the entries: %s",
			     pg_why(r, m));
			goto fail;
		}
		inserted = strtoll(PQcmdTuples(r), NULL, 10);
	}
	PQclear(r);
	r = NULL;
	*written = inserted;
	if (inserted != x.n) {
		/* Some were there already: fine only if they are the same entries. */
		r = PQexec(c, "SELECT count(*) FROM kiosk_stage s JOIN kiosk_journal j"
			      " USING (event_id, device_id, seq) WHERE (j.hash, j.prev_hash, j.at_ms,"
			      " j.kind, j.body) IS DISTINCT FROM (s.hash, s.prev_hash, s.at_ms, s.kind,"
			      " s.body)");
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			kerr(err, "cannot compare with the server: %s",
			     pg_why(r, m));
			goto fail;
		}
		if (strcmp(PQgetvalue(r, 0, 0), "0") != 0) {
			kerr(err, "%s; the server holds other entries in seq %" PRId64 "..%" PRId64,
			     SYNC_FORK_HINT, first, last);
			goto fail;
		}
		PQclear(r);
		r = NULL;
	}
	if (!sig)
		return pg_exec_ok(c, "COMMIT", "cannot commit a push batch", err);
	(void)snprintf(seqs, sizeof seqs, "%" PRId64, last);
	params[0] = me;
	params[1] = seqs;
	params[2] = (const char *)x.tip;
	params[3] = (const char *)sig;
	params[4] = ev;
	lens[0] = lens[1] = lens[4] = 0;
	lens[2] = STORE_HASH_LEN;
	lens[3] = TRUST_SIG_LEN;
	r = PQexecParams(c, "INSERT INTO kiosk_tips(device_id, seq, hash, sig, event_id)"
			    " VALUES($1, $2::bigint, $3, $4, $5) ON CONFLICT DO NOTHING",
			 5, NULL, params, lens, fmts, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		kerr(err, "the server refused the signed tip: %s", pg_why(r, m));
		goto fail;
	}
	PQclear(r);
	r = NULL;
	return pg_exec_ok(c, "COMMIT", "cannot commit a push batch", err);
fail_copy:
	(void)PQputCopyEnd(c, "aborted by kiosk-sync"); /* already failing */
	PQclear(PQgetResult(c));
	PQclear(PQgetResult(c));
fail:
	PQclear(r);
	pg_rollback(c);
	return -1;
}

/* Highest seq up to which the server holds every entry of me. */
static int server_watermark(PGconn *c, const char *me, const char *ev, int64_t local_max,
			    int64_t *have, char err[KERR_LEN])
{
	char m[KERR_LEN], mx_s[24];
	const char *params[3] = {me, mx_s, ev};
	PGresult *r;
	int64_t cnt, mx;

	params[1] = ev;
	r = PQexecParams(c, "SELECT count(*), coalesce(max(seq), 0) FROM kiosk_journal"
			    " WHERE event_id = $2 AND device_id = $1", 2, NULL, params, NULL, NULL, 0);
	params[1] = mx_s;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		kerr(err, "cannot read the server's watermark: %s",
		     pg_why(r, m));
		PQclear(r);
		return -1;
	}
	cnt = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	mx = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	if (mx > local_max)
		return kerr(err, "%s; the server holds this device up to seq %" PRId64 ", this store "
				 "up to %" PRId64, SYNC_FORK_HINT, mx, local_max);
	*have = mx;
	if (cnt == mx)
		return 0;
	(void)snprintf(mx_s, sizeof mx_s, "%" PRId64, mx);
	r = PQexecParams(c, "SELECT g - 1 FROM generate_series(1, $2::bigint) g WHERE NOT EXISTS"
			    " (SELECT 1 FROM kiosk_journal WHERE event_id = $3 AND device_id = $1"
			    " AND seq = g) ORDER BY g LIMIT 1", 3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		kerr(err, "cannot find the gap on the server: %s", pg_why(r, m));
		PQclear(r);
		return -1;
	}
	*have = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

/* The server's copy of one entry (server_entry_is). */
struct server_row {
	PGresult *r;
	int same;
};

static int same_row(void *ctx, const struct entry *e, char err[KERR_LEN])
{
	struct server_row *x = ctx;
	PGresult *r = x->r;

	(void)err;
	x->same = e->kind && PQgetlength(r, 0, 0) == STORE_HASH_LEN &&
		  PQgetlength(r, 0, 1) == STORE_HASH_LEN &&
		  sodium_memcmp(e->hash, PQgetvalue(r, 0, 0), STORE_HASH_LEN) == 0 &&
		  sodium_memcmp(e->prev_hash, PQgetvalue(r, 0, 1), STORE_HASH_LEN) == 0 &&
		  strcmp(PQgetvalue(r, 0, 2), e->kind) == 0 &&
		  strcmp(PQgetvalue(r, 0, 3), e->body) == 0;
	return 0;
}

/* 0 if the server's entry me/seq is the one held here: hash, chain, kind and
 * body alike (the same hash over another body is a damaged row, not ours). */
static int server_entry_is(PGconn *c, struct store *st, const char *me, const char *ev,
			   int64_t seq, char err[KERR_LEN])
{
	char m[KERR_LEN], seq_s[24];
	const char *params[3] = {me, seq_s, ev};
	struct server_row x = {NULL, 0};
	int rc;

	(void)snprintf(seq_s, sizeof seq_s, "%" PRId64, seq);
	x.r = PQexecParams(c, "SELECT hash, prev_hash, kind, body"
			      " FROM kiosk_journal WHERE event_id = $3 AND device_id = $1"
			      " AND seq = $2::bigint", 3, NULL, params, NULL, NULL, 1);
	if (PQresultStatus(x.r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot read the server's watermark: %s", pg_why(x.r, m));
		PQclear(x.r);
		return -1;
	}
	rc = PQntuples(x.r) == 1 ? syncdb_range_each(st, me, seq, seq, same_row, &x, err) : 0;
	PQclear(x.r);
	if (rc != 0)
		return -1;
	if (!x.same)
		return kerr(err, "%s; the server's entry %" PRId64 " differs", SYNC_FORK_HINT, seq);
	return 0;
}

int pgsync_push(struct store *st, const char *data_dir, const char *url, int batch,
		int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		char err[KERR_LEN])
{
	struct pgsync_conn *pc = NULL;
	int rc;

	memset(stats, 0, sizeof *stats);
	/* Local checks first: a device without its key should hear that, not a
	 * connection error. */
	if (trust_migrate(st, err) != 0 || trust_ensure_root(st, data_dir, now_ms, err) < 0)
		return -1;
	if (pgsync_conn_open(&pc, url, 10, err) != 0)
		return -1;
	rc = pgsync_push_on(pc, st, data_dir, batch, now_ms, stats, progress, ctx, err);
	pgsync_conn_close(pc);
	return rc;
}

/* Before anything is written: the login role must be this device's, of this
 * store's event (a role of another event or device is refused with one line).
 * An unmapped role (the owner) pushing the organizer's store registers the
 * organizer's device for its event, so the doors' roles may read its rows. */
static int check_identity(PGconn *c, const char *me, const char *ev, int is_root,
			  char err[KERR_LEN])
{
	char m[KERR_LEN];
	const char *params[2] = {me, ev};
	/* Schema 5 maps an organizer's role to several events (its set); a
	 * door's role on an older server it cannot migrate has one. */
	PGresult *r = PQexec(c, "SELECT to_regprocedure('kiosk_role_events(name)') IS NOT NULL");
	int rc = 0, v5 = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
			 strcmp(PQgetvalue(r, 0, 0), "t") == 0;

	PQclear(r);
	/* the role's event: this store's when the role has it, else its first */
	r = v5 ? PQexecParams(c, "SELECT (SELECT e FROM kiosk_role_events(current_user) e"
				 " ORDER BY e = $1 DESC, e LIMIT 1),"
				 " kiosk_role_device(current_user), current_user",
			      1, NULL, params + 1, NULL, NULL, 0)
	       : PQexec(c, "SELECT kiosk_role_event(current_user),"
			   " kiosk_role_device(current_user), current_user");

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		kerr(err, "cannot look up this role on the server: %s", pg_why(r, m));
		PQclear(r);
		return -1;
	}
	if (!PQgetisnull(r, 0, 0)) {
		if (strcmp(PQgetvalue(r, 0, 1), me) != 0)
			rc = kerr(err, "refused: role '%s' is enrolled for device '%s', not this device "
				       "'%s'; nothing was pushed", PQgetvalue(r, 0, 2),
				  PQgetvalue(r, 0, 1), me);
		else if (strcmp(PQgetvalue(r, 0, 0), ev) != 0)
			rc = kerr(err, "refused: this database enrols role '%s' for event '%s', not this "
				       "store's event '%s'; nothing was pushed", PQgetvalue(r, 0, 2),
				  PQgetvalue(r, 0, 0), ev);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	if (!is_root)
		return 0;
	r = PQexecParams(c, "INSERT INTO kiosk_devices(role, device_id, event_id, kind)"
			    " VALUES(NULL, $1, $2, 'organizer') ON CONFLICT DO NOTHING",
			 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = kerr(err, "this role is not enrolled for any device of this database (run "
			       "'kiosk-sync pg-enrol' as the owner): %s", pg_why(r, m));
	PQclear(r);
	return rc;
}

int pgsync_push_on(struct pgsync_conn *pc, struct store *st, const char *data_dir, int batch,
		   int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		   char err[KERR_LEN])
{
	const char *me = store_device_id(st);
	char m[KERR_LEN], ev[SEGMENT_EVENT_MAX], root[STORE_DEVICE_ID_MAX + 1];
	uint8_t sig[TRUST_SIG_LEN];
	struct segbuf b = {0};
	PGconn *c = pc->c;
	int64_t have = 0, max = 0, all, from, written;
	int rc = -1;

	memset(stats, 0, sizeof *stats);
	if (batch < 1)
		batch = PGSYNC_BATCH_DEFAULT;
	if (trust_migrate(st, err) != 0 || trust_ensure_root(st, data_dir, now_ms, err) < 0 ||
	    bundle_local_max(st, me, &all, err) != 0 ||
	    (all > 0 && trust_push_tip(st, data_dir, all, &max, sig, err) != 0) ||
	    bundle_event_id(st, ev) != 0 || trust_root(st, root, err) < 0)
		goto out;
	stats->unsigned_left = all - max;
	if (check_identity(c, me, ev, strcmp(root, me) == 0, err) != 0)
		goto out;
	/* The server's watermark: where the last successful batch ended, or the
	 * end of the first gap if the owner removed rows (the push refills it;
	 * rows already there are skipped and compared). */
	if (server_watermark(c, me, ev, all, &have, err) != 0)
		goto out;
	if (have > 0 && server_entry_is(c, st, me, ev, have, err) != 0)
		goto out;
	if (bundle_check_range(st, me, have + 1, max, err) != 0)
		goto out;
	if (have < max && !pc->staged) {
		if (pg_exec_ok(c, "CREATE TEMP TABLE IF NOT EXISTS kiosk_stage"
			       " (LIKE kiosk_journal) ON COMMIT DELETE ROWS",
			    "cannot create the staging table", err) != 0)
			goto out;
		pc->staged = 1;
	}
	for (from = have + 1; from <= max; from += batch) {
		int64_t to = from + batch - 1 < max ? from + batch - 1 : max;

		if (push_batch(c, st, me, ev, from, to, to == max ? sig : NULL, &b, &written,
			       err) != 0)
			goto out;
		stats->segments++;
		if (written > 0) {
			stats->pushed += written;
			if (!stats->first)
				stats->first = from;
			stats->last = to;
		}
		if (progress)
			progress(ctx, to - have, max - have);
		/* Committed on the server; a failure to note it only makes status stale. */
		if (bundle_note(st, 1, pc->url, now_ms, to, m) != 0) {
			kerr(err, "pushed, but cannot record it: %s", m);
			goto out;
		}
	}
	if (have >= max && bundle_note(st, 1, pc->url, now_ms, have, err) != 0)
		goto out;
	rc = 0;
out:
	free(b.buf);
	return rc;
}

