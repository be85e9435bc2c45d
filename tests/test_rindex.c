/* test_rindex.c - the door's in-memory roster index (core/rindex.h): phone
 * suffixes (ASCII and Bengali digits), name parts (ASCII case ignored, with
 * the characters taken literally), name starts, Latin finding Bengali and
 * back by sound, the first matches by name, cancelled rows skipped and
 * "inside" asked per row, and a roster larger than a bitmap word. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/rindex.h"

static struct rindex *ix;
static const char *cancelled = "c1";
static int calls;

static int live(void *ctx, struct door_person *p)
{
	(void)ctx;
	calls++;
	p->is_in = strcmp(p->id, "a2") == 0;
	return strcmp(p->id, cancelled) != 0;
}

static int fail_live(void *ctx, struct door_person *p)
{
	(void)ctx;
	(void)p;
	return -1;
}

static int setup(void **state)
{
	(void)state;
	if (!(ix = rindex_new()))
		return -1;
	if (rindex_add(ix, "a1", "ক্ষমা রক্ষিত", "+8801711223344", NULL) != 0 ||
	    rindex_add(ix, "a2", "কৌশিক মিস্ত্রী", "+8801812345678", "VIP") != 0 ||
	    rindex_add(ix, "a3", "Rahim 100% Uddin", "+8801911000344", "general") != 0 ||
	    rindex_add(ix, "a4", "Rahima Akter", "+8801511000999", NULL) != 0 ||
	    rindex_add(ix, "a5", "রাশেদ করিম", "+8801611000123", NULL) != 0 ||
	    rindex_add(ix, "a6", "Kaushik Sen", "", NULL) != 0 ||
	    rindex_add(ix, "c1", "Rahim Cancelled", "+8801711000344", NULL) != 0)
		return -1;
	return rindex_finish(ix);
}

static int teardown(void **state)
{
	(void)state;
	rindex_free(ix);
	return 0;
}

/* Both phases, as store/search.c runs them; ids joined by spaces. */
static const char *find(const char *q)
{
	static char ids[256];
	struct door_person p[DOOR_RESULTS_MAX];
	int n = rindex_find(ix, RINDEX_TEXT, q, live, NULL, p, 0, DOOR_RESULTS_MAX), i;
	size_t o = 0;

	assert_true(n >= 0);
	if (rindex_is_phone_query(q))
		rindex_sort(p, n);
	n = rindex_find(ix, RINDEX_SOUND, q, live, NULL, p, n, DOOR_RESULTS_MAX);
	assert_true(n >= 0);
	ids[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(ids + o, sizeof ids - o, "%s%s", i ? " " : "", p[i].id);
	return ids;
}

static void test_phone(void **state)
{
	(void)state;
	assert_string_equal(find("3344"), "a1");
	assert_string_equal(find("৩৩৪৪"), "a1"); /* Bengali digits from the keypad */
	assert_string_equal(find("344"), "a3 a1"); /* by name after: Rahim, then ক্ষমা */
	assert_string_equal(find("0 344"), "a3");   /* spaces between digits */
	assert_string_equal(find("8801911000344"), "a3");
	assert_string_equal(find("98801911000344"), "");
	assert_string_equal(find("1234567890123456789"), ""); /* longer than a phone */
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(find("rahim"), "a3 a4");   /* ASCII case ignored; c1 cancelled */
	assert_string_equal(find("HIM 1"), "a3");      /* any part, spaces included */
	assert_string_equal(find("100%"), "a3");       /* % is a character */
	assert_string_equal(find("_"), "");
	assert_string_equal(find("ra"), "a3 a4");      /* two characters: the start */
	assert_string_equal(find("ak"), "");           /* ... not a part */
	assert_string_equal(find("কৌশিক"), "a2 a6");  /* the name, then Kaushik by sound */
	assert_string_equal(find("নেই"), "");
	assert_string_equal(find(""), "");
}

static void test_sound(void **state)
{
	(void)state;
	assert_string_equal(find("rashed"), "a5");     /* Latin finds Bengali */
	assert_string_equal(find("kaushik"), "a6 a2"); /* and by part first */
	assert_string_equal(find("rashed karim"), "a5");
	assert_string_equal(find("karim rash"), "a5"); /* any order, word starts */
	assert_string_equal(find("rashed sen"), "");   /* every word must match */
	assert_string_equal(find("ক"), "a2 a1");       /* one consonant: name starts only */
}

static void test_rows(void **state)
{
	struct door_person p[DOOR_RESULTS_MAX];
	int n;

	(void)state;
	assert_int_equal(rindex_rows(ix), 7);
	assert_true(rindex_bytes(ix) > 0);
	n = rindex_find(ix, RINDEX_TEXT, "কৌশিক", live, NULL, p, 0, DOOR_RESULTS_MAX);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].phone, "+8801812345678");
	assert_string_equal(p[0].type, "VIP");
	assert_int_equal(p[0].is_in, 1);
	assert_int_equal(rindex_find(ix, RINDEX_TEXT, "rahim", fail_live, NULL, p, 0, 6), -1);
	/* A phone query has no sound phase. */
	assert_int_equal(rindex_find(ix, RINDEX_SOUND, "3344", live, NULL, p, 0, 6), 0);
	/* No adds after finish. */
	assert_int_equal(rindex_add(ix, "x", "x", "", NULL), -1);
}

/* Many rows: the first matches come by name, few rows are looked at, and
 * two words meet through the bitmaps. */
static void test_many(void **state)
{
	struct rindex *big = rindex_new();
	struct door_person p[DOOR_RESULTS_MAX];
	char id[16], name[64], phone[20];
	int i, n;

	(void)state;
	assert_non_null(big);
	for (i = 9999; i >= 0; i--) {
		(void)snprintf(id, sizeof id, "g%d", i);
		/* Long shared starts (past 8 and 16 bytes), both cases, twins. */
		(void)snprintf(name, sizeof name, "%s %05d", i % 2 ? "Mitu" : i % 3 ? "Sumon" :
			       i % 5 ? "SUMONkumar Sarkar Long" : "sumonkumar sarkar long", i % 7000);
		(void)snprintf(phone, sizeof phone, "+88017%08d", i);
		assert_int_equal(rindex_add(big, id, name, phone, NULL), 0);
	}
	assert_int_equal(rindex_add(big, "z", "Mitu Sumonkar", "+8801700000000", NULL), 0);
	assert_int_equal(rindex_finish(big), 0);
	for (i = 1; i < (int)rindex_rows(big); i++) { /* name order, then id */
		struct door_person a, b;

		rindex_row(big, (size_t)i - 1, &a);
		rindex_row(big, (size_t)i, &b);
		assert_true(strcasecmp(a.name, b.name) < 0 ||
			    (strcasecmp(a.name, b.name) == 0 && strcmp(a.id, b.id) < 0));
	}
	calls = 0;
	n = rindex_find(big, RINDEX_TEXT, "mitu", live, NULL, p, 0, DOOR_RESULTS_MAX);
	assert_int_equal(n, DOOR_RESULTS_MAX);
	assert_string_equal(p[0].name, "Mitu 00001");
	assert_string_equal(p[5].name, "Mitu 00005"); /* twins: i and i + 7000 */
	assert_int_equal(calls, DOOR_RESULTS_MAX);
	n = rindex_find(big, RINDEX_SOUND, "mitu sumon", live, NULL, p, 0, DOOR_RESULTS_MAX);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].id, "z");
	n = rindex_find(big, RINDEX_TEXT, "00000000", live, NULL, p, 0, DOOR_RESULTS_MAX);
	assert_int_equal(n, 2);
	rindex_free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_sound),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
