/* fuzzbytes.c - see fuzzbytes.h. */
#include "fuzzbytes.h"

int fuzz_take(const uint8_t **d, size_t *n, int bits)
{
	int v = 0;

	for (int i = 0; i < (bits + 7) / 8; i++) {
		v = v << 8 | (*n ? **d : 0);
		if (*n) {
			(*d)++;
			(*n)--;
		}
	}
	return v & ((1 << bits) - 1);
}
