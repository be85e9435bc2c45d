/* search.c - the door's search over the in-memory roster index, the rows it
 * is built from, and the kiosk_name_keys SQL function the migration of a
 * store older than schema 5 still calls. Adapter: store + sqlite3 + core/rindex. */
#include "search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rindex.h"
#include "core/translit.h"
#include "db.h"
#include "store.h"

/* kiosk_name_keys(name): '["rsd","krm"]'; NULL name gives '[]'. */
static void name_keys_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct translit_words w;
	char out[TRANSLIT_WORDS_MAX * (TRANSLIT_KEY_MAX + 3) + 3];
	const unsigned char *name;
	size_t o = 0;
	int i;

	(void)argc;
	name = sqlite3_value_text(argv[0]);
	translit_words(name ? (const char *)name : "", &w);
	out[o++] = '[';
	for (i = 0; i < w.n; i++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s\"%s\"", i ? "," : "", w.key[i]);
	out[o++] = ']';
	out[o] = '\0';
	sqlite3_result_text(ctx, out, (int)o, SQLITE_TRANSIENT);
}

int search_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "kiosk_name_keys", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				       name_keys_fn, NULL, NULL);
}

static void col(char *dst, size_t cap, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	(void)snprintf(dst, cap, "%s", t ? (const char *)t : ""); /* a cut keeps a prefix */
}

void search_row(sqlite3_stmt *s, struct door_person *p)
{
	col(p->id, sizeof p->id, s, 0);
	col(p->name, sizeof p->name, s, 1);
	col(p->phone, sizeof p->phone, s, 2);
	col(p->type, sizeof p->type, s, 3);
	p->is_in = sqlite3_column_int(s, 4);
}

/* Rows added since the last build or catch-up that are followed by a
 * second, small index; past this many, build anew. */
#define SEARCH_EXTRA_MAX 20000

struct search_index {
	struct rindex *main;
	struct rindex *extra;   /* rows added since main was built; NULL: none */
	int64_t last_rowid;     /* attendees rows up to this one are indexed */
};

/* The roster's rows, the one place they are read from: this event's
 * attendees after rowid, in rowid order, decrypted (issue 14: the names and
 * phones are sealed at rest, so the index is the only place they are in
 * clear, and it is in memory). */
static const char sql_rows[] =
	"SELECT rowid, id, name, coalesce(phone,''), type FROM attendees_pii WHERE rowid > ?1"
	" AND event_id = (SELECT value FROM meta WHERE key = 'event_id') ORDER BY rowid";

static const char *text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

/* Add the rows after rowid `after` to ix; *last gets the highest rowid read
 * (after when none). Returns 0 or -1. */
static int read_rows(struct store *st, int64_t after, struct rindex *ix, int64_t *last,
		     char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, sql_rows, err);
	int rc;

	*last = after;
	if (!s)
		return -1;
	if (sqlite3_bind_int64(s, 1, after) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read the roster: %s", sqlite3_errmsg(store_db(st)));
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (rindex_add(ix, text(s, 1), text(s, 2), text(s, 3), text(s, 4)) != 0) {
			sqlite3_reset(s);
			return kerr(err, "cannot index the roster: out of memory");
		}
		*last = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return kerr(err, "cannot read the roster: %s", sqlite3_errmsg(store_db(st)));
	return 0;
}

int search_index_build(struct store *st, struct search_index **out, char err[KERR_LEN])
{
	struct search_index *ix = calloc(1, sizeof *ix);

	*out = NULL;
	if (!ix || !(ix->main = rindex_new())) {
		free(ix);
		return kerr(err, "cannot index the roster: out of memory");
	}
	/* One statement, so one snapshot: the rows and the rowid they end at agree. */
	if (read_rows(st, 0, ix->main, &ix->last_rowid, err) != 0)
		goto fail;
	if (rindex_finish(ix->main) != 0) {
		kerr(err, "cannot index the roster: out of memory");
		goto fail;
	}
	*out = ix;
	return 0;
fail:
	search_index_free(ix);
	return -1;
}

void search_index_free(struct search_index *ix)
{
	if (!ix)
		return;
	rindex_free(ix->main);
	rindex_free(ix->extra);
	free(ix);
}

size_t search_index_rows(const struct search_index *ix)
{
	return rindex_rows(ix->main) + (ix->extra ? rindex_rows(ix->extra) : 0);
}

size_t search_index_bytes(const struct search_index *ix)
{
	return sizeof *ix + rindex_bytes(ix->main) + (ix->extra ? rindex_bytes(ix->extra) : 0);
}

static const char sql_max_rowid[] = "SELECT coalesce(max(rowid), 0) FROM attendees";

int search_index_refresh(struct store *st, struct search_index *ix, char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, sql_max_rowid, err);
	struct rindex *extra;
	int64_t top, last;
	size_t i, n;
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	top = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return kerr(err, "cannot read the roster: %s", sqlite3_errmsg(store_db(st)));
	if (top == ix->last_rowid)
		return 0;
	/* Fewer rows than indexed (projections rebuilt), or too many new ones
	 * for the small second index. */
	if (top < ix->last_rowid || top - ix->last_rowid > SEARCH_EXTRA_MAX)
		return 1;
	/* The second index anew: the rows it had, then the new ones. */
	if (!(extra = rindex_new()))
		return kerr(err, "cannot index the roster: out of memory");
	n = ix->extra ? rindex_rows(ix->extra) : 0;
	for (i = 0; i < n; i++) {
		struct door_person p;

		rindex_row(ix->extra, i, &p);
		if (rindex_add(extra, p.id, p.name, p.phone, p.type) != 0)
			break;
	}
	if (i < n || read_rows(st, ix->last_rowid, extra, &last, err) != 0 ||
	    rindex_finish(extra) != 0) {
		rindex_free(extra);
		if (i < n)
			kerr(err, "cannot index the roster: out of memory");
		return -1;
	}
	rindex_free(ix->extra);
	ix->extra = extra;
	ix->last_rowid = last;
	return 0;
}

/* Each row found, as it stands now: cancelled (skip) or inside. */
static const char sql_live[] =
	"SELECT EXISTS(SELECT 1 FROM revocations WHERE attendee_id = ?1),"
	" EXISTS(SELECT 1 FROM inside WHERE attendee_id = ?1)";

struct live_ctx {
	struct store *st;
	sqlite3_stmt *s;
	char *err;
};

static int live(void *ctx, struct door_person *p)
{
	struct live_ctx *c = ctx;
	int rc, keep = 0;

	if (sqlite3_bind_text(c->s, 1, p->id, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(c->s);
		return kerr(c->err, "cannot search: %s", sqlite3_errmsg(store_db(c->st)));
	}
	rc = sqlite3_step(c->s);
	if (rc == SQLITE_ROW) {
		keep = !sqlite3_column_int(c->s, 0);
		p->is_in = sqlite3_column_int(c->s, 1);
	}
	sqlite3_reset(c->s);
	(void)sqlite3_clear_bindings(c->s); /* p->id is borrowed for this call only */
	if (rc != SQLITE_ROW)
		return kerr(c->err, "cannot search: %s", sqlite3_errmsg(store_db(c->st)));
	return keep;
}

int search_index_find(struct store *st, const struct search_index *ix, const char *query,
		      struct door_person *out, int max, char err[KERR_LEN])
{
	struct live_ctx c = {st, NULL, err};
	struct door_person *tmp;
	int n;

	if (!query[0] || max <= 0)
		return 0;
	if (!(c.s = store_stmt(st, sql_live, err)))
		return -1;
	/* The text phase: up to max from each index, sorted by name, the first
	 * max kept (the main index gives its first by name already). */
	if (!(tmp = malloc(2 * (size_t)max * sizeof *tmp)))
		return kerr(err, "cannot search: out of memory");
	n = rindex_find(ix->main, RINDEX_TEXT, query, live, &c, tmp, 0, max);
	if (n >= 0 && ix->extra)
		n = rindex_find(ix->extra, RINDEX_TEXT, query, live, &c, tmp, n, n + max);
	if (n >= 0) {
		rindex_sort(tmp, n);
		if (n > max)
			n = max;
		memcpy(out, tmp, (size_t)n * sizeof *out);
	}
	free(tmp);
	/* Then by sound: rashed finds রাশেদ, kaushik কৌশিক, ক ক্ষমা. */
	if (n >= 0)
		n = rindex_find(ix->main, RINDEX_SOUND, query, live, &c, out, n, max);
	if (n >= 0 && ix->extra)
		n = rindex_find(ix->extra, RINDEX_SOUND, query, live, &c, out, n, max);
	return n;
}
