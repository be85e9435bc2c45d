/* test_ticket.c - unit tests for kiosk/core/ticket.c: round trips, forgeries,
 * other events' keys, scanner noise, truncation. Keys come from fixed seeds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/base32.h"
#include "core/ticket.h"

#define V1_LEN 121      /* "T1" + Base32(74 bytes) */
#define WINDOW_LEN 134  /* "T1" + Base32(82 bytes) */

static uint8_t pk_a[TICKET_PK_LEN], sk_a[TICKET_SK_LEN];
static uint8_t pk_b[TICKET_PK_LEN], sk_b[TICKET_SK_LEN];

static int setup(void **state)
{
	uint8_t seed[crypto_sign_SEEDBYTES];

	(void)state;
	if (sodium_init() < 0)
		return -1;
	memset(seed, 0xA1, sizeof seed);
	if (crypto_sign_seed_keypair(pk_a, sk_a, seed) != 0)
		return -1;
	memset(seed, 0xB2, sizeof seed);
	return crypto_sign_seed_keypair(pk_b, sk_b, seed);
}

static struct ticket sample(int window)
{
	struct ticket t = {
		.event_id = {0xDE, 0xAD, 0xBE, 0xEF}, .serial = 4242, .type = 3,
	};

	if (window) {
		t.has_window = 1;
		t.valid_from = 1796450400;  /* 2026-12-05 12:00 +06:00 */
		t.valid_until = 1796479200; /* 2026-12-05 20:00 +06:00 */
	}
	return t;
}

static void encode_ok(const struct ticket *t, const uint8_t *sk, char code[TICKET_CODE_MAX])
{
	char err[KERR_LEN] = "";
	int rc = ticket_encode(t, sk, code, err);

	if (rc != 0)
		print_error("ticket_encode: %s\n", err);
	assert_int_equal(rc, 0);
}

static void assert_same_ticket(const struct ticket *a, const struct ticket *b)
{
	assert_memory_equal(a->event_id, b->event_id, TICKET_EVENT_ID_LEN);
	assert_int_equal(a->serial, b->serial);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->has_window, b->has_window);
	if (a->has_window) {
		assert_int_equal(a->valid_from, b->valid_from);
		assert_int_equal(a->valid_until, b->valid_until);
	}
}

static void test_round_trip_plain(void **state)
{
	struct ticket t = sample(0), back;
	char code[TICKET_CODE_MAX];

	(void)state;
	encode_ok(&t, sk_a, code);
	assert_int_equal(strlen(code), V1_LEN);
	assert_memory_equal(code, "T1", 2);
	/* Uppercase A-Z2-7 only, so the QR stays in alphanumeric mode. */
	assert_int_equal(strspn(code + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), V1_LEN - 2);
	assert_int_equal(ticket_decode(code, &back), 0);
	assert_same_ticket(&t, &back);
	assert_int_equal(back.has_window, 0);
	assert_int_equal(ticket_is_signed_by(code, pk_a), 1);
}

static void test_round_trip_window(void **state)
{
	struct ticket t = sample(1), back;
	char code[TICKET_CODE_MAX];

	(void)state;
	encode_ok(&t, sk_a, code);
	assert_int_equal(strlen(code), WINDOW_LEN);
	assert_true(strlen(code) <= 154);
	assert_int_equal(ticket_decode(code, &back), 0);
	assert_same_ticket(&t, &back);
	assert_int_equal(ticket_is_signed_by(code, pk_a), 1);
}

static void test_extreme_fields(void **state)
{
	struct ticket t = sample(1), back;
	char code[TICKET_CODE_MAX];

	(void)state;
	t.serial = UINT32_MAX;
	t.type = 255;
	t.valid_from = 0;
	t.valid_until = UINT32_MAX;
	memset(t.event_id, 0xFF, sizeof t.event_id);
	encode_ok(&t, sk_a, code);
	assert_int_equal(ticket_decode(code, &back), 0);
	assert_same_ticket(&t, &back);
	t.serial = 1;
	encode_ok(&t, sk_a, code);
	assert_int_equal(ticket_decode(code, &back), 0);
	assert_int_equal(back.serial, 1);
}

/* Ed25519 is deterministic: the same ticket always prints the same code. */
static void test_deterministic(void **state)
{
	struct ticket t = sample(0);
	char a[TICKET_CODE_MAX], b[TICKET_CODE_MAX];

	(void)state;
	encode_ok(&t, sk_a, a);
	encode_ok(&t, sk_a, b);
	assert_string_equal(a, b);
	t.serial++;
	encode_ok(&t, sk_a, b);
	assert_string_not_equal(a, b);
}

static void test_other_events_key(void **state)
{
	struct ticket t = sample(0);
	char code[TICKET_CODE_MAX];

	(void)state;
	encode_ok(&t, sk_b, code);
	assert_int_equal(ticket_is_signed_by(code, pk_b), 1);
	assert_int_equal(ticket_is_signed_by(code, pk_a), 0);
}

/* Decode the text to bytes, flip one bit, and write it back as a code. */
static void flip_bit(const char *code, size_t byte, int bit, char out[TICKET_CODE_MAX])
{
	uint8_t raw[128];
	int n = base32_decode(code + 2, strlen(code) - 2, raw, sizeof raw);

	assert_true(n > 0 && byte < (size_t)n);
	raw[byte] ^= (uint8_t)(1u << bit);
	memcpy(out, "T1", 2);
	assert_true(base32_encode(raw, (size_t)n, out + 2, TICKET_CODE_MAX - 2) > 0);
}

static void test_forged_signature_bit(void **state)
{
	struct ticket t = sample(1), back;
	char code[TICKET_CODE_MAX], bad[TICKET_CODE_MAX];

	(void)state;
	encode_ok(&t, sk_a, code);
	for (size_t byte = 18; byte < 82; byte += 9) {
		flip_bit(code, byte, (int)(byte % 8), bad);
		/* Still well-formed: the decoder does not judge signatures. */
		assert_int_equal(ticket_decode(bad, &back), 0);
		assert_int_equal(ticket_is_signed_by(bad, pk_a), 0);
	}
}

static void test_forged_payload_bit(void **state)
{
	struct ticket t = sample(0), back;
	char code[TICKET_CODE_MAX], bad[TICKET_CODE_MAX];

	(void)state;
	encode_ok(&t, sk_a, code);
	flip_bit(code, 8, 0, bad); /* serial 4242 -> 4243 */
	assert_int_equal(ticket_decode(bad, &back), 0);
	assert_int_equal(back.serial, 4243);
	assert_int_equal(ticket_is_signed_by(bad, pk_a), 0);
	flip_bit(code, 9, 2, bad); /* type 3 -> 7: a general ticket made VIP */
	assert_int_equal(ticket_decode(bad, &back), 0);
	assert_int_equal(back.type, 7);
	assert_int_equal(ticket_is_signed_by(bad, pk_a), 0);
	flip_bit(code, 1, 7, bad); /* event id */
	assert_int_equal(ticket_is_signed_by(bad, pk_a), 0);
}

/* Moving the window is as bad as changing the serial. */
static void test_forged_window(void **state)
{
	struct ticket t = sample(1), back;
	char code[TICKET_CODE_MAX], bad[TICKET_CODE_MAX];

	(void)state;
	encode_ok(&t, sk_a, code);
	flip_bit(code, 15, 0, bad); /* valid_until += 2^16 s */
	assert_int_equal(ticket_decode(bad, &back), 0);
	assert_int_equal(back.valid_until, t.valid_until + (1 << 16));
	assert_int_equal(ticket_is_signed_by(bad, pk_a), 0);
}

static void test_lowercase_and_whitespace(void **state)
{
	struct ticket t = sample(1), back;
	char code[TICKET_CODE_MAX], noisy[TICKET_CODE_MAX + 16];

	(void)state;
	encode_ok(&t, sk_a, code);
	for (size_t i = 0; code[i]; i++)
		if (code[i] >= 'A' && code[i] <= 'Z')
			code[i] = (char)(code[i] - 'A' + 'a');
	assert_memory_equal(code, "t1", 2);
	assert_true(snprintf(noisy, sizeof noisy, "  \t%s \r\n", code) > 0);
	assert_int_equal(ticket_decode(noisy, &back), 0);
	assert_same_ticket(&t, &back);
	assert_int_equal(ticket_is_signed_by(noisy, pk_a), 1);
	assert_true(snprintf(noisy, sizeof noisy, "%s\n", code) > 0);
	assert_int_equal(ticket_is_signed_by(noisy, pk_a), 1);
}

static void test_truncated_and_garbled(void **state)
{
	struct ticket t = sample(0), back = {.serial = 99};
	char code[TICKET_CODE_MAX], bad[TICKET_CODE_MAX + 16];
	size_t len;

	(void)state;
	encode_ok(&t, sk_a, code);
	len = strlen(code);
	for (size_t cut = 1; cut < len; cut += 7) {
		memcpy(bad, code, len - cut);
		bad[len - cut] = '\0';
		assert_int_equal(ticket_decode(bad, &back), -1);
		assert_int_equal(ticket_is_signed_by(bad, pk_a), 0);
	}
	/* A failed decode leaves the caller's struct alone. */
	assert_int_equal(back.serial, 99);

	assert_true(snprintf(bad, sizeof bad, "%sAAAAAAAA", code) > 0); /* 5 bytes too many */
	assert_int_equal(ticket_decode(bad, &back), -1);
	strcpy(bad, code);
	bad[40] = '0'; /* not in the alphabet */
	assert_int_equal(ticket_decode(bad, &back), -1);
	strcpy(bad, code);
	bad[40] = ' '; /* a space inside */
	assert_int_equal(ticket_decode(bad, &back), -1);
	strcpy(bad, code);
	bad[0] = 'X';
	assert_int_equal(ticket_decode(bad, &back), -1);
	strcpy(bad, code);
	bad[1] = '2';
	assert_int_equal(ticket_decode(bad, &back), -1);
	assert_int_equal(ticket_decode("", &back), -1);
	assert_int_equal(ticket_decode("T1", &back), -1);
	assert_int_equal(ticket_decode("   \r\n", &back), -1);
	assert_int_equal(ticket_decode(NULL, &back), -1);
	assert_int_equal(ticket_is_signed_by(NULL, pk_a), 0);
	assert_int_equal(ticket_is_signed_by("hello", pk_a), 0);
}

/* Re-sign a hand-made payload, so only the layout check can reject it. */
static void resigned(uint8_t *raw, size_t body, char out[TICKET_CODE_MAX])
{
	assert_int_equal(crypto_sign_detached(raw + body, NULL, raw, body, sk_a), 0);
	memcpy(out, "T1", 2);
	assert_true(base32_encode(raw, body + 64, out + 2, TICKET_CODE_MAX - 2) > 0);
}

static void test_layout_checked(void **state)
{
	struct ticket t = sample(1), back;
	char code[TICKET_CODE_MAX], bad[TICKET_CODE_MAX];
	uint8_t raw[128];
	int n;

	(void)state;
	encode_ok(&t, sk_a, code);
	n = base32_decode(code + 2, strlen(code) - 2, raw, sizeof raw);
	assert_int_equal(n, 82);

	raw[0] = 3; /* unknown version */
	resigned(raw, 18, bad);
	assert_int_equal(ticket_decode(bad, &back), -1);
	assert_int_equal(ticket_is_signed_by(bad, pk_a), 0);

	raw[0] = TICKET_V1; /* plain version with a window's length */
	resigned(raw, 18, bad);
	assert_int_equal(ticket_decode(bad, &back), -1);

	raw[0] = TICKET_V1_WINDOW; /* window ending before it starts */
	memcpy(raw + 14, raw + 10, 4);
	resigned(raw, 18, bad);
	assert_int_equal(ticket_decode(bad, &back), -1);

	raw[0] = TICKET_V1; /* serial 0 */
	memset(raw + 5, 0, 4);
	resigned(raw, 10, bad);
	assert_int_equal(ticket_decode(bad, &back), -1);
}

static void test_encode_refuses(void **state)
{
	struct ticket t = sample(1);
	char code[TICKET_CODE_MAX], err[KERR_LEN] = "";

	(void)state;
	t.valid_until = t.valid_from;
	assert_int_equal(ticket_encode(&t, sk_a, code, err), -1);
	assert_non_null(strstr(err, "window"));
	t = sample(1);
	t.valid_from = -1;
	assert_int_equal(ticket_encode(&t, sk_a, code, err), -1);
	t = sample(1);
	t.valid_until = (int64_t)UINT32_MAX + 1;
	assert_int_equal(ticket_encode(&t, sk_a, code, err), -1);
	assert_non_null(strstr(err, "2106"));
	t = sample(0);
	t.serial = 0;
	err[0] = '\0';
	assert_int_equal(ticket_encode(&t, sk_a, code, err), -1);
	assert_non_null(strstr(err, "serial"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_plain),
		cmocka_unit_test(test_round_trip_window),
		cmocka_unit_test(test_extreme_fields),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_other_events_key),
		cmocka_unit_test(test_forged_signature_bit),
		cmocka_unit_test(test_forged_payload_bit),
		cmocka_unit_test(test_forged_window),
		cmocka_unit_test(test_lowercase_and_whitespace),
		cmocka_unit_test(test_truncated_and_garbled),
		cmocka_unit_test(test_layout_checked),
		cmocka_unit_test(test_encode_refuses),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
