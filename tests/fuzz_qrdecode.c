/* fuzz_qrdecode.c - libFuzzer target for our own QR decoder
 * (kiosk/scan/qrdecode.c): the segment parser on any codewords at any
 * version, and the whole decoder on any modules at any size and on codes
 * libqrencode makes of the input with modules flipped where the input
 * says. Nothing may be written past the buffer given (ASan watches a
 * buffer of exactly cap bytes), a count returned must fit cap, the charset
 * stated must be one qrtext knows or -1, and a code with nothing flipped
 * must read as the text it holds. */
#include <qrencode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/qrtext.h"
#include "scan/qrdecode.h"
#include "tests/support/fuzzbytes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(long r, size_t cap, int stated)
{
	if (r > (long)cap || r < -1 || stated < -1 || stated > QRTEXT_LATIN1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *d = data;
	size_t n = size;
	int kind = fuzz_take(&d, &n, 8) % 3, stated;
	size_t cap = (size_t)fuzz_take(&d, &n, 12);
	uint8_t *out = malloc(cap ? cap : 1);

	if (!out || size > 40000) {
		free(out);
		return 0;
	}
	if (kind == 0) {
		/* codewords straight to the segment parser */
		int v = 1 + fuzz_take(&d, &n, 8) % 40;
		check(qrdecode_segments(d, (long)n, v, out, cap, &stated), cap, stated);
	} else if (kind == 1) {
		/* any modules: the size from the input, the rest as modules */
		int side = 17 + fuzz_take(&d, &n, 8) % 165;
		uint8_t *m = calloc((size_t)side * side, 1);
		if (m) {
			for (size_t i = 0; i < (size_t)side * side && i < n * 8; i++)
				m[i] = (d[i / 8] >> (i % 8)) & 1;
			check(qrdecode(m, side, out, cap, &stated), cap, stated);
		}
		free(m);
	} else {
		/* a real code of the input's text, flips where it says */
		int v = 1 + fuzz_take(&d, &n, 8) % 12, lvl = fuzz_take(&d, &n, 8) % 4;
		int flips = fuzz_take(&d, &n, 8) % 40;
		size_t tl = n < 200 ? n : 200;
		char text[201];
		memcpy(text, d, tl);
		text[tl] = '\0';
		for (size_t i = 0; i < tl; i++)
			if (text[i] == '\0')
				text[i] = 'A'; /* libqrencode takes a C string */
		d += tl;
		n -= tl;
		QRcode *q = QRcode_encodeString8bit(text, v, (QRecLevel)lvl);
		if (q) {
			int side = q->width;
			uint8_t *m = malloc((size_t)side * side);
			if (m) {
				for (int i = 0; i < side * side; i++)
					m[i] = q->data[i] & 1;
				for (int k = 0; k < flips; k++) {
					int at = fuzz_take(&d, &n, 16) % (side * side);
					m[at] ^= 1;
				}
				long r = qrdecode(m, side, out, cap, &stated);
				check(r, cap, stated);
				if (flips == 0 && cap >= tl &&
				    (r != (long)tl || memcmp(out, text, tl) != 0))
					abort();
			}
			free(m);
			QRcode_free(q);
		}
	}
	free(out);
	return 0;
}
