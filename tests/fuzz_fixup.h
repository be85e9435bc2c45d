/* fuzz_fixup.h - for the fuzz targets of the sync readers (segments, the
 * enrolment bundle): after libFuzzer mutated a file, recompute in place what a
 * mutation would otherwise always break first (each entry's hash and the
 * chain, the tip, its signature by a fixed key, a bundle's check line), so the
 * mutated input reaches the code past the checksums. Same length in and out:
 * only hex fields of the right size are rewritten. Test code only. */
#ifndef KIOSK_FUZZ_FIXUP_H
#define KIOSK_FUZZ_FIXUP_H

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "sync/trust.h"

/* The fixed key of the fuzz targets: seed 0x42 * 32. */
static void fixup_keys(uint8_t pk[TRUST_PK_LEN], uint8_t sk[TRUST_SK_LEN])
{
	uint8_t seed[32];

	memset(seed, 0x42, sizeof seed);
	crypto_sign_seed_keypair(pk, sk, seed);
}

/* Token i (0-based, space-separated) of line[0..n): start and length, 0 if absent. */
static size_t fixup_token(const char *line, size_t n, int i, const char **start)
{
	size_t a = 0, b;

	for (;;) {
		for (b = a; b < n && line[b] != ' '; b++)
			;
		if (i-- == 0) {
			*start = line + a;
			return b - a;
		}
		if (b >= n)
			return 0;
		a = b + 1;
	}
}

static int64_t fixup_num(const char *s, size_t n)
{
	int64_t v = 0;

	if (n == 0 || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* In an entry body b[0..n): every "pubkey":"<64 hex>" becomes pk, so the
 * organizer enrolled in a bundle's journal is the fixed key's. */
static void fixup_pubkeys(char *b, size_t n, const uint8_t pk[TRUST_PK_LEN])
{
	static const char tag[] = "\"pubkey\":\"";
	char hex[2 * TRUST_PK_LEN + 1];
	size_t i;

	trust_hex(pk, TRUST_PK_LEN, hex);
	for (i = 0; i + sizeof tag - 1 + 2 * TRUST_PK_LEN <= n; i++)
		if (memcmp(b + i, tag, sizeof tag - 1) == 0)
			memcpy(b + i + sizeof tag - 1, hex, 2 * TRUST_PK_LEN);
}

/* Fix the segment in b[0..len) (segment.h's layout) in place; with pk, the
 * public keys in its entries become pk first. */
static void fixup_segment(char *b, size_t len, const uint8_t sk[TRUST_SK_LEN],
			  const uint8_t *pk)
{
	char device[STORE_DEVICE_ID_MAX + 1] = "", hex[2 * TRUST_SIG_LEN + 1];
	uint8_t prev[STORE_HASH_LEN] = {0};
	int64_t last = 0;
	size_t pos = 0;

	while (pos < len) {
		char *line = b + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos, tn;
		const char *t;

		if (n > 7 && memcmp(line, "device ", 7) == 0 && n - 7 < sizeof device) {
			memcpy(device, line + 7, n - 7);
			device[n - 7] = '\0';
		} else if (n == 5 + 2 * STORE_HASH_LEN && memcmp(line, "prev ", 5) == 0) {
			(void)trust_unhex(line + 5, 2 * STORE_HASH_LEN, prev, STORE_HASH_LEN);
		} else if (n > 2 && memcmp(line, "e ", 2) == 0 && nl) {
			struct entry e = {.device_id = device};
			char kind[STORE_KIND_MAX + 1], *body;
			const char *hash_at;
			int64_t blen;

			e.seq = fixup_num(line + 2, fixup_token(line + 2, n - 2, 0, &t));
			tn = fixup_token(line + 2, n - 2, 1, &t);
			e.at_ms = fixup_num(t, tn);
			tn = fixup_token(line + 2, n - 2, 2, &t);
			if (tn == 0 || tn > STORE_KIND_MAX)
				goto next;
			memcpy(kind, t, tn);
			kind[tn] = '\0';
			e.kind = kind;
			if (fixup_token(line + 2, n - 2, 3, &hash_at) != 2 * STORE_HASH_LEN)
				goto next;
			tn = fixup_token(line + 2, n - 2, 4, &t);
			blen = fixup_num(t, tn);
			if (e.seq < 0 || e.at_ms < 0 || blen < 0 || (size_t)blen > len - pos - n - 1)
				goto next;
			if (pk)
				fixup_pubkeys(nl + 1, (size_t)blen, pk);
			body = malloc((size_t)blen + 1);
			if (!body)
				return;
			memcpy(body, nl + 1, (size_t)blen);
			body[blen] = '\0';
			e.body = body;
			memcpy(e.prev_hash, prev, STORE_HASH_LEN);
			store_entry_hash(&e);
			free(body);
			trust_hex(e.hash, STORE_HASH_LEN, hex);
			memcpy((char *)hash_at, hex, 2 * STORE_HASH_LEN);
			memcpy(prev, e.hash, STORE_HASH_LEN);
			last = e.seq;
			pos += n + 1 + (size_t)blen; /* the body; its \n ends the loop step */
			if (pos < len && b[pos] == '\n')
				pos++;
			continue;
		} else if (n == 4 + 2 * STORE_HASH_LEN && memcmp(line, "tip ", 4) == 0) {
			trust_hex(prev, STORE_HASH_LEN, hex);
			memcpy(line + 4, hex, 2 * STORE_HASH_LEN);
		} else if (n == 4 + 2 * TRUST_SIG_LEN && memcmp(line, "sig ", 4) == 0) {
			uint8_t sig[TRUST_SIG_LEN];

			trust_tip_sign(device, last, prev, sk, sig);
			trust_hex(sig, TRUST_SIG_LEN, hex);
			memcpy(line + 4, hex, 2 * TRUST_SIG_LEN);
		}
next:
		pos += n + 1;
	}
}

/* Fix an enrolment bundle (enrol.h's layout) in place: each embedded segment
 * as above (the organizer's enrolment made the fixed key's), then the final
 * check line over everything before it. */
static void fixup_bundle(char *b, size_t len, const uint8_t pk[TRUST_PK_LEN],
			 const uint8_t sk[TRUST_SK_LEN])
{
	size_t pos = 0, last_line = 0;
	uint8_t h[STORE_HASH_LEN];
	char hex[2 * STORE_HASH_LEN + 1];

	while (pos < len) {
		char *line = b + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		last_line = pos;
		pos += n + 1;
		if (n > 8 && memcmp(line, "segment ", 8) == 0 && nl) {
			int64_t seglen = fixup_num(line + 8, n - 8);

			if (seglen >= 0 && (size_t)seglen <= len - pos) {
				fixup_segment(b + pos, (size_t)seglen, sk, pk);
				pos += (size_t)seglen;
			}
		}
	}
	if (len - last_line == 6 + 2 * STORE_HASH_LEN + 1 && memcmp(b + last_line, "check ", 6) == 0) {
		crypto_generichash(h, sizeof h, (const uint8_t *)b, last_line, NULL, 0);
		trust_hex(h, STORE_HASH_LEN, hex);
		memcpy(b + last_line + 6, hex, 2 * STORE_HASH_LEN);
	}
}

#endif
