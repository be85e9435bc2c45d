/* test_vault.c - the event's data key on a real store: wraps by passphrase and
 * by unlock card, sealed fields that open only under their key, blind indexes,
 * the SQL functions failing loudly while locked, and nothing in clear in the
 * file. Runs with KIOSK_TEST_WEAK_KDF=1 (set by main) so Argon2id is cheap;
 * the cost of the real parameters is measured in bench, not here. */
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
#include "store/store.h"
#include "store/vault.h"
#include "support/tmpdir.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir(dir, sizeof dir, "vault");
}

static int teardown(void **state)
{
	(void)state;
	return test_rmtree(dir);
}

static struct store *fresh(const char *name)
{
	struct store *st = NULL;
	char d[400], err[KERR_LEN];

	(void)snprintf(d, sizeof d, "%s/%s", dir, name);
	assert_int_equal(store_open(&st, d, 1, err), 0);
	return st;
}

static struct store *reopen(const char *name)
{
	struct store *st = NULL;
	char d[400], err[KERR_LEN];

	(void)snprintf(d, sizeof d, "%s/%s", dir, name);
	assert_int_equal(store_open(&st, d, 0, err), 0);
	return st;
}

static void test_passphrase_wrap(void **state)
{
	struct store *st = fresh("pass");
	char err[KERR_LEN], sealed[512], plain[256];

	(void)state;
	assert_int_equal(vault_is_set(st), 0);
	assert_int_equal(vault_is_unlocked(st), 0);
	assert_int_equal(vault_create(st, "", 0, err), -1);
	assert_int_equal(vault_create(st, "correct horse", 13, err), 0);
	assert_int_equal(vault_is_unlocked(st), 1);
	assert_int_equal(vault_create(st, "again", 5, err), -1); /* one key per store */
	assert_int_equal(vault_seal(st, "{\"name\":\"Rokeya Sultana\"}", sealed, sizeof sealed, err), 0);
	assert_true(vault_is_sealed(sealed));
	assert_null(strstr(sealed, "Rokeya"));
	store_close(st);

	st = reopen("pass");
	assert_int_equal(vault_is_set(st), 1);
	assert_int_equal(vault_is_unlocked(st), 0);
	assert_int_equal(vault_open(st, sealed, plain, sizeof plain, err), -1); /* locked */
	assert_int_equal(vault_unlock(st, "correct horsE", 13, err), 1);     /* wrong */
	assert_string_equal(err, "wrong passphrase");
	assert_int_equal(vault_is_unlocked(st), 0);
	assert_int_equal(vault_unlock(st, "correct horse", 13, err), 0);
	assert_int_equal(vault_open(st, sealed, plain, sizeof plain, err), 0);
	assert_string_equal(plain, "{\"name\":\"Rokeya Sultana\"}");
	/* A new passphrase wraps the same key: old data opens, the old one fails. */
	assert_int_equal(vault_rewrap(st, "new words here", 14, err), 0);
	store_close(st);
	st = reopen("pass");
	assert_int_equal(vault_unlock(st, "correct horse", 13, err), 1);
	assert_int_equal(vault_unlock(st, "new words here", 14, err), 0);
	assert_int_equal(vault_open(st, sealed, plain, sizeof plain, err), 0);
	store_close(st);
}

static void test_sealed_fields(void **state)
{
	struct store *a = fresh("seal-a"), *b = fresh("seal-b");
	char err[KERR_LEN], s1[512], s2[512], plain[256], bi1[VAULT_BLIND_HEX], bi2[VAULT_BLIND_HEX];
	char bi3[VAULT_BLIND_HEX], forged[512], tiny[8];

	(void)state;
	assert_int_equal(vault_create(a, "a", 1, err), 0);
	assert_int_equal(vault_create(b, "b", 1, err), 0);
	assert_int_equal(vault_seal(a, "01711000001", s1, sizeof s1, err), 0);
	assert_int_equal(vault_seal(a, "01711000001", s2, sizeof s2, err), 0);
	assert_string_not_equal(s1, s2); /* random nonces: equal phones do not show */
	/* Lengths are padded: a short and a longer name seal to the same size. */
	assert_int_equal(vault_seal(a, "Al", s2, sizeof s2, err), 0);
	assert_int_equal(strlen(s1), strlen(s2));
	/* Another event's key does not open it. */
	assert_int_equal(vault_open(b, s1, plain, sizeof plain, err), -1);
	/* One flipped character is refused. */
	(void)snprintf(forged, sizeof forged, "%s", s1);
	forged[10] = forged[10] == 'A' ? 'B' : 'A';
	assert_int_equal(vault_open(a, forged, plain, sizeof plain, err), -1);
	assert_int_equal(vault_open(a, "s1.", plain, sizeof plain, err), -1);
	assert_int_equal(vault_open(a, "not sealed", plain, sizeof plain, err), -1);
	assert_int_equal(vault_open(a, s1, tiny, sizeof tiny, err), -1);
	assert_int_equal(vault_open(a, s1, plain, sizeof plain, err), 0);
	assert_string_equal(plain, "01711000001");
	/* Blind indexes: equal under one key and domain, different otherwise. */
	assert_int_equal(vault_blind(a, "phone", "01711000001", bi1, err), 0);
	assert_int_equal(vault_blind(a, "phone", "01711000001", bi2, err), 0);
	assert_string_equal(bi1, bi2);
	assert_int_equal(vault_blind(a, "name", "01711000001", bi2, err), 0);
	assert_string_not_equal(bi1, bi2);
	assert_int_equal(vault_blind(b, "phone", "01711000001", bi3, err), 0);
	assert_string_not_equal(bi1, bi3);
	assert_int_equal(strlen(bi1), 32);
	store_close(a);
	store_close(b);
}

static void test_unlock_card(void **state)
{
	struct store *st = fresh("card"), *other = fresh("card-other");
	char err[KERR_LEN], card[VAULT_CARD_TEXT], card2[VAULT_CARD_TEXT], sealed[256], plain[64];

	(void)state;
	assert_int_equal(vault_card_make(st, card, err), -1); /* locked: nothing to wrap */
	assert_int_equal(vault_create(st, "p", 1, err), 0);
	assert_int_equal(vault_create(other, "p", 1, err), 0);
	assert_int_equal(vault_card_make(other, card2, err), 0);
	assert_int_equal(vault_seal(st, "Nasrin", sealed, sizeof sealed, err), 0);
	assert_int_equal(vault_card_make(st, card, err), 0);
	assert_true(vault_is_card_text(card));
	assert_false(vault_is_card_text("KU1ABC"));
	store_close(st);
	st = reopen("card");
	assert_int_equal(vault_unlock_card(st, card2, err), 1); /* another event's card */
	assert_int_equal(vault_unlock_card(st, "T1XYZ", err), 1);
	assert_int_equal(vault_is_unlocked(st), 0);
	assert_int_equal(vault_unlock_card(st, card, err), 0);
	assert_int_equal(vault_open(st, sealed, plain, sizeof plain, err), 0);
	assert_string_equal(plain, "Nasrin");
	store_close(st);
	store_close(other);
}

static void test_wraps_travel(void **state)
{
	struct store *org = fresh("org"), *door = fresh("door"), *peer = fresh("peer");
	char err[KERR_LEN], wrap[VAULT_WRAP_MAX], sealed[256], plain[64];

	(void)state;
	assert_int_equal(vault_create(org, "event words", 11, err), 0);
	assert_int_equal(vault_seal(org, "Shapla", sealed, sizeof sealed, err), 0);
	assert_int_equal(vault_wrapped_get(org, "pass", wrap, err), 1);
	assert_int_equal(vault_wrapped_get(org, "card", wrap + 0, err), 0);
	assert_int_equal(vault_wrapped_get(org, "pass", wrap, err), 1);
	assert_int_equal(vault_wrapped_put(door, "pass", "p1.junk", err), -1);
	assert_int_equal(vault_wrapped_put(door, "pass", wrap, err), 0);
	assert_int_equal(vault_unlock(door, "event words", 11, err), 0);
	assert_int_equal(vault_open(door, sealed, plain, sizeof plain, err), 0);
	assert_string_equal(plain, "Shapla");
	/* A worker thread's store of the same process shares the key. */
	assert_int_equal(vault_share(peer, door, err), 0);
	assert_int_equal(vault_open(peer, sealed, plain, sizeof plain, err), 0);
	vault_lock(door);
	assert_int_equal(vault_share(peer, door, err), -1);
	store_close(org);
	store_close(door);
	store_close(peer);
}

static void test_sql_functions(void **state)
{
	struct store *st = fresh("sql");
	char err[KERR_LEN], sealed[256], sql[512];
	sqlite3_stmt *s;

	(void)state;
	assert_int_equal(vault_create(st, "p", 1, err), 0);
	assert_int_equal(vault_seal(st, "{\"name\":\"Taslima\"}", sealed, sizeof sealed, err), 0);
	(void)snprintf(sql, sizeof sql,
		       "SELECT json_extract(kiosk_pii('%s'),'$.name'), kiosk_bi('phone','017'),"
		       " kiosk_pii(NULL)", sealed);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "Taslima");
	assert_int_equal(sqlite3_column_bytes(s, 1), 32);
	assert_int_equal(sqlite3_column_type(s, 2), SQLITE_NULL);
	sqlite3_finalize(s);
	/* Locked: an error, not blanks. */
	vault_lock(st);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ERROR);
	assert_non_null(strstr(sqlite3_errmsg(store_db(st)), "locked"));
	sqlite3_finalize(s);
	store_close(st);
}

/* An order desk's partial key set (seal and blind subkeys): shop seals,
 * blind indexes and older "s1." roster rows open; roster seals ("s1.r.") do
 * not, in C and in SQL; the set survives every wrap (pass, rewrap, card,
 * share) and never grows into the data key. */
static void test_desk_key_set(void **state)
{
	struct store *org = fresh("dorg"), *desk = fresh("desk"), *peer = fresh("dpeer");
	char err[KERR_LEN], wrap[VAULT_WRAP_MAX], shop[256], roster[256], plain[64], sql[600];
	char bi_org[VAULT_BLIND_HEX], bi_desk[VAULT_BLIND_HEX], card[VAULT_CARD_TEXT];
	sqlite3_stmt *s;

	(void)state;
	assert_int_equal(vault_create(org, "event words", 11, err), 0);
	assert_int_equal(vault_is_full(org), 1);
	assert_int_equal(vault_seal(org, "{\"address\":\"Road 9\"}", shop, sizeof shop, err), 0);
	assert_int_equal(vault_seal_roster(org, "{\"name\":\"Taslima\"}", roster, sizeof roster, err), 0);
	assert_memory_equal(roster, "s1.r.", 5);
	assert_int_equal(vault_is_sealed(roster), 1);
	assert_int_equal(vault_is_roster_sealed(roster), 1);
	assert_int_equal(vault_is_roster_sealed(shop), 0);
	assert_int_equal(vault_open(org, roster, plain, sizeof plain, err), 0);
	assert_string_equal(plain, "{\"name\":\"Taslima\"}");
	assert_int_equal(vault_blind(org, "phone", "01711000111", bi_org, err), 0);

	/* The desk's wrap: p2, shape-checked by put, opened by the passphrase. */
	assert_int_equal(vault_wrap_desk(org, "event words", 11, wrap, err), 0);
	assert_memory_equal(wrap, "p2.", 3);
	assert_int_equal(vault_wrapped_put(desk, "pass", wrap, err), 0);
	assert_int_equal(vault_unlock(desk, "wrong words", 11, err), 1);
	assert_int_equal(vault_unlock(desk, "event words", 11, err), 0);
	assert_int_equal(vault_is_unlocked(desk), 1);
	assert_int_equal(vault_is_full(desk), 0);
	assert_int_equal(vault_open(desk, shop, plain, sizeof plain, err), 0);
	assert_string_equal(plain, "{\"address\":\"Road 9\"}");
	assert_int_equal(vault_open(desk, roster, plain, sizeof plain, err), -1);
	assert_non_null(strstr(err, "cannot read the guest list"));
	assert_int_equal(vault_seal_roster(desk, "{}", plain, sizeof plain, err), -1);
	assert_int_equal(vault_blind(desk, "phone", "01711000111", bi_desk, err), 0);
	assert_string_equal(bi_desk, bi_org);
	/* A p1 relabelled as a p2 is refused (its box has the wrong size). */
	assert_int_equal(vault_wrapped_get(org, "pass", wrap, err), 1);
	wrap[1] = '2';
	assert_int_equal(vault_wrapped_put(peer, "pass", wrap, err), -1);

	/* SQL: shop fields open, roster fields raise the desk's error. */
	(void)snprintf(sql, sizeof sql, "SELECT json_extract(kiosk_pii('%s'),'$.address')", shop);
	assert_int_equal(sqlite3_prepare_v2(store_db(desk), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "Road 9");
	sqlite3_finalize(s);
	(void)snprintf(sql, sizeof sql, "SELECT kiosk_pii('%s')", roster);
	assert_int_equal(sqlite3_prepare_v2(store_db(desk), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ERROR);
	assert_non_null(strstr(sqlite3_errmsg(store_db(desk)), "cannot read the guest list"));
	sqlite3_finalize(s);

	/* Rewrap, card and share carry the partial set, not more. */
	assert_int_equal(vault_rewrap(desk, "desk words", 10, err), 0);
	assert_int_equal(vault_wrapped_get(desk, "pass", wrap, err), 1);
	assert_memory_equal(wrap, "p2.", 3);
	assert_int_equal(vault_card_make(desk, card, err), 0);
	assert_int_equal(vault_wrapped_get(desk, "card", wrap, err), 1);
	assert_memory_equal(wrap, "c2.", 3);
	assert_int_equal(vault_wrapped_put(peer, "card", wrap, err), 0);
	assert_int_equal(vault_unlock_card(peer, card, err), 0);
	assert_int_equal(vault_is_full(peer), 0);
	assert_int_equal(vault_open(peer, shop, plain, sizeof plain, err), 0);
	assert_int_equal(vault_open(peer, roster, plain, sizeof plain, err), -1);
	vault_lock(peer);
	assert_int_equal(vault_share(peer, desk, err), 0);
	assert_int_equal(vault_is_full(peer), 0);
	assert_int_equal(vault_open(peer, roster, plain, sizeof plain, err), -1);
	vault_lock(desk);
	assert_int_equal(vault_unlock(desk, "desk words", 10, err), 0);
	assert_int_equal(vault_is_full(desk), 0);
	assert_int_equal(vault_blind(desk, "phone", "01711000111", bi_desk, err), 0);
	assert_string_equal(bi_desk, bi_org);
	/* The organizer's card and share still carry the full key. */
	assert_int_equal(vault_card_make(org, card, err), 0);
	assert_int_equal(vault_wrapped_get(org, "card", wrap, err), 1);
	assert_memory_equal(wrap, "c1.", 3);
	vault_lock(peer);
	assert_int_equal(vault_share(peer, org, err), 0);
	assert_int_equal(vault_open(peer, roster, plain, sizeof plain, err), 0);
	store_close(org);
	store_close(desk);
	store_close(peer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passphrase_wrap),
		cmocka_unit_test(test_sealed_fields),
		cmocka_unit_test(test_unlock_card),
		cmocka_unit_test(test_wraps_travel),
		cmocka_unit_test(test_sql_functions),
		cmocka_unit_test(test_desk_key_set),
	};

	if (sodium_init() < 0)
		return 1;
	(void)setenv("KIOSK_TEST_WEAK_KDF", "1", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
