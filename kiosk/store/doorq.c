/* doorq.c - the door's reads and its walk-in and undo entries.
 * Adapter: store + sqlite3; the tables are the projections of schema.c. */
#include "doorq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attendees.h"
#include "core/jsonw.h"
#include "db.h"
#include "search.h"
#include "schema.h"
#include "store.h"

/* The door's figures are the projection door_counts (schema.c), kept by the
 * entries that change them: one row read, whatever the roster's size; read
 * through guest_counts, which counts a walk-in registered twice under one
 * phone (two doors offline from each other) once. */
static const char sql_counts[] =
	"SELECT checked_in, expected, walkins FROM guest_counts WHERE door = ''";

int doorq_counts(struct store *st, int64_t *in, int64_t *expected, int64_t *walkins,
		 char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, sql_counts, err);
	int rc;

	*in = *expected = *walkins = 0;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*in = sqlite3_column_int64(s, 0);
		*expected = sqlite3_column_int64(s, 1);
		*walkins = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot count: %s", sqlite3_errmsg(store_db(st)));
	return 0; /* no row yet: nobody expected, nobody in */
}

static const char sql_counts_at[] =
	"SELECT checked_in, walkins FROM guest_counts WHERE door = ?1";

int doorq_counts_at(struct store *st, const char *door, int64_t *in, int64_t *walkins,
		    char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, sql_counts_at, err);
	int rc;

	*in = *walkins = 0;
	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, door, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot count: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*in = sqlite3_column_int64(s, 0);
		*walkins = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	(void)sqlite3_clear_bindings(s); /* door is borrowed for this call only */
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot count: %s", sqlite3_errmsg(store_db(st)));
	return 0;
}

static void col(char *dst, size_t cap, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	(void)snprintf(dst, cap, "%s", t ? (const char *)t : ""); /* truncation keeps a prefix */
}

int doorq_search(struct store *st, const char *query, struct door_person *out, int max,
		 char err[KERR_LEN])
{
	struct search_index *ix;
	int n;

	if (!query[0])
		return 0;
	if (search_index_build(st, &ix, err) != 0)
		return -1;
	n = search_index_find(st, ix, query, out, max, err);
	search_index_free(ix);
	return n;
}

int doorq_recent(struct store *st, struct door_recent *out, int max, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int n = 0, rc;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT c.device_id, c.seq, c.at_ms, coalesce(a.name, c.attendee_id)"
			       " FROM active_checkins c LEFT JOIN attendees_pii a ON a.id = c.attendee_id"
			       /* this event's: not last month's meetup in the same store */
			       " WHERE c.event_id = " SCHEMA_CURRENT_EVENT
			       " ORDER BY c.at_ms DESC, c.seq DESC LIMIT ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_int(s, 1, max) != SQLITE_OK) {
		kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
		(void)sqlite3_finalize(s);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < max) {
		col(out[n].device_id, sizeof out[n].device_id, s, 0);
		out[n].seq = sqlite3_column_int64(s, 1);
		out[n].at_ms = sqlite3_column_int64(s, 2);
		col(out[n].name, sizeof out[n].name, s, 3);
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
		n = -1;
	}
	(void)sqlite3_finalize(s);
	return n;
}

/* The walk-in's entry, under the write lock: its id is the device's and
 * the time's, the next free millisecond when a walk-in of this device
 * already has it (two registered in one millisecond by two processes: the
 * second took the first's id, and the first guest was gone). */
static int walkin_locked(struct store *st, const char *door, const char *name, const char *phone,
			 const char *type, int64_t now_ms, char id[DOOR_ID_MAX], char err[KERR_LEN])
{
	char event_id[128], body[2048];
	struct jsonw w;
	int r;

	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0)
		return kerr(err, "no event in this store (run 'kiosk init' first)");
	for (int64_t t = now_ms;; t++) {
		(void)snprintf(id, DOOR_ID_MAX, "w-%s-%lld", store_device_id(st), (long long)t);
		if ((r = store_has(st, "SELECT 1 FROM attendees WHERE id=?1", id, "roster", err)) <= 0)
			break;
	}
	if (r < 0)
		return -1;
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", id);
	jsonw_str(&w, "event", event_id);
	if (attendees_seal(st, &w, name, phone, NULL, err) != 0)
		return -1;
	jsonw_str(&w, "type", type && *type ? type : "general");
	jsonw_str(&w, "door", door);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the walk-in's name is too long");
	return store_append(st, now_ms, "walkin", body, NULL, err);
}

int doorq_walkin(struct store *st, const char *door, const char *name, const char *phone,
		 const char *type, int64_t now_ms, char id_out[DOOR_ID_MAX], char err[KERR_LEN])
{
	char id[DOOR_ID_MAX];
	int own;

	if (store_write_begin(st, &own, err) != 0)
		return -1;
	if (store_write_end(st, own, walkin_locked(st, door, name, phone, type, now_ms, id, err) == 0,
			    err) != 0)
		return -1;
	(void)snprintf(id_out, DOOR_ID_MAX, "%s", id);
	return 0;
}

/* 1 if (device_id, seq) is a check-in that still stands, 0 not, -1 error. */
static int still_standing(struct store *st, const char *device_id, int64_t seq, char err[KERR_LEN])
{
	static const char sql[] = "SELECT count(*) FROM active_checkins WHERE device_id=?1 AND seq=?2";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc, n = 0;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, device_id, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 2, seq) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return kerr(err, "cannot read check-ins: %s", sqlite3_errmsg(store_db(st)));
	return n > 0;
}

int doorq_undo(struct store *st, const char *device_id, int64_t seq, const char *reason,
	       int64_t now_ms, char err[KERR_LEN])
{
	char body[384];
	struct jsonw w;
	int own, r;

	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "device_id", device_id);
	jsonw_int(&w, "seq", seq);
	if (reason)
		jsonw_str(&w, "reason", reason);
	if (jsonw_end(&w) != 0)
		return kerr(err, "device id too long");
	/* "still standing?" under the write lock: two undos, one entry. */
	if (store_write_begin(st, &own, err) != 0)
		return -1;
	r = still_standing(st, device_id, seq, err);
	if (r == 0)
		r = kerr(err, "that check-in was already undone");
	if (r > 0)
		r = store_append(st, now_ms, "checkin_undone", body, NULL, err);
	return store_write_end(st, own, r == 0, err);
}
