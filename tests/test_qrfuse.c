/* test_qrfuse.c - multi-frame fusion (kiosk/scan/qrfuse.c) on images whose
 * right answer is known: a shifted frame is found where it was moved to,
 * the mean of noisy frames is less noisy, a changed view is refused,
 * hostile sizes stay inside the bounds, the code's part is found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scan/qrfuse.h"
#include "support/qrsynth.h"

enum { FW = 320, FH = 240 };

/* A textured scene (blocks of two greys, like modules) moved by dx, dy,
 * with noise of amplitude amp. */
static void scene(uint8_t *px, int dx, int dy, int amp, uint32_t seed)
{
	uint32_t st = seed, bt = 99;
	static uint8_t blocks[64][64];

	for (int i = 0; i < 64 * 64; i++)
		blocks[i / 64][i % 64] = (uint8_t)(qrsynth_rand(&bt) & 1);
	for (int y = 0; y < FH; y++)
		for (int x = 0; x < FW; x++) {
			int sx = x - dx + 60, sy = y - dy + 60;
			int v = blocks[sy / 6 % 64][sx / 6 % 64] ? 60 : 190;
			if (amp)
				v += (int)(qrsynth_rand(&st) % (2u * (unsigned)amp + 1)) - amp;
			px[(size_t)y * FW + x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
}

static long sq_err(const uint8_t *a, const uint8_t *b, int w, int h, int bstride)
{
	long e = 0;

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int d = a[(size_t)y * w + x] - b[(size_t)y * bstride + x];
			e += (long)d * d;
		}
	return e;
}

/* Eight frames, each moved by a few pixels and with fresh noise: every
 * shift is found, and the mean is nearer the clean scene than one frame. */
static void test_fuse_aligns_and_averages(void **state)
{
	static const int sh[8][2] = {{0, 0}, {1, 0}, {2, 1}, {3, -1}, {1, -3}, {-2, -2}, {-4, 0}, {-1, 3}};
	uint8_t *px = malloc((size_t)FW * FH), *clean = malloc((size_t)FW * FH);
	size_t cap = qrfuse_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_SIDE);
	void *mem = malloc(cap);
	struct qrfuse f;
	struct qrprep_img fr = {px, FW, FH, FW};
	struct qrprep_rect want = {80, 60, 240, 180};
	uint8_t *mean;
	long e1, e8;

	(void)state;
	assert_non_null(mem);
	scene(clean, 0, 0, 0, 1);
	scene(px, 0, 0, 24, 1);
	assert_int_equal(qrfuse_start(&f, mem, cap, &fr, &want), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.w, 160);
	assert_int_equal(f.h, 120);
	mean = malloc((size_t)f.w * f.h);
	struct qrprep_img m = {mean, f.w, f.h, f.w};
	qrfuse_mean(&f, &m);
	e1 = sq_err(mean, clean + (size_t)60 * FW + 80, f.w, f.h, FW);
	for (int i = 1; i < 8; i++) {
		scene(px, sh[i][0], sh[i][1], 24, (uint32_t)i + 1);
		assert_int_equal(qrfuse_add(&f, &fr), 0);
		assert_int_equal(f.dx, sh[i][0]);
		assert_int_equal(f.dy, sh[i][1]);
	}
	assert_int_equal(f.n, 8);
	qrfuse_mean(&f, &m);
	e8 = sq_err(mean, clean + (size_t)60 * FW + 80, f.w, f.h, FW);
	/* noise power falls by 8 (within rounding): well under a third */
	assert_true(e8 * 3 < e1);
	/* each pixel the sum's mean, rounded */
	for (int i = 0; i < f.w * f.h; i++)
		assert_int_equal(mean[i], (f.acc[i] + 4) / 8);
	free(mean);
	free(mem);
	free(clean);
	free(px);
}

/* Another view (the hand moved on, or another code) is not added, and
 * neither is a frame of another size. */
static void test_fuse_refuses_another_view(void **state)
{
	uint8_t *px = malloc((size_t)FW * FH);
	size_t cap = qrfuse_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_SIDE);
	void *mem = malloc(cap);
	struct qrfuse f;
	struct qrprep_img fr = {px, FW, FH, FW};
	struct qrprep_rect want = {80, 60, 240, 180};

	(void)state;
	scene(px, 0, 0, 4, 1);
	assert_int_equal(qrfuse_start(&f, mem, cap, &fr, &want), 0);
	/* moved further than the search reaches */
	scene(px, 3 * QRFUSE_SHIFT, 0, 4, 2);
	assert_int_equal(qrfuse_add(&f, &fr), -1);
	/* a white wall */
	memset(px, 255, (size_t)FW * FH);
	assert_int_equal(qrfuse_add(&f, &fr), -1);
	fr.w = FW - 2;
	scene(px, 0, 0, 4, 3);
	assert_int_equal(qrfuse_add(&f, &fr), -1);
	assert_int_equal(f.n, 1);
	free(mem);
	free(px);
}

/* Whatever region the look asks for, the fusion's stays inside the frame
 * (by the search's reach) and inside the bounds; too small a frame, region
 * or memory is refused. */
static void test_fuse_bounds(void **state)
{
	enum { BW = 1920, BH = 1080 };
	uint8_t *px = calloc((size_t)BW * BH, 1);
	size_t cap = qrfuse_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_SIDE);
	void *mem = malloc(cap);
	struct qrfuse f;
	struct qrprep_img fr = {px, BW, BH, BW};
	struct qrprep_rect all = {-100000, -100000, 100000, 100000};
	struct qrprep_rect tiny = {500, 500, 520, 520};
	struct qrprep_rect upside = {900, 900, 100, 100};

	(void)state;
	assert_int_equal(qrfuse_start(&f, mem, cap, &fr, &all), 0);
	assert_true(f.r.x0 >= QRFUSE_SHIFT && f.r.y0 >= QRFUSE_SHIFT);
	assert_true(f.r.x1 <= BW - QRFUSE_SHIFT && f.r.y1 <= BH - QRFUSE_SHIFT);
	assert_true(f.w <= QRFUSE_MAX_SIDE && f.h <= QRFUSE_MAX_SIDE);
	assert_true((long)f.w * f.h <= QRFUSE_MAX_PX);
	assert_true(qrfuse_bytes(f.w, f.h) <= cap);
	/* a shifted frame at the edge of the search stays inside the frame */
	assert_int_equal(qrfuse_add(&f, &fr), 0);
	assert_int_equal(qrfuse_start(&f, mem, cap, &fr, &tiny), -1);
	assert_int_equal(qrfuse_start(&f, mem, cap, &fr, &upside), -1);
	assert_int_equal(qrfuse_start(&f, mem, 100, &fr, &all), -1);
	assert_int_equal(f.n, 0);
	assert_int_equal(qrfuse_add(&f, &fr), -1);
	fr.w = fr.h = 2 * QRFUSE_SHIFT;
	assert_int_equal(qrfuse_start(&f, mem, cap, &fr, &all), -1);
	free(mem);
	free(px);
}

/* The busy part of a fused region is where the code's edges are, with
 * room for its quiet zone; a smooth region is left whole. */
static void test_fuse_busy_finds_the_code(void **state)
{
	enum { W = 320, H = 240 };
	uint8_t *px = malloc((size_t)W * H);
	struct qrprep_img im = {px, W, H, W};
	struct qrprep_rect b;

	(void)state;
	memset(px, 110, (size_t)W * H);
	qrfuse_busy(&im, &b);
	assert_int_equal(b.x0, 0);
	assert_int_equal(b.x1, W);
	/* modules of 5 pixels over 100 x 80 at (150, 90), a gentle shading */
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			px[(size_t)y * W + x] = (uint8_t)(100 + x / 16);
	for (int y = 90; y < 170; y++)
		for (int x = 150; x < 250; x++)
			px[(size_t)y * W + x] = ((x / 5) ^ (y / 5)) & 1 ? 30 : 200;
	qrfuse_busy(&im, &b);
	assert_true(b.x0 <= 150 - 16 && b.x0 >= 150 - 3 * 16);
	assert_true(b.x1 >= 250 + 16 && b.x1 <= 250 + 3 * 16);
	assert_true(b.y0 <= 90 - 16 && b.y0 >= 90 - 3 * 16);
	assert_true(b.y1 >= 170 + 16 && b.y1 <= 170 + 3 * 16);
	/* a soft code (24 grey levels between its modules, as a blurred one's
	 * mean shows) on a background whose noise the mean kept (+-4): the
	 * noise is the floor, the code is still found (a quarter of the
	 * busiest block's edges, not counting the floor, took all of it) */
	{
		uint32_t r = 12345;
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				r = r * 1103515245u + 12345u;
				int v = (x >= 150 && x < 250 && y >= 90 && y < 170 &&
					 ((x / 5) ^ (y / 5)) & 1) ? 124 : 100;
				px[(size_t)y * W + x] = (uint8_t)(v + (int)((r >> 16) % 9) - 4);
			}
	}
	qrfuse_busy(&im, &b);
	assert_true(b.x0 <= 150 - 16 && b.x0 >= 150 - 3 * 16);
	assert_true(b.x1 >= 250 + 16 && b.x1 <= 250 + 3 * 16);
	assert_true(b.y0 <= 90 - 16 && b.y0 >= 90 - 3 * 16);
	assert_true(b.y1 >= 170 + 16 && b.y1 <= 170 + 3 * 16);
	/* too small to tell: all of it */
	im.w = im.h = 10;
	qrfuse_busy(&im, &b);
	assert_int_equal(b.x1, 10);
	assert_int_equal(b.y1, 10);
	free(px);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuse_aligns_and_averages),
		cmocka_unit_test(test_fuse_refuses_another_view),
		cmocka_unit_test(test_fuse_bounds),
		cmocka_unit_test(test_fuse_busy_finds_the_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
