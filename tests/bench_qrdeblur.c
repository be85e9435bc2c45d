/* bench_qrdeblur.c - the deconvolutions of the camera path's fused tries
 * (kiosk/scan/qrdeblur.c) on a 320x336 region, the size of the bench's
 * defocused codes (tests/bench_qrframe.c) once the busy part is cut out:
 * a defocus (a Gaussian, rows then columns) and a smear along the rows.
 * Prints ms per call, the best of a few rounds (the machine's other load
 * only ever adds). Numbers, not asserts.
 * usage: bench_qrdeblur [ROUNDS] */
#include "scan/qrdeblur.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { W = 320, H = 336, CALLS = 20 };

static double now_ms(void)
{
	struct timespec t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	uint8_t *a = malloc((size_t)W * H), *b = malloc((size_t)W * H);
	size_t cap = qrdeblur_work_bytes(W, H);
	void *work = malloc(cap);
	struct qrprep_img in = {a, W, H, W}, out = {b, W, H, W};
	struct qrdeblur_blur smear = {.axis = QRDEBLUR_ROWS, .len = 12};
	double best[2] = {1e9, 1e9};
	uint32_t r = 1;

	if (!a || !b || !work || rounds < 1) {
		fprintf(stderr, "bench_qrdeblur: out of memory or bad ROUNDS\n");
		return 1;
	}
	/* modules of 5 pixels under a little noise */
	for (int i = 0; i < W * H; i++) {
		r = r * 1103515245u + 12345u;
		a[i] = (uint8_t)((((i % W) / 5 ^ (i / W) / 5) & 1 ? 40 : 200) + (int)((r >> 16) % 7));
	}
	for (int k = 0; k < rounds; k++) {
		double t0 = now_ms(), t1, t2;
		for (int i = 0; i < CALLS; i++)
			if (qrdeblur_defocus(&in, &out, 4.3f, 0.002f, work, cap) != 0)
				return 1;
		t1 = now_ms();
		for (int i = 0; i < CALLS; i++)
			if (qrdeblur_wiener(&in, &out, &smear, 0.005f, work, cap) != 0)
				return 1;
		t2 = now_ms();
		best[0] = (t1 - t0) / CALLS < best[0] ? (t1 - t0) / CALLS : best[0];
		best[1] = (t2 - t1) / CALLS < best[1] ? (t2 - t1) / CALLS : best[1];
	}
	printf("qrdeblur %dx%d: defocus %.2f ms, smear (Wiener, 12 px) %.2f ms\n", W, H, best[0],
	       best[1]);
	free(a);
	free(b);
	free(work);
	return 0;
}
