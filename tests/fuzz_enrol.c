/* fuzz_enrol.c - libFuzzer target for the enrolment bundle reader
 * (sync/enrol.c, what `kiosk device join` reads from a stranger's stick): any
 * bytes must be accepted or refused, never crash, leak or read out of bounds.
 * Each input is tried as mutated and again with its segments' hashes, tips and
 * signatures and its check line recomputed for a fixed organizer key
 * (tests/fuzz_fixup.h), so mutations reach past the checksums into the
 * layout, meta, key and journal checks. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/enrol.h"
#include "tests/fuzz_fixup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static uint8_t pk[TRUST_PK_LEN], sk[TRUST_SK_LEN];
	char err[KERR_LEN], *copy;

	if (!ready) {
		if (sodium_init() < 0)
			return 0;
		fixup_keys(pk, sk);
		ready = 1;
	}
	(void)enrol_bundle_check((const char *)data, size, err);
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	fixup_bundle(copy, size, pk, sk);
	(void)enrol_bundle_check(copy, size, err);
	free(copy);
	return 0;
}
