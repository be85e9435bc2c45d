/* visits.c - counts of guests admitted and inside, per door and station;
 * stations and door settings. Adapter: store + sqlite3; the tables are the
 * projections of schema.c. */
#include "visits.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonw.h"
#include "db.h"
#include "schema.h"
#include "doorq.h"
#include "search.h"
#include "store.h"
#include "vault.h"

static int fail(struct store *st, sqlite3_stmt *s, const char *what, char err[KERR_LEN])
{
	if (s)
		sqlite3_reset(s);
	return kerr(err, "cannot read %s: %s", what, sqlite3_errmsg(store_db(st)));
}

/* Rows of (name, a, b, c[, twice]) into places; returns how many, or -1. */
static int places(struct store *st, const char *sql, struct door_place *p, char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc, n = 0;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);

		if (n >= DOOR_PLACES_MAX)
			continue; /* cut: the screen and status show the first ones */
		(void)snprintf(p[n].name, sizeof p[n].name, "%s", t ? (const char *)t : "");
		p[n].admitted = sqlite3_column_int64(s, 1);
		p[n].inside = sqlite3_column_int64(s, 2);
		p[n].exits = sqlite3_column_int64(s, 3);
		p[n].twice = sqlite3_column_count(s) > 4 ? sqlite3_column_int64(s, 4) : 0;
		n++;
	}
	if (rc != SQLITE_DONE)
		return fail(st, s, "the doors", err);
	sqlite3_reset(s);
	return n;
}

int visits_recount(struct store *st, char err[KERR_LEN])
{
	return store_exec(st, schema_counts_recount, err);
}

int visits_status(struct store *st, struct door_status *out, char err[KERR_LEN])
{
	/* The door_counts projection (row '': the event) holds every figure
	 * but the stations': nothing is counted here, at any roster size.
	 * guest_counts reads it with each walk-in registered again under a
	 * phone already held (guest_aliases, few rows) counted once. CROSS
	 * JOIN: the aliases drive, never the event's attendees (a scan of the
	 * roster: SQLite without statistics takes the event_id index for
	 * selective). */
	static const char sql_event[] =
		"SELECT checked_in, inside, exits, expected, walkins,"
		" (SELECT count(*) FROM guest_aliases g CROSS JOIN attendees a ON a.id = g.attendee_id"
		"  WHERE a.event_id = " SCHEMA_CURRENT_EVENT ")"
		" FROM guest_counts WHERE door = ''";
	/* Every door that saw a check-in or an exit, or was set up. */
	static const char sql_doors[] =
		"SELECT d.name, coalesce(c.checked_in, 0), coalesce(c.inside, 0), coalesce(c.exits, 0)"
		" FROM (SELECT door AS name FROM door_counts WHERE door <> '' UNION SELECT name FROM doors) d"
		" LEFT JOIN guest_counts c ON c.door = d.name ORDER BY d.name";
	/* Guests served, each once whatever registration they came with, and
	 * the visits beyond one per guest: counted here, by the stations' index. */
	static const char sql_stations[] =
		"SELECT name, served, 0, 0, twice FROM (" VISITS_STATION_ROWS(SCHEMA_CURRENT_EVENT) ")"
		" ORDER BY name";
	sqlite3_stmt *s = store_stmt(st, sql_event, err);
	int n, rc;

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->admitted = sqlite3_column_int64(s, 0);
		out->inside = sqlite3_column_int64(s, 1);
		out->exits = sqlite3_column_int64(s, 2);
		out->expected = sqlite3_column_int64(s, 3);
		out->walkins = sqlite3_column_int64(s, 4);
		out->walkin_duplicates = sqlite3_column_int64(s, 5);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(st, s, "the counts", err);
	sqlite3_reset(s);
	if ((n = places(st, sql_doors, out->door, err)) < 0)
		return -1;
	out->ndoors = n;
	if ((n = places(st, sql_stations, out->station, err)) < 0)
		return -1;
	out->nstations = n;
	for (int i = 0; i < n; i++)
		out->station_twice += out->station[i].twice;
	return 0;
}

int visits_station_add(struct store *st, const char *name, int64_t now_ms,
		       char as_stored[PLACE_NAME_MAX + 1], char err[KERR_LEN])
{
	/* NOCASE folds ASCII only: Bengali has no case. */
	static const char sql[] = "SELECT name FROM stations WHERE name=?1 COLLATE NOCASE"
				  " ORDER BY at_ms, device_id, seq LIMIT 1";
	char body[512];
	struct jsonw w;
	sqlite3_stmt *s;
	int rc;

	if (store_begin(st, err) != 0)
		return -1;
	if (!(s = store_stmt(st, sql, err)))
		goto fail;
	if (sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC) != SQLITE_OK) {
		fail(st, s, "the stations", err);
		goto fail;
	}
	(void)snprintf(as_stored, PLACE_NAME_MAX + 1, "%s", name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		(void)snprintf(as_stored, PLACE_NAME_MAX + 1, "%s",
			       (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc == SQLITE_ROW) {
		store_rollback(st);
		return 0;
	}
	if (rc != SQLITE_DONE) {
		kerr(err, "cannot read the stations: %s", sqlite3_errmsg(store_db(st)));
		goto fail;
	}
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "name", name);
	if (jsonw_end(&w) != 0) {
		kerr(err, "the station's name is too long");
		goto fail;
	}
	if (store_append(st, now_ms, "station_added", body, NULL, err) != 0)
		goto fail;
	return store_commit(st, err) == 0 ? 1 : -1;
fail:
	store_rollback(st);
	return -1;
}

int visits_door_get(struct store *st, const char *door, struct door_config *out,
		    char err[KERR_LEN])
{
	static const char sql[] = "SELECT mode, self_service FROM doors WHERE name=?1";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, door, -1, SQLITE_STATIC) != SQLITE_OK)
		return fail(st, s, "the door settings", err);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *m = sqlite3_column_text(s, 0);

		out->mode = m && strcmp((const char *)m, "exit") == 0 ? DOOR_MODE_EXIT : DOOR_MODE_ENTRY;
		out->self_service = sqlite3_column_int(s, 1);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(st, s, "the door settings", err);
	sqlite3_reset(s);
	return 0;
}

int visits_door_set(struct store *st, const char *door, int set_allow, const char *allow,
		    int set_mode, enum door_mode mode, int set_self, int self_service,
		    char err[KERR_LEN])
{
	static const char sql[] =
		"INSERT INTO doors(name, allowed, mode, self_service) VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT(name) DO UPDATE SET"
		"  allowed = CASE WHEN ?5 THEN excluded.allowed ELSE allowed END,"
		"  mode = CASE WHEN ?6 THEN excluded.mode ELSE mode END,"
		"  self_service = CASE WHEN ?7 THEN excluded.self_service ELSE self_service END";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, door, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (set_allow && allow ? sqlite3_bind_text(s, 2, allow, -1, SQLITE_STATIC)
				: sqlite3_bind_null(s, 2)) != SQLITE_OK ||
	    sqlite3_bind_text(s, 3, mode == DOOR_MODE_EXIT ? "exit" : "entry", -1,
			      SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int(s, 4, self_service) != SQLITE_OK ||
	    sqlite3_bind_int(s, 5, set_allow) != SQLITE_OK ||
	    sqlite3_bind_int(s, 6, set_mode) != SQLITE_OK ||
	    sqlite3_bind_int(s, 7, set_self) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot save the door: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return kerr(err, "cannot save the door: %s", sqlite3_errmsg(store_db(st)));
	return 0;
}

int visits_by_phone(struct store *st, const char *phone, struct door_person *out,
		    char err[KERR_LEN])
{
	static const char sql[] =
		"SELECT * FROM (" BY_PHONE("a.id, a.name, coalesce(a.phone,''), a.type,"
		" EXISTS(SELECT 1 FROM inside i WHERE i.attendee_id = a.id), a.walkin, a.serial, a.at_ms",
		"attendees_pii a", "(SELECT value FROM meta WHERE key = 'event_id')",
		" AND NOT EXISTS (SELECT 1 FROM revocations r WHERE r.attendee_id = a.id)")
		") ORDER BY 6, 7, 8 LIMIT 1";
	char bi[VAULT_BLIND_HEX];
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	if (!s)
		return -1;
	if (vault_blind(st, "phone", phone, bi, err) != 0) {
		sqlite3_reset(s);
		return -1;
	}
	if (sqlite3_bind_text(s, 2, phone, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s, 3, bi, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return fail(st, s, "the roster", err);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		search_row(s, out);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(st, s, "the roster", err);
	sqlite3_reset(s);
	return rc == SQLITE_ROW;
}

int visits_walkin(struct store *st, const char *door, const char *name, const char *phone,
		  const char *type, int64_t now_ms, char id_out[DOOR_ID_MAX],
		  struct door_person *known, char err[KERR_LEN])
{
	int r;

	if (store_begin(st, err) != 0)
		return -1;
	if ((r = visits_by_phone(st, phone, known, err)) != 0) {
		store_rollback(st);
		return r > 0 ? 0 : -1;
	}
	if (doorq_walkin(st, door, name, phone, type, now_ms, id_out, err) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err) == 0 ? 1 : -1;
}
