/* doorq.c - the door's reads and its walk-in and undo entries.
 * Adapter: store + sqlite3; the tables are the projections of schema.c. */
#include "doorq.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonw.h"
#include "db.h"
#include "search.h"
#include "store.h"

static int64_t count(struct store *st, const char *sql, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int64_t n = -1;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "cannot count: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		kerr(err, "cannot count: %s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_finalize(s); /* errors were reported by step */
	return n;
}

int doorq_counts(struct store *st, int64_t *in, int64_t *expected, int64_t *walkins,
		 char err[KERR_LEN])
{
	*in = count(st, "SELECT count(DISTINCT attendee_id) FROM active_checkins", err);
	if (*in < 0)
		return -1;
	*expected = count(st, "SELECT count(*) FROM attendees WHERE id NOT IN"
			      " (SELECT attendee_id FROM revocations)", err);
	if (*expected < 0)
		return -1;
	*walkins = count(st, "SELECT count(*) FROM attendees WHERE walkin = 1", err);
	return *walkins < 0 ? -1 : 0;
}

static void col(char *dst, size_t cap, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	(void)snprintf(dst, cap, "%s", t ? (const char *)t : ""); /* truncation keeps a prefix */
}

/* The query's digits in ASCII (Bengali digits mapped) when it is only digits,
 * spaces and dashes; returns the number of digits, or -1 if anything else. */
static int digits_only(const char *q, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)q;
	size_t n = 0;

	while (*p) {
		int d = -1;

		if (*p >= '0' && *p <= '9') {
			d = *p - '0';
			p++;
		} else if (p[0] == 0xE0 && p[1] == 0xA7 && p[2] >= 0xA6 && p[2] <= 0xAF) {
			d = p[2] - 0xA6; /* U+09E6..U+09EF */
			p += 3;
		} else if (*p == ' ' || *p == '-') {
			p++;
			continue;
		} else {
			return -1;
		}
		if (n + 1 >= cap)
			return -1;
		out[n++] = (char)('0' + d);
	}
	out[n] = '\0';
	return (int)n;
}

int doorq_search(struct store *st, const char *query, struct door_person *out, int max,
		 char err[KERR_LEN])
{
	char digits[32], pattern[DOOR_QUERY_MAX * 2 + 4];
	sqlite3_stmt *s;
	int n = 0, rc, by_phone;
	const char *sql;
	size_t i, o = 0;

	if (!query[0])
		return 0;
	by_phone = digits_only(query, digits, sizeof digits) >= 1; /* names hold no digits */
	/* Escape LIKE's wildcards so a typed % or _ matches itself. */
	pattern[o++] = '%';
	for (i = 0; query[i] && o + 3 < sizeof pattern; i++) {
		if (query[i] == '%' || query[i] == '_' || query[i] == '\\')
			pattern[o++] = '\\';
		pattern[o++] = query[i];
	}
	pattern[o++] = '%';
	pattern[o] = '\0';
	sql = by_phone
		? "SELECT a.id, a.name, coalesce(a.phone,''), a.type,"
		  " EXISTS(SELECT 1 FROM inside i WHERE i.attendee_id = a.id)"
		  " FROM attendees a WHERE a.phone LIKE '%' || ?1"
		  " AND a.id NOT IN (SELECT attendee_id FROM revocations)"
		  " ORDER BY a.name LIMIT ?2"
		: "SELECT a.id, a.name, coalesce(a.phone,''), a.type,"
		  " EXISTS(SELECT 1 FROM inside i WHERE i.attendee_id = a.id)"
		  " FROM attendees a WHERE a.name LIKE ?1 ESCAPE '\\'"
		  " AND a.id NOT IN (SELECT attendee_id FROM revocations)"
		  " ORDER BY a.name LIMIT ?2";
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "cannot search: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(s, 1, by_phone ? digits : pattern, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int(s, 2, max) != SQLITE_OK) {
		kerr(err, "cannot search: %s", sqlite3_errmsg(store_db(st)));
		(void)sqlite3_finalize(s);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < max) {
		col(out[n].id, sizeof out[n].id, s, 0);
		col(out[n].name, sizeof out[n].name, s, 1);
		col(out[n].phone, sizeof out[n].phone, s, 2);
		col(out[n].type, sizeof out[n].type, s, 3);
		out[n].is_in = sqlite3_column_int(s, 4);
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		kerr(err, "cannot search: %s", sqlite3_errmsg(store_db(st)));
		n = -1;
	}
	(void)sqlite3_finalize(s); /* errors were reported by step */
	/* Then by sound: rashed finds রাশেদ, kaushik কৌশিক, ক ক্ষমা. */
	if (n >= 0 && n < max && !by_phone)
		n = search_by_key(st, query, out, n, max, err);
	return n;
}

int doorq_recent(struct store *st, struct door_recent *out, int max, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int n = 0, rc;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT c.device_id, c.seq, c.at_ms, coalesce(a.name, c.attendee_id)"
			       " FROM active_checkins c LEFT JOIN attendees a ON a.id = c.attendee_id"
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

int doorq_walkin(struct store *st, const char *door, const char *name, const char *phone,
		 const char *type, int64_t now_ms, char id_out[DOOR_ID_MAX], char err[KERR_LEN])
{
	char event_id[128], body[2048], id[DOOR_ID_MAX];
	struct jsonw w;

	if (store_meta_get(st, "event_id", event_id, sizeof event_id) <= 0)
		return kerr(err, "no event in this store (run 'kiosk init' first)");
	(void)snprintf(id, sizeof id, "w-%s-%lld", store_device_id(st), (long long)now_ms);
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", id);
	jsonw_str(&w, "event", event_id);
	jsonw_str(&w, "name", name);
	jsonw_str(&w, "phone", phone);
	jsonw_str(&w, "type", type && *type ? type : "general");
	jsonw_str(&w, "door", door);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the walk-in's name is too long");
	if (store_append(st, now_ms, "walkin", body, NULL, err) != 0)
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
