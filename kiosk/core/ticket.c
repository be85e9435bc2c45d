/* ticket.c - signed ticket codes: payload layout, Ed25519 sign/verify, text form.
 * Pure computation: libc and libsodium only; no I/O, no clock, no store. */
#include "ticket.h"

#include <string.h>

#include <sodium.h>

#include "base32.h"

/* Payload (all integers big-endian):
 *   [0]      version: TICKET_V1 or TICKET_V1_WINDOW
 *   [1..4]   event id
 *   [5..8]   serial (uint32, >= 1)
 *   [9]      type
 *   [10..17] only TICKET_V1_WINDOW: valid_from, valid_until (uint32 Unix seconds)
 *   then     64-byte Ed25519 detached signature over all preceding bytes
 * Text: "T1" + Base32(payload): 121 characters, or 134 with a window; both
 * fit QR version 7-M in alphanumeric mode (154). uint32 seconds (to 2106)
 * rather than int64 keep windowed codes 12 characters shorter. */

#define BODY_LEN 10                  /* version .. type */
#define WINDOW_LEN 8                 /* two uint32 */
#define PAYLOAD_MAX (BODY_LEN + WINDOW_LEN + TICKET_SIG_LEN)
#define PREFIX_LEN (sizeof TICKET_PREFIX - 1)

/* The longest text form must fit the buffer and the QR code. */
_Static_assert(PREFIX_LEN + BASE32_ENCODED_LEN(PAYLOAD_MAX) <= TICKET_CODE_MAX - 1,
	       "ticket code does not fit TICKET_CODE_MAX");
_Static_assert(PREFIX_LEN + BASE32_ENCODED_LEN(PAYLOAD_MAX) <= 154,
	       "ticket code does not fit QR version 7-M");

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Text -> payload bytes. Returns the payload length, or -1 if the text is
 * not a well-formed code. Everything ticket_decode promises is checked here,
 * so verification never looks at a payload that would not decode. */
static int payload_of(const char *code, uint8_t payload[PAYLOAD_MAX], struct ticket *t)
{
	const char *end;
	size_t len;
	int n;

	if (code == NULL)
		return -1;
	/* Scanners and copy-paste add spaces and line ends around the code. */
	while (*code == ' ' || *code == '\t' || *code == '\r' || *code == '\n')
		code++;
	end = code + strlen(code);
	while (end > code && (end[-1] == ' ' || end[-1] == '\t' ||
			      end[-1] == '\r' || end[-1] == '\n'))
		end--;
	len = (size_t)(end - code);
	if (len <= PREFIX_LEN || len > TICKET_CODE_MAX - 1)
		return -1;
	if ((code[0] != 'T' && code[0] != 't') || code[1] != '1')
		return -1;
	n = base32_decode(code + PREFIX_LEN, len - PREFIX_LEN, payload, PAYLOAD_MAX);
	if (n < 0)
		return -1;
	if (!((payload[0] == TICKET_V1 && n == BODY_LEN + TICKET_SIG_LEN) ||
	      (payload[0] == TICKET_V1_WINDOW && n == BODY_LEN + WINDOW_LEN + TICKET_SIG_LEN)))
		return -1;

	memset(t, 0, sizeof *t);
	memcpy(t->event_id, payload + 1, TICKET_EVENT_ID_LEN);
	t->serial = get_u32(payload + 5);
	t->type = payload[9];
	if (t->serial == 0)
		return -1;
	if (payload[0] == TICKET_V1_WINDOW) {
		t->has_window = 1;
		t->valid_from = get_u32(payload + BODY_LEN);
		t->valid_until = get_u32(payload + BODY_LEN + 4);
		if (t->valid_from >= t->valid_until)
			return -1;
	}
	return n;
}

int ticket_encode(const struct ticket *t, const uint8_t sk[TICKET_SK_LEN],
		  char out[TICKET_CODE_MAX], char err[KERR_LEN])
{
	uint8_t payload[PAYLOAD_MAX];
	size_t n = BODY_LEN;

	if (t->serial == 0)
		return kerr(err, "cannot sign ticket: serial must be at least 1");
	payload[0] = t->has_window ? TICKET_V1_WINDOW : TICKET_V1;
	memcpy(payload + 1, t->event_id, TICKET_EVENT_ID_LEN);
	put_u32(payload + 5, t->serial);
	payload[9] = t->type;
	if (t->has_window) {
		if (t->valid_from < 0 || t->valid_until > (int64_t)UINT32_MAX)
			return kerr(err, "cannot sign ticket %u: validity window %lld..%lld "
				    "is outside 1970..2106", (unsigned)t->serial,
				    (long long)t->valid_from, (long long)t->valid_until);
		if (t->valid_from >= t->valid_until)
			return kerr(err, "cannot sign ticket %u: validity window ends "
				    "before it starts", (unsigned)t->serial);
		put_u32(payload + BODY_LEN, (uint32_t)t->valid_from);
		put_u32(payload + BODY_LEN + 4, (uint32_t)t->valid_until);
		n += WINDOW_LEN;
	}
	if (crypto_sign_detached(payload + n, NULL, payload, n, sk) != 0)
		return kerr(err, "cannot sign ticket %u: signing failed", (unsigned)t->serial);
	n += TICKET_SIG_LEN;

	memcpy(out, TICKET_PREFIX, PREFIX_LEN);
	if (base32_encode(payload, n, out + PREFIX_LEN, TICKET_CODE_MAX - PREFIX_LEN) < 0)
		return kerr(err, "cannot sign ticket %u: code too long", (unsigned)t->serial);
	return 0;
}

int ticket_decode(const char *code, struct ticket *t)
{
	uint8_t payload[PAYLOAD_MAX];
	struct ticket tmp;

	/* Fill t only on success, so a failed decode leaves the caller's copy as it was. */
	if (payload_of(code, payload, &tmp) < 0)
		return -1;
	*t = tmp;
	return 0;
}

int ticket_is_signed_by(const char *code, const uint8_t pk[TICKET_PK_LEN])
{
	uint8_t payload[PAYLOAD_MAX];
	struct ticket t;
	int n = payload_of(code, payload, &t);

	if (n < 0)
		return 0;
	return crypto_sign_verify_detached(payload + n - TICKET_SIG_LEN, payload,
					   (unsigned long long)(n - TICKET_SIG_LEN), pk) == 0;
}

int ticket_is_card_text(const char *text)
{
	return strncmp(text, "KU1", 3) == 0;
}

size_t ticket_foreign_head(const char *text)
{
	size_t n = 0;

	while (n < TICKET_FOREIGN_HEAD && text[n] &&
	       (((text[n] | 0x20) >= 'a' && (text[n] | 0x20) <= 'z') || strchr(":/.-", text[n])))
		n++;
	return n;
}
