/* store_journal.c - the journal's entries: their hash chain, store_append
 * for this device's own entries, store_merge for entries pulled from others,
 * and store_apply, which runs an entry's projection SQL in the same
 * transaction as its journal row. Split from store.c (open, busy wait,
 * transactions, meta). Adapter: sqlite3, libsodium (BLAKE2b). */
#include "db.h"
#include "schema.h"
#include "store.h"
#include "store_internal.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* ------------------------------------------------------------------- hash */

/* Decimal digits of v into num (no NUL); returns how many. Called twice per
 * entry hashed, so not snprintf. */
static int decimal(int64_t v, char num[24])
{
	char rev[24];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = 0, k = 0;

	do {
		rev[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		num[n++] = '-';
	while (k)
		num[n++] = rev[--k];
	return n;
}

void store_entry_hash(struct entry *e)
{
	crypto_generichash_state h;
	char num[24];
	static const unsigned char nul = 0;
	int n;

	crypto_generichash_init(&h, NULL, 0, STORE_HASH_LEN);
	crypto_generichash_update(&h, e->prev_hash, STORE_HASH_LEN);
	crypto_generichash_update(&h, (const unsigned char *)e->device_id, strlen(e->device_id));
	crypto_generichash_update(&h, &nul, 1);
	n = decimal(e->seq, num);
	crypto_generichash_update(&h, (const unsigned char *)num, (size_t)n);
	crypto_generichash_update(&h, &nul, 1);
	n = decimal(e->at_ms, num);
	crypto_generichash_update(&h, (const unsigned char *)num, (size_t)n);
	crypto_generichash_update(&h, &nul, 1);
	crypto_generichash_update(&h, (const unsigned char *)e->kind, strlen(e->kind));
	crypto_generichash_update(&h, &nul, 1);
	crypto_generichash_update(&h, (const unsigned char *)e->body, strlen(e->body));
	crypto_generichash_final(&h, e->hash, STORE_HASH_LEN);
}

/* --------------------------------------------------------------- writing */

/* e's projection statements, now. */
static int apply_now(struct store *st, const struct entry *e, char err[KERR_LEN])
{
	int i, j;

	for (i = 0; i < st->nproj; i++) {
		if (strcmp(schema_projections[i].kind, e->kind) != 0)
			continue;
		if (store_prepare_projection(st, i, err) != 0)
			return -1;
		for (j = 0; j < PROJECTION_MAX_SQL && st->proj[i][j]; j++) {
			sqlite3_stmt *s = st->proj[i][j];
			int k, rc;
			static const char *const names[] = {":dev", ":seq", ":at", ":body"};

			for (k = 0; k < 4; k++) {
				int ix = sqlite3_bind_parameter_index(s, names[k]);

				if (!ix)
					continue;
				if (k == 0)
					rc = sqlite3_bind_text(s, ix, e->device_id, -1, SQLITE_STATIC);
				else if (k == 1)
					rc = sqlite3_bind_int64(s, ix, e->seq);
				else if (k == 2)
					rc = sqlite3_bind_int64(s, ix, e->at_ms);
				else
					rc = sqlite3_bind_text(s, ix, e->body, -1, SQLITE_STATIC);
				if (rc != SQLITE_OK)
					return store_db_fail(st, err, "cannot bind projection");
			}
			rc = sqlite3_step(s);
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			if (rc != SQLITE_DONE)
				return kerr(err, "cannot apply %s entry %s/%" PRId64 ": %s", e->kind,
					    e->device_id, e->seq, sqlite3_errmsg(st->db));
		}
		break;
	}
	return 0;
}

/* ---------------------------------------------------------------- in bulk */

/* Runs shorter than this are applied one by one: all at once reads every
 * attendee_updated entry and every walk-in's group, whatever the run. */
#define BULK_MIN 64

int store_bulk_begin(struct store *st, char err[KERR_LEN])
{
	if (!store_in_transaction(st))
		return kerr(err, "bulk apply outside a transaction");
	if (st->bulk_put)
		return 0;
	if (store_exec(st, schema_added_bulk_table, err) != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, schema_added_bulk_put, -1, &st->bulk_put, NULL) != SQLITE_OK) {
		st->bulk_put = NULL;
		return store_db_fail(st, err, "cannot prepare the bulk apply");
	}
	st->bulk_n = 0;
	return 0;
}

void store_bulk_drop(struct store *st)
{
	sqlite3_finalize(st->bulk_put);
	st->bulk_put = NULL;
	st->bulk_n = 0;
}

static int bulk_put(struct store *st, const struct entry *e, char err[KERR_LEN])
{
	sqlite3_stmt *s = st->bulk_put;
	int rc;

	if (sqlite3_bind_text(s, 1, e->device_id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(s, 2, e->seq) ||
	    sqlite3_bind_text(s, 3, e->body, -1, SQLITE_STATIC)) {
		sqlite3_reset(s);
		return store_db_fail(st, err, "cannot bind the bulk apply");
	}
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return kerr(err, "cannot apply %s entry %s/%" PRId64 ": %s", e->kind, e->device_id,
			    e->seq, sqlite3_errmsg(st->db));
	st->bulk_n++;
	return 0;
}

struct entry store_row_entry(sqlite3_stmt *s)
{
	struct entry e = {
		.device_id = (const char *)sqlite3_column_text(s, 0),
		.seq = sqlite3_column_int64(s, 1),
		.at_ms = sqlite3_column_int64(s, 2),
		.kind = (const char *)sqlite3_column_text(s, 3),
		.body = (const char *)sqlite3_column_text(s, 4),
	};

	return e;
}

int store_apply_rows(struct store *st, sqlite3_stmt *s, int now, char err[KERR_LEN])
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct entry e = store_row_entry(s);

		if (!e.device_id || !e.kind || !e.body) {
			sqlite3_finalize(s);
			return kerr(err, "journal row with an empty field");
		}
		if ((now ? apply_now(st, &e, err) : store_apply(st, &e, err)) != 0) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, "cannot read the journal");
	return 0;
}

/* The entries put off, one by one (a short run). */
static int bulk_each(struct store *st, char err[KERR_LEN])
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, schema_added_bulk_entries, -1, &s, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot read the entries put off");
	return store_apply_rows(st, s, 1, err);
}

/* The groups of the picked ids made again, in the entries' order. The ids
 * are read first: the regroup writes guest_aliases, which the pick reads. */
static int bulk_regroup(struct store *st, char err[KERR_LEN])
{
	enum { NS = SCHEMA_BULK_REGROUP_MAX }; /* schema_added_bulk_regroup's, at most */
	sqlite3_stmt *pick, *s[NS] = {NULL};
	char **ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc, j, ret = -1;

	if (sqlite3_prepare_v2(st->db, schema_added_bulk_regroup_pick, -1, &pick, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot read the walk-ins' groups");
	while ((rc = sqlite3_step(pick)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(pick, 0);
		char *copy;

		if (!id)
			continue;
		if (n == cap) {
			char **more = realloc(ids, (cap = cap ? cap * 2 : 16) * sizeof *ids);

			if (!more) {
				kerr(err, "out of memory");
				goto out;
			}
			ids = more;
		}
		if (!(copy = strdup(id))) {
			kerr(err, "out of memory");
			goto out;
		}
		ids[n++] = copy;
	}
	if (rc != SQLITE_DONE) {
		store_db_fail(st, err, "cannot read the walk-ins' groups");
		goto out;
	}
	for (j = 0; j < NS && schema_added_bulk_regroup[j] && n; j++)
		if (sqlite3_prepare_v2(st->db, schema_added_bulk_regroup[j], -1, &s[j], NULL) != SQLITE_OK) {
			store_db_fail(st, err, "cannot prepare the walk-ins' groups");
			goto out;
		}
	for (i = 0; i < n; i++)
		for (j = 0; j < NS && s[j]; j++) {
			if (sqlite3_bind_text(s[j], 1, ids[i], -1, SQLITE_STATIC) != SQLITE_OK) {
				store_db_fail(st, err, "cannot bind the walk-ins' groups");
				goto out;
			}
			rc = sqlite3_step(s[j]);
			sqlite3_reset(s[j]);
			if (rc != SQLITE_DONE) {
				store_db_fail(st, err, "cannot make the walk-ins' groups");
				goto out;
			}
		}
	ret = 0;
out:
	sqlite3_finalize(pick);
	for (j = 0; j < NS; j++)
		sqlite3_finalize(s[j]);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ret;
}

/* The entries put off applied: the same tables as one by one. */
static int bulk_flush(struct store *st, char err[KERR_LEN])
{
	long n = st->bulk_n;
	int i;

	if (n == 0)
		return 0;
	st->bulk_n = 0;
	if (n < BULK_MIN) {
		if (bulk_each(st, err) != 0)
			return -1;
	} else {
		for (i = 0; schema_added_bulk[i]; i++)
			if (store_exec(st, schema_added_bulk[i], err) != 0)
				return -1;
		if (bulk_regroup(st, err) != 0)
			return -1;
	}
	return store_exec(st, schema_added_bulk_clear, err);
}

int store_bulk_flush(struct store *st, char err[KERR_LEN])
{
	return st->bulk_put ? bulk_flush(st, err) : 0;
}

int store_bulk_end(struct store *st, char err[KERR_LEN])
{
	int rc;

	if (!st->bulk_put)
		return 0;
	rc = bulk_flush(st, err);
	store_bulk_drop(st);
	return rc;
}

int store_apply(struct store *st, const struct entry *e, char err[KERR_LEN])
{
	if (st->bulk_put) {
		if (strcmp(e->kind, "attendee_added") == 0)
			return bulk_put(st, e, err);
		if (bulk_flush(st, err) != 0)
			return -1;
	}
	return apply_now(st, e, err);
}

static int insert_row(struct store *st, const struct entry *e, char err[KERR_LEN])
{
	sqlite3_stmt *s = st->insert;
	int rc;

	if (sqlite3_bind_text(s, 1, e->device_id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(s, 2, e->seq) || sqlite3_bind_int64(s, 3, e->at_ms) ||
	    sqlite3_bind_text(s, 4, e->kind, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(s, 5, e->body, -1, SQLITE_STATIC) ||
	    sqlite3_bind_blob(s, 6, e->prev_hash, STORE_HASH_LEN, SQLITE_STATIC) ||
	    sqlite3_bind_blob(s, 7, e->hash, STORE_HASH_LEN, SQLITE_STATIC)) {
		sqlite3_reset(s);
		return store_db_fail(st, err, "cannot bind journal row");
	}
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, "cannot write to the journal");
	return store_apply(st, e, err);
}

/* Last seq and hash held for device; seq 0 and a zero hash when none. */
static int head(struct store *st, const char *device, int64_t *seq,
		uint8_t hash[STORE_HASH_LEN], char err[KERR_LEN])
{
	sqlite3_stmt *s = st->head;
	int rc;

	*seq = 0;
	memset(hash, 0, STORE_HASH_LEN);
	if (sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC) != SQLITE_OK)
		return store_db_fail(st, err, "cannot read the journal");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		if (sqlite3_column_bytes(s, 1) == STORE_HASH_LEN)
			memcpy(hash, sqlite3_column_blob(s, 1), STORE_HASH_LEN);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_fail(st, err, "cannot read the journal");
	return 0;
}

static int finish(struct store *st, int own_txn, int ok, char err[KERR_LEN])
{
	if (!own_txn)
		return ok ? 0 : -1;
	if (ok && store_exec(st, "COMMIT", err) == 0)
		return 0;
	{
		char e2[KERR_LEN];

		(void)store_exec(st, "ROLLBACK", e2); /* may already be rolled back; err holds the cause */
	}
	return -1;
}

int store_append(struct store *st, int64_t at_ms, const char *kind,
		 const char *body, int64_t *seq_out, char err[KERR_LEN])
{
	struct entry e = {.device_id = st->device_id, .at_ms = at_ms, .kind = kind, .body = body};
	int own = !st->in_txn;
	int ok;

	/* Whatever the caller escaped or not: only valid text is journaled. */
	if (!utf8_valid(body, strlen(body), NULL) || !utf8_valid(kind, strlen(kind), NULL))
		return kerr(err, "a %s entry that is not valid UTF-8 text was refused", kind);
	if (own && store_exec(st, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	if (!own && st->tip_seq > 0) {
		e.seq = st->tip_seq;
		memcpy(e.prev_hash, st->tip_hash, STORE_HASH_LEN);
		ok = 1;
	} else {
		ok = head(st, st->device_id, &e.seq, e.prev_hash, err) == 0;
	}
	st->tip_seq = 0;
	if (ok) {
		e.seq++;
		store_entry_hash(&e);
		ok = insert_row(st, &e, err) == 0;
	}
	if (ok && !own) {
		st->tip_seq = e.seq;
		memcpy(st->tip_hash, e.hash, STORE_HASH_LEN);
	}
	/* In its own transaction the hook signs this entry; inside the
	 * caller's, the head once at commit: a signature per entry was a fifth
	 * of a 100,000-guest import, and only the last one is ever read. */
	if (ok && st->append_fn) {
		if (own)
			ok = st->append_fn(st->append_ctx, st, e.seq, e.hash, err) == 0;
		else
			st->append_due = 1;
	}
	if (finish(st, own, ok, err) != 0)
		return -1;
	if (seq_out)
		*seq_out = e.seq;
	return 0;
}

/* Hash held for (device, seq): 1 found (hash filled), 0 not held, -1 error. */
static int held_hash(struct store *st, const char *device, int64_t seq,
		     uint8_t hash[STORE_HASH_LEN], char err[KERR_LEN])
{
	sqlite3_stmt *s = st->find;
	int rc;

	if (sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC) || sqlite3_bind_int64(s, 2, seq)) {
		sqlite3_reset(s);
		return store_db_fail(st, err, "cannot read the journal");
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(hash, 0, STORE_HASH_LEN);
		if (sqlite3_column_bytes(s, 0) == STORE_HASH_LEN)
			memcpy(hash, sqlite3_column_blob(s, 0), STORE_HASH_LEN);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_fail(st, err, "cannot read the journal");
	return rc == SQLITE_ROW;
}

/* Inside the transaction: check and insert one foreign entry. */
static int merge_one(struct store *st, const struct entry *e, char err[KERR_LEN])
{
	uint8_t h[STORE_HASH_LEN];
	int r;

	/* It must chain onto the entry before it, which must be held. A pull
	 * merges each device's entries in order, so that is usually the entry
	 * merged just before: remembered, not looked up. */
	if (e->seq > 1) {
		if (st->merged_seq == e->seq - 1 && strcmp(st->merged_dev, e->device_id) == 0) {
			memcpy(h, st->merged_hash, STORE_HASH_LEN);
		} else {
			r = held_hash(st, e->device_id, e->seq - 1, h, err);
			if (r < 0)
				return -1;
			if (r == 0)
				return kerr(err, "entry %s/%" PRId64 ": entry %" PRId64 " before it is missing",
					    e->device_id, e->seq, e->seq - 1);
		}
		if (memcmp(h, e->prev_hash, STORE_HASH_LEN) != 0)
			goto held_or_broken;
	}
	/* New entries are the common case: insert, and look only on a clash. */
	if (insert_row(st, e, err) == 0) {
		r = 1;
		goto remember;
	}
	if (sqlite3_extended_errcode(st->db) != SQLITE_CONSTRAINT_PRIMARYKEY)
		return -1;
held_or_broken:
	r = held_hash(st, e->device_id, e->seq, h, err);
	if (r < 0)
		return -1;
	if (r == 0)
		return kerr(err, "entry %s/%" PRId64 " does not chain onto the entry before it",
			    e->device_id, e->seq);
	if (memcmp(h, e->hash, STORE_HASH_LEN) != 0)
		return kerr(err, "entry %s/%" PRId64 " conflicts with a different entry held",
			    e->device_id, e->seq);
	r = 0;
remember:
	(void)snprintf(st->merged_dev, sizeof st->merged_dev, "%s", e->device_id);
	st->merged_seq = e->seq;
	memcpy(st->merged_hash, e->hash, STORE_HASH_LEN);
	return r;
}

static int merge(struct store *st, const struct entry *e, int hashed, char err[KERR_LEN])
{
	struct entry chk = *e;
	int own = !st->in_txn, r;
	static const uint8_t zero[STORE_HASH_LEN];

	if (!hashed)
		store_entry_hash(&chk);
	if (!hashed && memcmp(chk.hash, e->hash, STORE_HASH_LEN) != 0)
		return kerr(err, "entry %s/%" PRId64 ": hash does not match its contents",
			    e->device_id, e->seq);
	if (e->seq < 1)
		return kerr(err, "entry %s/%" PRId64 ": bad sequence number", e->device_id, e->seq);
	if (e->seq == 1 && memcmp(e->prev_hash, zero, STORE_HASH_LEN) != 0)
		return kerr(err, "entry %s/1: first entry must not chain onto another", e->device_id);
	if (!utf8_valid(e->device_id, strlen(e->device_id), NULL) ||
	    !utf8_valid(e->kind, strlen(e->kind), NULL) || !utf8_valid(e->body, strlen(e->body), NULL))
		return kerr(err, "entry %.40s/%" PRId64 ": not valid UTF-8 text", e->device_id, e->seq);
	if (strlen(e->device_id) >= STORE_DEVICE_ID_MAX)
		return kerr(err, "entry %s/%" PRId64 ": device id too long", e->device_id, e->seq);
	if (own && store_exec(st, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	st->tip_seq = 0; /* it may be this device's own entry (a restore) */
	r = merge_one(st, e, err);
	if (finish(st, own, r >= 0, err) != 0) {
		st->merged_seq = 0; /* rolled back: forget what was remembered */
		return -1;
	}
	return r;
}

int store_merge(struct store *st, const struct entry *e, char err[KERR_LEN])
{
	return merge(st, e, 0, err);
}

int store_merge_hashed(struct store *st, const struct entry *e, char err[KERR_LEN])
{
	return merge(st, e, 1, err);
}


int store_append_hook_due(struct store *st, char err[KERR_LEN])
{
	uint8_t hash[STORE_HASH_LEN];
	int64_t seq;

	if (!st->append_due)
		return 0;
	st->append_due = 0;
	if (!st->append_fn)
		return 0;
	/* the head as the journal holds it now (a savepoint rolled back may
	 * have taken the last appends out again) */
	if (head(st, st->device_id, &seq, hash, err) != 0)
		return -1;
	return seq > 0 ? st->append_fn(st->append_ctx, st, seq, hash, err) : 0;
}

void store_set_append_hook(struct store *st, store_append_fn fn, void *ctx,
			   void (*drop)(void *ctx))
{
	if (st->append_drop)
		st->append_drop(st->append_ctx);
	st->append_fn = fn;
	st->append_ctx = fn ? ctx : NULL;
	st->append_drop = fn ? drop : NULL;
}

int store_has_append_hook(const struct store *st)
{
	return st->append_fn != NULL;
}
