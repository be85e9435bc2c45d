/* test_doorq.c - the door's store queries on a real SQLite file: counts,
 * search by phone digits (ASCII or Bengali) and by name (LIKE wildcards taken
 * literally), walk-ins and undo as journal entries that verify. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/doorq.h"
#include "core/jsonw.h"
#include "store/db.h"
#include "store/search.h"
#include "store/store.h"

static char dir[256];
static struct store *st;

static void add(const char *id, int serial, const char *name, const char *phone)
{
	char body[512], err[KERR_LEN];
	struct jsonw w;

	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", id);
	jsonw_str(&w, "event", "E1");
	jsonw_int(&w, "serial", serial);
	jsonw_str(&w, "name", name);
	jsonw_str(&w, "phone", phone);
	assert_int_equal(jsonw_end(&w), 0);
	if (store_append(st, 1000 + serial, "attendee_added", body, NULL, err) != 0)
		fail_msg("%s", err);
}

static int setup(void **state)
{
	char err[KERR_LEN];

	(void)state;
	if (sodium_init() < 0)
		return -1;
	(void)snprintf(dir, sizeof dir, "/tmp/kiosk-test-doorq-XXXXXX");
	if (!mkdtemp(dir) || store_open(&st, dir, 1, err) != 0 ||
	    store_meta_set(st, "event_id", "E1", err) != 0)
		return -1;
	add("a1", 1, "ক্ষমা রক্ষিত", "+8801711223344");
	add("a2", 2, "কৌশিক মিস্ত্রী", "+8801812345678");
	add("a3", 3, "Rahim 100% Uddin", "+8801911000344");
	add("a4", 4, "Rahima Akter", "+8801511000999");
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	store_close(st);
	(void)snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int search(const char *q, struct door_person *out)
{
	char err[KERR_LEN];
	int n = doorq_search(st, q, out, DOOR_RESULTS_MAX, err);

	if (n < 0)
		fail_msg("%s", err);
	return n;
}

static void test_search(void **state)
{
	struct door_person p[DOOR_RESULTS_MAX];

	(void)state;
	assert_int_equal(search("3344", p), 1);
	assert_string_equal(p[0].id, "a1");
	assert_int_equal(search("৩৩৪৪", p), 1); /* Bengali digits from the on-screen keypad */
	assert_string_equal(p[0].id, "a1");
	assert_int_equal(search("344", p), 2); /* last digits: a1 and a3 */
	assert_int_equal(search("rahim", p), 2); /* ASCII names ignore case */
	assert_int_equal(search("কৌশিক", p), 1);
	assert_string_equal(p[0].phone, "+8801812345678");
	assert_int_equal(p[0].is_in, 0);
	assert_int_equal(search("100%", p), 1); /* % is a character, not a wildcard */
	assert_string_equal(p[0].id, "a3");
	assert_int_equal(search("_", p), 0);
	assert_int_equal(search("", p), 0);
	assert_int_equal(search("নেই", p), 0);
}

static void report(void *ctx, const char *line)
{
	(void)ctx;
	fail_msg("verify: %s", line);
}

static void ignore(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

static void test_walkin_and_undo(void **state)
{
	char err[KERR_LEN], id[DOOR_ID_MAX];
	struct door_person p[DOOR_RESULTS_MAX];
	struct door_recent r[DOOR_RECENT_MAX];
	int64_t in, expected, walkins, undone;

	(void)state;
	assert_int_equal(doorq_counts(st, &in, &expected, &walkins, err), 0);
	assert_int_equal(in, 0);
	assert_int_equal(expected, 4);
	assert_int_equal(walkins, 0);
	if (doorq_walkin(st, "gate 2", "মিতা দাস", "+8801712345678", NULL, 5000, id, err) != 0)
		fail_msg("%s", err);
	assert_true(strncmp(id, "w-", 2) == 0);
	assert_int_equal(doorq_counts(st, &in, &expected, &walkins, err), 0);
	assert_int_equal(in, 1);
	assert_int_equal(expected, 5);
	assert_int_equal(walkins, 1);
	assert_int_equal(search("মিতা", p), 1);
	assert_int_equal(p[0].is_in, 1);
	assert_int_equal(doorq_recent(st, r, DOOR_RECENT_MAX, err), 1);
	assert_string_equal(r[0].name, "মিতা দাস");
	assert_string_equal(r[0].device_id, store_device_id(st));
	undone = r[0].seq;
	if (doorq_undo(st, r[0].device_id, r[0].seq, "wrong_person", 6000, err) != 0)
		fail_msg("%s", err);
	assert_int_equal(doorq_counts(st, &in, &expected, &walkins, err), 0);
	assert_int_equal(in, 0);
	assert_int_equal(doorq_recent(st, r, DOOR_RECENT_MAX, err), 0);
	/* Issue 12: an undo decides on "still standing?" under the write lock;
	 * a second undo of the same check-in (another screen, a double tap) is
	 * refused and journals nothing. */
	assert_int_equal(doorq_undo(st, store_device_id(st), undone, NULL, 6100, err), -1);
	{
		sqlite3_stmt *q;

		assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM journal"
						    " WHERE kind='checkin_undone'", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(q, 0), 1);
		sqlite3_finalize(q);
	}
	/* The projections equal a rebuild from the journal. */
	assert_int_equal(store_verify(st, report, NULL, err), 0);
}

static void append(const char *kind, const char *body)
{
	char err[KERR_LEN];

	if (store_append(st, 7000, kind, body, NULL, err) != 0)
		fail_msg("%s %s: %s", kind, body, err);
}

/* Entry seq of device "dB", chained onto prev (updated), merged as sync would. */
static void merge_b(int64_t seq, const char *kind, const char *body, uint8_t prev[STORE_HASH_LEN])
{
	char err[KERR_LEN];
	struct entry e = {.device_id = "dB", .seq = seq, .at_ms = 7500, .kind = kind, .body = body};

	memcpy(e.prev_hash, prev, STORE_HASH_LEN);
	store_entry_hash(&e);
	if (store_merge(st, &e, err) != 1)
		fail_msg("merge %s: %s", kind, err);
	memcpy(prev, e.hash, STORE_HASH_LEN);
}

static void expect_counts(int64_t in, int64_t expected, int64_t walkins)
{
	char err[KERR_LEN];
	int64_t a, b, c;

	if (doorq_counts(st, &a, &b, &c, err) != 0)
		fail_msg("%s", err);
	assert_int_equal(a, in);
	assert_int_equal(b, expected);
	assert_int_equal(c, walkins);
}

static void expect_at(const char *door, int64_t in, int64_t walkins)
{
	char err[KERR_LEN];
	int64_t a, b;

	if (doorq_counts_at(st, door, &a, &b, err) != 0)
		fail_msg("%s", err);
	assert_int_equal(a, in);
	assert_int_equal(b, walkins);
}

/* The counts are a projection kept by each entry (issue 15): they must equal
 * the old whole-table counts after check-ins, double entries from another
 * device, an undo that arrives before the check-in it undoes, a cancel, a
 * walk-in, and a rebuild; and verify compares them with a rebuild. */
static void test_counts_projection(void **state)
{
	char err[KERR_LEN], body[256], id[DOOR_ID_MAX];
	uint8_t prev[STORE_HASH_LEN] = {0};
	int64_t next;
	struct door_recent r[DOOR_RECENT_MAX];

	(void)state;
	/* Fresh attendees b1..b3 on top of what the other tests left. */
	add("b1", 11, "Bina One", "+8801700000011");
	add("b2", 12, "Bina Two", "+8801700000012");
	add("b3", 13, "Bina Three", "+8801700000013");
	if (doorq_counts(st, &next, &next, &next, err) != 0)
		fail_msg("%s", err);
	expect_counts(0, 8, 1); /* a1..a4, the walk-in of the test before, b1..b3 */
	/* Device dB's undo of the check-in this device is about to write arrives first. */
	{
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT max(seq) FROM journal"
						    " WHERE device_id = ?1", -1, &s, NULL), SQLITE_OK);
		sqlite3_bind_text(s, 1, store_device_id(st), -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		next = sqlite3_column_int64(s, 0) + 1;
		sqlite3_finalize(s);
	}
	(void)snprintf(body, sizeof body, "{\"device_id\":\"%s\",\"seq\":%lld}",
		       store_device_id(st), (long long)next);
	merge_b(1, "checkin_undone", body, prev);
	expect_counts(0, 8, 1);
	append("checkin", "{\"event\":\"E1\",\"id\":\"b1\",\"door\":\"gate A\"}");
	expect_counts(0, 8, 1); /* already undone */
	expect_at("gate A", 0, 0);
	append("checkin", "{\"event\":\"E1\",\"id\":\"b2\",\"door\":\"gate B\"}");
	expect_counts(1, 8, 1);
	/* The same guest let in at a second door: one guest in, one at each door. */
	merge_b(2, "checkin", "{\"event\":\"E1\",\"id\":\"b2\",\"door\":\"gate A\"}", prev);
	expect_counts(1, 8, 1);
	expect_at("gate A", 1, 0);
	expect_at("gate B", 1, 0);
	/* Undo one of the two: still in at the other door. */
	assert_int_equal(doorq_recent(st, r, DOOR_RECENT_MAX, err), 2);
	assert_string_equal(r[0].device_id, "dB");
	if (doorq_undo(st, r[0].device_id, r[0].seq, NULL, 8000, err) != 0)
		fail_msg("%s", err);
	expect_counts(1, 8, 1);
	expect_at("gate A", 0, 0);
	expect_at("gate B", 1, 0);
	append("attendee_cancelled", "{\"id\":\"b3\"}");
	expect_counts(1, 7, 1);
	append("attendee_cancelled", "{\"id\":\"b3\"}"); /* twice changes nothing */
	expect_counts(1, 7, 1);
	if (doorq_walkin(st, "gate B", "Nila Walk", "+8801712340000", NULL, 9000, id, err) != 0)
		fail_msg("%s", err);
	expect_counts(2, 8, 2);
	expect_at("gate B", 2, 1);
	expect_at("nowhere", 0, 0);
	assert_int_equal(store_verify(st, report, NULL, err), 0);
	/* A rebuild (journal order, not arrival order) gives the same counts. */
	if (store_rebuild(st, err) != 0)
		fail_msg("%s", err);
	expect_counts(2, 8, 2);
	expect_at("gate A", 0, 0);
	expect_at("gate B", 2, 1);
	/* A count changed behind the journal's back is found by verify. */
	assert_int_equal(sqlite3_exec(store_db(st), "UPDATE door_counts SET checked_in = 99"
				      " WHERE door = ''", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_verify(st, ignore, NULL, err), 1);
	if (store_rebuild(st, err) != 0)
		fail_msg("%s", err);
	expect_counts(2, 8, 2);
}

/* Search through the indexes: short queries are name prefixes, longer ones
 * any part of the name; phone digits are a suffix of the phone. */
static void test_search_indexes(void **state)
{
	struct door_person p[DOOR_RESULTS_MAX];

	(void)state;
	assert_int_equal(search("ra", p), 2); /* Rahim..., Rahima... (prefix, any case) */
	assert_int_equal(search("ah", p), 0); /* two letters: prefixes only */
	assert_int_equal(search("ahi", p), 2); /* three: anywhere in the name */
	assert_int_equal(search("ক্", p), 1); /* ক্ষমা: two code points, a prefix */
	assert_int_equal(search("\"", p), 0);
	assert_int_equal(search("a\"b\"c", p), 0); /* quotes are text, not FTS syntax */
	assert_int_equal(search("OR x", p), 0);
	assert_int_equal(search("0999", p), 1);
	assert_string_equal(p[0].id, "a4");
	assert_int_equal(search("8801511000999", p), 1);
	assert_int_equal(search("99999", p), 0);
}

/* The door's index (store/search.h) is built once; it catches up with the
 * guests added after it (an import, a walk-in: both new rows), reads who is
 * inside and who was cancelled as they stand at each search, and says when
 * the projections were rebuilt under it. */
static void test_search_index_catches_up(void **state)
{
	struct door_person p[DOOR_RESULTS_MAX];
	struct search_index *ix;
	char err[KERR_LEN], id[DOOR_ID_MAX];
	size_t rows;

	(void)state;
	if (search_index_build(st, &ix, err) != 0)
		fail_msg("%s", err);
	rows = search_index_rows(ix);
	assert_int_equal(search_index_find(st, ix, "Nodi", p, DOOR_RESULTS_MAX, err), 0);
	add("a9", 9, "Nodi Akter", "+8801711000777");
	if (doorq_walkin(st, "gate 3", "Nodira Walk", "+8801711000778", NULL, 9123, id, err) != 0)
		fail_msg("%s", err);
	assert_int_equal(search_index_find(st, ix, "Nodi", p, DOOR_RESULTS_MAX, err), 0);
	assert_int_equal(search_index_refresh(st, ix, err), 0);
	assert_int_equal(search_index_rows(ix), rows + 2);
	assert_int_equal(search_index_find(st, ix, "Nodi", p, DOOR_RESULTS_MAX, err), 2);
	assert_string_equal(p[0].id, "a9"); /* by name: Nodi Akter, Nodira Walk */
	assert_int_equal(p[0].is_in, 0);
	assert_int_equal(p[1].is_in, 1);    /* the walk-in came in */
	assert_int_equal(search_index_find(st, ix, "0777", p, DOOR_RESULTS_MAX, err), 1);
	assert_int_equal(search_index_find(st, ix, "nodira walk", p, DOOR_RESULTS_MAX, err), 1);
	/* Cancelled after the build: no longer found. */
	append("attendee_cancelled", "{\"id\":\"a9\"}");
	assert_int_equal(search_index_refresh(st, ix, err), 0);
	assert_int_equal(search_index_find(st, ix, "Nodi", p, DOOR_RESULTS_MAX, err), 1);
	assert_string_equal(p[0].id, id);
	/* Nothing new: nothing read. A second catch-up keeps the first's rows. */
	add("a10", 10, "Nodiya Third", "");
	assert_int_equal(search_index_refresh(st, ix, err), 0);
	assert_int_equal(search_index_find(st, ix, "Nodi", p, DOOR_RESULTS_MAX, err), 2);
	/* Rows gone (projections rebuilt, here by hand): build anew. */
	assert_int_equal(sqlite3_exec(store_db(st), "DELETE FROM attendees WHERE rowid ="
				      " (SELECT max(rowid) FROM attendees)", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(search_index_refresh(st, ix, err), 1);
	search_index_free(ix);
	if (store_rebuild(st, err) != 0)
		fail_msg("%s", err);
}

/* A handle that defers checkpoints lets the WAL grow past SQLite's mark
 * (no commit waits for a copy into the database) until it is asked. */
static void test_deferred_checkpoint(void **state)
{
	char err[KERR_LEN], id[16], name[32];
	int i;

	(void)state;
	assert_int_equal(store_defer_checkpoints(st, err), 0);
	assert_int_equal(store_checkpoint_due(st), 0);
	for (i = 0; i < 400 && !store_checkpoint_due(st); i++) {
		(void)snprintf(id, sizeof id, "ck%d", i);
		(void)snprintf(name, sizeof name, "Checkpoint Guest %d", i);
		add(id, 1000 + i, name, "+8801700000001");
	}
	assert_int_equal(store_checkpoint_due(st), 1);
	assert_int_equal(store_checkpoint(st, err), 0);
	assert_int_equal(store_checkpoint_due(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_indexes),
		cmocka_unit_test(test_walkin_and_undo),
		cmocka_unit_test(test_counts_projection),
		/* Last: it adds guests the counts above do not expect. */
		cmocka_unit_test(test_search_index_catches_up),
		cmocka_unit_test(test_deferred_checkpoint),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
