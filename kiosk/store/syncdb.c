/* syncdb.c - the store's side of sync: the SQL of exports, merges' checks,
 * signed tips and the keys passed on at enrolment. Adapter: store + sqlite3;
 * writes only sync_tips, the double_entries view and event_keys. */
#include "syncdb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

/* Column text, "" for NULL; valid until the next step of q. */
static const char *text(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	return t ? (const char *)t : "";
}

/* The end of a walk over q, s being its last step's result: 0 when it ran to
 * its end, else -1 with err "what: SQLite's message". Finalizes q (NULL is
 * fine: a failed prepare passes SQLITE_ERROR). */
static int walk_end(struct store *st, sqlite3_stmt *q, int s, const char *what,
		    char err[KERR_LEN])
{
	int r = 0;

	if (s != SQLITE_DONE)
		r = kerr(err, "%s: %s", what, sqlite3_errmsg(store_db(st)));
	(void)sqlite3_finalize(q); /* a read: its error, if any, was taken above */
	return r;
}

/* A walk its callback stopped (err already filled). */
static int walk_stop(sqlite3_stmt *q)
{
	(void)sqlite3_finalize(q); /* the callback's error is the one to report */
	return -1;
}

/* Run sql; on failure err is "what: SQLite's message". */
static int exec_what(struct store *st, const char *sql, const char *what, char err[KERR_LEN])
{
	char *msg = NULL;

	if (sqlite3_exec(store_db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		kerr(err, "%s: %s", what, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int syncdb_tips_create(struct store *st, char err[KERR_LEN])
{
	/* Tips of other devices, kept so `kiosk-sync verify` can re-check the
	 * signatures of everything held long after the pull. */
	return exec_what(st, "CREATE TABLE IF NOT EXISTS sync_tips("
			     " device_id TEXT NOT NULL, seq INTEGER NOT NULL,"
			     " hash BLOB NOT NULL, sig BLOB NOT NULL,"
			     " PRIMARY KEY(device_id, seq))",
			 "cannot create table sync_tips", err);
}

int syncdb_doubles_view_create(struct store *st, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int current = 0;

	/* Stores made before issue 16 have a view that counted a guest who went
	 * out and came back as a double entry; it is replaced once. */
	if (sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM sqlite_master WHERE type = 'view'"
				" AND name = 'double_entries' AND sql LIKE '%repeat_entries%'",
			       -1, &q, NULL) == SQLITE_OK)
		current = sqlite3_step(q) == SQLITE_ROW;
	(void)sqlite3_finalize(q); /* a probe: on error the view is (re)made below */
	if (current)
		return 0;
	/* A guest let in while already inside (two doors that could not see
	 * each other: repeat_entries): every standing check-in of theirs, none
	 * dropped. */
	return exec_what(st, "SAVEPOINT dv;"
			     " DROP VIEW IF EXISTS double_entries;"
			     " CREATE VIEW double_entries AS"
			     " SELECT c.attendee_id, c.device_id, c.seq, c.at_ms, c.door,"
			     "  (SELECT count(*) FROM active_checkins d"
			     "    WHERE d.attendee_id = c.attendee_id) AS times"
			     " FROM active_checkins c"
			     " WHERE c.attendee_id IN (SELECT attendee_id FROM repeat_entries);"
			     " RELEASE dv",
			 "cannot create view double_entries", err);
}

int syncdb_max_seq(struct store *st, const char *device_id, int64_t *max, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int r = -1;

	*max = 0;
	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT coalesce(max(seq), 0) FROM journal WHERE device_id = ?", -1,
			       &q, NULL) != SQLITE_OK)
		return kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		*max = sqlite3_column_int64(q, 0);
		r = 0;
	} else {
		kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
	}
	(void)sqlite3_finalize(q); /* error already reported */
	return r;
}

int syncdb_event_held(struct store *st, const char *event_id, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int r = -1, rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM events WHERE id = ?", -1, &q, NULL) !=
	    SQLITE_OK)
		return kerr(err, "cannot read the events: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(q, 1, event_id, -1, SQLITE_STATIC) == SQLITE_OK) {
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			r = rc == SQLITE_ROW;
	}
	if (r < 0)
		kerr(err, "cannot read the events: %s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_finalize(q); /* error already reported */
	return r;
}

int syncdb_id_is_plain(const char *id)
{
	size_t i, n = strlen(id);

	for (i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
		      id[i] == '-'))
			return 0;
	return n > 0 && n < 64;
}

int syncdb_events_held(struct store *st, const char *current, char **out, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	size_t len = 0, cap = 128;
	char *b = malloc(cap);
	int rc;

	*out = NULL;
	if (!b)
		return kerr(err, "out of memory");
	b[len++] = '{';
	if (syncdb_id_is_plain(current))
		len += (size_t)sprintf(b + len, "%s", current); /* < 64 of 128 */
	if (sqlite3_prepare_v2(store_db(st), "SELECT id FROM events WHERE id <> ? ORDER BY at_ms",
			       -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, current, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(q);
		free(b);
		return kerr(err, "cannot read the events: %s", sqlite3_errmsg(store_db(st)));
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);

		if (!id || !syncdb_id_is_plain(id))
			continue;
		if (len + strlen(id) + 3 > cap) {
			char *nb = realloc(b, cap * 2);

			if (!nb) {
				rc = SQLITE_NOMEM;
				break;
			}
			b = nb;
			cap *= 2;
		}
		len += (size_t)sprintf(b + len, "%s%s", len > 1 ? "," : "", id);
	}
	(void)sqlite3_finalize(q); /* the step's result is what counts */
	if (rc != SQLITE_DONE) {
		free(b);
		return kerr(err, "cannot read the events: %s",
			    rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(store_db(st)));
	}
	b[len++] = '}';
	b[len] = '\0';
	*out = b;
	return 0;
}

int syncdb_hash_at(struct store *st, const char *device_id, int64_t seq,
		   uint8_t hash[STORE_HASH_LEN], char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int r = -1, s;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT hash FROM journal WHERE device_id = ? AND seq = ?", -1, &q,
			       NULL) != SQLITE_OK)
		return kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, seq) != SQLITE_OK) {
		kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
		goto out;
	}
	s = sqlite3_step(q);
	if (s == SQLITE_ROW) {
		if (sqlite3_column_bytes(q, 0) != STORE_HASH_LEN) {
			kerr(err, "entry %s/%" PRId64 " has a malformed hash", device_id, seq);
			goto out;
		}
		memcpy(hash, sqlite3_column_blob(q, 0), STORE_HASH_LEN);
		r = 1;
	} else if (s == SQLITE_DONE) {
		r = 0;
	} else {
		kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
	}
out:
	(void)sqlite3_finalize(q); /* error already reported */
	return r;
}

int syncdb_range_each(struct store *st, const char *device_id, int64_t first, int64_t last,
		      int (*fn)(void *ctx, const struct entry *e, char err[KERR_LEN]), void *ctx,
		      char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int s;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT seq, at_ms, kind, body, prev_hash, hash FROM journal"
			       " WHERE device_id = ? AND seq >= ? AND seq <= ? ORDER BY seq",
			       -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, first) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, last) != SQLITE_OK)
		return walk_end(st, q, SQLITE_ERROR, "cannot read the journal", err);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		struct entry e = {.device_id = device_id};

		e.seq = sqlite3_column_int64(q, 0);
		e.at_ms = sqlite3_column_int64(q, 1);
		e.kind = (const char *)sqlite3_column_text(q, 2);
		e.body = (const char *)sqlite3_column_text(q, 3);
		if (e.kind && e.body && sqlite3_column_bytes(q, 4) == STORE_HASH_LEN &&
		    sqlite3_column_bytes(q, 5) == STORE_HASH_LEN) {
			memcpy(e.prev_hash, sqlite3_column_blob(q, 4), STORE_HASH_LEN);
			memcpy(e.hash, sqlite3_column_blob(q, 5), STORE_HASH_LEN);
		} else {
			e.kind = NULL;
		}
		if (fn(ctx, &e, err) != 0)
			return walk_stop(q);
	}
	return walk_end(st, q, s, "cannot read the journal", err);
}

int syncdb_devices_each(struct store *st, const char *except,
			int (*fn)(void *ctx, const char *device_id, int64_t max_seq,
				  char err[KERR_LEN]),
			void *ctx, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int s;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT device_id, max(seq) FROM journal WHERE device_id <> ?"
			       " GROUP BY device_id ORDER BY device_id", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, except, -1, SQLITE_STATIC) != SQLITE_OK)
		return walk_end(st, q, SQLITE_ERROR, "cannot read the journal", err);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		char id[STORE_DEVICE_ID_MAX + 1];

		/* A copy: fn may query the store, which may move the row's text. */
		(void)snprintf(id, sizeof id, "%s", text(q, 0));
		if (fn(ctx, id, sqlite3_column_int64(q, 1), err) != 0)
			return walk_stop(q);
	}
	return walk_end(st, q, s, "cannot read the journal", err);
}

int syncdb_tip_save(struct store *st, const char *device_id, int64_t seq,
		    const uint8_t hash[STORE_HASH_LEN], const uint8_t sig[SYNCDB_SIG_LEN],
		    char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int r = -1;

	if (sqlite3_prepare_v2(store_db(st),
			       "INSERT OR IGNORE INTO sync_tips(device_id, seq, hash, sig)"
			       " VALUES(?, ?, ?, ?)", -1, &q, NULL) != SQLITE_OK)
		return kerr(err, "cannot save a tip: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_bind_int64(q, 2, seq) == SQLITE_OK &&
	    sqlite3_bind_blob(q, 3, hash, STORE_HASH_LEN, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_bind_blob(q, 4, sig, SYNCDB_SIG_LEN, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_DONE)
		r = 0;
	else
		kerr(err, "cannot save a tip: %s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_finalize(q); /* the step's error is already in err */
	return r;
}

int syncdb_self_tip_set(struct store *st, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
			const uint8_t sig[SYNCDB_SIG_LEN], char err[KERR_LEN])
{
	static const char del[] = "DELETE FROM sync_tips WHERE device_id = ?1 AND seq < ?2";
	static const char ins[] = "INSERT OR REPLACE INTO sync_tips(device_id, seq, hash, sig)"
				  " VALUES(?1, ?2, ?3, ?4)";
	const char *me = store_device_id(st);
	sqlite3_stmt *q = store_stmt(st, del, err);
	int ok;

	if (!q)
		return -1;
	ok = sqlite3_bind_text(q, 1, me, -1, SQLITE_STATIC) == SQLITE_OK &&
	     sqlite3_bind_int64(q, 2, seq) == SQLITE_OK && sqlite3_step(q) == SQLITE_DONE;
	sqlite3_reset(q);
	if (ok) {
		q = store_stmt(st, ins, err);
		if (!q)
			return -1;
		ok = sqlite3_bind_text(q, 1, me, -1, SQLITE_STATIC) == SQLITE_OK &&
		     sqlite3_bind_int64(q, 2, seq) == SQLITE_OK &&
		     sqlite3_bind_blob(q, 3, hash, STORE_HASH_LEN, SQLITE_STATIC) == SQLITE_OK &&
		     sqlite3_bind_blob(q, 4, sig, SYNCDB_SIG_LEN, SQLITE_STATIC) == SQLITE_OK &&
		     sqlite3_step(q) == SQLITE_DONE;
		sqlite3_reset(q);
		sqlite3_clear_bindings(q);
	}
	return ok ? 0 : kerr(err, "cannot save the signed tip: %s", sqlite3_errmsg(store_db(st)));
}

int syncdb_latest_tip(struct store *st, const char *device_id, int64_t *seq,
		      uint8_t hash[STORE_HASH_LEN], uint8_t sig[SYNCDB_SIG_LEN], char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int s, r = 0;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT seq, hash, sig FROM sync_tips WHERE device_id = ?"
			       " ORDER BY seq DESC LIMIT 1", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC) != SQLITE_OK)
		return walk_end(st, q, SQLITE_ERROR, "cannot read sync_tips", err);
	s = sqlite3_step(q);
	if (s == SQLITE_ROW) {
		if (sqlite3_column_bytes(q, 1) == STORE_HASH_LEN &&
		    sqlite3_column_bytes(q, 2) == SYNCDB_SIG_LEN) {
			*seq = sqlite3_column_int64(q, 0);
			memcpy(hash, sqlite3_column_blob(q, 1), STORE_HASH_LEN);
			memcpy(sig, sqlite3_column_blob(q, 2), SYNCDB_SIG_LEN);
			r = 1;
		}
		s = SQLITE_DONE;
	}
	if (walk_end(st, q, s, "cannot read sync_tips", err) != 0)
		return -1;
	return r;
}

/* A tip row's hash (column h) and signature (h + 1), NULL when malformed. */
static void tip_cols(sqlite3_stmt *q, int h, const uint8_t **hash, const uint8_t **sig)
{
	int ok = sqlite3_column_bytes(q, h) == STORE_HASH_LEN &&
		 sqlite3_column_bytes(q, h + 1) == SYNCDB_SIG_LEN;

	*hash = ok ? sqlite3_column_blob(q, h) : NULL;
	*sig = ok ? sqlite3_column_blob(q, h + 1) : NULL;
}

int syncdb_tips_each(struct store *st, const char *device_id,
		     int (*fn)(void *ctx, int64_t seq, const uint8_t *hash, const uint8_t *sig,
			       char err[KERR_LEN]),
		     void *ctx, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int s;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT seq, hash, sig FROM sync_tips WHERE device_id = ? ORDER BY seq",
			       -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC) != SQLITE_OK)
		return walk_end(st, q, SQLITE_ERROR, "cannot read sync_tips", err);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		const uint8_t *hash, *sig;

		tip_cols(q, 1, &hash, &sig);
		if (fn(ctx, sqlite3_column_int64(q, 0), hash, sig, err) != 0)
			return walk_stop(q);
	}
	return walk_end(st, q, s, "cannot read sync_tips", err);
}

int syncdb_latest_tips_each(struct store *st, const char *except,
			    int (*fn)(void *ctx, const char *device_id, int64_t seq,
				      const uint8_t *hash, const uint8_t *sig, char err[KERR_LEN]),
			    void *ctx, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int s;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT t.device_id, t.seq, t.hash, t.sig FROM sync_tips t"
			       " WHERE t.device_id <> ? AND t.seq ="
			       "  (SELECT max(u.seq) FROM sync_tips u WHERE u.device_id = t.device_id)"
			       " ORDER BY t.device_id", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, except, -1, SQLITE_STATIC) != SQLITE_OK)
		return walk_end(st, q, SQLITE_ERROR, "cannot read sync_tips", err);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		char dev[STORE_DEVICE_ID_MAX + 1];
		const uint8_t *hash, *sig;

		(void)snprintf(dev, sizeof dev, "%s", text(q, 0));
		tip_cols(q, 2, &hash, &sig);
		if (!hash)
			continue;
		if (fn(ctx, dev, sqlite3_column_int64(q, 1), hash, sig, err) != 0)
			return walk_stop(q);
	}
	return walk_end(st, q, s, "cannot read sync_tips", err);
}

int syncdb_enrolment_field(struct store *st, const char *author, const char *kind,
			   const char *device_id, const char *field, char *out, size_t cap,
			   char err[KERR_LEN])
{
	char path[64];
	sqlite3_stmt *q = NULL;
	int r, found = 0;

	(void)snprintf(path, sizeof path, "$.%s", field);
	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT json_extract(body, ?3) FROM journal"
			       " WHERE device_id = ?1 AND kind = ?4"
			       " AND json_extract(body, '$.device_id') = ?2"
			       " ORDER BY seq DESC LIMIT 1",
			       -1, &q, NULL) != SQLITE_OK)
		return kerr(err, "cannot look up enrolments: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(q, 1, author, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(q, 2, device_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(q, 3, path, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(q, 4, kind, -1, SQLITE_STATIC) != SQLITE_OK) {
		kerr(err, "cannot look up enrolments: %s", sqlite3_errmsg(store_db(st)));
		found = -1;
		goto out;
	}
	r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		(void)snprintf(out, cap, "%s", text(q, 0));
		found = 1;
	} else if (r != SQLITE_DONE) {
		kerr(err, "cannot look up enrolments: %s", sqlite3_errmsg(store_db(st)));
		found = -1;
	}
out:
	(void)sqlite3_finalize(q); /* errors were reported by step */
	return found;
}

int syncdb_count_doubles(struct store *st, int64_t *n, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int r = -1;

	if (sqlite3_prepare_v2(store_db(st), "SELECT count(DISTINCT attendee_id) FROM double_entries",
			       -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		*n = sqlite3_column_int64(q, 0);
		r = 0;
	} else {
		kerr(err, "cannot count: %s", sqlite3_errmsg(store_db(st)));
	}
	(void)sqlite3_finalize(q); /* error already reported */
	return r;
}

int syncdb_event_keys_each(struct store *st,
			   int (*fn)(void *ctx, const uint8_t *pk, const char *event,
				     int64_t added_ms, int retired, char err[KERR_LEN]),
			   void *ctx, char err[KERR_LEN])
{
	sqlite3_stmt *q = NULL;
	int s;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT pubkey, event_id, added_ms, retired FROM event_keys"
			       " ORDER BY added_ms, pubkey", -1, &q, NULL) != SQLITE_OK)
		return walk_end(st, q, SQLITE_ERROR, "cannot read event keys", err);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		const uint8_t *pk = sqlite3_column_bytes(q, 0) == TICKET_PK_LEN &&
					    sqlite3_column_type(q, 1) != SQLITE_NULL
				    ? sqlite3_column_blob(q, 0) : NULL;

		if (fn(ctx, pk, text(q, 1), sqlite3_column_int64(q, 2), sqlite3_column_int(q, 3),
		       err) != 0)
			return walk_stop(q);
	}
	return walk_end(st, q, s, "cannot read event keys", err);
}

static const char sql_key_add[] = "INSERT OR IGNORE INTO event_keys VALUES(?, ?, ?, ?)";

int syncdb_event_key_add(struct store *st, const uint8_t pk[TICKET_PK_LEN], const char *event,
			 int64_t added_ms, int retired, char err[KERR_LEN])
{
	sqlite3_stmt *q = store_stmt(st, sql_key_add, err);
	int r = 0;

	if (!q)
		return kerr(err, "cannot store event keys: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_blob(q, 1, pk, TICKET_PK_LEN, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(q, 2, event, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, added_ms) != SQLITE_OK ||
	    sqlite3_bind_int(q, 4, retired) != SQLITE_OK || sqlite3_step(q) != SQLITE_DONE)
		r = kerr(err, "cannot store event keys: %s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_reset(q); /* its error, if any, was taken from step */
	(void)sqlite3_clear_bindings(q); /* drops the borrowed key and event */
	return r;
}

int syncdb_revocations_each(struct store *st, const char *root, const char *device_id,
			    int (*fn)(void *ctx, const struct syncdb_revocation *r,
				      char err[KERR_LEN]),
			    void *ctx, char err[KERR_LEN])
{
	static const char sql[] =
		"SELECT seq, json_extract(body,'$.device_id'), json_extract(body,'$.event'),"
		" json_extract(body,'$.by'), json_extract(body,'$.sig'),"
		" coalesce(json_type(body,'$.cutoff'),''), json_extract(body,'$.cutoff'),"
		" json_extract(body,'$.cutoff_hash'), json_extract(body,'$.cutoff_sig')"
		" FROM journal WHERE device_id = ?1 AND kind = '" SYNCDB_KIND_REVOKED "'"
		" AND json_valid(body) AND (?2 IS NULL OR json_extract(body,'$.device_id') = ?2)"
		" ORDER BY seq";
	struct syncdb_revocation r;
	sqlite3_stmt *q = NULL;
	int s;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(q, 1, root, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (device_id && sqlite3_bind_text(q, 2, device_id, -1, SQLITE_STATIC) != SQLITE_OK))
		return walk_end(st, q, SQLITE_ERROR, "cannot read revocations", err);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.seq = sqlite3_column_int64(q, 0);
		(void)snprintf(r.device_id, sizeof r.device_id, "%s", text(q, 1));
		(void)snprintf(r.event, sizeof r.event, "%s", text(q, 2));
		(void)snprintf(r.by, sizeof r.by, "%s", text(q, 3));
		(void)snprintf(r.sig, sizeof r.sig, "%s", text(q, 4));
		(void)snprintf(r.cutoff_type, sizeof r.cutoff_type, "%s", text(q, 5));
		r.cutoff = sqlite3_column_int64(q, 6);
		(void)snprintf(r.cutoff_hash, sizeof r.cutoff_hash, "%s", text(q, 7));
		(void)snprintf(r.cutoff_sig, sizeof r.cutoff_sig, "%s", text(q, 8));
		if (fn(ctx, &r, err) != 0)
			return walk_stop(q);
	}
	return walk_end(st, q, s, "cannot read revocations", err);
}

int syncdb_cut_get(struct store *st, const char *device_id, int64_t *upto, char err[KERR_LEN])
{
	sqlite3_stmt *q = store_stmt(st, "SELECT upto FROM revoked_devices WHERE device_id = ?", err);
	int s, r = 0;

	if (!q)
		return kerr(err, "cannot read revoked devices: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_reset(q); /* the bind's error is the one to report */
		return kerr(err, "cannot read revoked devices: %s", sqlite3_errmsg(store_db(st)));
	}
	s = sqlite3_step(q);
	if (s == SQLITE_ROW) {
		*upto = sqlite3_column_int64(q, 0);
		r = 1;
	} else if (s != SQLITE_DONE) {
		r = kerr(err, "cannot read revoked devices: %s", sqlite3_errmsg(store_db(st)));
	}
	(void)sqlite3_reset(q); /* its error, if any, was taken from step */
	(void)sqlite3_clear_bindings(q); /* drops the borrowed id */
	return r;
}

int syncdb_cut_set(struct store *st, const char *device_id, int64_t upto, char err[KERR_LEN])
{
	sqlite3_stmt *q = store_stmt(st, upto >= 0
				     ? "INSERT INTO revoked_devices VALUES(?1, ?2)"
				       " ON CONFLICT(device_id) DO UPDATE SET upto = ?2"
				     : "DELETE FROM revoked_devices WHERE device_id = ?1", err);
	int r = 0;

	if (!q)
		return kerr(err, "cannot store revoked devices: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(q, 1, device_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (upto >= 0 && sqlite3_bind_int64(q, 2, upto) != SQLITE_OK) ||
	    sqlite3_step(q) != SQLITE_DONE)
		r = kerr(err, "cannot store revoked devices: %s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_reset(q); /* its error, if any, was taken from step */
	(void)sqlite3_clear_bindings(q); /* drops the borrowed id */
	return r;
}

int syncdb_bulk(struct store *st, char err[KERR_LEN])
{
	char *msg = NULL;

	/* A pull writes every page of a big import once and reads them back for
	 * the indexes: keep them in memory instead of reading the file again. */
	if (sqlite3_exec(store_db(st), "PRAGMA cache_size=-65536", NULL, NULL, &msg) != SQLITE_OK) {
		kerr(err, "cannot size the cache: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}
