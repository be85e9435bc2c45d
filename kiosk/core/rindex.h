/* rindex.h - the door's search over the roster, in memory (issue 15, and
 * issue 14: the names are not on disk in clear, so no SQL index can hold
 * them). Built once from the decrypted rows, then every keystroke is a few
 * binary searches and a short walk, whatever the roster's size.
 *
 * What a query finds (the door's rules, store/doorq.h):
 *  - only digits (ASCII or Bengali, spaces and dashes between): the phones
 *    that end with them;
 *  - three characters or more: the names that contain it (ASCII case
 *    ignored), through an index of the names' character trigrams;
 *  - one or two characters: the names that start with it (ASCII case ignored);
 *  - then, for names, by sound (core/translit.h): every word of the query is
 *    the start of a word of the name by key (rashed finds রাশেদ), when the
 *    query's keys hold two consonants or more.
 * Rows are kept in name order (ASCII case ignored, then id), so "the first
 * max matches" are the first by name.
 *
 * Whether a row is live (not cancelled) and inside is asked of the caller
 * per row found (rindex_live_fn), so the index never goes stale on them.
 * Pure: libc (malloc) only; one writer, then any number of readers. */
#ifndef KIOSK_RINDEX_H
#define KIOSK_RINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "door_rows.h"

struct rindex;

/* An empty index to add rows to. NULL when out of memory. */
struct rindex *rindex_new(void);
void rindex_free(struct rindex *ix);

/* Add a row (copied; NULL fields are ""). Only before rindex_finish.
 * Returns 0, or -1 when out of memory (the index is then unusable:
 * rindex_finish fails too). */
int rindex_add(struct rindex *ix, const char *id, const char *name, const char *phone,
	       const char *type);
/* Sort the rows and build the lookups. Returns 0, or -1 when out of memory. */
int rindex_finish(struct rindex *ix);

/* Rows in the index, and the bytes it holds (for the bench and the log). */
size_t rindex_rows(const struct rindex *ix);
size_t rindex_bytes(const struct rindex *ix);
/* Row i (0..rows-1, name order) into p (is_in 0). */
void rindex_row(const struct rindex *ix, size_t i, struct door_person *p);

/* Asked for each row found, in order: 1 to keep it (p->is_in set), 0 to
 * skip it (cancelled), -1 on error (the search stops and returns -1). */
typedef int (*rindex_live_fn)(void *ctx, struct door_person *p);

enum rindex_phase {
	RINDEX_TEXT,  /* phone digits, name part or name start */
	RINDEX_SOUND, /* names by sound; nothing for a phone query */
};

/* Append to out[have..max-1] the rows of one phase that match query and are
 * live, skipping ids already in out[0..have-1]. Returns the new count
 * (have..max), or -1 when live failed. The text phase's rows come in name
 * order, except for a phone query (phone order: the caller sorts). */
int rindex_find(const struct rindex *ix, enum rindex_phase phase, const char *query,
		rindex_live_fn live, void *ctx, struct door_person *out, int have, int max);

/* 1 when query is only digits (a phone search), else 0. */
int rindex_is_phone_query(const char *query);
/* Sort found rows by name (ASCII case ignored), then id. */
void rindex_sort(struct door_person *p, int n);

#endif
