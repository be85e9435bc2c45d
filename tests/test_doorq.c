/* test_doorq.c - the door's store queries on a real SQLite file: counts,
 * search by phone digits (ASCII or Bengali) and by name (LIKE wildcards taken
 * literally), walk-ins and undo as journal entries that verify. And the door
 * side sealed at rest (issue 14): attendee bodies and rows hold name, phone
 * and email only sealed, readers see them through the TEMP view
 * attendees_pii once the key is in memory (and fail loudly without it),
 * verify and rebuild need no key, a worker's handle gets the key by
 * vault_share, lookups by phone go through the blind index; a store from
 * before issue 14 (schema 5, names in clear in its journal and tables) is
 * migrated and still reads, verifies and finds its guests by phone. */
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
#include "store/attendees.h"
#include "store/checkin.h"
#include "store/doorq.h"
#include "store/schema.h"
#include "store/vault.h"
#include "store/visits.h"
#include "core/jsonw.h"
#include "store/search.h"
#include "store/store.h"
#include "support/tmpdir.h"

static char dir[256];
static struct store *st;

/* One attendee_added entry of event E1 in s: sealed as the kiosk writes it
 * since issue 14, or in clear as a body written before (the store must still
 * read those). email, code: NULL for none. */
static void add_to(struct store *s, const char *id, int serial, const char *name, const char *phone,
		   const char *email, const char *code, int sealed)
{
	char body[2048], err[KERR_LEN];
	struct jsonw w;

	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", id);
	jsonw_str(&w, "event", "E1");
	jsonw_int(&w, "serial", serial);
	if (sealed) {
		if (attendees_seal(s, &w, name, phone, email, err) != 0)
			fail_msg("%s", err);
	} else {
		jsonw_str(&w, "name", name);
		jsonw_str(&w, "phone", phone);
		if (email)
			jsonw_str(&w, "email", email);
	}
	if (code)
		jsonw_str(&w, "code", code);
	assert_int_equal(jsonw_end(&w), 0);
	if (store_append(s, 1000 + serial, "attendee_added", body, NULL, err) != 0)
		fail_msg("%s", err);
}

static void add(const char *id, int serial, const char *name, const char *phone, int sealed)
{
	add_to(st, id, serial, name, phone, NULL, NULL, sealed);
}

static int setup(void **state)
{
	char err[KERR_LEN];

	(void)state;
	if (sodium_init() < 0)
		return -1;
	(void)setenv("KIOSK_TEST_WEAK_KDF", "1", 1);
	if (test_tmpdir(dir, sizeof dir, "doorq") != 0 || store_open(&st, dir, 1, err) != 0 ||
	    store_meta_set(st, "event_id", "E1", err) != 0 || vault_create(st, "door", 4, err) != 0)
		return -1;
	add("a1", 1, "ক্ষমা রক্ষিত", "+8801711223344", 1);
	add("a2", 2, "কৌশিক মিস্ত্রী", "+8801812345678", 1);
	add("a3", 3, "Rahim 100% Uddin", "+8801911000344", 0);
	add("a4", 4, "Rahima Akter", "+8801511000999", 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	return test_rmtree(dir);
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
	add("b1", 11, "Bina One", "+8801700000011", 1);
	add("b2", 12, "Bina Two", "+8801700000012", 1);
	add("b3", 13, "Bina Three", "+8801700000013", 1);
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
	/* An earlier event's guest, check-in, exit and cancel in the same store
	 * (init --new keeps them), arriving now and later, count nowhere and are
	 * no check-in the menu can undo. */
	merge_b(3, "attendee_added", "{\"id\":\"old1\",\"event\":\"E0\",\"serial\":1,"
		"\"name\":\"Old One\",\"phone\":\"+8801700000099\"}", prev);
	merge_b(4, "checkin", "{\"event\":\"E0\",\"id\":\"old1\",\"door\":\"gate B\"}", prev);
	merge_b(5, "checkin", "{\"event\":\"E0\",\"id\":\"old2\",\"door\":\"gate A\"}", prev);
	merge_b(6, "exit", "{\"event\":\"E0\",\"id\":\"old1\",\"door\":\"gate B\"}", prev);
	merge_b(7, "attendee_cancelled", "{\"id\":\"old2\"}", prev);
	expect_counts(2, 8, 2);
	expect_at("gate A", 0, 0);
	expect_at("gate B", 2, 1);
	assert_int_equal(doorq_recent(st, r, DOOR_RECENT_MAX, err), 2);
	for (int i = 0; i < 2; i++)
		assert_string_not_equal(r[i].name, "Old One");
	assert_int_equal(store_verify(st, report, NULL, err), 0);
	if (store_rebuild(st, err) != 0)
		fail_msg("%s", err);
	expect_counts(2, 8, 2);
	expect_at("gate B", 2, 1);
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

/* ---- sealed at rest (issue 14) ---------------------------------------- */

#define PASS "seal test passphrase"
#define NAME "শাহনাজ পারভীন"
#define PHONE "+8801713579246"
#define EMAIL "shahnaz.seal@example.org"

static struct store *open_store(const char *sub)
{
	char path[300], err[KERR_LEN];
	struct store *sx = NULL;

	(void)snprintf(path, sizeof path, "%s/%s", dir, sub);
	if (store_open(&sx, path, 1, err) != 0)
		fail_msg("%s", err);
	return sx;
}

/* The first column of the first row of sql as text into out ("" for NULL);
 * returns the step's result code. */
static int one(struct store *sx, const char *sql, char *out, size_t cap)
{
	sqlite3_stmt *s;
	int rc;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(store_db(sx), sql, -1, &s, NULL), SQLITE_OK);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		(void)snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc;
}

static int problems;

static void on_problem(void *ctx, const char *line)
{
	(void)ctx;
	print_message("verify: %s\n", line);
	problems++;
}

static void test_sealed_at_rest(void **state)
{
	struct store *sx = open_store("new"), *other = open_store("new");
	char err[KERR_LEN], v[2048], id[ATTENDEES_ID_MAX];
	struct door_person p;
	struct attendees_known k;

	(void)state;
	assert_int_equal(store_meta_set(sx, "event_id", "E1", err), 0);
	assert_int_equal(vault_create(sx, PASS, strlen(PASS), err), 0);
	add_to(sx, "a1", 1, NAME, PHONE, EMAIL, "a1", 1);

	/* The journal and the projection hold no clear field. */
	assert_int_equal(one(sx, "SELECT body FROM journal WHERE kind='attendee_added'", v, sizeof v),
			 SQLITE_ROW);
	assert_null(strstr(v, NAME));
	assert_null(strstr(v, "3579246"));
	assert_null(strstr(v, EMAIL));
	assert_non_null(strstr(v, "\"pii\":\"s1."));
	assert_non_null(strstr(v, "\"phone_bi\":\""));
	assert_int_equal(one(sx, "SELECT pii FROM attendees", v, sizeof v), SQLITE_ROW);
	assert_true(vault_is_sealed(v));
	assert_int_equal(one(sx, "SELECT count(*) FROM pragma_table_info('attendees')"
			     " WHERE name IN ('name','phone','email','phone_rev')", v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, "0");

	/* Unlocked, the view shows them. */
	assert_int_equal(one(sx, "SELECT name || '|' || phone || '|' || email FROM attendees_pii", v,
			     sizeof v), SQLITE_ROW);
	assert_string_equal(v, NAME "|" PHONE "|" EMAIL);
	assert_int_equal(one(sx, "SELECT count(*) FROM attendees_pii p JOIN attendees a"
			     " ON a.rowid = p.rowid AND a.id = p.id", v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, "1"); /* the view keeps the rows' rowids */
	assert_int_equal(attendees_known(sx, "E1", PHONE, NULL, &k, err), 1);
	assert_string_equal(k.id, "a1");
	assert_string_equal(k.name, NAME);
	assert_string_equal(k.email, EMAIL);
	assert_int_equal(attendees_known(sx, "E1", "+8801999999999", NULL, &k, err), 0);
	assert_int_equal(attendees_find(sx, PHONE, id, err), 0);
	assert_string_equal(id, "a1");
	assert_int_equal(visits_by_phone(sx, PHONE, &p, err), 1);
	assert_string_equal(p.name, NAME);

	/* Another handle without the key: readers of names fail loudly, the
	 * counts, verify and rebuild work, a phone is not found. */
	assert_int_equal(one(other, "SELECT name FROM attendees_pii", v, sizeof v), SQLITE_ERROR);
	assert_non_null(strstr(sqlite3_errmsg(store_db(other)), "locked"));
	problems = 0;
	assert_int_equal(store_verify(other, on_problem, NULL, err), 0);
	assert_int_equal(store_rebuild(other, err), 0);
	assert_int_equal(store_verify(other, on_problem, NULL, err), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(attendees_find(other, "1", id, err), 0);
	assert_int_equal(attendees_find(other, PHONE, id, err), -1);
	assert_int_equal(visits_by_phone(other, PHONE, &p, err), -1);
	assert_int_equal(doorq_walkin(other, "door 1", "X", "+8801700000001", NULL, 2000, id, err), -1);
	assert_non_null(strstr(err, "locked"));
	/* A worker's handle gets the key of the screen's. */
	assert_int_equal(vault_share(other, sx, err), 0);
	assert_int_equal(one(other, "SELECT name FROM attendees_pii", v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, NAME);
	store_close(other);
	store_close(sx);
}

/* The tables of a schema-5 store (before issue 14) made from sx's: the
 * fields back in clear columns, the name indexes of that time (the shop's
 * tables too: schema 7 sealed them). */
static const char to_schema5[] =
	"DROP INDEX orders_phone_bi; ALTER TABLE orders DROP COLUMN pii; ALTER TABLE orders DROP COLUMN phone_bi;"
	"ALTER TABLE orders ADD COLUMN name TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE orders ADD COLUMN phone TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE orders ADD COLUMN address TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX orders_phone ON orders(phone, at_ms);"
	"ALTER TABLE feedback DROP COLUMN pii; ALTER TABLE feedback DROP COLUMN phone_bi;"
	"ALTER TABLE feedback ADD COLUMN comment TEXT; ALTER TABLE feedback ADD COLUMN phone TEXT;"
	"ALTER TABLE payments DROP COLUMN pii; ALTER TABLE payments DROP COLUMN phone_bi;"
	"ALTER TABLE payments ADD COLUMN phone TEXT;"
	"DROP INDEX delivery_entries_phone_bi; ALTER TABLE delivery_entries DROP COLUMN pii;"
	"ALTER TABLE delivery_entries DROP COLUMN phone_bi;"
	"ALTER TABLE delivery_entries ADD COLUMN phone TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX delivery_entries_phone ON delivery_entries(phone);"
	"DROP INDEX attendees_phone_bi; DROP INDEX attendees_clear_phone; DROP INDEX attendees_walkin_group;"
	"ALTER TABLE attendees ADD COLUMN name TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE attendees ADD COLUMN phone TEXT; ALTER TABLE attendees ADD COLUMN email TEXT;"
	"UPDATE attendees SET name = json_extract(pii,'$.name'), phone = json_extract(pii,'$.phone'),"
	"  email = json_extract(pii,'$.email');"
	"ALTER TABLE attendees DROP COLUMN pii; ALTER TABLE attendees DROP COLUMN phone_bi;"
	"CREATE INDEX attendees_phone ON attendees(phone);"
	"CREATE INDEX attendees_name ON attendees(event_id, name);"
	"ALTER TABLE attendees ADD COLUMN phone_rev TEXT GENERATED ALWAYS AS (substr(phone,14,1)) VIRTUAL;"
	"CREATE INDEX attendees_phone_rev ON attendees(phone_rev);"
	"CREATE INDEX attendees_name_nocase ON attendees(name COLLATE NOCASE);"
	"CREATE VIRTUAL TABLE attendee_names USING fts5(id UNINDEXED, name, tokenize='trigram');"
	"INSERT INTO attendee_names(rowid, id, name) SELECT rowid, id, name FROM attendees;"
	"CREATE TABLE name_keys(key TEXT NOT NULL, attendee_id TEXT NOT NULL,"
	"  PRIMARY KEY(key, attendee_id)) WITHOUT ROWID;"
	"CREATE INDEX name_keys_attendee ON name_keys(attendee_id, key);"
	"PRAGMA user_version = 5;";

static void test_old_store_migrates(void **state)
{
	struct store *sx = open_store("old");
	char err[KERR_LEN], v[2048], id[ATTENDEES_ID_MAX], path[300];
	struct door_person p[DOOR_RESULTS_MAX];
	struct attendees_known k;
	sqlite3 *db;
	int n;

	(void)state;
	/* A store written before issue 14: no data key, clear bodies. */
	assert_int_equal(store_meta_set(sx, "event_id", "E1", err), 0);
	add_to(sx, "o1", 1, NAME, PHONE, EMAIL, "o1", 0);
	add_to(sx, "o2", 2, "Kazimierz Brzęczyszczykiewicz", "+8801824681357", NULL, "o2", 0);
	if (store_append(sx, 3000, "checkin", "{\"event\":\"E1\",\"id\":\"o2\",\"door\":\"door 1\"}",
			 NULL, err) != 0)
		fail_msg("%s", err);
	store_close(sx);
	(void)snprintf(path, sizeof path, "%s/old/kiosk.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, to_schema5, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("to schema 5: %s", sqlite3_errmsg(db));
	sqlite3_close(db);

	/* Opened by this kiosk: migrated, read without a key (no key set). */
	sx = open_store("old");
	assert_int_equal(one(sx, "PRAGMA user_version", v, sizeof v), SQLITE_ROW);
	n = 0;
	while (schema_migrations[n])
		n++;
	assert_int_equal(atoi(v), n);
	assert_int_equal(one(sx, "SELECT count(*) FROM sqlite_master WHERE name IN"
			     " ('attendee_names','name_keys','attendees_phone_rev','attendees_name')",
			     v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, "0");
	assert_int_equal(one(sx, "SELECT name || '|' || phone || '|' || email FROM attendees_pii"
			     " WHERE id = 'o1'", v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, NAME "|" PHONE "|" EMAIL);
	problems = 0;
	assert_int_equal(store_verify(sx, on_problem, NULL, err), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(attendees_find(sx, "+8801824681357", id, err), 0);
	assert_string_equal(id, "o2");
	n = doorq_search(sx, "Brzęczy", p, DOOR_RESULTS_MAX, err);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].is_in, 1);

	/* The event gets a data key: new guests are sealed next to the old
	 * ones, and a phone finds either. */
	assert_int_equal(vault_create(sx, PASS, strlen(PASS), err), 0);
	add_to(sx, "n3", 3, "তাহমিনা রওশন", "+8801597531864", NULL, "n3", 1);
	assert_int_equal(visits_by_phone(sx, PHONE, p, err), 1);
	assert_string_equal(p[0].id, "o1");
	assert_int_equal(visits_by_phone(sx, "+8801597531864", p, err), 1);
	assert_string_equal(p[0].name, "তাহমিনা রওশন");
	assert_int_equal(attendees_known(sx, "E1", PHONE, NULL, &k, err), 1);
	assert_string_equal(k.id, "o1"); /* in clear, from before issue 14 */
	assert_string_equal(k.name, NAME);
	assert_int_equal(attendees_known(sx, "E1", "+8801597531864", NULL, &k, err), 1);
	assert_string_equal(k.name, "তাহমিনা রওশন");
	assert_int_equal(store_verify(sx, on_problem, NULL, err), 0);
	assert_int_equal(store_rebuild(sx, err), 0);
	assert_int_equal(store_verify(sx, on_problem, NULL, err), 0);
	assert_int_equal(problems, 0);
	store_close(sx);
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
	add("a9", 9, "Nodi Akter", "+8801711000777", 1);
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
	add("a10", 10, "Nodiya Third", "", 1);
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
		add(id, 1000 + i, name, "+8801700000001", 1);
	}
	assert_int_equal(store_checkpoint_due(st), 1);
	assert_int_equal(store_checkpoint(st, err), 0);
	assert_int_equal(store_checkpoint_due(st), 0);
}

/* The attendee an import row is (attendees_known): of the rows with its
 * phone, or its code, the lowest serial, one without a serial last (two
 * rows for one phone, from before the import merged them), in whatever
 * order the rows were added. */
static void test_known_lowest_serial(void **state)
{
	char err[KERR_LEN];
	struct attendees_known k;

	(void)state;
	add_to(st, "k0", 0, "No Serial", "+8801600000077", NULL, "K-1", 1);
	add_to(st, "k9", 9, "Nine", "+8801600000077", NULL, "K-1", 1);
	add_to(st, "k7", 7, "Seven", "+8801600000077", NULL, "K-1", 1);
	assert_int_equal(attendees_known(st, "E1", "+8801600000077", NULL, &k, err), 1);
	assert_string_equal(k.id, "k7");
	assert_int_equal(k.serial, 7);
	assert_string_equal(k.name, "Seven");
	assert_int_equal(attendees_known(st, "E1", NULL, "K-1", &k, err), 1);
	assert_string_equal(k.id, "k7");
	assert_int_equal(attendees_known(st, "E1", "+8801600000078", NULL, &k, err), 0);
	assert_int_equal(attendees_known(st, "E1", NULL, "K-2", &k, err), 0);
}

/* SQLite's VM steps of every statement of db since the last call. */
static long vm_steps(sqlite3 *db)
{
	long n = 0;

	for (sqlite3_stmt *p = sqlite3_next_stmt(db, NULL); p; p = sqlite3_next_stmt(db, p))
		n += sqlite3_stmt_status(p, SQLITE_STMTSTATUS_VM_STEP, 1);
	return n;
}

/* Guests from+1 .. to of event E9 in s, each checked in at door north, as
 * rows of the projections (the counts' cost is the reads', not the
 * journal's), and the door_counts a recount would say. */
static void cost_fill(struct store *s, int from, int to)
{
	char sql[1024];

	(void)snprintf(sql, sizeof sql,
		       "WITH RECURSIVE n(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		       " INSERT INTO attendees(id, event_id, serial, code, device_id, seq, at_ms)"
		       " SELECT 'g' || i, 'E9', i, 'C-' || i, 'dev', i, i FROM n;"
		       "WITH RECURSIVE n(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		       " INSERT INTO checkins(device_id, seq, at_ms, event_id, attendee_id, door)"
		       " SELECT 'dev', 100000 + i, 500000 + i, 'E9', 'g' || i, 'north' FROM n;"
		       "INSERT OR REPLACE INTO door_counts(door, checked_in, expected, walkins, inside)"
		       " VALUES ('', %d, %d, 2, %d), ('north', %d, 0, 2, %d);",
		       from + 1, to, from + 1, to, to, to, to, to, to);
	assert_int_equal(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* The figures a door reads after every verdict (doorq_counts, and
 * visits_status for inside, the doors and stations) with a walk-in
 * registered twice (an alias group, which guest_counts counts once): the
 * group counts once, and the reads cost the same at any roster size,
 * counted in SQLite's VM steps (a read of the roster or of every check-in
 * makes as many more as the rows added). Before, the alias count and
 * guest_counts drove from the event's attendees (0.4 s a read at a million
 * guests) and the group's last movement read every check-in. Returns the
 * steps. */
static long cost_read(struct store *s, int guests)
{
	char err[KERR_LEN];
	struct door_status ds;
	int64_t in, exp, walk;

	(void)vm_steps(store_db(s));
	assert_int_equal(doorq_counts(s, &in, &exp, &walk, err), 0);
	assert_int_equal(visits_status(s, &ds, err), 0);
	assert_int_equal(in, guests - 1);
	assert_int_equal(exp, guests - 1);
	assert_int_equal(walk, 1);
	assert_int_equal(ds.inside, guests - 1);
	assert_int_equal(ds.walkin_duplicates, 1);
	return vm_steps(store_db(s));
}

/* The steps of the scans of imported code at a door (checkin_perform), at
 * an exit and at station Bag, of attendees_find by it (checkin --attendee)
 * and of the station search's mark, which all name attendee id. Before,
 * the door's scan and the find read every guest of the event (0.9 s and
 * 0.7 s at a million). */
static long cost_find(struct store *s, const char *code, const char *id)
{
	char err[KERR_LEN], got[ATTENDEES_ID_MAX];
	struct checkin_result res;
	int64_t at;

	(void)vm_steps(store_db(s));
	assert_int_equal(checkin_perform(s, code, "north", 1000, &res, err), 0);
	assert_string_equal(res.attendee_id, id);
	assert_int_equal(attendees_find(s, code, got, err), 0);
	assert_string_equal(got, id);
	assert_int_equal(checkin_exit(s, code, "north", 2000, &res, err), 0);
	assert_int_equal(res.verdict, VERDICT_OK);
	assert_int_equal(checkin_station(s, code, "Bag", 3000, &res, err), 0);
	assert_int_equal(res.verdict, VERDICT_OK);
	assert_int_equal(checkin_station_collected(s, "bag", id, &at, err), 1);
	assert_int_equal(at, 3000);
	return vm_steps(store_db(s));
}

static void test_counts_cost(void **state)
{
	char d2[sizeof dir + 8], err[KERR_LEN];
	struct store *s2;
	char stored[PLACE_NAME_MAX + 1];
	long small, big, small_find, big_find;

	(void)state;
	(void)snprintf(d2, sizeof d2, "%s/cost", dir);
	assert_int_equal(store_open(&s2, d2, 1, err), 0);
	assert_int_equal(store_meta_set(s2, "event_id", "E9", err), 0);
	assert_int_equal(vault_create(s2, "door", 4, err), 0);
	assert_int_equal(visits_station_add(s2, "Bag", 1, stored, err), 1);
	cost_fill(s2, 0, 1000);
	assert_int_equal(sqlite3_exec(store_db(s2),
				      "UPDATE attendees SET walkin = 1 WHERE id IN ('g1', 'g2');"
				      "INSERT INTO guest_aliases VALUES ('g2', 'g1');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	small = cost_read(s2, 1000);
	small_find = cost_find(s2, "C-500", "g500");
	cost_fill(s2, 1000, 5000);
	big = cost_read(s2, 5000);
	big_find = cost_find(s2, "C-501", "g501");
	print_message("# the door's counts: %ld VM steps at 1000 guests, %ld at 5000\n", small, big);
	print_message("# scans of an imported code, a find by it: %ld VM steps at 1000 guests,"
		      " %ld at 5000\n", small_find, big_find);
	assert_true(big < small + 200);
	assert_true(big_find < small_find + 200);
	store_close(s2);
}

/* Two processes on one store: a check-in stamped at 50010 waits for the
 * write lock while an exit stamped at 50020 is journaled; the guest is then
 * out, so the check-in lets them in again, and it is journaled after the
 * exit (at 50021), not before it by its stamp. Before, it kept 50010: read
 * in time order the guest had come in twice and then gone out, so the next
 * scan let them in once more (two "ok" for one guest inside) and the
 * report counted a double entry. A movement stamped long before (a
 * backdated --at) keeps its time. */
static void test_move_stamped_before_lock(void **state)
{
	char err[KERR_LEN];
	struct checkin_result res;
	sqlite3_stmt *q;

	(void)state;
	add_to(st, "a99", 99, "Late Comer", "+8801711000099", NULL, "LC-9", 1);
	assert_int_equal(checkin_perform(st, "LC-9", "north", 50000, &res, err), 0);
	assert_int_equal(res.verdict, VERDICT_OK);
	assert_int_equal(checkin_exit(st, "LC-9", "north", 50020, &res, err), 0);
	assert_int_equal(res.verdict, VERDICT_OK);
	assert_int_equal(checkin_perform(st, "LC-9", "north", 50010, &res, err), 0);
	assert_int_equal(res.verdict, VERDICT_OK);
	assert_int_equal(checkin_perform(st, "LC-9", "north", 50030, &res, err), 0);
	assert_int_equal(res.verdict, VERDICT_USED);
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
					    "SELECT (SELECT group_concat(at_ms || ':' || entering, ' ')"
					    "  FROM (SELECT * FROM movements WHERE attendee_id = 'a99'"
					    "  ORDER BY at_ms, device_id, seq)),"
					    " (SELECT count(*) FROM repeat_entries WHERE attendee_id = 'a99')",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "50000:1 50020:0 50021:1");
	assert_int_equal(sqlite3_column_int(q, 1), 0);
	sqlite3_finalize(q);
	/* an exit backdated by a minute keeps its stamp */
	assert_int_equal(checkin_exit(st, "LC-9", "north", 50021 - 60000, &res, err), 0);
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
					    "SELECT min(at_ms) FROM movements WHERE attendee_id = 'a99'",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(q, 0), 50021 - 60000);
	sqlite3_finalize(q);
}

/* Two walk-ins of one device registered in one millisecond (the door
 * screen and `kiosk attendees add` on one store): two guests under two ids.
 * Before, both took "w-DEVICE-MS" and the second replaced the first (24
 * walk-ins at once by hand: 3 lost, every command said it registered). */
static void test_walkins_one_millisecond(void **state)
{
	char err[KERR_LEN], a[DOOR_ID_MAX], b[DOOR_ID_MAX], c[DOOR_ID_MAX];
	sqlite3_stmt *q;

	(void)state;
	if (doorq_walkin(st, "gate 3", "Same Ms One", "+8801700000111", NULL, 777000, a, err) != 0 ||
	    doorq_walkin(st, "gate 3", "Same Ms Two", "+8801700000222", NULL, 777000, b, err) != 0 ||
	    doorq_walkin(st, "gate 3", "Same Ms Three", "+8801700000333", NULL, 777000, c, err) != 0)
		fail_msg("%s", err);
	assert_string_not_equal(a, b);
	assert_string_not_equal(b, c);
	assert_string_not_equal(a, c);
	assert_int_equal(sqlite3_prepare_v2(store_db(st),
					    "SELECT count(*) FROM attendees_pii WHERE name LIKE 'Same Ms %'"
					    " AND walkin = 1",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 3);
	sqlite3_finalize(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_indexes),
		cmocka_unit_test(test_walkin_and_undo),
		cmocka_unit_test(test_counts_projection),
		cmocka_unit_test(test_sealed_at_rest),
		cmocka_unit_test(test_old_store_migrates),
		/* Last: they add guests the counts above do not expect. */
		cmocka_unit_test(test_search_index_catches_up),
		cmocka_unit_test(test_known_lowest_serial),
		cmocka_unit_test(test_deferred_checkpoint),
		cmocka_unit_test(test_counts_cost),
		cmocka_unit_test(test_move_stamped_before_lock),
		cmocka_unit_test(test_walkins_one_millisecond),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
