/* search.c - the door's search by sound (and kiosk_name_keys, which the
 * migration of a store older than schema 5 still calls).
 * Adapter: store + sqlite3 + core/translit. */
#include "search.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonw.h"
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

static int seen(const struct door_person *out, int n, const char *id)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(out[i].id, id) == 0)
			return 1;
	return 0;
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

/* 1 when a word of the name has a key starting with key. */
static int has_key(const struct translit_words *name, const char *key)
{
	size_t n = strlen(key);
	int i;

	for (i = 0; i < name->n; i++)
		if (strncmp(name->key[i], key, n) == 0)
			return 1;
	return 0;
}

int search_by_key(struct store *st, const char *query, struct door_person *out, int have,
		  int max, char err[KERR_LEN])
{
	/* The names are sealed at rest (issue 14): until the door's in-memory
	 * index (issue 15) takes over, the decrypted roster is read through and
	 * each name's keys are made here. The longest query word and up to two
	 * others must each start a word of the name by key. */
	static const char sql[] =
		"SELECT a.id, a.name, coalesce(a.phone,''), a.type,"
		" EXISTS(SELECT 1 FROM inside i WHERE i.attendee_id = a.id)"
		" FROM attendees_pii a"
		" WHERE a.event_id = (SELECT value FROM meta WHERE key = 'event_id')"
		" AND NOT EXISTS (SELECT 1 FROM revocations r WHERE r.attendee_id = a.id)";
	struct translit_words q, w;
	sqlite3_stmt *s;
	int i, rc = SQLITE_DONE, longest = 0, other[2] = {-1, -1}, no = 0, n = have;

	if (translit_words(query, &q) == 0 || have >= max)
		return have;
	/* One consonant ("ra", "ahi") says too little: every name with such a
	 * word would come; the name's own prefix search answers those. */
	for (i = 0, longest = 0; i < q.n; i++)
		longest += (int)strlen(q.key[i]);
	if (longest < 2)
		return have;
	longest = 0;
	for (i = 1; i < q.n; i++)
		if (strlen(q.key[i]) > strlen(q.key[longest]))
			longest = i;
	for (i = 0; i < q.n && no < 2; i++)
		if (i != longest)
			other[no++] = i;
	if (!(s = store_stmt(st, sql, err)))
		return -1;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *id = sqlite3_column_text(s, 0), *name = sqlite3_column_text(s, 1);

		if (!id || seen(out, n, (const char *)id))
			continue;
		translit_words(name ? (const char *)name : "", &w);
		if (!has_key(&w, q.key[longest]) || (other[0] >= 0 && !has_key(&w, q.key[other[0]])) ||
		    (other[1] >= 0 && !has_key(&w, q.key[other[1]])))
			continue;
		search_row(s, &out[n]);
		n++;
	}
	if (n < max && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		return kerr(err, "cannot search: %s", sqlite3_errmsg(store_db(st)));
	}
	sqlite3_reset(s);
	return n;
}
