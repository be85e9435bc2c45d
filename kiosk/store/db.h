/* db.h - the raw SQLite handle of a store, for the files of kiosk/store only
 * (and the tests that inspect a store's tables). Everything outside the store
 * asks questions through the functions of store.h and its sibling headers. */
#ifndef KIOSK_STORE_DB_H
#define KIOSK_STORE_DB_H

#include <sqlite3.h>

#include "store.h"

/* The raw handle for read queries of the store's own modules. Write only
 * through store_append/store_merge, so the journal stays the truth. */
sqlite3 *store_db(struct store *st);
/* A prepared statement for sql, prepared once and kept until store_close.
 * sql must be a string that lives as long as the store (a literal): it is
 * cached by address. Reset it after use (sqlite3_reset). NULL on error. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql, char err[KERR_LEN]);
/* 1 when sql (a literal, as store_stmt) with arg bound as ?1 gives a row, 0
 * when none, -1 with err "cannot read the WHAT: ...". */
int store_has(struct store *st, const char *sql, const char *arg, const char *what,
	      char err[KERR_LEN]);
/* The same, with the first row's first column as text into out[cap] (out may
 * be arg itself). */
int store_first_text(struct store *st, const char *sql, const char *arg, const char *what,
		     char *out, size_t cap, char err[KERR_LEN]);

/* For the store's own files (verify.c): run sql (several statements) and
 * fill err with SQLite's message and the OS reason; format err as "what:
 * SQLite's message (OS reason)"; apply one entry's projection SQL. Each
 * returns 0 or -1. */
int store_exec(struct store *st, const char *sql, char err[KERR_LEN]);
int store_db_fail(struct store *st, char err[KERR_LEN], const char *what);
int store_apply(struct store *st, const struct entry *e, char err[KERR_LEN]);
/* The entry of the row s is on (columns device_id, seq, at_ms, kind, body;
 * the hashes not read); its strings valid until s steps again. */
struct entry store_row_entry(sqlite3_stmt *s);
/* Apply each row of s (device_id, seq, at_ms, kind, body) with store_apply,
 * or now (1) with its projection statements even in bulk; finalizes s. */
int store_apply_rows(struct store *st, sqlite3_stmt *s, int now, char err[KERR_LEN]);

/* SQL of the rows of attendees (as FROM names them, alias a) of the event
 * EVENT (an SQL expression) whose phone is ?2, its blind index bound as ?3
 * (issue 14); rows written before issue 14 have none and their phone in
 * clear inside pii (the partial index attendees_clear_phone). MORE: further
 * conditions, " AND ...". */
#define BY_PHONE(COLS, FROM, EVENT, MORE) \
	"SELECT " COLS " FROM " FROM " WHERE a.phone_bi = ?3 AND a.event_id = " EVENT MORE \
	" UNION ALL SELECT " COLS " FROM " FROM " WHERE json_extract(a.pii,'$.phone') = ?2" \
	" AND substr(a.pii,1,3) <> 's1.' AND a.event_id = " EVENT MORE

/* SQL: the roster code column COL is the code X (an SQL expression, used
 * twice) as typed, or as a spreadsheet gives it back after the CSV formula
 * guard put a ' in front (tickets' codes.csv, messages.csv): "'=AB" finds
 * "=AB". Order by CODE_EXACT_FIRST to prefer the exact one. */
#define CODE_MATCHES(COL, X) \
	COL " IN (" X ", CASE WHEN substr(" X ",1,1) = '''' THEN substr(" X ",2) END)"
#define CODE_EXACT_FIRST(COL, X) " ORDER BY " COL " = " X " DESC"

/* search.c: register kiosk_name_keys(TEXT) -> a JSON array of the name's
 * word keys on db, before migrations and projections use it (SQLITE_OK or an
 * SQLite error code); and fill p from the row s is on: id, name, phone,
 * type, is_in (columns 0-4, the door's search columns). */
struct door_person;
int search_register(sqlite3 *db);
void search_row(sqlite3_stmt *s, struct door_person *p);

#endif
