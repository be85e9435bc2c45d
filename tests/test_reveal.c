/* test_reveal.c - unit tests for kiosk/core/reveal.c: saved addresses come
 * back masked in Bengali and English (never whole, never a phone), and a saved
 * name is offered only after its first letters, in either script. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/reveal.h"

static void expect_mask(const char *address, const char *want)
{
	char out[256];
	int n = reveal_address(address, out, sizeof out);

	if (n < 0 || strcmp(out, want) != 0 || (size_t)n != strlen(want))
		fail_msg("'%s' masked as '%s' (%d), want '%s'", address, out, n, want);
}

static void address_bengali(void **state)
{
	(void)state;
	expect_mask("বাড়ি ১২, রোড ৫, মিরপুর ১০, ঢাকা ১২১৬", "বাড়ি ১২, রোড ৫, মিরপুর ...");
	expect_mask("বাসা ৩৪/বি, সড়ক ২, ধানমন্ডি, ঢাকা", "বাসা ৩৪/বি, সড়ক ২, ধানমন্ডি ...");
	/* The precomposed ড় (U+09DC) is a house word too. */
	expect_mask("\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa7\x9c\xe0\xa6\xbf ৭, উত্তরা সেক্টর ৪",
		    "\xe0\xa6\xac\xe0\xa6\xbe\xe0\xa7\x9c\xe0\xa6\xbf ৭, উত্তরা ...");
	/* The area is the last word: only its first letters, no dangling virama. */
	expect_mask("বাড়ি ১২, রোড ৫, ধানমন্ডি", "বাড়ি ১২, রোড ৫, ধান...");
	expect_mask("মোহাম্মদপুর", "মোহাম..."); /* three letters, the virama left out */
	expect_mask("গ্রাম কাশিপুর, ডাকঘর চরফ্যাশন, ভোলা", "গ্রাম ...");
}

static void address_english(void **state)
{
	(void)state;
	expect_mask("House 12, Road 5, Mirpur 10, Dhaka", "House 12, Road 5, Mirpur ...");
	expect_mask("house#7 rd. 2 Dhanmondi R/A", "house#7 rd. 2 Dhanmondi ...");
	expect_mask("Flat 5B, House 12, Road 7, Block C, Bashundhara", "Flat 5B, House 12, Road 7, Block C ...");
	expect_mask("House 7, Road 2, Dhanmondi", "House 7, Road 2, Dha...");
	expect_mask("Dhanmondi", "Dha...");
	expect_mask("Gulshan Avenue, Dhaka", "Gulshan ...");
	expect_mask("ab", "a...");
}

static void address_never_whole(void **state)
{
	char out[64];

	(void)state;
	/* Only numbers: the last is left out. */
	expect_mask("House 12, Road 5", "House 12, Road ...");
	expect_mask("12", "...");
	/* A phone written into the address is never shown. */
	expect_mask("House 3, 01712345678, Banani", "House 3, ...");
	expect_mask("০১৭১২৩৪৫৬৭৮ বনানী", "...");
	expect_mask("", "");
	expect_mask("  ,  ", "");
	assert_int_equal(reveal_address(NULL, out, sizeof out), 0);
	/* Too small: -1 and an empty text, never a cut address. */
	assert_int_equal(reveal_address("House 12, Road 5, Mirpur 10", out, 8), -1);
	assert_string_equal(out, "");
	assert_int_equal(reveal_address("x", out, 0), -1);
	/* Invalid UTF-8 stays bytes; nothing is read past the end. */
	assert_true(reveal_address("\xff\xfe \xe0\xa6", out, sizeof out) >= 0);
}

static void name_first_letters(void **state)
{
	(void)state;
	/* Nothing or one letter typed: nothing offered. */
	assert_int_equal(reveal_name_offer("", "ফারহানা আক্তার"), 0);
	assert_int_equal(reveal_name_offer("ফ", "ফারহানা আক্তার"), 0);
	assert_int_equal(reveal_name_offer("F", "Farhana Akter"), 0);
	/* Two letters that begin it, any case. */
	assert_int_equal(reveal_name_offer("ফা", "ফারহানা আক্তার"), 1);
	assert_int_equal(reveal_name_offer("fa", "Farhana Akter"), 1);
	assert_int_equal(reveal_name_offer("FARHANA a", "Farhana Akter"), 1);
	assert_int_equal(reveal_name_offer("  fa", "Farhana Akter"), 1);
	/* Letters that do not begin it: no, even if they are inside it. */
	assert_int_equal(reveal_name_offer("ak", "Farhana Akter"), 0);
	assert_int_equal(reveal_name_offer("আক্", "ফারহানা আক্তার"), 0);
	assert_int_equal(reveal_name_offer("ra", "Farhana Akter"), 0);
	/* The whole name typed: nothing left to offer. */
	assert_int_equal(reveal_name_offer("farhana akter", "Farhana Akter"), 0);
	assert_int_equal(reveal_name_offer("fa", ""), 0);
	assert_int_equal(reveal_name_offer(NULL, "Farhana"), 0);
}

static void name_across_scripts(void **state)
{
	(void)state;
	/* Latin typed for a Bengali name: two consonants of the key. */
	assert_int_equal(reveal_name_offer("fa", "ফারহানা আক্তার"), 0);
	assert_int_equal(reveal_name_offer("far", "ফারহানা আক্তার"), 1);
	assert_int_equal(reveal_name_offer("farhana ak", "ফারহানা আক্তার"), 1);
	assert_int_equal(reveal_name_offer("rashed", "রাশেদ করিম"), 1);
	assert_int_equal(reveal_name_offer("kar", "রাশেদ করিম"), 0); /* the second word */
	/* Bengali typed for a Latin name. */
	assert_int_equal(reveal_name_offer("রহি", "Rahim Uddin"), 1);
	assert_int_equal(reveal_name_offer("কর", "Rahim Uddin"), 0);
	/* A one-consonant name: its whole key. */
	assert_int_equal(reveal_name_offer("আলি", "Ali"), 1);
	/* Bengali in either Unicode form. */
	assert_int_equal(reveal_name_offer("\xe0\xa6\xb0\xe0\xa7\x9c", "র\xe0\xa6\xa1\xe0\xa6\xbc"
					   "িম"), 1);
}

static void initials(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(reveal_initials("Farhana Akter", out, sizeof out), 5);
	assert_string_equal(out, "F. A.");
	assert_true(reveal_initials("ফারহানা আক্তার", out, sizeof out) > 0);
	assert_string_equal(out, "ফা. আ.");
	assert_true(reveal_initials("ক্ষমা  রক্ষিত", out, sizeof out) > 0);
	assert_string_equal(out, "ক. র.");
	assert_int_equal(reveal_initials("", out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(reveal_initials("Farhana Akter", out, 3), -1);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(address_bengali),
		cmocka_unit_test(address_english),
		cmocka_unit_test(address_never_whole),
		cmocka_unit_test(name_first_letters),
		cmocka_unit_test(name_across_scripts),
		cmocka_unit_test(initials),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
