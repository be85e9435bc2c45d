/* fuzz_qrfuse.c - libFuzzer target for multi-frame fusion (kiosk/scan/qrfuse.c):
 * any frame size, any region the look could ask for, any pixels: the
 * region stays inside the frame and the bounds, and start, add, mean and
 * busy never read or write out of their buffers (the sanitizers watch);
 * nor do the smear estimate and its undoing, nor a defocus undone
 * (qrdeblur.c), on the mean. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/qrdeblur.h"
#include "scan/qrfuse.h"
#include "tests/support/fuzzbytes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* frames up to 1023 x 767: the sanitizers are slow on bigger ones */
	int w = fuzz_take(&data, &size, 10) + 1, h = fuzz_take(&data, &size, 10) % 768 + 1;
	struct qrprep_rect want;
	size_t cap = qrfuse_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_PX / QRFUSE_MAX_SIDE + 1);
	uint8_t *px = malloc((size_t)w * h);
	void *mem = malloc(cap);
	struct qrfuse f;
	struct qrprep_img fr = {px, w, h, w};

	if (!px || !mem)
		goto out;
	want.x0 = fuzz_take(&data, &size, 16) - 20000;
	want.y0 = fuzz_take(&data, &size, 16) - 20000;
	want.x1 = fuzz_take(&data, &size, 16) - 20000;
	want.y1 = fuzz_take(&data, &size, 16) - 20000;
	for (size_t i = 0; i < (size_t)w * h; i++)
		px[i] = size ? data[i % size] : (uint8_t)i;
	if (qrfuse_start(&f, mem, cap, &fr, &want) != 0)
		goto out;
	if (f.r.x0 < QRFUSE_SHIFT || f.r.y0 < QRFUSE_SHIFT || f.r.x1 > w - QRFUSE_SHIFT ||
	    f.r.y1 > h - QRFUSE_SHIFT || f.w > QRFUSE_MAX_SIDE || f.h > QRFUSE_MAX_SIDE ||
	    (long)f.w * f.h > QRFUSE_MAX_PX || qrfuse_bytes(f.w, f.h) > cap)
		abort();
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < (size_t)w * h; i++)
			px[i] = (uint8_t)(px[i] + (size ? data[(i + (size_t)k) % size] : 1));
		(void)qrfuse_add(&f, &fr);
		if (f.dx < -QRFUSE_SHIFT || f.dx > QRFUSE_SHIFT || f.dy < -QRFUSE_SHIFT ||
		    f.dy > QRFUSE_SHIFT)
			abort();
	}
	{
		uint8_t *mean = malloc((size_t)f.w * f.h);
		if (mean) {
			struct qrprep_img m = {mean, f.w, f.h, f.w};
			struct qrprep_rect b;
			qrfuse_mean(&f, &m);
			qrfuse_busy(&m, &b);
			if (b.x0 < 0 || b.y0 < 0 || b.x1 > f.w || b.y1 > f.h)
				abort();
			/* the smear read off the mean and undone (qrdeblur.h) */
			struct qrdeblur_blur bl;
			size_t wc = qrdeblur_work_bytes(f.w, f.h);
			void *work = malloc(wc);
			uint8_t *o = malloc((size_t)f.w * f.h);
			qrdeblur_estimate(&m, &bl);
			if (bl.axis != QRDEBLUR_NONE &&
			    (bl.len < QRDEBLUR_MIN_LEN || bl.len > QRDEBLUR_MAX_LEN))
				abort();
			if (work && o) {
				struct qrprep_img om = {o, f.w, f.h, f.w};
				bl.len = bl.axis != QRDEBLUR_NONE ? bl.len : size % 40;
				bl.axis = bl.axis != QRDEBLUR_NONE ? bl.axis : (enum qrdeblur_axis)(size % 3);
				(void)qrdeblur_wiener(&m, &om, &bl, 0.01f, work, wc);
				/* and as a defocus, at any width in range and past it */
				(void)qrdeblur_defocus(&m, &om, (float)(size % 97) / 10.0f,
						       size % 5 ? 0.004f : 0.0f, work, wc);
			}
			free(o);
			free(work);
		}
		free(mean);
	}
out:
	free(mem);
	free(px);
	return 0;
}
