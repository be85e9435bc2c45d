/* report_door.c - the report's door figures: check-ins counted, per door,
 * arrivals over time, visits (returning guests), no-shows, double scans and
 * refusal reasons. Adapter: sqlite3 over TEMP tables of its own (r_all,
 * r_ci, r_first), made once per collect. Split from report.c by job. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_q.h"
#include "schema.h"
#include "visits.h"

/* ------------------------------------------------------------ check-ins */

/* The standing check-ins are read once into TEMP tables: r_all (of every
 * event, with the attendee's phone, for returning guests), r_ci (this
 * event's) and r_first (each attendee's first one here: their arrival).
 * Every figure below reads them instead of scanning the view again; that is
 * what keeps 100,000 check-ins well inside the 2 s budget. attendee_id in
 * them is the guest (GUEST_OF): a walk-in alias's check-ins are its guest's. */
#define FIRST_ARRIVALS "SELECT attendee_id, door, at_ms FROM r_first"
/* The guest an attendee id COL is (guest_aliases, schema.c), so every figure
 * below counts a walk-in registered again under a phone once. */
#define GUEST_OF(COL) SCHEMA_GUEST_OF(COL)

int report_make_temp_checkins(struct q *q, const struct report *r)
{
	sqlite3_stmt *s;
	int rc;
	char sql[1024];

	/* attendee_id: the guest, GUEST_OF written as a join (by sqlite3's
	 * timer on the report bench's store, 119 ms where a subquery per row
	 * took 178). pkey: the guest's phone as the returning-customer match
	 * takes it (report.c read_events, rq_pkey): a sealed row's blind index
	 * as it is. Opening every row to blind its phone again cost a
	 * decryption and a hash per check-in. */
	(void)snprintf(sql, sizeof sql,
		       "DROP TABLE IF EXISTS temp.r_all; DROP TABLE IF EXISTS temp.r_ci;"
		       "DROP TABLE IF EXISTS temp.r_first;"
		       "CREATE TEMP TABLE r_all AS SELECT c.event_id,"
		       "  coalesce(g.guest_id, c.attendee_id) AS attendee_id,"
		       "  %s AS pkey, c.door, c.at_ms, c.walkin, c.device_id, c.seq"
		       "  FROM active_checkins c LEFT JOIN main.attendees a ON a.id = c.attendee_id"
		       "  LEFT JOIN guest_aliases g ON g.attendee_id = c.attendee_id;"
		       "CREATE TEMP TABLE r_ci(attendee_id TEXT, door TEXT, at_ms INTEGER,"
		       "  walkin INTEGER, device_id TEXT, seq INTEGER);"
		       "CREATE TEMP TABLE r_first(attendee_id TEXT PRIMARY KEY, door TEXT,"
		       "  at_ms INTEGER) WITHOUT ROWID;",
		       rq_pkey(q, "a"));
	if (rq_exec(q, sql) != 0)
		return -1;
	if (rq_prepare(q, "INSERT INTO r_ci SELECT attendee_id, door, at_ms, walkin, device_id, seq"
			 " FROM r_all WHERE event_id = ?1", &s) != 0)
		return -1;
	if (sqlite3_bind_text(s, 1, r->event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	rc = sqlite3_step(s);
	if (rq_done(q, s, rc) != 0)
		return -1;
	/* min() picks the bare column door from the same row (SQLite's rule).
	 * r_rep: the guests let in twice without an exit between (the
	 * repeat_entries view's window over every movement), read once for
	 * the count and the table that both ask it. */
	return rq_exec(q, "CREATE INDEX temp.r_ci_att ON r_ci(attendee_id);"
		      "INSERT INTO r_first SELECT attendee_id, door, min(at_ms) FROM r_ci"
		      "  GROUP BY attendee_id;"
		      "DROP TABLE IF EXISTS temp.r_rep;"
		      "CREATE TEMP TABLE r_rep(attendee_id TEXT PRIMARY KEY) WITHOUT ROWID;"
		      "INSERT OR IGNORE INTO r_rep SELECT " GUEST_OF("attendee_id") " FROM repeat_entries;");
}

/* Each count is one int64_t field of struct report, filled by one query with
 * ?1 = the event id. Queries over r_ci/r_first (already this event's) still
 * mention ?1 ("?1 IS NOT NULL") so every row of the table binds the same way. */
int report_read_counts(struct q *q, struct report *r)
{
	static const struct {
		size_t off;
		const char *sql;
	} counts[] = {
		{offsetof(struct report, registered),
		 "SELECT count(*) FROM attendees WHERE event_id = ?1 AND walkin = 0"},
		{offsetof(struct report, cancelled),
		 "SELECT count(*) FROM attendees a JOIN revocations v ON v.attendee_id = a.id"
		 " WHERE a.event_id = ?1 AND a.walkin = 0"},
		{offsetof(struct report, checked_in),
		 "SELECT count(*) FROM r_first WHERE ?1 IS NOT NULL"},
		/* A guest whose walk-in repeats a roster guest came on the roster. */
		{offsetof(struct report, walkins),
		 "SELECT count(DISTINCT attendee_id) FROM r_ci c WHERE walkin = 1 AND ?1 IS NOT NULL"
		 " AND EXISTS (SELECT 1 FROM attendees a WHERE a.id = c.attendee_id AND a.walkin = 1)"},
		{offsetof(struct report, no_shows),
		 "SELECT count(*) FROM attendees a WHERE a.event_id = ?1 AND a.walkin = 0"
		 " AND NOT EXISTS (SELECT 1 FROM revocations v WHERE v.attendee_id = a.id)"
		 " AND NOT EXISTS (SELECT 1 FROM r_first f WHERE f.attendee_id = a.id)"},
		{offsetof(struct report, double_entries),
		 "SELECT count(*) FROM r_rep WHERE ?1 IS NOT NULL"
		 " AND attendee_id IN (SELECT attendee_id FROM r_first)"},
		{offsetof(struct report, walkin_duplicates),
		 "SELECT count(*) FROM guest_aliases g CROSS JOIN attendees a ON a.id = g.attendee_id"
		 " WHERE a.event_id = ?1"},
		{offsetof(struct report, rejections),
		 "SELECT count(*) FROM rejections WHERE event_id = ?1"},
		{offsetof(struct report, undone),
		 "SELECT count(*) FROM checkins c JOIN checkin_undos u"
		 " ON u.undo_device = c.device_id AND u.undo_seq = c.seq WHERE c.event_id = ?1"},
	};
	size_t i;

	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (rq_int(q, counts[i].sql, r->event_id,
			  (int64_t *)(void *)((char *)r + counts[i].off)) != 0)
			return -1;
	return 0;
}

int report_read_doors(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	if (rq_prepare(q, "SELECT d.door, coalesce(f.n, 0), d.n"
			 " FROM (SELECT door, count(*) AS n FROM r_ci GROUP BY door) d"
			 " LEFT JOIN (SELECT door, count(*) AS n FROM r_first GROUP BY door) f"
			 "   ON f.door = d.door ORDER BY d.door", &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_door *d;

		if (rq_grow(q, (void **)&r->doors, &cap, r->ndoors, sizeof *r->doors) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		d = &r->doors[r->ndoors++];
		d->name = rq_col_str(q, s, 0);
		d->arrivals = sqlite3_column_int64(s, 1);
		d->scans = sqlite3_column_int64(s, 2);
		if (!d->name) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}

static int door_index(const struct report *r, const char *name)
{
	int i;

	for (i = 0; i < r->ndoors; i++)
		if (strcmp(r->doors[i].name, name) == 0)
			return i;
	return -1;
}

/* Bars aligned to the event's local clock, so 15:00-15:10 is a bar in Dhaka. */
int report_read_arrivals(struct q *q, struct report *r)
{
	static const int widths[] = {10, 15, 30, 60, 120, 180, 360, 720, 1440};
	int64_t tz_ms = (int64_t)r->tz_off_min * 60000, lo = 0, hi = 0, bin_ms;
	sqlite3_stmt *s;
	int rc, w, have = 0;

	r->bin_min = REPORT_BIN_MIN;
	/* The bars reach the last exit too, so the inside line ends where it should. */
	if (rq_prepare(q, "SELECT min(at_ms), max(at_ms), count(*) FROM (SELECT at_ms FROM ("
			 FIRST_ARRIVALS ") UNION ALL SELECT at_ms FROM r_ci UNION ALL SELECT e.at_ms FROM exits e"
			 " WHERE " GUEST_OF("e.attendee_id") " IN (SELECT attendee_id FROM r_first))", &s) != 0)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		lo = sqlite3_column_int64(s, 0);
		hi = sqlite3_column_int64(s, 1);
		have = sqlite3_column_int64(s, 2) > 0;
		rc = sqlite3_step(s);
	}
	if (rq_done(q, s, rc) != 0)
		return -1;
	if (!have || r->ndoors == 0)
		return 0;
	for (w = 0; w < (int)(sizeof widths / sizeof widths[0]); w++) {
		bin_ms = (int64_t)widths[w] * 60000;
		r->bin_min = widths[w];
		r->bin0_ms = ((lo + tz_ms) / bin_ms) * bin_ms - tz_ms;
		if ((hi - r->bin0_ms) / bin_ms + 1 <= REPORT_BINS_MAX)
			break;
	}
	bin_ms = (int64_t)r->bin_min * 60000;
	if ((hi - r->bin0_ms) / bin_ms + 1 > REPORT_BINS_MAX)
		return kerr(q->err, "the check-ins span more than %d days; pick one event with --event",
			    REPORT_BINS_MAX);
	r->nbins = (int)((hi - r->bin0_ms) / bin_ms + 1);
	r->arrivals = arena_calloc(q->a, (size_t)r->nbins * (size_t)r->ndoors, sizeof *r->arrivals);
	if (!r->arrivals)
		return rq_oom(q);

	if (rq_prepare(q, "SELECT door, (at_ms - ?2) / ?3, count(*) FROM (" FIRST_ARRIVALS ")"
			 " GROUP BY 1, 2", &s) != 0)
		return -1;
	if (sqlite3_bind_int64(s, 2, r->bin0_ms) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 3, bin_ms) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int d = door_index(r, (const char *)sqlite3_column_text(s, 0));
		int64_t b = sqlite3_column_int64(s, 1);

		if (d < 0 || b < 0 || b >= r->nbins) {
			(void)sqlite3_finalize(s);
			return kerr(q->err, "arrivals changed while reading them; run the report again");
		}
		r->arrivals[b * r->ndoors + d] = sqlite3_column_int64(s, 2);
	}
	if (rq_done(q, s, rc) != 0)
		return -1;
	/* The busiest bar over all doors; the earliest wins a tie. */
	for (int b = 0; b < r->nbins; b++) {
		int64_t sum = 0;

		for (int d = 0; d < r->ndoors; d++)
			sum += r->arrivals[b * r->ndoors + d];
		if (sum > r->peak_count) {
			r->peak_count = sum;
			r->peak_start_ms = r->bin0_ms + b * bin_ms;
		}
	}
	return 0;
}

/* Exits, re-entries, stations and how many were inside over time. A movement
 * changes the count only when it changes the guest's state (an entry when
 * out, an exit when in), so a double entry from two doors counts once. */
int report_read_visits(struct q *q, struct report *r)
{
	static const char moves[] =
		"SELECT at_ms, door, entering, lag(entering) OVER (PARTITION BY attendee_id"
		"  ORDER BY at_ms, device_id, seq) AS prev FROM (SELECT c.attendee_id, c.at_ms,"
		"  c.device_id, c.seq, c.door, 1 AS entering FROM r_ci c UNION ALL"
		"  SELECT " GUEST_OF("e.attendee_id") ", e.at_ms, e.device_id, e.seq, e.door, 0 FROM exits e"
		"  WHERE " GUEST_OF("e.attendee_id") " IN (SELECT attendee_id FROM r_first))";
	int64_t bin_ms = (int64_t)r->bin_min * 60000, cur = 0;
	sqlite3_stmt *s;
	int rc, cap = 0, b;

	if (rq_int(q, "SELECT count(*) FROM exits WHERE event_id = ?1", r->event_id, &r->exits) != 0)
		return -1;
	if (r->nbins > 0) {
		r->inside = arena_calloc(q->a, (size_t)r->nbins, sizeof *r->inside);
		if (!r->inside)
			return rq_oom(q);
	}
	{
		static const char sql[] = "SELECT at_ms, door, CASE WHEN entering = 1 AND"
			" coalesce(prev, 0) = 0 THEN 1 WHEN entering = 0 AND prev = 1 THEN -1"
			" ELSE 0 END, entering = 1 AND prev = 0 FROM (";
		char full[sizeof sql + sizeof moves + 4];

		(void)snprintf(full, sizeof full, "%s%s)", sql, moves);
		if (rq_prepare(q, full, &s) != 0)
			return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t at = sqlite3_column_int64(s, 0), d = sqlite3_column_int64(s, 2);

		r->reentries += sqlite3_column_int(s, 3);
		if (r->nbins == 0 || d == 0)
			continue;
		b = (int)((at - r->bin0_ms) / bin_ms);
		if (b < 0)
			b = 0;
		if (b >= r->nbins)
			b = r->nbins - 1;
		r->inside[b] += d;
	}
	if (rq_done(q, s, rc) != 0)
		return -1;
	for (b = 0; b < r->nbins; b++) {
		cur += r->inside[b];
		r->inside[b] = cur;
		if (cur > r->peak_inside)
			r->peak_inside = cur;
	}
	r->inside_now = cur;
	/* Exits and inside per door of this event's guests, less each walk-in
	 * alias's guest counted twice (guest_shares: the current event's):
	 * all doors in one pass over the movements (a pass per door read them
	 * all again for each, and counted every event's guests: an earlier
	 * meetup's guests never scanned out stayed "inside" its doors). */
	if (rq_prepare(q, "SELECT door, sum(e), sum(i) FROM (SELECT door, 1 AS e, 0 AS i FROM exits"
			 "  WHERE event_id = ?1"
			 " UNION ALL SELECT i.door, 0, 1 FROM inside i JOIN attendees a ON a.id = i.attendee_id"
			 "  WHERE a.event_id = ?1"
			 " UNION ALL SELECT door, 0, -inside FROM guest_shares"
			 "  WHERE ?1 = " SCHEMA_CURRENT_EVENT ") GROUP BY door", &s) != 0)
		return -1;
	if (sqlite3_bind_text(s, 1, r->event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *door = (const char *)sqlite3_column_text(s, 0);

		/* rq_grow zeroed every door; a door that saw only exits is not in the table */
		if (door && (b = door_index(r, door)) >= 0) {
			r->doors[b].exits = sqlite3_column_int64(s, 1);
			r->doors[b].inside = sqlite3_column_int64(s, 2);
		}
	}
	if (rq_done(q, s, rc) != 0)
		return -1;
	if (rq_prepare(q, VISITS_STATION_ROWS("?1"), &s) != 0)
		return -1;
	if (sqlite3_bind_text(s, 1, r->event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_station *x;

		if (rq_grow(q, (void **)&r->stations, &cap, r->n_stations, sizeof *x) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		x = &r->stations[r->n_stations++];
		x->name = rq_col_str(q, s, 0);
		x->served = sqlite3_column_int64(s, 1);
		x->twice = sqlite3_column_int64(s, 2);
		r->station_twice += x->twice;
		if (!x->name) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}

int report_read_no_shows(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	if (rq_prepare(q, "SELECT coalesce(serial,0), name, coalesce(phone,''), type FROM attendees_pii a"
			 " WHERE a.event_id = ?1 AND a.walkin = 0"
			 " AND NOT EXISTS (SELECT 1 FROM revocations v WHERE v.attendee_id = a.id)"
			 " AND NOT EXISTS (SELECT 1 FROM r_first f WHERE f.attendee_id = a.id)"
			 " ORDER BY serial, name", &s) != 0)
		return -1;
	if (sqlite3_bind_text(s, 1, r->event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_person *p;

		if (rq_grow(q, (void **)&r->no_show_list, &cap, r->n_no_show, sizeof *p) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		p = &r->no_show_list[r->n_no_show++];
		p->serial = sqlite3_column_int64(s, 0);
		p->name = rq_col_str(q, s, 1);
		p->phone = rq_col_str(q, s, 2);
		p->type = rq_col_str(q, s, 3);
		if (!p->name || !p->phone || !p->type) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}

int report_read_doubles(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	if (rq_prepare(q, "SELECT c.attendee_id, coalesce(a.name,''), coalesce(a.phone,''), c.door,"
			 " c.device_id, c.at_ms, c.seq, n.times FROM r_ci c"
			 " JOIN (SELECT attendee_id, count(*) AS times FROM r_ci WHERE attendee_id IN"
			 "   (SELECT attendee_id FROM r_rep) GROUP BY attendee_id) n"
			 "   ON n.attendee_id = c.attendee_id"
			 " LEFT JOIN attendees_pii a ON a.id = c.attendee_id"
			 " ORDER BY a.serial, c.attendee_id, c.at_ms, c.device_id",
			 &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_double *d;

		if (rq_grow(q, (void **)&r->doubles, &cap, r->n_doubles, sizeof *d) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		d = &r->doubles[r->n_doubles++];
		d->attendee_id = rq_col_str(q, s, 0);
		d->name = rq_col_str(q, s, 1);
		d->phone = rq_col_str(q, s, 2);
		d->door = rq_col_str(q, s, 3);
		d->device_id = rq_col_str(q, s, 4);
		d->at_ms = sqlite3_column_int64(s, 5);
		d->seq = sqlite3_column_int64(s, 6);
		d->times = sqlite3_column_int64(s, 7);
		if (!d->attendee_id || !d->name || !d->phone || !d->door || !d->device_id) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}

int report_read_walkin_dups(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	/* Every attendee of a guest with walk-in aliases: the guest first, then
	 * its aliases by (at_ms, device_id, seq), the order of the rule. */
	if (rq_prepare(q, "SELECT w.guest_id, w.attendee_id, coalesce(a.name,''), coalesce(a.phone,''),"
			 " coalesce(w.door,''), w.device_id, w.at_ms, w.seq, w.times"
			 " FROM walkin_duplicates w JOIN attendees_pii a ON a.id = w.attendee_id"
			 " WHERE a.event_id = ?1"
			 " ORDER BY (SELECT g.at_ms FROM attendees g WHERE g.id = w.guest_id), w.guest_id,"
			 " w.is_guest DESC, w.at_ms, w.device_id, w.seq", &s) != 0)
		return -1;
	if (sqlite3_bind_text(s, 1, r->event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_walkin_dup *d;

		if (rq_grow(q, (void **)&r->walkin_dups, &cap, r->n_walkin_dups, sizeof *d) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		d = &r->walkin_dups[r->n_walkin_dups++];
		d->guest_id = rq_col_str(q, s, 0);
		d->attendee_id = rq_col_str(q, s, 1);
		d->name = rq_col_str(q, s, 2);
		d->phone = rq_col_str(q, s, 3);
		d->door = rq_col_str(q, s, 4);
		d->device_id = rq_col_str(q, s, 5);
		d->at_ms = sqlite3_column_int64(s, 6);
		d->seq = sqlite3_column_int64(s, 7);
		d->times = sqlite3_column_int64(s, 8);
		if (!d->guest_id || !d->attendee_id || !d->name || !d->phone || !d->door ||
		    !d->device_id) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}

int report_read_reasons(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	if (rq_prepare(q, "SELECT reason, count(*) FROM rejections WHERE event_id = ?1"
			 " GROUP BY reason ORDER BY 2 DESC, 1", &s) != 0)
		return -1;
	if (sqlite3_bind_text(s, 1, r->event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_reason *x;

		if (rq_grow(q, (void **)&r->reasons, &cap, r->n_reasons, sizeof *x) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		x = &r->reasons[r->n_reasons++];
		x->reason = rq_col_str(q, s, 0);
		x->count = sqlite3_column_int64(s, 1);
		if (!x->reason) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}
