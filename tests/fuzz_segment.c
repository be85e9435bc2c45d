/* fuzz_segment.c - libFuzzer target for the segment parser (sync/segment.c),
 * the reader of a folder bundle's files: any bytes must either parse (and then
 * hold a consistent chain) or be refused, never crash, leak or read out of
 * bounds. Each input is tried twice: as mutated, and with its entry hashes,
 * tip and signature recomputed (tests/fuzz_fixup.h), so mutations of the
 * entries reach the parser past the checksums; a fixed-up segment that parses
 * must verify with the fixed key. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/segment.h"
#include "tests/fuzz_fixup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static uint8_t pk[TRUST_PK_LEN], sk[TRUST_SK_LEN];
	char err[KERR_LEN], *copy;
	struct segment seg;

	if (!ready) {
		if (sodium_init() < 0)
			return 0;
		fixup_keys(pk, sk);
		ready = 1;
	}
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	fixup_segment(copy, size, sk, NULL);
	if (segment_parse(copy, size, &seg, err) == 0) {
		if (seg.n != (size_t)(seg.last - seg.first + 1) ||
		    memcmp(seg.entries[seg.n - 1].hash, seg.tip, STORE_HASH_LEN) != 0 ||
		    !segment_is_signed_by(&seg, pk))
			__builtin_trap();
		segment_release(&seg);
	}
	free(copy);
	if (segment_parse((const char *)data, size, &seg, err) == 0) {
		/* A parsed segment is internally consistent. */
		if (seg.n != (size_t)(seg.last - seg.first + 1) ||
		    memcmp(seg.entries[seg.n - 1].hash, seg.tip, STORE_HASH_LEN) != 0)
			__builtin_trap();
		(void)segment_is_signed_by(&seg, pk);
		segment_release(&seg);
	}
	return 0;
}
