/* attendees.c - the roster's questions and the doors' rules.
 * Adapter: store + sqlite3; the tables are the projections of schema.c. */
#include "attendees.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonw.h"
#include "core/phone.h"
#include "core/ticket.h"
#include "db.h"
#include "keys.h"
#include "schema.h"
#include "store.h"
#include "vault.h"

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

int attendees_seal(struct store *st, struct jsonw *w, const char *name, const char *phone,
		   const char *email, char err[KERR_LEN])
{
	/* A body holds at most about 4 KB: these fit any row that fits it. */
	char plain[2048], sealed[2900], bi[VAULT_BLIND_HEX];
	struct jsonw p;
	int r;

	jsonw_init(&p, plain, sizeof plain);
	jsonw_str(&p, "name", name);
	if (phone && *phone)
		jsonw_str(&p, "phone", phone);
	if (email && *email)
		jsonw_str(&p, "email", email);
	if (jsonw_end(&p) != 0) {
		sodium_memzero(plain, sizeof plain);
		return kerr(err, "the name, phone and email are too long");
	}
	r = vault_seal_roster(st, plain, sealed, sizeof sealed, err);
	sodium_memzero(plain, sizeof plain);
	if (r != 0)
		return -1;
	jsonw_str(w, "pii", sealed);
	if (phone && *phone) {
		if (vault_blind(st, "phone", phone, bi, err) != 0)
			return -1;
		jsonw_str(w, "phone_bi", bi);
	}
	return 0;
}

/* The attendee an import row is: the rows with that phone (blind index, or
 * in clear before issue 14) or, without a phone, that code; the lowest
 * serial first, so a roster that got two rows for one phone before this
 * rule still answers the same one. */
#define KNOWN_COLS "a.id, coalesce(a.serial,0), a.name, coalesce(a.email,''), coalesce(a.phone,'')," \
	" a.type, coalesce(a.code,'')"
/* The lowest serial is picked from the rows as they come (attendees_known):
 * an ORDER BY ... LIMIT 1 opened a sorter for every import row, a tenth of
 * an import's time, for the one row there almost always is. */
static const char sql_known_phone[] = BY_PHONE(KNOWN_COLS, "attendees_pii a", "?1", "");
static const char sql_known_code[] = "SELECT " KNOWN_COLS " FROM attendees_pii a"
	" WHERE a.code = ?4 AND a.event_id = ?1";

static void copy_text(char *dst, size_t cap, sqlite3_stmt *s, int i)
{
	(void)snprintf(dst, cap, "%s", col_text(s, i)); /* sized for any body's fields */
}

int attendees_known(struct store *st, const char *event_id, const char *phone,
		    const char *code, struct attendees_known *k, char err[KERR_LEN])
{
	int has_phone = phone && *phone, has_code = code && *code, rc, found = 0;
	sqlite3_stmt *s;
	char bi[VAULT_BLIND_HEX];

	if (!has_phone && !has_code)
		return kerr(err, "an attendee needs a phone or a code");
	if (has_phone && vault_blind(st, "phone", phone, bi, err) != 0)
		return -1;
	s = store_stmt(st, has_phone ? sql_known_phone : sql_known_code, err);
	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, event_id, -1, SQLITE_STATIC) ||
	    (has_phone ? sqlite3_bind_text(s, 2, phone, -1, SQLITE_STATIC) ||
			 sqlite3_bind_text(s, 3, bi, -1, SQLITE_TRANSIENT)
		       : sqlite3_bind_text(s, 4, code, -1, SQLITE_STATIC))) {
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
		sqlite3_reset(s);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t serial = sqlite3_column_int64(s, 1);

		/* the lowest serial, a row without one (0) last */
		if (found && (serial == 0 || (k->serial != 0 && k->serial <= serial)))
			continue;
		found = 1;
		copy_text(k->id, sizeof k->id, s, 0);
		k->serial = serial;
		copy_text(k->name, sizeof k->name, s, 2);
		copy_text(k->email, sizeof k->email, s, 3);
		copy_text(k->phone, sizeof k->phone, s, 4);
		copy_text(k->type, sizeof k->type, s, 5);
		copy_text(k->code, sizeof k->code, s, 6);
	}
	if (rc != SQLITE_DONE)
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	sqlite3_reset(s);
	(void)sqlite3_clear_bindings(s); /* cannot fail; drops the borrowed strings */
	return rc != SQLITE_DONE ? -1 : found;
}

/* The serial a T1 code of this event names, signed by one of its keys: >0,
 * 0 when key is no such code, -1 on error with err. */
static int64_t ticket_serial(struct store *st, const char *key, char err[KERR_LEN])
{
	uint8_t pk[KEYS_MAX][TICKET_PK_LEN];
	char ev[2 * TICKET_EVENT_ID_LEN + 1], event_id[2 * TICKET_EVENT_ID_LEN + 8];
	struct ticket t;
	int i, n;

	if (ticket_decode(key, &t) != 0)
		return 0;
	for (i = 0; i < TICKET_EVENT_ID_LEN; i++)
		(void)snprintf(ev + 2 * i, 3, "%02x", t.event_id[i]);
	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0 ||
	    strcmp(ev, event_id) != 0)
		return 0; /* another event's ticket names nobody here */
	if ((n = keys_public(st, pk, KEYS_MAX, err)) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (ticket_is_signed_by(key, pk[i]))
			return t.serial;
	return 0;
}

int attendees_find(struct store *st, const char *key, char id[ATTENDEES_ID_MAX],
		   char err[KERR_LEN])
{
	sqlite3_stmt *s;
	char bi[VAULT_BLIND_HEX], e2[KERR_LEN], phone[PHONE_LEN];
	/* A phone as people write it (017..., 8801..., Bengali digits) is
	 * looked up as the roster keeps it, +8801XXXXXXXXX. */
	const char *p = phone_normalise(key, phone) == 0 ? phone : key;
	int rc, n = 0, by_phone = vault_is_unlocked(st) && vault_blind(st, "phone", p, bi, e2) == 0;
	int64_t serial = ticket_serial(st, key, err);

	if (serial < 0)
		return -1;
	/* A phone is found by its blind index (while unlocked), or in clear in
	 * a row from before issue 14; a T1 code by the serial it signs. Each
	 * way by its own index (one OR of them all read every guest of the
	 * event: 0.7 s at a million); + keeps SQLite from taking the event's
	 * index for the code and the phones. */
#define EV SCHEMA_CURRENT_EVENT
	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT id FROM attendees WHERE id=?1 AND event_id=" EV
			       " UNION SELECT id FROM attendees WHERE event_id=" EV
			       "  AND serial=CAST(?1 AS INTEGER) AND CAST(serial AS TEXT)=?1"
			       " UNION SELECT id FROM attendees WHERE +event_id=" EV " AND "
			       CODE_MATCHES("code", "?1")
			       " UNION SELECT id FROM attendees WHERE phone_bi=?2 AND +event_id=" EV
			       " UNION SELECT id FROM attendees WHERE event_id=" EV " AND serial=?3"
			       " UNION SELECT id FROM attendees WHERE substr(pii,1,3) <> 's1.'"
			       "  AND json_extract(pii,'$.phone')=?4 AND +event_id=" EV,
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (by_phone ? sqlite3_bind_text(s, 2, bi, -1, SQLITE_TRANSIENT)
		      : sqlite3_bind_null(s, 2)) != SQLITE_OK ||
	    (serial ? sqlite3_bind_int64(s, 3, serial) : sqlite3_bind_null(s, 3)) != SQLITE_OK ||
	    sqlite3_bind_text(s, 4, p, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s); /* NULL is fine; the error is reported below */
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	}
#undef EV
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
			       "SELECT coalesce(serial, id), name, coalesce(phone,''), type,"
			       " CASE WHEN EXISTS(SELECT 1 FROM revocations r WHERE r.attendee_id=a.id)"
			       " THEN 'cancelled' WHEN EXISTS(SELECT 1 FROM active_checkins c"
			       " WHERE c.attendee_id=a.id) THEN 'in' ELSE 'expected' END,"
			       " (SELECT coalesce(g.serial, g.id) FROM guest_aliases x JOIN attendees g"
			       "  ON g.id = x.guest_id WHERE x.attendee_id = a.id)"
			       " FROM attendees_pii a WHERE event_id=(SELECT value FROM meta WHERE"
			       " key='event_id') ORDER BY serial IS NULL, serial, at_ms",
			       -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct attendees_line l = {col_text(s, 0), col_text(s, 1), col_text(s, 2),
					   col_text(s, 3), col_text(s, 4), col_text(s, 5)};

		fn(ctx, &l);
	}
	(void)sqlite3_finalize(s); /* a read; its errors were seen at step */
	if (rc != SQLITE_DONE)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	return 0;
}

int attendees_same_guest(struct store *st, const char *id, char guest_id[ATTENDEES_ID_MAX],
			 char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT guest_id FROM guest_aliases WHERE attendee_id = ?1",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC) != SQLITE_OK) {
		kerr(err, "cannot read guest_aliases: %s", sqlite3_errmsg(store_db(st)));
		(void)sqlite3_finalize(s); /* NULL is fine; the error is in err */
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		(void)snprintf(guest_id, ATTENDEES_ID_MAX, "%s", col_text(s, 0)); /* ids fit */
	else if (rc != SQLITE_DONE)
		kerr(err, "cannot read guest_aliases: %s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_finalize(s); /* a read; its errors were seen at step */
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The event's attendees that get a ticket: cancelled attendees get none (the
 * door would refuse it), nor do walk-ins (registered at the door, and already
 * inside). ?1 is the event id. */
#define ISSUABLE_IN(T) "FROM " T " a WHERE a.event_id = ?1 AND a.walkin = 0" \
	" AND NOT EXISTS (SELECT 1 FROM revocations r WHERE r.attendee_id = a.id)"
#define ISSUABLE ISSUABLE_IN("attendees")

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
			       ISSUABLE_IN("attendees_pii") " ORDER BY a.serial IS NULL, a.serial, a.id",
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
