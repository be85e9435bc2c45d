/* search.h - people found as they are typed: by the phonetic name keys of
 * core/translit.h (search_register, which registers kiosk_name_keys for the
 * migrations of old stores, and search_row, which take SQLite types, are in
 * db.h). Adapter: store + sqlite3. */
#ifndef KIOSK_SEARCH_H
#define KIOSK_SEARCH_H

#include "core/door_rows.h"
#include "core/kerr.h"

struct store;

/* Attendees (not cancelled) every word of whose query is the start of a
 * word of their name by key (rashed finds রাশেদ), when the query's keys hold
 * at least two consonants (one says too little), skipping the ids already in
 * out[0..have-1]. Fills out[have..max-1]; returns the new count (have..max),
 * or -1 with err. */
int search_by_key(struct store *st, const char *query, struct door_person *out, int have,
		  int max, char err[KERR_LEN]);

#endif
