/* test_base32.c - unit tests for kiosk/core/base32.c (RFC 4648 vectors, strictness). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/base32.h"

/* RFC 4648 section 10, without the padding. */
static const struct { const char *raw, *b32; } vectors[] = {
	{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
	{"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
};

static void test_rfc_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		char out[32];
		uint8_t back[32];
		size_t n = strlen(vectors[i].raw);
		int len = base32_encode((const uint8_t *)vectors[i].raw, n, out, sizeof out);

		assert_int_equal(len, (int)strlen(vectors[i].b32));
		assert_int_equal(len, (int)BASE32_ENCODED_LEN(n));
		assert_string_equal(out, vectors[i].b32);
		assert_int_equal(base32_decode(out, (size_t)len, back, sizeof back), (int)n);
		assert_memory_equal(back, vectors[i].raw, n);
	}
}

static void test_all_byte_values_round_trip(void **state)
{
	uint8_t raw[256], back[256];
	char text[BASE32_ENCODED_LEN(256) + 1];

	(void)state;
	for (int i = 0; i < 256; i++)
		raw[i] = (uint8_t)(255 - i);
	for (size_t n = 0; n <= 256; n += 37) {
		int len = base32_encode(raw, n, text, sizeof text);

		assert_int_equal(len, (int)BASE32_ENCODED_LEN(n));
		assert_int_equal(base32_decode(text, (size_t)len, back, sizeof back), (int)n);
		assert_memory_equal(back, raw, n);
	}
}

static void test_lowercase_accepted(void **state)
{
	uint8_t back[8];

	(void)state;
	assert_int_equal(base32_decode("mzxw6ytboi", 10, back, sizeof back), 6);
	assert_memory_equal(back, "foobar", 6);
	assert_int_equal(base32_decode("MzXw6YtBoI", 10, back, sizeof back), 6);
	assert_memory_equal(back, "foobar", 6);
}

static void test_bad_input_rejected(void **state)
{
	uint8_t back[16];

	(void)state;
	assert_int_equal(base32_decode("MZXW6YTBO0", 10, back, sizeof back), -1); /* '0' */
	assert_int_equal(base32_decode("MZXW6YTBO1", 10, back, sizeof back), -1); /* '1' */
	assert_int_equal(base32_decode("MZXW6YTBO8", 10, back, sizeof back), -1); /* '8' */
	assert_int_equal(base32_decode("MY======", 8, back, sizeof back), -1);    /* padding */
	assert_int_equal(base32_decode("MZ W6", 5, back, sizeof back), -1);       /* space */
	/* "MZ" has non-zero trailing bits: only "MY" may stand for "f". */
	assert_int_equal(base32_decode("MZ", 2, back, sizeof back), -1);
	/* Lengths no whole number of bytes produces. */
	assert_int_equal(base32_decode("M", 1, back, sizeof back), -1);
	assert_int_equal(base32_decode("MZX", 3, back, sizeof back), -1);
	assert_int_equal(base32_decode("MZXW6Y", 6, back, sizeof back), -1);
}

static void test_capacity_checked(void **state)
{
	char out[8];
	uint8_t back[5];

	(void)state;
	/* "fooba" needs 8 characters + NUL. */
	assert_int_equal(base32_encode((const uint8_t *)"fooba", 5, out, 8), -1);
	assert_int_equal(base32_encode((const uint8_t *)"foob", 4, out, 8), 7);
	assert_int_equal(base32_decode("MZXW6YTBOI", 10, back, 5), -1);
	assert_int_equal(base32_decode("MZXW6YTB", 8, back, 5), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_vectors),
		cmocka_unit_test(test_all_byte_values_round_trip),
		cmocka_unit_test(test_lowercase_accepted),
		cmocka_unit_test(test_bad_input_rejected),
		cmocka_unit_test(test_capacity_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
