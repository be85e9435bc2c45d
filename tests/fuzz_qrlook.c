/* fuzz_qrlook.c - libFuzzer target for the look (kiosk/scan/qrprep.c): any
 * image size, any pixels, any row step: the finders it reports and the
 * code triple it picks stay inside the image, its figures in their
 * ranges; and the warp of a code (qrprep_code_warp) from that triple or
 * from any three finders at all (NaNs, infinities, modules of nothing, a
 * line), at the modules across the look found or any given (or estimated),
 * writes only its own image and maps its points back without
 * undefined behaviour (the sanitizers watch). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/qrprep.h"
#include "tests/support/fuzzbytes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_SIDE = 300 };

static float take_float(const uint8_t **d, size_t *n)
{
	uint32_t u = (uint32_t)fuzz_take(d, n, 16) << 16 | (uint32_t)fuzz_take(d, n, 16);
	float f;

	memcpy(&f, &u, sizeof f);
	return f;
}

static void warp_and_back(const struct qrprep_img *im, const struct qrprep_finder t[3], int mods,
			  double k, int margin)
{
	static uint8_t out[MAX_SIDE * MAX_SIDE];
	struct qrprep_img o = {out, MAX_SIDE, MAX_SIDE, MAX_SIDE};
	int side = -1, n = mods;
	double x, y;

	if (qrprep_code_warp(im, t, k, 4, margin, MAX_SIDE, NULL, &side, &n, 255) != 0)
		return;
	if (side < 1 || side > MAX_SIDE || n < 17 || (mods > 0 && n != mods))
		abort();
	o.w = o.h = o.stride = side;
	if (qrprep_code_warp(im, t, k, 4, margin, MAX_SIDE, &o, &side, &n, 255) != 0)
		abort(); /* the same arguments cannot turn bad */
	qrprep_code_unwarp_point(t, k, 4, margin, n, 0, 0, &x, &y);
	qrprep_code_unwarp_point(t, k, 4, margin, n, side - 1, side - 1, &x, &y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int w = fuzz_take(&data, &size, 10) % 640 + 1, h = fuzz_take(&data, &size, 9) % 480 + 1;
	int step = fuzz_take(&data, &size, 8) % 4 + 1, margin = fuzz_take(&data, &size, 8) % 70;
	int mods = (int)(fuzz_take(&data, &size, 8) % 240) - 10; /* 0 or less: estimated */
	uint8_t *px = malloc((size_t)w * h);
	struct qrprep_look lk;
	struct qrprep_finder t[3];

	if (!px)
		return 0;
	for (int i = 0; i < 3; i++) {
		t[i].x = take_float(&data, &size);
		t[i].y = take_float(&data, &size);
		t[i].hm = take_float(&data, &size);
		t[i].vm = take_float(&data, &size);
	}
	for (size_t i = 0; i < (size_t)w * h; i++)
		px[i] = size ? data[i % size] : (uint8_t)(i * 7);
	struct qrprep_img im = {px, w, h, w};
	{
		/* the view's cells (any room) and the grain of any rectangle */
		uint8_t cells[64];
		int cap = (int)(fuzz_take(&data, &size, 7) % 65), cw = -1, ch = -1;
		struct qrprep_rect r = {(int)fuzz_take(&data, &size, 11) - 300,
					(int)fuzz_take(&data, &size, 11) - 300,
					(int)fuzz_take(&data, &size, 11) - 300,
					(int)fuzz_take(&data, &size, 11) - 300};
		int n = qrprep_cells(&im, cells, cap, &cw, &ch), g = qrprep_grain(&im, &r);
		if (n != cw * ch || n > cap || (cap > 0 && n < 1) || g < 0 || g > 255)
			abort();
	}
	qrprep_look(&im, step, &lk);
	if (lk.code_timing < 0 || lk.code_timing > 1000 || (lk.code_inv & ~1) != 0 ||
	    (lk.code_timing > 0) != (lk.code_n > 0) || (lk.code_n > 0 && (lk.code_n - 17) % 4 != 0))
		abort();
	if (lk.code_timing > 0) {
		for (int i = 0; i < 3; i++)
			if (!(lk.code[i].x >= 0 && lk.code[i].x < w && lk.code[i].y >= 0 &&
			      lk.code[i].y < h && lk.code[i].hm > 0 && lk.code[i].vm > 0))
				abort();
		warp_and_back(&im, lk.code, lk.code_n, 1.0, margin);
		warp_and_back(&im, lk.code, lk.code_n, 2.0, margin);
	}
	warp_and_back(&im, t, mods, 1.0, margin);
	warp_and_back(&im, t, mods, (double)(margin % 5) + 0.5, margin);
	free(px);
	return 0;
}
