/* shop_export.c - reading the orders and feedback out, row by row.
 * Adapter: store + sqlite3; the tables are the projections of schema.c. */
#include "shop_export.h"

#include "db.h"
#include "store.h"

/* Column text, "" for NULL. Valid until the next step of s. */
static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

/* Prepare sql, or -1 with err. */
static int prepare(struct store *st, const char *sql, sqlite3_stmt **s, char err[KERR_LEN])
{
	if (sqlite3_prepare_v2(store_db(st), sql, -1, s, NULL) != SQLITE_OK)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	return 0;
}

/* The end of a walk: rc is the last step's result. Returns 0 or -1 with err. */
static int finish(struct store *st, sqlite3_stmt *s, int rc, char err[KERR_LEN])
{
	if (rc != SQLITE_DONE)
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_finalize(s); /* a read; its error was taken from step */
	return rc == SQLITE_DONE ? 0 : -1;
}

int shop_export_orders(struct store *st,
		       void (*fn)(void *ctx, const struct shop_export_order *o), void *ctx,
		       char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (prepare(st, "SELECT o.order_no, o.name, o.phone, o.address, o.district,"
			" o.collect_poisha, o.total_poisha, coalesce(o.seller,''), o.method,"
			" coalesce(o.trx,''), o.at_ms,"
			" (SELECT group_concat(l.qty || ' x ' || l.product, '; ') FROM"
			"   (SELECT * FROM order_lines WHERE device_id=o.device_id AND seq=o.seq"
			"    ORDER BY line) l),"
			" (SELECT sum(qty) FROM order_lines WHERE device_id=o.device_id AND seq=o.seq)"
			" FROM active_orders_pii o ORDER BY o.at_ms, o.device_id, o.seq", &s, err) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct shop_export_order o = {
			col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4),
			sqlite3_column_int64(s, 5), sqlite3_column_int64(s, 6),
			col(s, 7), col(s, 8), col(s, 9), sqlite3_column_int64(s, 10),
			col(s, 11), col(s, 12),
		};

		fn(ctx, &o);
	}
	return finish(st, s, rc, err);
}

int shop_export_order_list(struct store *st,
			   void (*fn)(void *ctx, const struct shop_export_listed *o), void *ctx,
			   char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (prepare(st, "SELECT order_no, name, phone, district, method, total_poisha,"
			" collect_poisha, CASE WHEN EXISTS(SELECT 1 FROM order_cancels x"
			" WHERE x.order_no=o.order_no) THEN 'cancelled' ELSE 'ok' END"
			" FROM orders_pii o ORDER BY at_ms, device_id, seq", &s, err) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct shop_export_listed o = {
			col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4),
			sqlite3_column_int64(s, 5), sqlite3_column_int64(s, 6), col(s, 7),
		};

		fn(ctx, &o);
	}
	return finish(st, s, rc, err);
}

int shop_export_feedback(struct store *st,
			 void (*fn)(void *ctx, const struct shop_export_feedback *f), void *ctx,
			 char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (prepare(st, "SELECT at_ms, coalesce(seller,''), coalesce(product,''), face, tags,"
			" coalesce(comment,''), coalesce(phone,''), flagged, device_id, seq"
			" FROM feedback_pii ORDER BY at_ms, device_id, seq", &s, err) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct shop_export_feedback f = {
			sqlite3_column_int64(s, 0), col(s, 1), col(s, 2), sqlite3_column_int(s, 3),
			col(s, 4), col(s, 5), col(s, 6), sqlite3_column_int(s, 7), col(s, 8),
			sqlite3_column_int64(s, 9),
		};

		fn(ctx, &f);
	}
	return finish(st, s, rc, err);
}
