/* test_districts.c - unit tests for kiosk/core/districts.c: all 64 present and
 * distinct, prefix search in English (old and new spellings) and Bengali,
 * nukta letters in both encodings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/districts.h"

static void test_table(void **state)
{
	int per_division[8] = {0};
	static const char *const div[8] = {"Dhaka", "Chattogram", "Rajshahi", "Khulna",
					   "Barishal", "Sylhet", "Rangpur", "Mymensingh"};
	static const int want[8] = {13, 11, 8, 10, 6, 4, 8, 4};

	(void)state;
	assert_null(district_at(-1));
	assert_null(district_at(DISTRICT_COUNT));
	for (int i = 0; i < DISTRICT_COUNT; i++) {
		const struct district *d = district_at(i);
		int found = 0;

		assert_non_null(d);
		/* Bengali names are Bengali (start with a U+09xx lead byte). */
		assert_int_equal((unsigned char)d->bn[0], 0xE0);
		for (int k = 0; k < 8; k++)
			if (strcmp(d->division, div[k]) == 0) {
				per_division[k]++;
				found = 1;
			}
		assert_true(found);
		if (i > 0)
			assert_true(strcmp(district_at(i - 1)->en, d->en) < 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(district_at(j)->bn, d->bn);
		/* Each finds itself by either name. */
		assert_int_equal(district_find(d->en), i);
		assert_int_equal(district_find(d->bn), i);
	}
	for (int k = 0; k < 8; k++)
		assert_int_equal(per_division[k], want[k]);
}

static void test_search(void **state)
{
	int out[DISTRICT_COUNT], n;

	(void)state;
	assert_int_equal(district_search("", out, DISTRICT_COUNT), DISTRICT_COUNT);
	n = district_search("cha", out, DISTRICT_COUNT);
	assert_int_equal(n, 3); /* Chandpur, Chapainawabganj, Chattogram */
	assert_string_equal(district_at(out[0])->en, "Chandpur");
	assert_string_equal(district_at(out[2])->en, "Chattogram");
	n = district_search("  CHIT", out, 4);
	assert_int_equal(n, 1);
	assert_string_equal(district_at(out[0])->en, "Chattogram");
	n = district_search("ঢা", out, 4);
	assert_int_equal(n, 1);
	assert_string_equal(district_at(out[0])->en, "Dhaka");
	n = district_search("রা", out, DISTRICT_COUNT);
	assert_int_equal(n, 3); /* রাজবাড়ী রাজশাহী রাঙ্গামাটি; not রংপুর */
	/* A later word: "bazar" finds Cox's Bazar (after any whole-name match). */
	n = district_search("bazar", out, 4);
	assert_int_equal(n, 1);
	assert_string_equal(district_at(out[0])->en, "Cox's Bazar");
	assert_int_equal(district_find("coxs bazar"), district_find("Cox's Bazar"));
	/* cap limits what is written, not the count. */
	n = district_search("s", out, 2);
	assert_true(n > 2);
	assert_int_equal(district_search("zzz", out, 4), 0);
	assert_int_equal(district_find("Comilla"), district_find("Cumilla"));
	assert_int_equal(district_find("Kolkata"), -1);
	assert_int_equal(district_find(""), -1);
}

static void test_nukta(void **state)
{
	/* বগুড়া with U+09DC, and with U+09A1 U+09BC: the same district. */
	const char pre[] = "\xe0\xa6\xac\xe0\xa6\x97\xe0\xa7\x81\xe0\xa7\x9c\xe0\xa6\xbe";
	const char dec[] = "\xe0\xa6\xac\xe0\xa6\x97\xe0\xa7\x81\xe0\xa6\xa1\xe0\xa6\xbc\xe0\xa6\xbe";
	int out[2];

	(void)state;
	assert_int_equal(district_find(pre), district_find("Bogura"));
	assert_int_equal(district_find(dec), district_find("Bogura"));
	assert_int_equal(district_search(dec, out, 2), 1);
	assert_string_equal(district_at(out[0])->en, "Bogura");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_nukta),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
