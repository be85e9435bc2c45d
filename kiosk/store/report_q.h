/* report_q.h - what the report's queries share (report.c, report_door.c,
 * report_shop.c): the connection, the report's arena and the error buffer of
 * one collect, and small query helpers that put SQLite's message into err.
 * Private to kiosk/store. Adapter: sqlite3. */
#ifndef KIOSK_REPORT_Q_H
#define KIOSK_REPORT_Q_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "report.h"

struct q {
	sqlite3 *db;
	struct arena *a;
	char *err;
	int keyed;      /* the store has a data key: phones match by blind index */
};

/* A phone as the report matches rows by it (a guest across events, a buyer's
 * orders and parcels): in a store with a data key, the row's blind index (a
 * row from before issue 14 has none: its clear phone is indexed the same
 * way, without decrypting anything); in a store without one (all in clear),
 * the phone. T is the table's alias; pick with rq_pkey. */
#define PKEY_KEYED(T) \
	"coalesce(" T ".phone_bi, kiosk_bi('phone', json_extract(kiosk_pii(" T ".pii),'$.phone')))"
#define PKEY_PLAIN(T) "json_extract(kiosk_pii(" T ".pii),'$.phone')"
#define rq_pkey(q, T) ((q)->keyed ? PKEY_KEYED(T) : PKEY_PLAIN(T))

/* Prepare sql into *s; finish s after stepping it to rc (0 when rc is
 * SQLITE_DONE); run sql; read one integer (text1 bound to ?1 when not
 * NULL). Each returns 0, or -1 with q->err filled. */
int rq_prepare(struct q *q, const char *sql, sqlite3_stmt **s);
int rq_done(struct q *q, sqlite3_stmt *s, int rc);
int rq_exec(struct q *q, const char *sql);
int rq_int(struct q *q, const char *sql, const char *text1, int64_t *out);
/* Column i as text copied into the report's arena ("" for NULL); NULL when
 * out of memory. */
const char *rq_col_str(struct q *q, sqlite3_stmt *s, int i);
/* Make room for n+1 elements of size elem in *arr (capacity *cap).
 * Returns 0, or -1 (out of memory, q->err filled). */
int rq_grow(struct q *q, void **arr, int *cap, int n, size_t elem);
/* Fill q->err with "out of memory" and return -1. */
int rq_oom(struct q *q);

/* The event (its ord in r_ev) of an order or feedback entry whose journal row
 * is (p.device_id, p.seq) and time p.at_ms: the "event" its body names (the
 * store's current event when it was taken; shop.c's put_event), else, for an
 * entry written before bodies named it, the event whose window holds its
 * time, else the event whose start is nearest (a seller taking an order
 * while setting up, or the evening after).
 * (SQLite refuses outer columns in a subquery's ORDER BY, hence the inner
 * SELECT that names them first.) */
#define EVENT_OF(p) \
	"coalesce((SELECT e.ord FROM r_ev e WHERE e.id = (SELECT json_extract(j.body, '$.event')" \
	" FROM journal j WHERE j.device_id = " p ".device_id AND j.seq = " p ".seq)), (SELECT x FROM" \
	" (SELECT e.ord AS x, coalesce(" p ".at_ms >= e.starts_ms AND " p ".at_ms < e.ends_ms, 0) AS w," \
	" abs(e.key - " p ".at_ms) AS d FROM r_ev e) ORDER BY w DESC, d, x LIMIT 1))"

/* The feedback and orders parts of the report (report_shop.c), over the
 * TEMP tables of make_temp_shop; cur_ord is this event's place in r_ev.
 * Each returns 0, or -1 with q->err. */
int report_read_feedback(struct q *q, struct report *r);
int report_read_orders(struct q *q, struct report *r, int64_t cur_ord);

/* The door figures (report_door.c), in this order: make the check-in TEMP
 * tables (r_all, r_ci, r_first), then read the counts, per door, arrivals,
 * visits, no-shows, double scans and refusal reasons from them. Each
 * returns 0, or -1 with q->err. */
int report_make_temp_checkins(struct q *q, const struct report *r);
int report_read_counts(struct q *q, struct report *r);
int report_read_doors(struct q *q, struct report *r);
int report_read_arrivals(struct q *q, struct report *r);
int report_read_visits(struct q *q, struct report *r);
int report_read_no_shows(struct q *q, struct report *r);
int report_read_doubles(struct q *q, struct report *r);
/* Walk-ins registered again under a phone the event held (walkin_duplicates):
 * every attendee of such a guest, the guest first. */
int report_read_walkin_dups(struct q *q, struct report *r);
int report_read_reasons(struct q *q, struct report *r);

#endif
