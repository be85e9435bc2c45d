/* fuzz_imgload.c - libFuzzer target: any bytes given to the image loader
 * (PNG, JPEG, WebP or garbage) must load or fail cleanly, never crash or
 * leak; a loaded image then goes through every still pass of the scanner. */
#include <stddef.h>
#include <stdint.h>

#include "scan/imgload.h"
#include "scan/qrscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qrscan *s;
	static struct qrscan_hit hits[2];
	struct imgload img = {0};
	char err[KERR_LEN];

	if (size > (1 << 20))
		return 0;
	if (!s && !(s = qrscan_new(err)))
		return 0;
	if (imgload_mem(&img, data, (int)size, "fuzz", 1L << 20, err) != 0)
		return 0;
	/* bounded work per input: big decoded images are the decoder's cost,
	 * not ours to fuzz */
	if ((long)img.w * img.h <= 256L * 256)
		(void)qrscan_image(s, img.px, img.w, img.h, img.w, hits, 2, err);
	imgload_release(&img);
	return 0;
}
