/* fuzz_segment.c - libFuzzer target for the segment parser (sync/segment.c):
 * any bytes must either parse (and then hold a consistent chain) or be refused,
 * never crash, leak or read out of bounds. */
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "sync/segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	char err[KERR_LEN];
	struct segment seg;
	static const uint8_t pk[TRUST_PK_LEN];

	if (!ready) {
		if (sodium_init() < 0)
			return 0;
		ready = 1;
	}
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
