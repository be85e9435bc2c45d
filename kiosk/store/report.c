/* report.c - read the report's figures from the store: one query per table,
 * aggregated in SQLite over TEMP tables filled once (100,000 check-ins, 50,000
 * feedback and 20,000 orders in about a second). Adapter: sqlite3; reads the
 * store and writes only TEMP tables of its own connection. */
#include "report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/courier.h"
#include "db.h"
#include "payments.h"
#include "report_q.h"
#include "store.h"
#include "vault.h"

/* ------------------------------------------------------------ helpers */
/* (declared in report_q.h, shared with report_door.c and report_shop.c) */


int rq_prepare(struct q *q, const char *sql, sqlite3_stmt **s)
{
	if (sqlite3_prepare_v2(q->db, sql, -1, s, NULL) != SQLITE_OK)
		return kerr(q->err, "cannot read the store: %s", sqlite3_errmsg(q->db));
	return 0;
}

/* Step result check: SQLITE_DONE ends a loop; anything else is an error. */
int rq_done(struct q *q, sqlite3_stmt *s, int rc)
{
	(void)sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return kerr(q->err, "cannot read the store: %s", sqlite3_errmsg(q->db));
	return 0;
}

int rq_exec(struct q *q, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(q->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		kerr(q->err, "cannot prepare the report: %s", msg ? msg : sqlite3_errmsg(q->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* One integer from sql with ?1 = text1 (may be NULL). */
int rq_int(struct q *q, const char *sql, const char *text1, int64_t *out)
{
	sqlite3_stmt *s;
	int rc;

	if (rq_prepare(q, sql, &s) != 0)
		return -1;
	if (text1 && sqlite3_bind_text(s, 1, text1, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	return rq_done(q, s, rc);
}

/* Column i as an arena string ("" for NULL); NULL only when out of memory. */
const char *rq_col_str(struct q *q, sqlite3_stmt *s, int i)
{
	return arena_strdup(q->a, (const char *)sqlite3_column_text(s, i));
}

/* Make room for one more element in an arena array; old storage stays in the
 * arena (at most as much again as the final array). */
int rq_grow(struct q *q, void **arr, int *cap, int n, size_t elem)
{
	void *bigger;
	int ncap;

	if (n < *cap)
		return 0;
	if (*cap > (1 << 28))
		return kerr(q->err, "too many rows for one report");
	ncap = *cap ? *cap * 2 : 16;
	bigger = arena_calloc(q->a, (size_t)ncap, elem);
	if (!bigger)
		return kerr(q->err, "out of memory");
	if (n)
		memcpy(bigger, *arr, (size_t)n * elem);
	*arr = bigger;
	*cap = ncap;
	return 0;
}

int rq_oom(struct q *q)
{
	return kerr(q->err, "out of memory");
}

/* ------------------------------------------------------------ the event */

static int read_event(struct q *q, struct report *r, struct store *st, const char *event_id)
{
	char buf[512];
	sqlite3_stmt *s;
	int rc, found = 0;

	if (!event_id) {
		if (store_meta_get(st, "event_id", buf, sizeof buf) <= 0)
			return kerr(q->err, "no event in this store (run 'kiosk init' first)");
		event_id = buf;
	}
	if (rq_prepare(q, "SELECT id, name, coalesce(starts_ms,0), coalesce(ends_ms,0), tz_offset_min"
			 " FROM events WHERE id = ?1", &s) != 0)
		return -1;
	if (sqlite3_bind_text(s, 1, event_id, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r->event_id = rq_col_str(q, s, 0);
		r->event_name = rq_col_str(q, s, 1);
		r->starts_ms = sqlite3_column_int64(s, 2);
		r->ends_ms = sqlite3_column_int64(s, 3);
		r->tz_off_min = sqlite3_column_int(s, 4);
		found = 1;
	}
	if (rq_done(q, s, rc) != 0)
		return -1;
	if (!found)
		return kerr(q->err, "no event with id '%.60s' in this store", event_id);
	if (!r->event_id || !r->event_name)
		return rq_oom(q);
	return 0;
}


/* ------------------------------------------------------------ shop */

/* TEMP tables: the events in order (r_ev), every order that stands with its
 * event (r_ord), and this event's feedback (r_fb). */
static int make_temp_shop(struct q *q, struct report *r, int64_t *cur_ord)
{
	char sql[2048];

	/* r_ord's pkey: the buyer's phone as matched (rq_pkey). */
	(void)snprintf(sql, sizeof sql,
		       "DROP TABLE IF EXISTS temp.r_ev; DROP TABLE IF EXISTS temp.r_ord;"
		       "DROP TABLE IF EXISTS temp.r_fb;"
		       "CREATE TEMP TABLE r_ev AS SELECT id, name, starts_ms, ends_ms,"
		       "  coalesce(starts_ms, at_ms) AS key,"
		       "  row_number() OVER (ORDER BY coalesce(starts_ms, at_ms), at_ms, id) AS ord"
		       "  FROM events;"
		       "CREATE TEMP TABLE r_ord AS SELECT o.*, " EVENT_OF("o") " AS ord,"
		       "  (SELECT sum(l.qty) FROM order_lines l"
		       "    WHERE l.device_id = o.device_id AND l.seq = o.seq) AS qty, %s AS pkey"
		       "  FROM active_orders o;"
		       "CREATE INDEX temp.r_ord_ord ON r_ord(ord);", rq_pkey(q, "o"));
	if (rq_exec(q, sql) != 0)
		return -1;
	if (rq_int(q, "SELECT ord FROM r_ev WHERE id = ?1", r->event_id, cur_ord) != 0)
		return -1;
	(void)snprintf(sql, sizeof sql, "CREATE TEMP TABLE r_fb AS SELECT f.* FROM feedback f"
		       " WHERE " EVENT_OF("f") " = %" PRId64, *cur_ord);
	return rq_exec(q, sql);
}

/* Each event's guests (phones with a standing check-in) and buyers (phones
 * on orders that stand), matched across events by the normalised phone the
 * roster import, walk-in screen and order desk all store. */
static int read_events(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	int rc, cap = 0;

	/* Guests' phones are r_all's pkey, buyers' r_ord's: both as rq_pkey
	 * matches them. r_phone: for each phone, the first and last event it
	 * came to and bought at, so that "came before", "bought before" and
	 * "came back" are comparisons of one row each, where a probe of the
	 * guests and buyers of other events per guest read every guest four
	 * times (0.45 s of a 2 s report at 100,000 check-ins). GROUP BY into
	 * tables keyed as they come out sorted, not DISTINCT (an index probe
	 * per row: 2.5 times as long). */
	if (rq_exec(q, "DROP TABLE IF EXISTS temp.r_guest; DROP TABLE IF EXISTS temp.r_buyer;"
		       "DROP TABLE IF EXISTS temp.r_phone;"
		       "CREATE TEMP TABLE r_guest(phone TEXT, ord INTEGER, PRIMARY KEY(phone, ord))"
		       "  WITHOUT ROWID;"
		       "INSERT INTO r_guest SELECT c.pkey, e.ord FROM r_all c JOIN r_ev e ON e.id = c.event_id"
		       "  WHERE c.pkey IS NOT NULL AND c.pkey <> '' GROUP BY 1, 2;"
		       "CREATE TEMP TABLE r_buyer(phone TEXT, ord INTEGER, PRIMARY KEY(phone, ord))"
		       "  WITHOUT ROWID;"
		       "INSERT INTO r_buyer SELECT pkey, ord FROM r_ord"
		       "  WHERE pkey IS NOT NULL AND pkey <> '' GROUP BY 1, 2;"
		       "CREATE TEMP TABLE r_phone(phone TEXT PRIMARY KEY, gmin, gmax, bmin, bmax)"
		       "  WITHOUT ROWID;"
		       "INSERT INTO r_phone SELECT phone, min(g), max(g), min(b), max(b) FROM"
		       "  (SELECT phone, ord AS g, NULL AS b FROM r_guest"
		       "   UNION ALL SELECT phone, NULL, ord FROM r_buyer) GROUP BY phone;") != 0)
		return -1;
	if (rq_prepare(q, "WITH reg AS MATERIALIZED (SELECT event_id, count(*) AS n FROM attendees"
			 "   WHERE walkin = 0 GROUP BY event_id),"
			 " came AS MATERIALIZED (SELECT event_id, count(DISTINCT attendee_id) AS n"
			 "   FROM r_all GROUP BY event_id),"
			 " gs AS MATERIALIZED (SELECT g.ord, count(*) AS n,"
			 "   sum(p.gmin < g.ord OR coalesce(p.bmin < g.ord, 0)) AS ret,"
			 "   sum(coalesce(p.bmin < g.ord, 0)) AS bought, sum(p.gmax > g.ord) AS back"
			 "   FROM r_guest g JOIN r_phone p ON p.phone = g.phone GROUP BY g.ord),"
			 " bs AS MATERIALIZED (SELECT b.ord, count(*) AS n, sum(p.bmax > b.ord) AS again"
			 "   FROM r_buyer b JOIN r_phone p ON p.phone = b.phone GROUP BY b.ord)"
			 " SELECT e.id, e.name, coalesce(e.starts_ms,0), e.id = ?1,"
			 " coalesce((SELECT n FROM reg WHERE reg.event_id = e.id), 0),"
			 " coalesce((SELECT n FROM came WHERE came.event_id = e.id), 0),"
			 " coalesce(g.n, 0), coalesce(g.ret, 0), coalesce(g.bought, 0), coalesce(g.back, 0),"
			 " coalesce(b.n, 0), coalesce(b.again, 0)"
			 " FROM r_ev e LEFT JOIN gs g ON g.ord = e.ord LEFT JOIN bs b ON b.ord = e.ord"
			 " ORDER BY e.ord", &s) != 0)
		return -1;
	if (sqlite3_bind_text(s, 1, r->event_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(s);
		return kerr(q->err, "cannot bind: %s", sqlite3_errmsg(q->db));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_event *e;

		if (rq_grow(q, (void **)&r->events, &cap, r->n_events, sizeof *e) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		e = &r->events[r->n_events++];
		e->id = rq_col_str(q, s, 0);
		e->name = rq_col_str(q, s, 1);
		e->starts_ms = sqlite3_column_int64(s, 2);
		e->is_current = sqlite3_column_int(s, 3);
		e->registered = sqlite3_column_int64(s, 4);
		e->checked_in = sqlite3_column_int64(s, 5);
		e->guests = sqlite3_column_int64(s, 6);
		e->returning = sqlite3_column_int64(s, 7);
		e->ordered_before = sqlite3_column_int64(s, 8);
		e->came_back = sqlite3_column_int64(s, 9);
		e->buyers = sqlite3_column_int64(s, 10);
		e->bought_again = sqlite3_column_int64(s, 11);
		if (!e->id || !e->name) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
		if (e->is_current) {
			r->guests_with_phone = e->guests;
			r->returning_guests = e->returning;
			r->new_guests = e->guests - e->returning;
			r->ordered_before = e->ordered_before;
			r->buyers = e->buyers;
		}
	}
	return rq_done(q, s, rc);
}

/* ------------------------------------------------------------ payments */

/* The matcher of `kiosk payments list` over the same store; only the lines
 * that are not matched are kept. */
static int read_payments(struct q *q, struct report *r, struct store *st)
{
	struct payments_book b;
	struct paymatch_slot *slots;
	struct paymatch_row *rows;
	int n, rc = 0;

	if (payments_load(st, &b, q->err) != 0)
		return -1;
	slots = arena_calloc(q->a, (size_t)b.npays + 1, sizeof *slots);
	rows = arena_calloc(q->a, (size_t)b.npays + (size_t)b.norders + 1, sizeof *rows);
	r->unpaid = arena_calloc(q->a, (size_t)b.npays + (size_t)b.norders + 1, sizeof *r->unpaid);
	if (!slots || !rows || !r->unpaid) {
		payments_book_release(&b);
		return rq_oom(q);
	}
	n = paymatch_run(b.orders, b.norders, b.pays, b.npays, slots, rows);
	r->wallet_orders = b.norders;
	r->payments_held = b.npays;
	for (int i = 0; i < n && rc == 0; i++) {
		const struct paymatch_order *o = rows[i].order >= 0 ? &b.orders[rows[i].order] : NULL;
		const struct paymsg *p = rows[i].payment >= 0 ? &b.pays[rows[i].payment] : NULL;
		struct report_unpaid *u = &r->unpaid[r->n_unpaid];

		if (rows[i].status == PAYMATCH_MATCHED) {
			r->wallet_matched++;
			continue;
		}
		u->status = rows[i].status;
		u->order_no = arena_strdup(q->a, o ? o->order_no : "-");
		u->trx = arena_strdup(q->a, o ? o->trx : p->trx);
		u->phone = arena_strdup(q->a, o ? o->phone : p->phone);
		u->wallet = o ? o->method : p->wallet;
		u->amount = o ? o->amount_poisha : p->amount_poisha;
		u->received = p ? p->amount_poisha : -1;
		if (!u->order_no || !u->trx || !u->phone)
			rc = rq_oom(q);
		r->n_unpaid++;
	}
	payments_book_release(&b);
	return rc;
}

/* ------------------------------------------------------------ COD risk */

/* COD orders that stand, with their customer's parcels by newest status;
 * the rule (courier_risk_of) keeps the risky ones. */
static int read_risky(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	char sql[1024];
	int rc, cap = 0;

	/* Parcels by their customer's phone as matched (rq_pkey), so an order
	 * from before issue 14 still finds its customer's parcels. */
	(void)snprintf(sql, sizeof sql,
		       "DROP TABLE IF EXISTS temp.r_dl;"
		       "CREATE TEMP TABLE r_dl AS SELECT d.status, %s AS pkey FROM delivery_latest d;"
		       "CREATE INDEX temp.r_dl_pkey ON r_dl(pkey);", rq_pkey(q, "d"));
	if (rq_exec(q, sql) != 0)
		return -1;
	if (rq_prepare(q, "SELECT o.order_no, p.name, p.phone, o.district, o.collect_poisha,"
		      " sum(d.status = 'delivered'), sum(d.status = 'returned'),"
		      " sum(d.status = 'cancelled')"
		      " FROM r_ord o JOIN r_dl d ON d.pkey = o.pkey"
		      " JOIN orders_pii p ON p.device_id = o.device_id AND p.seq = o.seq"
		      " WHERE o.method = 'cod' GROUP BY o.device_id, o.seq"
		      " ORDER BY o.at_ms, o.device_id, o.seq", &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t dl = sqlite3_column_int64(s, 5), rt = sqlite3_column_int64(s, 6),
			cn = sqlite3_column_int64(s, 7);
		struct report_risky *x;

		if (courier_risk_of((long)dl, (long)rt, (long)cn) != COURIER_RISK_HIGH)
			continue;
		if (rq_grow(q, (void **)&r->risky, &cap, r->n_risky, sizeof *x) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		x = &r->risky[r->n_risky++];
		x->order_no = rq_col_str(q, s, 0);
		x->name = rq_col_str(q, s, 1);
		x->phone = rq_col_str(q, s, 2);
		x->district = rq_col_str(q, s, 3);
		x->collect = sqlite3_column_int64(s, 4);
		x->delivered = dl;
		x->returned = rt;
		x->cancelled = cn;
		if (!x->order_no || !x->name || !x->phone || !x->district) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}

/* ------------------------------------------------------------ devices */

/* "5-7, 12" from the holes below each device's last seq; the text is capped
 * (the count is exact) so a device that lost most of its journal stays one
 * readable line. */
#define GAPS_TEXT_MAX 200

static int read_gaps(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	int rc, i;
	char *text = NULL;
	const char *cur = NULL;
	size_t len = 0;

	int any = 0;

	for (i = 0; i < r->n_devices; i++) {
		r->devices[i].gaps = "";
		any |= r->devices[i].last_seq != r->devices[i].entries;
	}
	/* Holes are rare (merges chain onto held entries), and finding them reads
	 * the whole journal: only look when a count says there are some. */
	if (!any)
		return 0;
	if (rq_prepare(q, "SELECT device_id, prev + 1, seq - 1 FROM (SELECT device_id, seq,"
			 "  lag(seq, 1, 0) OVER (PARTITION BY device_id ORDER BY seq) AS prev"
			 "  FROM journal) WHERE seq > prev + 1 ORDER BY device_id, seq", &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *dev = (const char *)sqlite3_column_text(s, 0);
		int64_t a = sqlite3_column_int64(s, 1), b = sqlite3_column_int64(s, 2);
		struct report_device *d = NULL;
		int n;

		for (i = 0; i < r->n_devices; i++)
			if (strcmp(r->devices[i].device_id, dev) == 0)
				d = &r->devices[i];
		if (!d)
			continue;
		if (cur != d->device_id) {
			text = arena_alloc(q->a, GAPS_TEXT_MAX);
			if (!text) {
				(void)sqlite3_finalize(s);
				return rq_oom(q);
			}
			text[0] = '\0';
			len = 0;
			d->gaps = text;
			cur = d->device_id;
		}
		if (len + 40 >= GAPS_TEXT_MAX) {
			if (len + 4 < GAPS_TEXT_MAX && strcmp(text + len - 3, "...") != 0)
				len += (size_t)snprintf(text + len, GAPS_TEXT_MAX - len, ", ...");
			continue;
		}
		if (a == b)
			n = snprintf(text + len, GAPS_TEXT_MAX - len, "%s%" PRId64, len ? ", " : "", a);
		else
			n = snprintf(text + len, GAPS_TEXT_MAX - len, "%s%" PRId64 "-%" PRId64,
				     len ? ", " : "", a, b);
		if (n > 0)
			len += (size_t)n;
	}
	return rq_done(q, s, rc);
}

/* Whether the store has a table (sync_tips comes with the sync branch). */
static int has_table(struct q *q, const char *name, int *yes)
{
	int64_t n = 0;

	if (rq_int(q, "SELECT count(*) FROM sqlite_master WHERE name = ?1", name, &n) != 0)
		return -1;
	*yes = n > 0;
	return 0;
}

static int read_devices(struct q *q, struct report *r, struct store *st)
{
	sqlite3_stmt *s;
	int rc, cap = 0, tips = 0;
	char myname[256];
	const char *self = store_device_id(st);

	if (has_table(q, "sync_tips", &tips) != 0)
		return -1;
	if (store_meta_get(st, "device_name", myname, sizeof myname) <= 0)
		myname[0] = '\0';
	/* Devices with entries here, and devices enrolled (by the sync branch's
	 * device_enrolled entries) that sent nothing yet. */
	if (rq_prepare(q, tips ?
		      "WITH held AS MATERIALIZED (SELECT device_id, count(*) AS n, max(seq) AS last,"
		      "   min(at_ms) AS first_at, max(at_ms) AS last_at FROM journal GROUP BY device_id),"
		      " enrolled AS (SELECT json_extract(body,'$.device_id') AS device_id,"
		      "   max(json_extract(body,'$.name')) AS name FROM journal"
		      "   WHERE kind = 'device_enrolled' GROUP BY 1),"
		      " tip AS (SELECT device_id, max(seq) AS seq FROM sync_tips GROUP BY device_id),"
		      " ids AS (SELECT device_id FROM held UNION SELECT device_id FROM enrolled"
		      "   UNION SELECT device_id FROM tip)"
		      " SELECT i.device_id, coalesce(e.name,''), coalesce(h.n,0), coalesce(h.last,0),"
		      "  coalesce(h.first_at,0), coalesce(h.last_at,0), coalesce(t.seq,0)"
		      " FROM ids i LEFT JOIN held h USING(device_id) LEFT JOIN enrolled e USING(device_id)"
		      " LEFT JOIN tip t USING(device_id) ORDER BY h.first_at IS NULL, h.first_at, 1"
		      :
		      "WITH held AS MATERIALIZED (SELECT device_id, count(*) AS n, max(seq) AS last,"
		      "   min(at_ms) AS first_at, max(at_ms) AS last_at FROM journal GROUP BY device_id),"
		      " enrolled AS (SELECT json_extract(body,'$.device_id') AS device_id,"
		      "   max(json_extract(body,'$.name')) AS name FROM journal"
		      "   WHERE kind = 'device_enrolled' GROUP BY 1),"
		      " ids AS (SELECT device_id FROM held UNION SELECT device_id FROM enrolled)"
		      " SELECT i.device_id, coalesce(e.name,''), coalesce(h.n,0), coalesce(h.last,0),"
		      "  coalesce(h.first_at,0), coalesce(h.last_at,0), 0"
		      " FROM ids i LEFT JOIN held h USING(device_id) LEFT JOIN enrolled e USING(device_id)"
		      " ORDER BY h.first_at IS NULL, h.first_at, 1",
		      &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_device *d;

		if (rq_grow(q, (void **)&r->devices, &cap, r->n_devices, sizeof *d) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		d = &r->devices[r->n_devices++];
		d->device_id = rq_col_str(q, s, 0);
		d->name = rq_col_str(q, s, 1);
		d->entries = sqlite3_column_int64(s, 2);
		d->last_seq = sqlite3_column_int64(s, 3);
		d->first_at = sqlite3_column_int64(s, 4);
		d->last_at = sqlite3_column_int64(s, 5);
		d->tip_seq = sqlite3_column_int64(s, 6);
		if (!d->device_id || !d->name) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
		d->is_self = self && strcmp(d->device_id, self) == 0;
		if (d->is_self && !d->name[0] && myname[0])
			d->name = arena_strdup(q->a, myname);
		if (!d->name) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
		d->missing = d->last_seq - d->entries;
		if (d->tip_seq > d->last_seq)
			d->missing += d->tip_seq - d->last_seq;
	}
	if (rq_done(q, s, rc) != 0)
		return -1;
	return read_gaps(q, r);
}

/* ------------------------------------------------------------ entry */

int report_collect(struct report *r, struct store *st, const char *event_id, int64_t now_ms,
		   void (*progress)(void *ctx, int step, int steps), void *ctx,
		   char err[KERR_LEN])
{
	struct q q;
	int step = 0;
	int64_t cur_ord = 0;

	memset(r, 0, sizeof *r);
	arena_init(&r->arena);
	r->generated_ms = now_ms;
	q.db = store_db(st);
	q.a = &r->arena;
	q.err = err;
	q.keyed = vault_is_set(st);
	if (q.keyed < 0) {
		kerr(err, "cannot read the store's keys");
		goto fail;
	}
	/* A report reads the whole store once: a bigger page cache and memory
	 * mapping save re-reading pages (hints: a failure only costs speed). */
	(void)sqlite3_exec(q.db, "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
			   " PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
	/* One read transaction: every table sees the same journal even while a
	 * door keeps checking people in. */
	if (rq_exec(&q, "BEGIN") != 0)
		goto fail;
#define STEP(call) do { if ((call) != 0) goto rollback; \
	if (progress) progress(ctx, ++step, REPORT_STEPS); } while (0)
	STEP(read_event(&q, r, st, event_id));
	STEP(report_make_temp_checkins(&q, r));
	STEP(report_read_counts(&q, r));
	STEP(report_read_doors(&q, r));
	STEP(report_read_arrivals(&q, r));
	STEP(report_read_visits(&q, r));
	STEP(report_read_no_shows(&q, r));
	STEP(report_read_doubles(&q, r) != 0 ? -1 : report_read_walkin_dups(&q, r));
	STEP(report_read_reasons(&q, r));
	STEP(make_temp_shop(&q, r, &cur_ord));
	STEP(read_events(&q, r));
	STEP(report_read_feedback(&q, r));
	STEP(report_read_orders(&q, r, cur_ord));
	STEP(read_payments(&q, r, st));
	STEP(read_risky(&q, r));
	STEP(read_devices(&q, r, st));
#undef STEP
	/* Only TEMP tables were written; ending the read is all that is left. */
	if (rq_exec(&q, "COMMIT") != 0)
		goto rollback;
	return 0;
rollback:
	(void)sqlite3_exec(q.db, "ROLLBACK", NULL, NULL, NULL); /* the error is already in err */
fail:
	arena_release(&r->arena);
	return -1;
}
