/* base32.c - RFC 4648 Base32 (A-Z2-7, no padding) for ticket codes.
 * Pure: libc only; must not depend on the store, SDL or any I/O. */
#include "base32.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int base32_encode(const uint8_t *in, size_t n, char *out, size_t cap)
{
	size_t need = BASE32_ENCODED_LEN(n);
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;

	/* Checked before the arithmetic above can matter: n*8 must not wrap. */
	if (n > (SIZE_MAX - 4) / 8 || cap < need + 1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = alphabet[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		out[o++] = alphabet[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return (int)o;
}

static int value_of(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

int base32_decode(const char *in, size_t len, uint8_t *out, size_t cap)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;

	/* Lengths that leave 1, 3 or 6 characters over cannot come from whole
	 * bytes; refusing them keeps every code's text form unique. */
	switch (len % 8) {
	case 1: case 3: case 6:
		return -1;
	}
	if (len / 8 * 5 > (size_t)0x7fffffff)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = value_of(in[i]);

		if (v < 0)
			return -1;
		acc = ((acc << 5) | (uint32_t)v) & 0x1fff; /* at most 12 live bits */
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return -1;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	/* Leftover bits must be zero, or two texts would decode to the same bytes. */
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1;
	return (int)o;
}
