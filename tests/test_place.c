/* test_place.c - door and station names (core/place.c): trimmed, 1 to
 * PLACE_NAME_MAX bytes, no control characters, brackets or invalid UTF-8.
 * Pure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/kerr.h"
#include "core/place.h"

static void test_trimmed(void **state)
{
	char out[PLACE_NAME_MAX + 1], err[KERR_LEN];

	(void)state;
	assert_int_equal(place_name_parse("  Raffle \t", out, err), 0);
	assert_string_equal(out, "Raffle");
	assert_int_equal(place_name_parse("গেট ২", out, err), 0);
	assert_string_equal(out, "গেট ২");
}

/* checkin --door took control characters and empty names into status. */
static void test_refused(void **state)
{
	static const char *const bad[] = {"", "   ", "evil\nadmitted: 999", "a\x1b[2Jb",
					  "x]: 1", "[y", "bad\xff", "\xe2\x80\xae" "abc"};
	char out[PLACE_NAME_MAX + 1], err[KERR_LEN], big[200];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		strcpy(out, "junk");
		assert_int_equal(place_name_parse(bad[i], out, err), -1);
		assert_string_equal(out, "");
		assert_null(strchr(err, '\n'));
	}
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(place_name_parse(big, out, err), -1);
	assert_string_equal(err, "a name must have at most 60 bytes (this one has 199)");
	big[PLACE_NAME_MAX] = '\0';
	assert_int_equal(place_name_parse(big, out, err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trimmed),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
