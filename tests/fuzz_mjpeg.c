/* fuzz_mjpeg.c - libFuzzer target for the Motion-JPEG path of the camera:
 * mjpeg_next() splits any bytes into frames inside the buffer, in order,
 * and each decodes through imgload_mem_shrunk() or is refused with an
 * error, never crashing (shrink chosen from the input). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/imgload.h"
#include "scan/jpeg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0, a, b, last = 0;
	char err[KERR_LEN];
	int n = 0, w, h;

	while (mjpeg_next(data, size, &pos, &a, &b)) {
		struct imgload im = {0};
		if (a < last || b <= a || b > size || pos != b)
			abort();
		last = b;
		if (jpeg_size(data + a, b - a, &w, &h) == 0 && (w < 1 || h < 1))
			abort();
		if (imgload_mem_shrunk(&im, data + a, (int)(b - a), "fuzz", 1L << 22,
				       1 << (size % 4), err) == 0 && (im.w < 1 || im.h < 1 || !im.px))
			abort();
		imgload_release(&im);
		if (++n > 64)
			break;
	}
	return 0;
}
