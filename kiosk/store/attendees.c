/* attendees.c - the roster's questions and the doors' rules.
 * Adapter: store + sqlite3; the tables are the projections of schema.c. */
#include "attendees.h"

#include <stdio.h>

#include "db.h"
#include "store.h"

/* Column text, "" for NULL. Valid until the next step of s. */
static const char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

int attendees_types(struct store *st, const char *event_id,
		    int (*fn)(void *ctx, const char *type, int type_id), void *ctx,
		    char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT DISTINCT type, type_id FROM attendees"
				" WHERE event_id=?1 AND type<>'general'", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s); /* NULL is fine; the error is reported below */
		return kerr(err, "cannot read ticket types: %s", sqlite3_errmsg(store_db(st)));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	       fn(ctx, col_text(s, 0), sqlite3_column_int(s, 1)) == 0)
		;
	(void)sqlite3_finalize(s); /* a read; its errors were seen at step */
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kerr(err, "cannot read ticket types: %s", sqlite3_errmsg(store_db(st)));
	return 0;
}

int64_t attendees_max_serial(struct store *st, const char *event_id)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	if (sqlite3_prepare_v2(store_db(st), "SELECT coalesce(max(serial),0) FROM attendees"
				" WHERE event_id=?1", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_bind_text(s, 1, event_id, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	(void)sqlite3_finalize(s); /* a read; a failed step left n at -1 */
	return n;
}

static const char sql_has[] = "SELECT 1 FROM attendees WHERE event_id=?1 AND name=?2"
			      " AND phone IS ?3 AND code IS ?4";

int attendees_has(struct store *st, const char *event_id, const char *name,
		  const char *phone, const char *code, char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, sql_has, err);
	int rc;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, event_id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC) ||
	    (phone && *phone ? sqlite3_bind_text(s, 3, phone, -1, SQLITE_STATIC)
			     : sqlite3_bind_null(s, 3)) ||
	    (code && *code ? sqlite3_bind_text(s, 4, code, -1, SQLITE_STATIC)
			   : sqlite3_bind_null(s, 4))) {
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
		sqlite3_reset(s);
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	sqlite3_reset(s);
	(void)sqlite3_clear_bindings(s); /* cannot fail; drops the borrowed strings */
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

int attendees_find(struct store *st, const char *key, char id[ATTENDEES_ID_MAX],
		   char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc, n = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id FROM attendees WHERE event_id="
				"(SELECT value FROM meta WHERE key='event_id') AND"
				" (id=?1 OR CAST(serial AS TEXT)=?1 OR phone=?1 OR code=?1)",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s); /* NULL is fine; the error is reported below */
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n++ == 0)
			(void)snprintf(id, ATTENDEES_ID_MAX, "%s", col_text(s, 0));
	}
	(void)sqlite3_finalize(s); /* a read; its errors were seen at step */
	if (rc != SQLITE_DONE)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	if (n == 0)
		return kerr(err, "no attendee '%s' in this event", key);
	if (n > 1)
		return kerr(err, "'%s' matches %d attendees; give the serial or id", key, n);
	return 0;
}

int attendees_list(struct store *st, void (*fn)(void *ctx, const struct attendees_line *l),
		   void *ctx, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT coalesce(serial,''), name, coalesce(phone,''), type,"
			       " CASE WHEN EXISTS(SELECT 1 FROM revocations r WHERE r.attendee_id=a.id)"
			       " THEN 'cancelled' WHEN EXISTS(SELECT 1 FROM active_checkins c"
			       " WHERE c.attendee_id=a.id) THEN 'in' ELSE 'expected' END"
			       " FROM attendees a WHERE event_id=(SELECT value FROM meta WHERE"
			       " key='event_id') ORDER BY serial IS NULL, serial, at_ms",
			       -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct attendees_line l = {col_text(s, 0), col_text(s, 1), col_text(s, 2),
					   col_text(s, 3), col_text(s, 4)};

		fn(ctx, &l);
	}
	(void)sqlite3_finalize(s); /* a read; its errors were seen at step */
	if (rc != SQLITE_DONE)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	return 0;
}

/* The event's attendees that get a ticket: cancelled attendees get none (the
 * door would refuse it), nor do walk-ins (registered at the door, and already
 * inside). ?1 is the event id. */
#define ISSUABLE "FROM attendees a WHERE a.event_id = ?1 AND a.walkin = 0" \
	" AND NOT EXISTS (SELECT 1 FROM revocations r WHERE r.attendee_id = a.id)"

int attendees_issuable_count(struct store *st, const char *event_id, int64_t *count,
			     int64_t *max_serial, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int ok;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT count(*), (SELECT coalesce(max(serial), 0) FROM attendees"
			       " WHERE event_id = ?1) " ISSUABLE, -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	ok = sqlite3_bind_text(s, 1, event_id, -1, SQLITE_STATIC) == SQLITE_OK &&
	     sqlite3_step(s) == SQLITE_ROW;
	if (ok) {
		*count = sqlite3_column_int64(s, 0);
		*max_serial = sqlite3_column_int64(s, 1);
	} else {
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	}
	(void)sqlite3_finalize(s); /* a read; its errors were seen at step */
	return ok ? 0 : -1;
}

int attendees_issuable_each(struct store *st, const char *event_id,
			    int (*fn)(void *ctx, const struct attendees_issuable *a), void *ctx,
			    char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc, stop = 0;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT a.serial, a.name, a.phone, a.type_id, a.type, a.code, a.id "
			       ISSUABLE " ORDER BY a.serial IS NULL, a.serial, a.id",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s); /* NULL is fine; the error is reported below */
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	}
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct attendees_issuable a;

		a.has_serial = sqlite3_column_type(s, 0) != SQLITE_NULL;
		a.serial = sqlite3_column_int64(s, 0);
		a.type_id = sqlite3_column_int64(s, 3);
		a.name = col_text(s, 1);
		a.phone = col_text(s, 2);
		a.type = col_text(s, 4);
		a.code = col_text(s, 5);
		a.id = col_text(s, 6);
		stop = fn(ctx, &a);
	}
	if (!stop && rc != SQLITE_DONE)
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_finalize(s); /* a read; its errors were seen at step */
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : -1;
}
