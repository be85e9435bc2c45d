/* test_seal.c - the door side of the store sealed at rest (issue 14), on real
 * SQLite files: attendee bodies and rows hold name, phone and email only
 * sealed, readers see them through the TEMP view attendees_pii once the key
 * is in memory (and fail loudly without it), verify and rebuild need no key,
 * a worker's handle gets the key by vault_share, lookups by phone go through
 * the blind index; and a store from before issue 14 (schema 5, names in clear
 * in its journal and tables) is migrated and still reads, verifies and finds
 * its guests by phone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "store/attendees.h"
#include "store/db.h"
#include "store/doorq.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/vault.h"
#include "store/visits.h"

#define PASS "seal test passphrase"
#define NAME "শাহনাজ পারভীন"
#define PHONE "+8801713579246"
#define EMAIL "shahnaz.seal@example.org"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	(void)setenv("KIOSK_TEST_WEAK_KDF", "1", 1);
	(void)snprintf(dir, sizeof dir, "/tmp/kiosk-test-seal-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	(void)snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct store *open_store(const char *sub)
{
	char path[300], err[KERR_LEN];
	struct store *st = NULL;

	(void)snprintf(path, sizeof path, "%s/%s", dir, sub);
	if (store_open(&st, path, 1, err) != 0)
		fail_msg("%s", err);
	return st;
}

/* One attendee_added entry; sealed as the kiosk writes it, or in clear as
 * the kiosk wrote it before issue 14. */
static void add(struct store *st, const char *id, int serial, const char *name, const char *phone,
		const char *email, int sealed)
{
	char body[2048], err[KERR_LEN];
	struct jsonw w;

	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", id);
	jsonw_str(&w, "event", "E1");
	jsonw_int(&w, "serial", serial);
	if (sealed) {
		if (attendees_seal(st, &w, name, phone, email, err) != 0)
			fail_msg("%s", err);
	} else {
		jsonw_str(&w, "name", name);
		jsonw_str(&w, "phone", phone);
		if (email)
			jsonw_str(&w, "email", email);
	}
	jsonw_str(&w, "code", id);
	assert_int_equal(jsonw_end(&w), 0);
	if (store_append(st, 1000 + serial, "attendee_added", body, NULL, err) != 0)
		fail_msg("%s", err);
}

/* The first column of the first row of sql as text into out ("" for NULL);
 * returns the step's result code. */
static int one(struct store *st, const char *sql, char *out, size_t cap)
{
	sqlite3_stmt *s;
	int rc;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
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
	struct store *st = open_store("new"), *other = open_store("new");
	char err[KERR_LEN], v[2048], id[ATTENDEES_ID_MAX];
	struct door_person p;

	(void)state;
	assert_int_equal(store_meta_set(st, "event_id", "E1", err), 0);
	assert_int_equal(vault_create(st, PASS, strlen(PASS), err), 0);
	add(st, "a1", 1, NAME, PHONE, EMAIL, 1);

	/* The journal and the projection hold no clear field. */
	assert_int_equal(one(st, "SELECT body FROM journal WHERE kind='attendee_added'", v, sizeof v),
			 SQLITE_ROW);
	assert_null(strstr(v, NAME));
	assert_null(strstr(v, "3579246"));
	assert_null(strstr(v, EMAIL));
	assert_non_null(strstr(v, "\"pii\":\"s1."));
	assert_non_null(strstr(v, "\"phone_bi\":\""));
	assert_int_equal(one(st, "SELECT pii FROM attendees", v, sizeof v), SQLITE_ROW);
	assert_true(vault_is_sealed(v));
	assert_int_equal(one(st, "SELECT count(*) FROM pragma_table_info('attendees')"
			     " WHERE name IN ('name','phone','email','phone_rev')", v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, "0");

	/* Unlocked, the view shows them. */
	assert_int_equal(one(st, "SELECT name || '|' || phone || '|' || email FROM attendees_pii", v,
			     sizeof v), SQLITE_ROW);
	assert_string_equal(v, NAME "|" PHONE "|" EMAIL);
	assert_int_equal(attendees_has(st, "E1", NAME, PHONE, "a1", err), 1);
	assert_int_equal(attendees_has(st, "E1", "Someone Else", PHONE, "a1", err), 0);
	assert_int_equal(attendees_find(st, PHONE, id, err), 0);
	assert_string_equal(id, "a1");
	assert_int_equal(visits_by_phone(st, PHONE, &p, err), 1);
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
	assert_int_equal(vault_share(other, st, err), 0);
	assert_int_equal(one(other, "SELECT name FROM attendees_pii", v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, NAME);
	store_close(other);
	store_close(st);
}

/* The tables of a schema-5 store (before issue 14) made from st's: the
 * fields back in clear columns, the name indexes of that time. */
static const char to_schema5[] =
	"DROP INDEX attendees_phone_bi; DROP INDEX attendees_clear_phone;"
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
	struct store *st = open_store("old");
	char err[KERR_LEN], v[2048], id[ATTENDEES_ID_MAX], path[300];
	struct door_person p[DOOR_RESULTS_MAX];
	sqlite3 *db;
	int n;

	(void)state;
	/* A store written before issue 14: no data key, clear bodies. */
	assert_int_equal(store_meta_set(st, "event_id", "E1", err), 0);
	add(st, "o1", 1, NAME, PHONE, EMAIL, 0);
	add(st, "o2", 2, "Kazimierz Brzęczyszczykiewicz", "+8801824681357", NULL, 0);
	if (store_append(st, 3000, "checkin", "{\"event\":\"E1\",\"id\":\"o2\",\"door\":\"door 1\"}",
			 NULL, err) != 0)
		fail_msg("%s", err);
	store_close(st);
	(void)snprintf(path, sizeof path, "%s/old/kiosk.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, to_schema5, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("to schema 5: %s", sqlite3_errmsg(db));
	sqlite3_close(db);

	/* Opened by this kiosk: migrated, read without a key (no key set). */
	st = open_store("old");
	assert_int_equal(one(st, "PRAGMA user_version", v, sizeof v), SQLITE_ROW);
	n = 0;
	while (schema_migrations[n])
		n++;
	assert_int_equal(atoi(v), n);
	assert_int_equal(one(st, "SELECT count(*) FROM sqlite_master WHERE name IN"
			     " ('attendee_names','name_keys','attendees_phone_rev','attendees_name')",
			     v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, "0");
	assert_int_equal(one(st, "SELECT name || '|' || phone || '|' || email FROM attendees_pii"
			     " WHERE id = 'o1'", v, sizeof v), SQLITE_ROW);
	assert_string_equal(v, NAME "|" PHONE "|" EMAIL);
	problems = 0;
	assert_int_equal(store_verify(st, on_problem, NULL, err), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(attendees_find(st, "+8801824681357", id, err), 0);
	assert_string_equal(id, "o2");
	n = doorq_search(st, "Brzęczy", p, DOOR_RESULTS_MAX, err);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].is_in, 1);

	/* The event gets a data key: new guests are sealed next to the old
	 * ones, and a phone finds either. */
	assert_int_equal(vault_create(st, PASS, strlen(PASS), err), 0);
	add(st, "n3", 3, "তাহমিনা রওশন", "+8801597531864", NULL, 1);
	assert_int_equal(visits_by_phone(st, PHONE, p, err), 1);
	assert_string_equal(p[0].id, "o1");
	assert_int_equal(visits_by_phone(st, "+8801597531864", p, err), 1);
	assert_string_equal(p[0].name, "তাহমিনা রওশন");
	assert_int_equal(attendees_has(st, "E1", NAME, PHONE, "o1", err), 1);
	assert_int_equal(attendees_has(st, "E1", "তাহমিনা রওশন", "+8801597531864", "n3", err), 1);
	assert_int_equal(store_verify(st, on_problem, NULL, err), 0);
	assert_int_equal(store_rebuild(st, err), 0);
	assert_int_equal(store_verify(st, on_problem, NULL, err), 0);
	assert_int_equal(problems, 0);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sealed_at_rest),
		cmocka_unit_test(test_old_store_migrates),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
