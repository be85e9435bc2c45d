/* fuzz_wedge.c - libFuzzer target for the keyboard-wedge scanner and the
 * debounce: any sequence of keys, pauses and Enters yields codes that are
 * NUL-terminated, at least WEDGE_MIN_LEN long and made of the keys sent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/wedge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *code, struct scan_debounce *d, int64_t now)
{
	size_t n = strlen(code);

	if (n < WEDGE_MIN_LEN || n >= WEDGE_CODE_MAX)
		abort();
	if (scan_debounce_take(d, code, now) && scan_debounce_take(d, code, now))
		abort(); /* the same code twice at once is never taken twice */
}

/* A whole code (struct wedge's whole) for the fuzzer: one that ends in
 * '#', so that some bursts are whole and some are not; it sees the burst as
 * a NUL-terminated string of the keys sent. */
static int ends_in_hash(const char *code)
{
	size_t n = strlen(code);

	if (n >= WEDGE_CODE_MAX)
		abort();
	return n > 0 && code[n - 1] == '#';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wedge w;
	static struct scan_debounce d;
	char out[WEDGE_CODE_MAX];
	int64_t now = 0;
	size_t i;

	wedge_init(&w);
	if (size % 2)
		w.whole = ends_in_hash;
	scan_debounce_init(&d);
	for (i = 0; i + 1 < size; i += 2) {
		uint8_t op = data[i], arg = data[i + 1];

		now += op & 0x7F; /* time moves forward by 0..127 ms */
		if (op & 0x80) {
			if (wedge_enter(&w, out))
				check(out, &d, now);
		} else if (arg == 0) {
			if (wedge_poll(&w, now, out))
				check(out, &d, now);
		} else {
			if (wedge_char(&w, (char)('!' + arg % 90), now, out))
				check(out, &d, now);
		}
		if (wedge_timeout_ms(&w, now) > WEDGE_HOLD_MS + 1)
			abort();
	}
	return 0;
}
