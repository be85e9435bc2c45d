/* fuzz_ticket.c - libFuzzer target for ticket_decode, ticket_is_signed_by and
 * base32_decode. Beyond "no crash": whatever decodes must re-encode to the same
 * thing, since a code with two readings could be checked in twice. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core/base32.h"
#include "core/ticket.h"

static uint8_t pk[TICKET_PK_LEN], sk[TICKET_SK_LEN];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	uint8_t seed[crypto_sign_SEEDBYTES];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	memset(seed, 0x5A, sizeof seed); /* fixed: runs must be reproducible */
	if (crypto_sign_seed_keypair(pk, sk, seed) != 0)
		abort();
	return 0;
}

static void check_base32(const uint8_t *data, size_t size)
{
	uint8_t raw[4096];
	char text[BASE32_ENCODED_LEN(sizeof raw) + 1];
	int n = base32_decode((const char *)data, size, raw, sizeof raw);

	if (n < 0)
		return;
	/* The only text for these bytes, up to case, is the one we decoded. */
	if (base32_encode(raw, (size_t)n, text, sizeof text) != (int)size ||
	    strncasecmp(text, (const char *)data, size) != 0)
		abort();
}

static void check_ticket(const char *code)
{
	struct ticket t, again;
	char out[TICKET_CODE_MAX], err[KERR_LEN];

	(void)ticket_is_signed_by(code, pk); /* must not crash; result unknown here */
	if (ticket_decode(code, &t) != 0)
		return;
	if (t.serial == 0 || (t.has_window && t.valid_from >= t.valid_until))
		abort();
	/* Every decodable ticket can be signed anew and reads back the same. */
	if (ticket_encode(&t, sk, out, err) != 0 || ticket_decode(out, &again) != 0 ||
	    ticket_is_signed_by(out, pk) != 1 || memcmp(t.event_id, again.event_id, 4) != 0 ||
	    t.serial != again.serial || t.type != again.type || t.has_window != again.has_window ||
	    t.valid_from != again.valid_from || t.valid_until != again.valid_until)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *code = malloc(size + 1);

	if (code == NULL)
		return 0;
	memcpy(code, data, size);
	code[size] = '\0';
	check_base32(data, size);
	check_ticket(code);
	free(code);
	return 0;
}
