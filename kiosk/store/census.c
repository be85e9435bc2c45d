/* census.c - counting the journal, per device and in all.
 * Adapter: store + sqlite3 (journal and sync_tips of schema.c). */
#include "census.h"

#include "db.h"
#include "store.h"

int census_count(struct store *st, int64_t *entries, int64_t *devices, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT count(*), count(DISTINCT device_id) FROM journal",
			       -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*entries = sqlite3_column_int64(s, 0);
		*devices = sqlite3_column_int64(s, 1);
	} else {
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	}
	(void)sqlite3_finalize(s); /* a read; its error was taken from step */
	return rc == SQLITE_ROW ? 0 : -1;
}

int census_devices(struct store *st, void (*fn)(void *ctx, const struct census_device *d),
		   void *ctx, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT j.device_id, count(*), max(j.seq), max(j.at_ms),"
			       " (SELECT max(t.seq) FROM sync_tips t WHERE t.device_id = j.device_id)"
			       " FROM journal j GROUP BY j.device_id ORDER BY j.device_id",
			       -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *dev = sqlite3_column_text(s, 0);
		struct census_device d = {
			dev ? (const char *)dev : "?", sqlite3_column_int64(s, 1),
			sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3),
			sqlite3_column_int64(s, 4),
		};

		fn(ctx, &d);
	}
	if (rc != SQLITE_DONE)
		kerr(err, "%s", sqlite3_errmsg(store_db(st)));
	(void)sqlite3_finalize(s); /* a read; its error was taken from step */
	return rc == SQLITE_DONE ? 0 : -1;
}
