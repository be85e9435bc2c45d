/* sync_store.c - store queries for sync/ (see sync_store.h). */
#include "sync_store.h"

#include <stdio.h>
#include <string.h>

#include "db.h"

int sync_store_revocation(struct store *st, const char *root, const char *device_id,
			  char event[64], char by[80], char sig[160], char err[KERR_LEN])
{
	static const char sql[] =
		"SELECT json_extract(body,'$.event'), json_extract(body,'$.by'),"
		" json_extract(body,'$.sig') FROM journal"
		" WHERE device_id = ?1 AND kind = '" SYNC_STORE_KIND_REVOKED "'"
		" AND json_extract(body,'$.device_id') = ?2 ORDER BY seq DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc, r = 0;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, root, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s, 2, device_id, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read revocations: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *e = (const char *)sqlite3_column_text(s, 0);
		const char *b = (const char *)sqlite3_column_text(s, 1);
		const char *g = (const char *)sqlite3_column_text(s, 2);

		(void)snprintf(event, 64, "%s", e ? e : "");
		(void)snprintf(by, 80, "%s", b ? b : "");
		(void)snprintf(sig, 160, "%s", g ? g : "");
		r = 1;
	} else if (rc != SQLITE_DONE) {
		r = kerr(err, "cannot read revocations: %s", sqlite3_errmsg(store_db(st)));
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return r;
}

int sync_store_bulk(struct store *st, char err[KERR_LEN])
{
	char *msg = NULL;

	/* A pull writes every page of a big import once and reads them back for
	 * the indexes: keep them in memory instead of reading the file again. */
	if (sqlite3_exec(store_db(st), "PRAGMA cache_size=-65536", NULL, NULL, &msg) != SQLITE_OK) {
		kerr(err, "cannot size the cache: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}
