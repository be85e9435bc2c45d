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

/* COPY text format: backslash escapes for the four bytes that would break a row. */
static int put_copy_text(struct segbuf *b, const char *s)
{
	const char *p = s, *run = s;

	for (; *p; p++) {
		const char *esc = NULL;

		switch (*p) {
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: continue;
		}
		if (segbuf_put(b, run, (size_t)(p - run)) != 0 || segbuf_put(b, esc, 2) != 0)
			return -1;
		run = p + 1;
	}
	return segbuf_put(b, run, (size_t)(p - run));
}

static int put_copy_bytea(struct segbuf *b, const uint8_t *h)
{
	char hex[2 * STORE_HASH_LEN + 1];

	trust_hex(h, STORE_HASH_LEN, hex);
	/* "\\x..." in COPY text is the bytea hex input "\x...". */
	return segbuf_put(b, "\\\\x", 3) != 0 || segbuf_put(b, hex, 2 * STORE_HASH_LEN) != 0 ? -1 : 0;
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
	const char *me;
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
	if (put_copy_text(b, x->me) != 0 ||
	    segbuf_printf(b, "\t%" PRId64 "\t%" PRId64 "\t", e->seq, e->at_ms) != 0 ||
	    put_copy_text(b, e->kind) != 0 || segbuf_put(b, "\t", 1) != 0 ||
	    put_copy_text(b, e->body) != 0 || segbuf_put(b, "\t", 1) != 0 ||
	    put_copy_bytea(b, e->prev_hash) != 0 || segbuf_put(b, "\t", 1) != 0 ||
	    put_copy_bytea(b, e->hash) != 0 || segbuf_put(b, "\n", 1) != 0)
		return kerr(err, "out of memory");
	memcpy(x->tip, e->hash, STORE_HASH_LEN);
	x->n++;
	if (b->len >= 256 * 1024 && flush_copy(x->c, b, err) != 0)
		return -1;
	return 0;
}

/* One batch first..last in one transaction. Returns 0, or -1 with err. */
static int push_batch(PGconn *c, struct store *st, const char *me, int64_t first, int64_t last,
		      const uint8_t sk[TRUST_SK_LEN], struct segbuf *b, char err[KERR_LEN])
{
	char m[KERR_LEN], seqs[24];
	uint8_t sig[TRUST_SIG_LEN];
	struct copy_rows x = {c, b, me, first, 0, {0}};
	PGresult *r = NULL;
	const char *params[4];
	int lens[4], fmts[4] = {0, 0, 1, 1};
	int64_t inserted;

	if (pg_exec_ok(c, "BEGIN", "cannot start a push transaction", err) != 0)
		return -1;
	r = PQexec(c, "COPY kiosk_stage FROM STDIN");
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		kerr(err, "cannot start COPY: %s", pg_first_line(PQresultErrorMessage(r), m));
		goto fail;
	}
	PQclear(r);
	r = NULL;
	b->len = 0;
	if (syncdb_range_each(st, me, first, last, copy_row, &x, err) != 0)
		goto fail_copy;
	if (x.n != last - first + 1) {
		kerr(err, "cannot read the journal: %s", "entries missing");
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
		kerr(err, "COPY failed: %s", pg_first_line(PQresultErrorMessage(r), m));
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
			     pg_first_line(PQresultErrorMessage(r), m));
			goto fail;
		}
		PQclear(r);
		r = NULL;
		if (pg_exec_ok(c, "ROLLBACK TO SAVEPOINT kiosk_plain", "cannot roll back", err) != 0)
			goto fail;
		r = PQexec(c, "INSERT INTO kiosk_journal SELECT * FROM kiosk_stage"
			      " ON CONFLICT (device_id, seq) DO NOTHING");
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			kerr(err, "the server refused the entries: %s",
			     pg_first_line(PQresultErrorMessage(r), m));
			goto fail;
		}
		inserted = strtoll(PQcmdTuples(r), NULL, 10);
	}
	PQclear(r);
	r = NULL;
	if (inserted != x.n) {
		/* Some were there already: fine only if they are the same entries. */
		r = PQexec(c, "SELECT count(*) FROM kiosk_stage s JOIN kiosk_journal j"
			      " USING (device_id, seq) WHERE j.hash <> s.hash");
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			kerr(err, "cannot compare with the server: %s",
			     pg_first_line(PQresultErrorMessage(r), m));
			goto fail;
		}
		if (strcmp(PQgetvalue(r, 0, 0), "0") != 0) {
			kerr(err, "conflict: the server holds different entries of device '%s' in seq "
				  "%" PRId64 "..%" PRId64, me, first, last);
			goto fail;
		}
		PQclear(r);
		r = NULL;
	}
	trust_tip_sign(me, last, x.tip, sk, sig);
	(void)snprintf(seqs, sizeof seqs, "%" PRId64, last);
	params[0] = me;
	params[1] = seqs;
	params[2] = (const char *)x.tip;
	params[3] = (const char *)sig;
	lens[0] = lens[1] = 0;
	lens[2] = STORE_HASH_LEN;
	lens[3] = TRUST_SIG_LEN;
	r = PQexecParams(c, "INSERT INTO kiosk_tips VALUES($1, $2::bigint, $3, $4)"
			    " ON CONFLICT DO NOTHING", 4, NULL, params, lens, fmts, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		kerr(err, "the server refused the signed tip: %s", pg_first_line(PQresultErrorMessage(r), m));
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
static int server_watermark(PGconn *c, const char *me, int64_t local_max, int64_t *have,
			    char err[KERR_LEN])
{
	char m[KERR_LEN], mx_s[24];
	const char *params[2] = {me, mx_s};
	PGresult *r;
	int64_t cnt, mx;

	r = PQexecParams(c, "SELECT count(*), coalesce(max(seq), 0) FROM kiosk_journal"
			    " WHERE device_id = $1", 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		kerr(err, "cannot read the server's watermark: %s",
		     pg_first_line(PQresultErrorMessage(r), m));
		PQclear(r);
		return -1;
	}
	cnt = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	mx = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	if (mx > local_max)
		return kerr(err, "the server holds entries of this device up to seq %" PRId64
				 " but this store only up to %" PRId64, mx, local_max);
	*have = mx;
	if (cnt == mx)
		return 0;
	(void)snprintf(mx_s, sizeof mx_s, "%" PRId64, mx);
	r = PQexecParams(c, "SELECT g - 1 FROM generate_series(1, $2::bigint) g WHERE NOT EXISTS"
			    " (SELECT 1 FROM kiosk_journal WHERE device_id = $1 AND seq = g)"
			    " ORDER BY g LIMIT 1", 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		kerr(err, "cannot find the gap on the server: %s", pg_first_line(PQresultErrorMessage(r), m));
		PQclear(r);
		return -1;
	}
	*have = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

/* 0 if the server's entry me/seq has hash held (held_found: we hold it). */
static int server_hash_is(PGconn *c, const char *me, int64_t seq, const uint8_t *held,
			  int held_found, char err[KERR_LEN])
{
	char m[KERR_LEN], seq_s[24];
	const char *params[2] = {me, seq_s};
	PGresult *r;
	int same;

	(void)snprintf(seq_s, sizeof seq_s, "%" PRId64, seq);
	r = PQexecParams(c, "SELECT hash FROM kiosk_journal WHERE device_id = $1 AND seq = $2::bigint",
			 2, NULL, params, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		kerr(err, "cannot read the server's watermark: %s", pg_first_line(PQresultErrorMessage(r), m));
		PQclear(r);
		return -1;
	}
	same = held_found && PQntuples(r) == 1 && PQgetlength(r, 0, 0) == STORE_HASH_LEN &&
	       sodium_memcmp(held, PQgetvalue(r, 0, 0), STORE_HASH_LEN) == 0;
	PQclear(r);
	if (!same)
		return kerr(err, "conflict: the server's entry %s/%" PRId64 " differs from this store's",
			    me, seq);
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

int pgsync_push_on(struct pgsync_conn *pc, struct store *st, const char *data_dir, int batch,
		   int64_t now_ms, struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		   char err[KERR_LEN])
{
	const char *me = store_device_id(st);
	char m[KERR_LEN];
	uint8_t sk[TRUST_SK_LEN], held[STORE_HASH_LEN];
	struct segbuf b = {0};
	PGconn *c = pc->c;
	int64_t have = 0, max, from;
	int rc = -1, h;

	memset(stats, 0, sizeof *stats);
	if (batch < 1)
		batch = PGSYNC_BATCH_DEFAULT;
	if (trust_migrate(st, err) != 0 || trust_ensure_root(st, data_dir, now_ms, err) < 0 ||
	    trust_self_secret(st, data_dir, sk, err) != 0 || bundle_local_max(st, me, &max, err) != 0)
		goto out;
	/* The server's watermark: where the last successful batch ended, or the
	 * end of the first gap if the owner removed rows (the push refills it;
	 * rows already there are skipped and compared). */
	if (server_watermark(c, me, max, &have, err) != 0)
		goto out;
	if (have > 0) {
		h = bundle_held_hash(st, me, have, held, err);
		if (h < 0 || server_hash_is(c, me, have, held, h, err) != 0)
			goto out;
	}
	if (have < max && !pc->staged) {
		if (pg_exec_ok(c, "CREATE TEMP TABLE IF NOT EXISTS kiosk_stage"
			       " (LIKE kiosk_journal) ON COMMIT DELETE ROWS",
			    "cannot create the staging table", err) != 0)
			goto out;
		pc->staged = 1;
	}
	for (from = have + 1; from <= max; from += batch) {
		int64_t to = from + batch - 1 < max ? from + batch - 1 : max;

		if (push_batch(c, st, me, from, to, sk, &b, err) != 0)
			goto out;
		stats->pushed += to - from + 1;
		stats->segments++;
		if (!stats->first)
			stats->first = from;
		stats->last = to;
		if (progress)
			progress(ctx, to - have, max - have);
		/* Committed on the server; a failure to note it only makes status stale. */
		if (bundle_note(st, 1, pc->url, now_ms, to, m) != 0) {
			kerr(err, "pushed, but cannot record it: %s", m);
			goto out;
		}
	}
	if (have == max && bundle_note(st, 1, pc->url, now_ms, max, err) != 0)
		goto out;
	rc = 0;
out:
	free(b.buf);
	sodium_memzero(sk, sizeof sk);
	return rc;
}
