/* fuzz_mjpeg.c - libFuzzer target for the Motion-JPEG path of the camera:
 * mjpeg_next() splits any bytes into frames inside the buffer, in order,
 * and jpeg_grey() decodes each or refuses it with an error, never crashing
 * (scaled by an eighth chosen from the input). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/jpeg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0, a, b, last = 0, cap = 0;
	uint8_t *px = NULL;
	char err[KERR_LEN];
	int w, h, n = 0;

	while (mjpeg_next(data, size, &pos, &a, &b)) {
		if (a < last || b <= a || b > size || pos != b)
			abort();
		last = b;
		if (jpeg_grey(data + a, b - a, 1 + (int)(size % 8), &px, &cap, &w, &h, err) == 0 &&
		    (w < 1 || h < 1 || (size_t)w * (size_t)h > cap))
			abort();
		if (++n > 64)
			break;
	}
	free(px);
	return 0;
}
