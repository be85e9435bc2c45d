/* search.h - people found as they are typed: the phonetic name keys of
 * core/translit.h kept in the name_keys projection (filled by the SQL
 * function kiosk_name_keys, registered on every store), and the queries over
 * them. Adapter: store + sqlite3. */
#ifndef KIOSK_SEARCH_H
#define KIOSK_SEARCH_H

#include <sqlite3.h>

#include "core/door_rows.h"
#include "core/kerr.h"

struct store;

/* Register kiosk_name_keys(TEXT) -> a JSON array of the name's word keys on
 * db, before migrations and projections use it. Returns SQLITE_OK or an
 * SQLite error code. */
int search_register(sqlite3 *db);

/* Attendees (not cancelled) every word of whose query is the start of a
 * word of their name by key (rashed finds রাশেদ), when the query's keys hold
 * at least two consonants (one says too little), skipping the ids already in
 * out[0..have-1]. Fills out[have..max-1]; returns the new count (have..max),
 * or -1 with err. */
int search_by_key(struct store *st, const char *query, struct door_person *out, int have,
		  int max, char err[KERR_LEN]);

/* Fill p from the row s is on: id, name, phone, type, is_in (columns 0-4,
 * the door's search columns). */
void search_row(sqlite3_stmt *s, struct door_person *p);

#endif
