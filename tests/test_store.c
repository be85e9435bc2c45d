/* test_store.c - the journal store on real SQLite files in a temp directory:
 * chaining, merge idempotence and conflicts, verify finding tampering, rebuild. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "core/utf8.h"
#include "store/checkin.h"
#include "store/db.h"
#include "store/schema.h"
#include "store/store.h"
#include "support/tmpdir.h"

static char dir_a[256], dir_b[256];

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	if (test_tmpdir(dir_a, sizeof dir_a, "store") != 0 || test_tmpdir(dir_b, sizeof dir_b, "store") != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	int a = test_rmtree(dir_a), b = test_rmtree(dir_b);

	(void)state;
	return a == 0 && b == 0 ? 0 : -1;
}

static struct store *open_in(const char *dir)
{
	struct store *st = NULL;
	char err[KERR_LEN];

	assert_int_equal(store_open(&st, dir, 1, err), 0);
	return st;
}

static long long count(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static int problems;
static void on_problem(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
	problems++;
}

static void append_attendee(struct store *st, const char *id, int serial, const char *name)
{
	char body[256], err[KERR_LEN];

	(void)snprintf(body, sizeof body, "{\"id\":\"%s\",\"event\":\"ev\",\"serial\":%d,"
		       "\"name\":\"%s\",\"type\":\"general\",\"type_id\":0}", id, serial, name);
	assert_int_equal(store_append(st, 1000 + serial, "attendee_added", body, NULL, err), 0);
}

/* st's journal in seq order, for journal_entry; the caller finalizes. */
static sqlite3_stmt *journal_rows(struct store *st)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT device_id, seq, at_ms, kind, body,"
					    " prev_hash, hash FROM journal ORDER BY seq", -1, &s, NULL), SQLITE_OK);
	return s;
}

/* The entry of the row s is on; its strings valid until the next step. */
static struct entry journal_entry(sqlite3_stmt *s)
{
	struct entry e = store_row_entry(s);

	memcpy(e.prev_hash, sqlite3_column_blob(s, 5), STORE_HASH_LEN);
	memcpy(e.hash, sqlite3_column_blob(s, 6), STORE_HASH_LEN);
	return e;
}

static void test_append_chains_and_projects(void **state)
{
	struct store *st = open_in(dir_a);
	char err[KERR_LEN];
	int64_t seq = 0;

	(void)state;
	append_attendee(st, "ev-1", 1, "ফারহানা আক্তার");
	append_attendee(st, "ev-2", 2, "Rahim Uddin");
	assert_int_equal(store_append(st, 5000, "checkin",
				      "{\"event\":\"ev\",\"id\":\"ev-1\",\"door\":\"door 1\"}", &seq, err), 0);
	assert_int_equal(seq, 3);
	assert_int_equal(count(st, "SELECT count(*) FROM attendees"), 2);
	assert_int_equal(count(st, "SELECT count(*) FROM active_checkins WHERE attendee_id='ev-1'"), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM journal j1 JOIN journal j2 ON"
				   " j2.device_id=j1.device_id AND j2.seq=j1.seq+1 AND j2.prev_hash=j1.hash"), 2);
	problems = 0;
	assert_int_equal(store_verify(st, on_problem, NULL, err), 0);
	assert_int_equal(problems, 0);
	/* verify leaves the connection as it found it: its TEMP views there */
	assert_int_equal(count(st, "SELECT count(*) FROM attendees_pii"), 2);
	assert_int_equal(count(st, "PRAGMA temp_store"), 2);
	store_close(st);
}

static void test_verify_finds_tampering_and_drift(void **state)
{
	struct store *st = open_in(dir_a);
	char err[KERR_LEN];

	(void)state;
	/* A changed body breaks its hash. */
	assert_int_equal(sqlite3_exec(store_db(st), "UPDATE journal SET body=replace(body,'Rahim','Karim')"
				      " WHERE kind='attendee_added' AND body LIKE '%Rahim%'", NULL, NULL, NULL),
			 SQLITE_OK);
	problems = 0;
	assert_true(store_verify(st, on_problem, NULL, err) >= 1);
	assert_true(problems >= 1);
	/* Put it back; then a projection row with no journal entry behind it. */
	assert_int_equal(sqlite3_exec(store_db(st), "UPDATE journal SET body=replace(body,'Karim','Rahim')",
				      NULL, NULL, NULL), SQLITE_OK);
	problems = 0;
	assert_int_equal(store_verify(st, on_problem, NULL, err), 0);
	assert_int_equal(sqlite3_exec(store_db(st), "DELETE FROM checkins", NULL, NULL, NULL), SQLITE_OK);
	problems = 0;
	assert_int_equal(store_verify(st, on_problem, NULL, err), 1);
	/* verify changed nothing; rebuild repairs. */
	assert_int_equal(count(st, "SELECT count(*) FROM checkins"), 0);
	assert_int_equal(store_rebuild(st, err), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM checkins"), 1);
	assert_int_equal(store_verify(st, on_problem, NULL, err), 0);
	/* Drift that keeps every table's row count: a changed value, and two
	 * rows' values swapped (each column holds the same values as before). */
	assert_int_equal(sqlite3_exec(store_db(st), "UPDATE checkins SET door = 'door 9'", NULL, NULL,
				      NULL), SQLITE_OK);
	problems = 0;
	assert_int_equal(store_verify(st, on_problem, NULL, err), 1);
	assert_int_equal(store_rebuild(st, err), 0);
	assert_int_equal(sqlite3_exec(store_db(st), "CREATE TEMP TABLE sw AS SELECT id, pii FROM attendees"
				      " WHERE id IN ('ev-1', 'ev-2'); UPDATE attendees SET pii = (SELECT pii"
				      " FROM sw WHERE sw.id <> attendees.id) WHERE id IN ('ev-1', 'ev-2');"
				      " DROP TABLE sw", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(count(st, "SELECT count(DISTINCT pii) FROM attendees"), 2);
	problems = 0;
	assert_int_equal(store_verify(st, on_problem, NULL, err), 1);
	assert_int_equal(problems, 1);
	assert_int_equal(store_rebuild(st, err), 0);
	assert_int_equal(store_verify(st, on_problem, NULL, err), 0);
	/* A gap in the sequence is found. */
	assert_int_equal(sqlite3_exec(store_db(st), "DELETE FROM journal WHERE seq=2", NULL, NULL, NULL),
			 SQLITE_OK);
	problems = 0;
	assert_true(store_verify(st, on_problem, NULL, err) >= 1);
	store_close(st);
}

static void test_merge_is_idempotent_and_checks_chain(void **state)
{
	struct store *b = open_in(dir_b);
	struct store *a;
	char err[KERR_LEN], sub[300];
	sqlite3_stmt *s;
	int added = 0, rc;

	(void)state;
	/* Fresh source store with three entries. */
	(void)snprintf(sub, sizeof sub, "%s/src", dir_a);
	a = open_in(sub);
	append_attendee(a, "ev-1", 1, "A");
	append_attendee(a, "ev-2", 2, "B");
	append_attendee(a, "ev-3", 3, "C");
	s = journal_rows(a);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct entry e = journal_entry(s), bad;

		if (e.seq == 2) {
			/* Out of order: entry 3 before 2 is refused. */
			bad = e;
			bad.seq = 3;
			store_entry_hash(&bad);
			assert_int_equal(store_merge(b, &bad, err), -1);
			/* A tampered body is refused. */
			bad = e;
			bad.body = "{\"id\":\"ev-2\",\"name\":\"X\"}";
			assert_int_equal(store_merge(b, &bad, err), -1);
		}
		assert_int_equal(store_merge(b, &e, err), 1);
		added++;
		assert_int_equal(store_merge(b, &e, err), 0); /* again: nothing new */
	}
	sqlite3_finalize(s);
	assert_int_equal(added, 3);
	assert_int_equal(count(b, "SELECT count(*) FROM attendees"), 3);
	problems = 0;
	assert_int_equal(store_verify(b, on_problem, NULL, err), 0);
	/* b's own entries chain on from seq 1 beside the merged device. */
	append_attendee(b, "ev-9", 9, "Own");
	assert_int_equal(store_verify(b, on_problem, NULL, err), 0);
	store_close(a);
	store_close(b);
}

/* Every entry of src merged into dst, in seq order. */
static void merge_all(struct store *src, struct store *dst)
{
	char err[KERR_LEN];
	sqlite3_stmt *s;

	s = journal_rows(src);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct entry e = journal_entry(s);

		if (store_merge(dst, &e, err) != 1)
			fail_msg("merge %s/%lld: %s", e.device_id, (long long)e.seq, err);
	}
	sqlite3_finalize(s);
}

/* A corrected import row (attendee_updated) lands the same whatever order
 * the devices' entries arrive in: the latest update wins, also when it
 * arrives before the attendee it corrects, and a rebuild equals the rows. */
static void test_attendee_update_in_any_order(void **state)
{
	static const char *const order[2][3] = {{"add", "new", "old"}, {"new", "old", "add"}};
	char err[KERR_LEN], sub[300];
	struct store *src[3];
	const char *name[3] = {"add", "new", "old"};

	(void)state;
	for (int i = 0; i < 3; i++) {
		(void)snprintf(sub, sizeof sub, "%s/upd-%s", dir_a, name[i]);
		src[i] = open_in(sub);
	}
	append_attendee(src[0], "ev-1", 1, "Rahim");
	assert_int_equal(store_append(src[1], 3000, "attendee_updated", "{\"id\":\"ev-1\",\"event\":"
				      "\"ev\",\"pii\":\"s1.NEW\",\"type\":\"vip\",\"type_id\":1,\"code\":\"C2\"}",
				      NULL, err), 0);
	assert_int_equal(store_append(src[2], 2000, "attendee_updated", "{\"id\":\"ev-1\",\"event\":"
				      "\"ev\",\"pii\":\"s1.OLD\",\"type\":\"press\",\"type_id\":2}", NULL, err), 0);
	for (int o = 0; o < 2; o++) {
		struct store *m;

		(void)snprintf(sub, sizeof sub, "%s/upd-merged-%d", dir_b, o);
		m = open_in(sub);
		for (int k = 0; k < 3; k++)
			for (int i = 0; i < 3; i++)
				if (strcmp(order[o][k], name[i]) == 0)
					merge_all(src[i], m);
		assert_int_equal(count(m, "SELECT count(*) FROM attendees WHERE id = 'ev-1' AND pii = 's1.NEW'"
					  " AND type = 'vip' AND type_id = 1 AND code = 'C2' AND serial = 1"), 1);
		problems = 0;
		assert_int_equal(store_verify(m, on_problem, NULL, err), 0);
		assert_int_equal(problems, 0);
		store_close(m);
	}
	for (int i = 0; i < 3; i++)
		store_close(src[i]);
}

static void test_open_missing_without_create_fails(void **state)
{
	struct store *st = NULL;
	char err[KERR_LEN], sub[300];

	(void)state;
	(void)snprintf(sub, sizeof sub, "%s/nothing-here", dir_a);
	assert_int_equal(store_open(&st, sub, 0, err), -1);
	assert_null(st);
	assert_non_null(strstr(err, "cannot open"));
}

/* Issue 12: junk a scanner sends is journaled with its rejection, and the
 * journal holds only valid UTF-8 (PostgreSQL refuses anything else and an
 * append-only journal cannot be mended). A body with invalid bytes is refused
 * by store_append whatever the caller did. The junk's bytes are not kept
 * (they were, as hex): only its first letters, its length and, with the data
 * key in memory, a keyed hash. */
static void test_junk_codes_are_journaled_without_their_bytes(void **state)
{
	struct store *st;
	struct checkin_result res;
	char err[KERR_LEN], dir[300];
	sqlite3_stmt *s;
	const unsigned char *body;

	(void)state;
	(void)snprintf(dir, sizeof dir, "%s/junk", dir_a);
	st = open_in(dir);
	assert_int_equal(store_meta_set(st, "event_id", "0a0b0c0d", err), 0);
	assert_int_equal(checkin_perform(st, "T1\xed\xa0\x80\xc0\xaf", "door 1", 5000, &res, err), 0);
	assert_int_equal(res.verdict, VERDICT_REJECTED);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT body FROM journal WHERE"
					    " kind='checkin_rejected'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	body = sqlite3_column_text(s, 0);
	assert_true(utf8_valid((const char *)body, strlen((const char *)body), NULL));
	assert_non_null(strstr((const char *)body, "\"code_head\":\"T\",\"code_len\":7"));
	assert_null(strstr((const char *)body, "code_hex"));
	sqlite3_finalize(s);
	assert_int_equal(store_append(st, 6000, "note", "{\"x\":\"\xed\xa0\x80\"}", NULL, err), -1);
	assert_non_null(strstr(err, "not valid UTF-8"));
	store_close(st);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Another writer that commits an entry every 100 ms for 1.5 s, each one
 * holding the write lock most of the time. */
static void *busy_writer(void *arg)
{
	struct store *other = open_in(arg);
	char err[KERR_LEN], body[64];
	int64_t end = mono_ms() + 1500;
	int i = 0;

	while (mono_ms() < end) {
		(void)snprintf(body, sizeof body, "{\"id\":\"x%d\"}", i++);
		if (store_begin(other, err) != 0)
			continue; /* our own waiter got in first: try again */
		(void)store_append(other, 5, "attendee_cancelled", body, NULL, err);
		{
			struct timespec pause = {0, 100 * 1000000};

			(void)nanosleep(&pause, NULL);
		}
		(void)store_commit(other, err);
	}
	store_close(other);
	return NULL;
}

/* store_set_busy_ms: a lock held without progress fails after the short
 * wait; others committing one after another are waited for (issue 15: the
 * door's prompt "not saved" must not turn contention into errors). */
static void test_busy_wait(void **state)
{
	struct store *st = open_in(dir_a), *holder = open_in(dir_a);
	char err[KERR_LEN];
	int64_t t0;
	pthread_t th;

	(void)state;
	assert_int_equal(store_set_busy_ms(st, 300, err), 0);
	/* Held: BEGIN IMMEDIATE and nothing written. */
	assert_int_equal(store_begin(holder, err), 0);
	t0 = mono_ms();
	assert_int_equal(store_append(st, 1, "attendee_cancelled", "{\"id\":\"held\"}", NULL, err), -1);
	assert_true(mono_ms() - t0 >= 250);
	assert_true(mono_ms() - t0 < 2000); /* not the 5 s of the default wait */
	store_rollback(holder);
	store_close(holder);
	/* Contention: the other writer holds the lock nearly all of 1.5 s, committing
	 * every 100 ms; the short wait keeps going and the append gets in. */
	assert_int_equal(pthread_create(&th, NULL, busy_writer, dir_a), 0);
	{
		struct timespec settle = {0, 50 * 1000000};

		(void)nanosleep(&settle, NULL);
	}
	if (store_append(st, 2, "attendee_cancelled", "{\"id\":\"queued\"}", NULL, err) != 0)
		fail_msg("append during contention: %s", err);
	assert_int_equal(pthread_join(th, NULL), 0);
	store_close(st);
}

/* The entry hash is BLAKE2b(prev || device NUL seq NUL at_ms NUL kind NUL
 * body) with decimal numbers, whatever the numbers (the writer formats them
 * itself): checked against the formula written out with snprintf. */
static void test_entry_hash_formula(void **state)
{
	static const int64_t nums[][2] = {
		{1, 0}, {9, 10}, {1234567890123LL, -5}, {INT64_MAX, INT64_MIN}, {42, 1767225600000LL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		struct entry e = {.device_id = "door-1-abc", .seq = nums[i][0], .at_ms = nums[i][1],
				  .kind = "note", .body = "{\"n\":1}"};
		unsigned char msg[256], want[STORE_HASH_LEN];
		int n;

		memset(e.prev_hash, (int)i, STORE_HASH_LEN);
		memcpy(msg, e.prev_hash, STORE_HASH_LEN);
		n = snprintf((char *)msg + STORE_HASH_LEN, sizeof msg - STORE_HASH_LEN,
			     "%s%c%" PRId64 "%c%" PRId64 "%c%s%c%s", e.device_id, 0, e.seq, 0, e.at_ms, 0,
			     e.kind, 0, e.body);
		crypto_generichash(want, sizeof want, msg, STORE_HASH_LEN + (size_t)n, NULL, 0);
		store_entry_hash(&e);
		assert_memory_equal(e.hash, want, STORE_HASH_LEN);
	}
}

/* The append hook (sync's tip signer) sees each append in its own
 * transaction, and once, at commit, the head the journal holds then for
 * appends inside the caller's transaction: a batch (an import) signs one
 * tip, not one per entry. A rolled-back batch calls it never; a savepoint
 * rolled back inside one leaves the head the hook then sees. */
struct hook_log {
	int calls;
	int64_t seq;
	uint8_t hash[STORE_HASH_LEN];
};

static int log_hook(void *ctx, struct store *st, int64_t seq, const uint8_t hash[STORE_HASH_LEN],
		    char err[KERR_LEN])
{
	struct hook_log *h = ctx;

	(void)st;
	(void)err;
	h->calls++;
	h->seq = seq;
	memcpy(h->hash, hash, STORE_HASH_LEN);
	return 0;
}

static void test_append_hook_once_per_commit(void **state)
{
	char dir[sizeof dir_a + 8], err[KERR_LEN];
	struct hook_log h = {0};
	struct store *st;
	sqlite3_stmt *s;

	(void)state;
	(void)snprintf(dir, sizeof dir, "%s/hook", dir_a);
	st = open_in(dir);
	store_set_append_hook(st, log_hook, &h, NULL);
	append_attendee(st, "h-1", 1, "One");
	assert_int_equal(h.calls, 1);
	assert_int_equal(h.seq, 1);
	/* a batch: one call, at commit, for its last entry */
	assert_int_equal(store_begin(st, err), 0);
	append_attendee(st, "h-2", 2, "Two");
	append_attendee(st, "h-3", 3, "Three");
	append_attendee(st, "h-4", 4, "Four");
	assert_int_equal(h.calls, 1);
	assert_int_equal(store_commit(st, err), 0);
	assert_int_equal(h.calls, 2);
	assert_int_equal(h.seq, 4);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT hash FROM journal WHERE seq = 4",
					    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_memory_equal(sqlite3_column_blob(s, 0), h.hash, STORE_HASH_LEN);
	sqlite3_finalize(s);
	/* rolled back: never */
	assert_int_equal(store_begin(st, err), 0);
	append_attendee(st, "h-5", 5, "Five");
	store_rollback(st);
	assert_int_equal(store_begin(st, err), 0);
	assert_int_equal(store_commit(st, err), 0);
	assert_int_equal(h.calls, 2);
	/* a savepoint rolled back: the head that stays */
	assert_int_equal(store_begin(st, err), 0);
	append_attendee(st, "h-5", 5, "Five");
	assert_int_equal(store_savepoint(st, err), 0);
	append_attendee(st, "h-6", 6, "Six");
	store_savepoint_rollback(st);
	assert_int_equal(store_commit(st, err), 0);
	assert_int_equal(h.calls, 3);
	assert_int_equal(h.seq, 5);
	store_close(st);
}

/* Rows of every projection table of a that b lacks, and of b that a lacks
 * (b attached to a's connection as "other"). */
static long long projections_differ(struct store *a, const char *b_dir)
{
	char sql[600], err[KERR_LEN];
	long long n = 0;

	(void)snprintf(sql, sizeof sql, "ATTACH '%s/kiosk.db' AS other", b_dir);
	assert_int_equal(store_exec(a, sql, err), 0);
	for (int i = 0; schema_projection_tables[i]; i++) {
		const char *t = schema_projection_tables[i];

		(void)snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM (SELECT * FROM main.%s"
			       " EXCEPT SELECT * FROM other.%s)) + (SELECT count(*) FROM (SELECT * FROM"
			       " other.%s EXCEPT SELECT * FROM main.%s))", t, t, t, t);
		long long d = count(a, sql);

		if (d)
			fprintf(stderr, "# %s: %lld rows differ\n", t, d);
		n += d;
	}
	assert_int_equal(store_exec(a, "DETACH other", err), 0);
	return n;
}

/* Every entry of src that dst does not hold yet merged into dst. */
static void merge_new(struct store *src, struct store *dst)
{
	char err[KERR_LEN];
	sqlite3_stmt *s = journal_rows(src);

	while (sqlite3_step(s) == SQLITE_ROW) {
		struct entry e = journal_entry(s);

		if (store_merge(dst, &e, err) < 0)
			fail_msg("merge %s/%lld: %s", e.device_id, (long long)e.seq, err);
	}
	sqlite3_finalize(s);
}

static void append_body(struct store *st, int64_t at, const char *kind, const char *fmt, ...)
{
	char body[512], err[KERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	if (store_append(st, at, kind, body, NULL, err) != 0)
		fail_msg("append %s %s: %s", kind, body, err);
}

/* An import's guests applied all at once (store_bulk_begin) give the very
 * tables that the same entries applied one by one give: with walk-ins that
 * share their phones (the alias groups), an update and a cancellation that
 * arrived before their guest, one id added twice, a guest of another event,
 * guests without a phone, and an entry of another kind in the middle of the
 * run. The one-by-one store merges the bulk store's journal (store_merge
 * applies each entry as it comes); a rebuild of it (in bulk again) equals
 * both, and verify passes on both. */
static void test_bulk_equals_one_by_one(void **state)
{
	char w_dir[sizeof dir_a + 8], bulk_dir[sizeof dir_a + 8], one_dir[sizeof dir_b + 8];
	char err[KERR_LEN];
	struct store *w, *bulk, *one;

	(void)state;
	(void)snprintf(w_dir, sizeof w_dir, "%s/bw", dir_a);
	(void)snprintf(bulk_dir, sizeof bulk_dir, "%s/bb", dir_a);
	(void)snprintf(one_dir, sizeof one_dir, "%s/bo", dir_b);
	w = open_in(w_dir);
	bulk = open_in(bulk_dir);
	one = open_in(one_dir);
	assert_int_equal(store_meta_set(bulk, "event_id", "ev", err), 0);
	assert_int_equal(store_meta_set(one, "event_id", "ev", err), 0);
	/* a door's walk-ins, three of them on phones the import has too */
	for (int i = 1; i <= 5; i++)
		append_body(w, 100 + i, "walkin", "{\"id\":\"w-%d\",\"event\":\"ev\",\"door\":\"d1\","
			    "\"pii\":\"s1.w%d\",\"phone_bi\":\"P%d\"}", i, i, i <= 3 ? i * 7 : 900 + i);
	append_body(w, 110, "attendee_updated", "{\"id\":\"ev-3\",\"event\":\"ev\",\"pii\":\"s1.NEW\","
		    "\"phone_bi\":\"P14\",\"type\":\"vip\",\"type_id\":1}");
	append_body(w, 111, "attendee_cancelled", "{\"id\":\"ev-9\",\"event\":\"ev\"}");
	merge_all(w, bulk);
	merge_all(w, one);

	assert_int_equal(store_begin(bulk, err), 0);
	assert_int_equal(store_bulk_begin(bulk, err), 0);
	for (int i = 1; i <= 300; i++) {
		if (i == 150) /* another kind: what is put off is applied first */
			append_body(bulk, 1000 + i, "checkin", "{\"event\":\"ev\",\"id\":\"ev-4\","
				    "\"door\":\"d1\"}");
		if (i % 40 == 0) /* no phone */
			append_body(bulk, 1000 + i, "attendee_added", "{\"id\":\"ev-%d\",\"event\":\"ev\","
				    "\"serial\":%d,\"pii\":\"s1.a%d\",\"type\":\"general\",\"type_id\":0}",
				    i, i, i);
		else
			append_body(bulk, 1000 + i, "attendee_added", "{\"id\":\"ev-%d\",\"event\":\"%s\","
				    "\"serial\":%d,\"pii\":\"s1.a%d\",\"phone_bi\":\"P%d\",\"type\":\"general\","
				    "\"type_id\":0}", i == 290 ? 5 : i, i == 77 ? "ev2" : "ev", i, i, i);
	}
	/* not yet in the attendees table; all there at commit */
	assert_true(count(bulk, "SELECT count(*) FROM attendees WHERE id = 'ev-200'") == 0);
	assert_int_equal(store_commit(bulk, err), 0);
	assert_int_equal(count(bulk, "SELECT count(*) FROM attendees WHERE walkin = 0"), 299);
	assert_int_equal(count(bulk, "SELECT count(*) FROM guest_aliases"), 3);
	assert_int_equal(count(bulk, "SELECT count(*) FROM attendees WHERE id = 'ev-3' AND type = 'vip'"), 1);
	assert_int_equal(count(bulk, "SELECT expected FROM door_counts WHERE door = ''"), 5 + 299 - 1 - 1);
	/* the chain goes on where the batch left it */
	append_attendee(bulk, "ev-999", 999, "After");
	assert_int_equal(count(bulk, "SELECT max(seq) FROM journal WHERE device_id = (SELECT device_id"
				     " FROM journal WHERE body LIKE '%ev-999%')"), 302);

	merge_new(bulk, one);
	assert_int_equal(projections_differ(bulk, one_dir), 0);
	problems = 0;
	assert_int_equal(store_verify(bulk, on_problem, NULL, err), 0);
	assert_int_equal(store_verify(one, on_problem, NULL, err), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(store_rebuild(one, err), 0);
	assert_int_equal(projections_differ(bulk, one_dir), 0);
	store_close(w);
	store_close(bulk);
	store_close(one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_chains_and_projects),
		cmocka_unit_test(test_verify_finds_tampering_and_drift),
		cmocka_unit_test(test_merge_is_idempotent_and_checks_chain),
		cmocka_unit_test(test_attendee_update_in_any_order),
		cmocka_unit_test(test_open_missing_without_create_fails),
		cmocka_unit_test(test_junk_codes_are_journaled_without_their_bytes),
		cmocka_unit_test(test_busy_wait),
		cmocka_unit_test(test_entry_hash_formula),
		cmocka_unit_test(test_append_hook_once_per_commit),
		cmocka_unit_test(test_bulk_equals_one_by_one),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
