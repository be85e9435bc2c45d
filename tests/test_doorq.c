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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_walkin_and_undo),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
