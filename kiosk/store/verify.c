/* verify.c - the journal checked (hash chains, gapless seqs, projections
 * equal to a rebuild) and the projections rebuilt from it. Adapter: store +
 * sqlite3; writes only through the projection SQL that store_apply runs. */
#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "schema.h"
#include "store.h"

/* ------------------------------------------------------- rebuild, verify */

/* Clear the projections and apply every journal entry again, inside the
 * caller's transaction. Order does not matter (projections are order-free);
 * time order is used so a rebuild reads like the meetup went. Entries past
 * a revoked device's cut-off (table revoked_devices) are left out: they are
 * held, but they do not count. */
static int rebuild_in_txn(struct store *st, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	char sql[128];
	int i;

	for (i = 0; schema_projection_tables[i]; i++) {
		(void)snprintf(sql, sizeof sql, "DELETE FROM %s", schema_projection_tables[i]);
		if (store_exec(st, sql, err) != 0)
			return -1;
	}
	/* An import's guests (most of a store's entries) all at once. */
	if (store_bulk_begin(st, err) != 0)
		return -1;
	if (sqlite3_prepare_v2(store_db(st), "SELECT device_id, seq, at_ms, kind, body FROM journal j"
				       " WHERE NOT EXISTS(SELECT 1 FROM revoked_devices r"
				       "  WHERE r.device_id = j.device_id AND j.seq > r.upto)"
				       " ORDER BY at_ms, device_id, seq", -1, &s, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot read the journal");
	if (store_apply_rows(st, s, 0, err) != 0)
		return -1;
	return store_bulk_end(st, err);
}

int store_rebuild(struct store *st, char err[KERR_LEN])
{
	if (store_in_transaction(st))
		return rebuild_in_txn(st, err); /* the caller's transaction: it commits */
	if (store_begin(st, err) != 0)
		return -1;
	if (rebuild_in_txn(st, err) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

static int check_chains(struct store *st, void (*report)(void *, const char *), void *ctx,
			char err[KERR_LEN])
{
	sqlite3_stmt *s;
	char dev[STORE_DEVICE_ID_MAX] = "", line[KERR_LEN];
	uint8_t prev[STORE_HASH_LEN] = {0};
	int64_t want = 1;
	int rc, problems = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT device_id, seq, at_ms, kind, body, prev_hash, hash"
				       " FROM journal ORDER BY device_id, seq", -1, &s, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot read the journal");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct entry e = store_row_entry(s);
		uint8_t stored[STORE_HASH_LEN] = {0};

		if (!e.device_id)
			e.device_id = "";
		if (!e.kind)
			e.kind = "";
		if (!e.body)
			e.body = "";
		if (strcmp(dev, e.device_id) != 0) {
			(void)snprintf(dev, sizeof dev, "%s", e.device_id);
			memset(prev, 0, sizeof prev);
			want = 1;
		}
		if (e.seq != want) {
			(void)snprintf(line, sizeof line, "device %s: entry %" PRId64 " follows %" PRId64
				       " (gap or duplicate in the sequence)", dev, e.seq, want - 1);
			report(ctx, line);
			problems++;
		}
		if (sqlite3_column_bytes(s, 5) == STORE_HASH_LEN)
			memcpy(e.prev_hash, sqlite3_column_blob(s, 5), STORE_HASH_LEN);
		if (sqlite3_column_bytes(s, 6) == STORE_HASH_LEN)
			memcpy(stored, sqlite3_column_blob(s, 6), STORE_HASH_LEN);
		if (memcmp(e.prev_hash, prev, STORE_HASH_LEN) != 0) {
			(void)snprintf(line, sizeof line, "device %s: entry %" PRId64
				       " does not chain onto entry %" PRId64, dev, e.seq, e.seq - 1);
			report(ctx, line);
			problems++;
		}
		store_entry_hash(&e);
		if (memcmp(e.hash, stored, STORE_HASH_LEN) != 0) {
			(void)snprintf(line, sizeof line, "device %s: entry %" PRId64
				       " (%s) was changed after it was written (hash mismatch)",
				       dev, e.seq, e.kind);
			report(ctx, line);
			problems++;
		}
		memcpy(prev, stored, STORE_HASH_LEN);
		want = e.seq + 1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, "cannot read the journal");
	return problems;
}

/* Count rows of `a EXCEPT b`; -1 on error. */
static int64_t except_count(struct store *st, const char *a, const char *b)
{
	sqlite3_stmt *s;
	char sql[256];
	int64_t n = -1;

	(void)snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT * FROM %s EXCEPT SELECT * FROM %s)",
		       a, b);
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* ------------------------------------------------ a table's fingerprint */

/* The rows of a table as one value that does not depend on their order: the
 * count and the sum (mod 2^128) of each row's keyed BLAKE2b. The key is new
 * for each verify, so no row can be made to cancel another's. Two tables
 * with the same rows, the same number of times, give the same value; any
 * other pair, the same value with a chance of 2^-128. */
#define FP_LEN 24

struct fp_acc {
	uint64_t n, lo, hi;
};

static void fp_put(crypto_generichash_state *h, unsigned char tag, const void *p, uint64_t len)
{
	unsigned char head[9];

	head[0] = tag;
	for (int i = 0; i < 8; i++)
		head[1 + i] = (unsigned char)(len >> (8 * i));
	crypto_generichash_update(h, head, sizeof head);
	if (len)
		crypto_generichash_update(h, p, (size_t)len);
}

static void fp_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct fp_acc *a = sqlite3_aggregate_context(cx, sizeof *a);
	/* the keyed state, made once: a copy costs less than keying again */
	const crypto_generichash_state *key0 = sqlite3_user_data(cx);
	crypto_generichash_state h;
	uint8_t d[16];
	uint64_t lo = 0, hi = 0;

	if (!a) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	memcpy(&h, key0, sizeof h);
	for (int i = 0; i < argc; i++) {
		sqlite3_value *v = argv[i];
		int64_t iv;
		double dv;

		switch (sqlite3_value_type(v)) {
		case SQLITE_INTEGER:
			iv = sqlite3_value_int64(v);
			fp_put(&h, 'i', &iv, sizeof iv);
			break;
		case SQLITE_FLOAT:
			/* 1.0 and 1 are one value to SQL, as EXCEPT compares */
			dv = sqlite3_value_double(v);
			if (dv == floor(dv) && fabs(dv) < 9.0e18) {
				iv = (int64_t)dv;
				fp_put(&h, 'i', &iv, sizeof iv);
			} else {
				fp_put(&h, 'f', &dv, sizeof dv);
			}
			break;
		case SQLITE_TEXT:
			fp_put(&h, 't', sqlite3_value_text(v), (uint64_t)sqlite3_value_bytes(v));
			break;
		case SQLITE_BLOB:
			fp_put(&h, 'b', sqlite3_value_blob(v), (uint64_t)sqlite3_value_bytes(v));
			break;
		default:
			fp_put(&h, 'n', NULL, 0);
		}
	}
	crypto_generichash_final(&h, d, sizeof d);
	for (int i = 0; i < 8; i++) {
		lo |= (uint64_t)d[i] << (8 * i);
		hi |= (uint64_t)d[8 + i] << (8 * i);
	}
	a->n++;
	a->hi += hi + (a->lo + lo < a->lo);
	a->lo += lo;
}

static void fp_final(sqlite3_context *cx)
{
	struct fp_acc *a = sqlite3_aggregate_context(cx, 0), zero = {0, 0, 0};
	uint8_t out[FP_LEN];

	if (!a)
		a = &zero;
	for (int i = 0; i < 8; i++) {
		out[i] = (uint8_t)(a->n >> (8 * i));
		out[8 + i] = (uint8_t)(a->lo >> (8 * i));
		out[16 + i] = (uint8_t)(a->hi >> (8 * i));
	}
	sqlite3_result_blob(cx, out, sizeof out, SQLITE_TRANSIENT);
}

/* fp: the fingerprint of main.t's rows (kiosk_rows_fp registered). */
static int table_fp(struct store *st, const char *t, uint8_t fp[FP_LEN], char err[KERR_LEN])
{
	char sql[4096];
	size_t len;
	sqlite3_stmt *s;
	int rc, cols = 0;

	len = (size_t)snprintf(sql, sizeof sql, "SELECT kiosk_rows_fp(");
	if (sqlite3_prepare_v2(store_db(st), "SELECT name FROM pragma_table_info(?1)", -1, &s, NULL) !=
	    SQLITE_OK)
		return store_db_fail(st, err, "cannot read the projections' columns");
	sqlite3_bind_text(s, 1, t, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && len < sizeof sql) {
		const char *c = (const char *)sqlite3_column_text(s, 0);

		len += (size_t)snprintf(sql + len, sizeof sql - len, "%s\"%s\"", cols++ ? "," : "",
					c ? c : "");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_fail(st, err, "cannot read the projections' columns");
	if (len < sizeof sql)
		len += (size_t)snprintf(sql + len, sizeof sql - len, ") FROM main.%s", t);
	if (len >= sizeof sql || cols == 0)
		return kerr(err, "cannot fingerprint table %s", t);
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot fingerprint the projections");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == FP_LEN)
		memcpy(fp, sqlite3_column_blob(s, 0), FP_LEN);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_db_fail(st, err, "cannot fingerprint the projections");
	return 0;
}

/* 1 when a rebuild gives every projection table the rows it has (so there
 * is nothing to report), 0 when not or when the journal does not replay,
 * -1 on error. Fingerprints only: no copy of the tables and no sort of
 * them (the row-by-row comparison took a fifth of a verify at 100,000
 * guests, the copy it needs a tenth). Leaves nothing changed. */
static int projections_same(struct store *st, char err[KERR_LEN])
{
	enum { MAXT = 64 };
	uint8_t key[crypto_generichash_KEYBYTES], live[MAXT][FP_LEN], again[FP_LEN];
	crypto_generichash_state key0;
	const char *t;
	int i, same = 1;

	randombytes_buf(key, sizeof key);
	crypto_generichash_init(&key0, key, sizeof key, 16);
	sodium_memzero(key, sizeof key);
	if (sqlite3_create_function_v2(store_db(st), "kiosk_rows_fp", -1, SQLITE_UTF8, &key0, NULL,
				       fp_step, fp_final, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot fingerprint the projections");
	if (store_begin(st, err) != 0) {
		same = -1;
		goto out;
	}
	for (i = 0; (t = schema_projection_tables[i]) && i < MAXT; i++)
		if (table_fp(st, t, live[i], err) != 0) {
			same = -1;
			goto rollback;
		}
	if (t) {
		same = kerr(err, "too many projection tables to fingerprint");
		goto rollback;
	}
	if (rebuild_in_txn(st, err) != 0) {
		same = 0; /* the slow way says what is wrong */
		goto rollback;
	}
	for (i = 0; (t = schema_projection_tables[i]); i++) {
		if (table_fp(st, t, again, err) != 0) {
			same = -1;
			goto rollback;
		}
		if (memcmp(again, live[i], FP_LEN) != 0)
			same = 0;
	}
rollback:
	store_rollback(st); /* verify changes nothing */
out:
	(void)sqlite3_create_function_v2(store_db(st), "kiosk_rows_fp", -1, SQLITE_UTF8, NULL, NULL,
					 NULL, NULL, NULL);
	sodium_memzero(&key0, sizeof key0);
	return same;
}

/* chain_problems: what check_chains found. A journal with a changed entry
 * may not replay at all; that is one more problem found, not a failure. */
static int check_projections(struct store *st, void (*report)(void *, const char *), void *ctx,
			     int chain_problems, char err[KERR_LEN])
{
	char sql[256], snap[96], line[KERR_LEN];
	const char *t;
	int i, problems = 0;

	if (store_begin(st, err) != 0)
		return -1;
	for (i = 0; (t = schema_projection_tables[i]); i++) {
		(void)snprintf(sql, sizeof sql, "CREATE TEMP TABLE verify_%s AS SELECT * FROM main.%s",
			       t, t);
		if (store_exec(st, sql, err) != 0)
			goto fail;
	}
	if (rebuild_in_txn(st, err) != 0) {
		if (!chain_problems)
			goto fail;
		(void)snprintf(line, sizeof line, "projections not compared: the damaged journal "
			       "does not replay (%s)", err);
		report(ctx, line);
		store_rollback(st);
		return 1;
	}
	for (i = 0; (t = schema_projection_tables[i]); i++) {
		int64_t extra, missing;

		(void)snprintf(snap, sizeof snap, "temp.verify_%s", t);
		(void)snprintf(sql, sizeof sql, "main.%s", t);
		extra = except_count(st, snap, sql);
		missing = except_count(st, sql, snap);
		if (extra < 0 || missing < 0) {
			store_db_fail(st, err, "cannot compare projections");
			goto fail;
		}
		if (extra || missing) {
			(void)snprintf(line, sizeof line, "table %s: %" PRId64 " row(s) not derived from the"
				       " journal, %" PRId64 " row(s) missing (run 'kiosk rebuild')",
				       t, extra, missing);
			report(ctx, line);
			problems++;
		}
	}
	store_rollback(st); /* verify changes nothing, temp tables included */
	return problems;
fail:
	store_rollback(st);
	return -1;
}

int store_verify(struct store *st, void (*report)(void *ctx, const char *line),
		 void *ctx, char err[KERR_LEN])
{
	char e2[KERR_LEN];
	int a, b = -1;

	/* The rebuild's sort and the put-off guests in temporary files, not in
	 * memory: at a million guests they held 450 MB (and took longer). What
	 * they hold is what the store's file holds (sealed fields stay sealed:
	 * nothing here opens them). A bigger page cache than the default 2 MB
	 * while every page is read. */
	if (store_temp_on_disk(st, 1, err) != 0 ||
	    store_exec(st, "PRAGMA cache_size=-16384", err) != 0)
		goto out;
	/* Read the chains inside one read transaction so a concurrent writer
	 * cannot make us see half of an append. */
	if (store_exec(st, "BEGIN", err) != 0)
		goto out;
	a = check_chains(st, report, ctx, err);
	(void)store_exec(st, "COMMIT", e2); /* read-only: nothing to lose */
	if (a < 0)
		goto out;
	/* The projections as a rebuild makes them: the fingerprints say so
	 * (nearly always); else the tables compared row by row say how. */
	b = projections_same(st, err);
	if (b >= 0)
		b = b ? 0 : check_projections(st, report, ctx, a, err);
	if (b >= 0)
		b += a;
out:
	/* The connection as store_open left it. */
	if (store_exec(st, "PRAGMA cache_size=-2000", e2) != 0 ||
	    store_temp_on_disk(st, 0, e2) != 0) {
		if (b >= 0)
			(void)snprintf(err, KERR_LEN, "%s", e2);
		b = -1;
	}
	return b;
}
