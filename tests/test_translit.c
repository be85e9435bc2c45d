/* test_translit.c - unit tests for kiosk/core/translit.c: Latin finds Bengali
 * and back, first letters find conjuncts, both Unicode forms agree, and what
 * must not match does not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/translit.h"

static int finds(const char *name, const char *query)
{
	struct translit_words n, q;

	translit_words(name, &n);
	translit_words(query, &q);
	return translit_match(&n, &q);
}

static void expect_finds(const char *name, const char *query)
{
	if (!finds(name, query))
		fail_msg("'%s' does not find '%s'", query, name);
}

static void expect_misses(const char *name, const char *query)
{
	if (finds(name, query))
		fail_msg("'%s' finds '%s' but should not", query, name);
}

static void latin_finds_bengali(void **state)
{
	(void)state;
	expect_finds("রাশেদ করিম", "rashed");
	expect_finds("কৌশিক মিস্ত্রী", "kaushik");
	expect_finds("কৌশিক মিস্ত্রী", "koushik");
	expect_finds("ফারহানা আক্তার", "farhana akhtar");
	expect_finds("ফারহানা আক্তার", "Akter");
	expect_finds("মোঃ আনোয়ার হোসেন", "hossain");
	expect_finds("শর্মিষ্ঠা চক্রবর্তী", "chakraborty");
	expect_finds("ক্ষমা রক্ষিত", "khoma");
	expect_finds("ক্ষমা রক্ষিত", "kshama");
	expect_finds("তানভীর হাসান", "tanvir");
	expect_finds("স্বপ্না কৌশিকী", "swapna");
	expect_finds("জয় চৌধুরী", "chowdhury");
	expect_finds("ইশরাত জাহান", "Israt");
	expect_finds("ইশরাত জাহান", "ishrat jah"); /* every typed word, each a prefix */
}

static void bengali_finds_latin(void **state)
{
	(void)state;
	expect_finds("Rashed Karim", "রাশেদ");
	expect_finds("Kaushik Das", "কৌশিক");
	expect_finds("Rahim Uddin", "রহিম");
	expect_finds("Nusrat Jahan", "নুসরাত");
	expect_finds("Farhana Akter", "আক্তার");
}

static void first_letters(void **state)
{
	(void)state;
	expect_finds("ক্ষমা রক্ষিত", "ক");      /* a conjunct starting with ক */
	expect_finds("স্বপ্না কৌশিকী", "স");
	expect_finds("Rashed", "র");
	expect_finds("রাশেদ", "r");
	expect_finds("রাশেদ", "ra");
	expect_finds("রাশেদ", "ras");
}

static void both_unicode_forms(void **state)
{
	/* য় as one code point (U+09DF) and as য + nukta; ো as one sign and as ে + া. */
	(void)state;
	expect_finds("\xe0\xa6\x9c\xe0\xa7\x9f", "\xe0\xa6\x9c\xe0\xa6\xaf\xe0\xa6\xbc");
	expect_finds("\xe0\xa6\xb9\xe0\xa7\x8b\xe0\xa6\xb8\xe0\xa7\x87\xe0\xa6\xa8", "hosen");
	expect_finds("\xe0\xa6\xb9\xe0\xa7\x87\xe0\xa6\xbe\xe0\xa6\xb8\xe0\xa7\x87\xe0\xa6\xa8", "hosen");
	expect_finds("\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa6\xa1\xe0\xa6\xbc\xe0\xa6\xbf", "bari"); /* বাড়ি */
	expect_finds("\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa7\x9c\xe0\xa6\xbf", "bari");
}

static void misses(void **state)
{
	(void)state;
	expect_misses("রাশেদ করিম", "kaushik");
	expect_misses("Rahim Uddin", "karim");
	expect_misses("ফারহানা", "farhana x");  /* each typed word must be found */
	expect_misses("ক্ষমা", "");
	expect_misses("ক্ষমা", "a");            /* only vowels: no key, no match */
	expect_misses("", "ক");
}

static void nfc(void **state)
{
	char out[64];

	(void)state;
	/* U+09DF -> U+09AF U+09BC; U+09C7 U+09BE -> U+09CB. */
	assert_int_equal(translit_nfc_bengali("\xe0\xa7\x9f", out, sizeof out), 6);
	assert_string_equal(out, "\xe0\xa6\xaf\xe0\xa6\xbc");
	assert_int_equal(translit_nfc_bengali("\xe0\xa7\x87\xe0\xa6\xbe", out, sizeof out), 3);
	assert_string_equal(out, "\xe0\xa7\x8b");
	assert_int_equal(translit_nfc_bengali("Rahim", out, sizeof out), 5);
	assert_string_equal(out, "Rahim");
	assert_int_equal(translit_nfc_bengali("abcdef", out, 4), -1);
	assert_string_equal(out, "abc");
}

static void limits(void **state)
{
	struct translit_words w;
	char big[4096];

	(void)state;
	memset(big, 'k', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(translit_words(big, &w), 1);
	assert_string_equal(w.key[0], "k"); /* doubles count once */
	assert_int_equal(translit_words("ab cd ef gh ij kl mn pq rs tv", &w), TRANSLIT_WORDS_MAX);
	assert_int_equal(translit_words("\xff\xfe ক\xe0\xa6", &w), 1);
	assert_string_equal(w.key[0], "k");
}

/* An overlong NUL (C0 80) is not text: the NFC copy carries U+FFFD for it and
 * goes on, so the copy keys the same as what was typed (fuzz_translit found
 * the copy cut short at a decoded NUL). */
static void overlong_is_not_nul(void **state)
{
	char out[64];
	struct translit_words a, b;

	(void)state;
	assert_true(translit_nfc_bengali("ku\xc0\x80 rashed", out, sizeof out) > 4);
	assert_string_equal(out, "ku\xef\xbf\xbd\xef\xbf\xbd rashed");
	translit_words("ku\xc0\x80 rashed", &a);
	translit_words(out, &b);
	assert_memory_equal(&a, &b, sizeof a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(latin_finds_bengali), cmocka_unit_test(bengali_finds_latin),
		cmocka_unit_test(first_letters),       cmocka_unit_test(both_unicode_forms),
		cmocka_unit_test(misses),              cmocka_unit_test(nfc),
		cmocka_unit_test(limits), cmocka_unit_test(overlong_is_not_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
