/* search.h - the door's search (issue 15), over an in-memory index of the
 * roster (core/rindex.h) built from the rows read once, in one pass: the
 * names never need an index on disk (issue 14 keeps them sealed there).
 * Also the kiosk_name_keys SQL function the name_keys projection still
 * calls (search_register, in db.h) until that table goes.
 * Adapter: store + sqlite3 + core/rindex. */
#ifndef KIOSK_SEARCH_H
#define KIOSK_SEARCH_H

#include <stddef.h>

#include "core/door_rows.h"
#include "core/kerr.h"

struct store;
struct search_index;

/* Read the roster (every attendee: id, name, phone, type) in one pass and
 * build its index. Any thread, with its own store (unlocked when the names
 * are sealed). Returns 0 and *out (search_index_free), or -1 with err. */
int search_index_build(struct store *st, struct search_index **out, char err[KERR_LEN]);
void search_index_free(struct search_index *ix);
/* Rows indexed, and the memory the index holds. */
size_t search_index_rows(const struct search_index *ix);
size_t search_index_bytes(const struct search_index *ix);

/* Catch up with the attendees added since the index was built or last
 * caught up (a walk-in, a pull, an import): cheap when nothing was added
 * (one index lookup). Returns 0 when the index is current, 1 when the roster
 * changed more than catching up follows (many rows at once, or rebuilt
 * projections: build anew; the index still answers for what it has), or -1
 * with err. */
int search_index_refresh(struct store *st, struct search_index *ix, char err[KERR_LEN]);

/* The door's search (rules in store/doorq.h) over ix, each row found asked
 * of the store: cancelled ones skipped, is_in read as it stands now. Fills
 * out[0..max-1]; returns how many, or -1 with err. */
int search_index_find(struct store *st, const struct search_index *ix, const char *query,
		      struct door_person *out, int max, char err[KERR_LEN]);

#endif
