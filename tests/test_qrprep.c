/* test_qrprep.c - each preprocessing step of kiosk/scan/qrprep.c on tiny images
 * whose right answer can be worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scan/qrprep.h"

static struct qrprep_img mk(uint8_t *px, int w, int h)
{
	struct qrprep_img i = {px, w, h, w};
	return i;
}

static void test_invert_in_place(void **state)
{
	uint8_t px[4] = {0, 100, 200, 255};
	struct qrprep_img a = mk(px, 2, 2);

	(void)state;
	qrprep_invert(&a, &a);
	assert_int_equal(px[0], 255);
	assert_int_equal(px[1], 155);
	assert_int_equal(px[2], 55);
	assert_int_equal(px[3], 0);
}

static void test_normalize_stretches_and_ignores_outliers(void **state)
{
	uint8_t src[100], dst[100];
	struct qrprep_img a = mk(src, 10, 10), b = mk(dst, 10, 10);

	(void)state;
	/* a dim code: 100..140, plus one glare pixel at 255 */
	for (int i = 0; i < 100; i++)
		src[i] = i % 2 ? 140 : 100;
	src[0] = 255;
	qrprep_normalize(&a, &b, 10, 980);
	assert_int_equal(dst[1], 255);   /* 140 -> white */
	assert_int_equal(dst[2], 0);     /* 100 -> black */
	assert_int_equal(dst[0], 255);   /* the outlier clamps, it does not set the scale */
}

static void test_normalize_flat_image_unchanged(void **state)
{
	uint8_t src[16], dst[16];
	struct qrprep_img a = mk(src, 4, 4), b = mk(dst, 4, 4);

	(void)state;
	memset(src, 77, sizeof src);
	qrprep_normalize(&a, &b, 10, 990);
	assert_memory_equal(src, dst, sizeof src);
}

static void test_threshold_follows_uneven_light(void **state)
{
	enum { W = 64, H = 8 };
	uint8_t src[W * H], dst[W * H];
	struct qrprep_img a = mk(src, W, H), b = mk(dst, W, H);
	void *scratch = malloc(qrprep_scratch_size(W, H));

	(void)state;
	assert_non_null(scratch);
	/* stripes 4 px wide whose brightness ramps from dark (left) to bright
	 * (right): no global threshold separates them, a local one does */
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			src[y * W + x] = (uint8_t)(x * 3 + ((x / 4) % 2 ? 40 : 0));
	qrprep_threshold(&a, &b, 4, 2, scratch);
	for (int x = 8; x < W - 8; x++) {
		int want = (x / 4) % 2 ? 255 : 0;
		/* the stripe edges may go either way; the stripe middles must not */
		if (x % 4 == 1 || x % 4 == 2)
			assert_int_equal(dst[3 * W + x], want);
	}
	free(scratch);
}

static void test_box_blur_mean_and_borders(void **state)
{
	uint8_t src[9] = {0, 0, 0, 0, 90, 0, 0, 0, 0}, dst[9];
	struct qrprep_img a = mk(src, 3, 3), b = mk(dst, 3, 3);
	void *scratch = malloc(qrprep_scratch_size(3, 3));

	(void)state;
	assert_non_null(scratch);
	qrprep_box_blur(&a, &b, 1, scratch);
	assert_int_equal(dst[4], 10);    /* 90 / 9 */
	assert_int_equal(dst[0], 22);    /* corner window is clipped to 2x2: 90 / 4 */
	free(scratch);
}

static void test_sharpen_steepens_an_edge(void **state)
{
	uint8_t src[8 * 3], dst[8 * 3];
	struct qrprep_img a = mk(src, 8, 3), b = mk(dst, 8, 3);

	(void)state;
	for (int y = 0; y < 3; y++)
		for (int x = 0; x < 8; x++)
			src[y * 8 + x] = (uint8_t)(x < 4 ? 100 : 150);
	qrprep_sharpen(&a, &b, 16);
	assert_true(dst[8 + 3] < 100);   /* dark side of the edge gets darker */
	assert_true(dst[8 + 4] > 150);   /* bright side brighter */
	assert_int_equal(dst[8 + 0], 100); /* flat areas stay */
}

static void test_unsharp_flat_stays_edge_overshoots(void **state)
{
	uint8_t src[16 * 4], dst[16 * 4];
	struct qrprep_img a = mk(src, 16, 4), b = mk(dst, 16, 4);
	void *scratch = malloc(qrprep_scratch_size(16, 4));

	(void)state;
	assert_non_null(scratch);
	for (int i = 0; i < 64; i++)
		src[i] = (uint8_t)(i % 16 < 8 ? 60 : 180);
	qrprep_unsharp(&a, &b, 2, 32, scratch);
	assert_int_equal(dst[16 + 1], 60);
	assert_true(dst[16 + 7] < 60);
	assert_true(dst[16 + 8] > 180);
	free(scratch);
}

static void test_flatten_removes_glare_gradient(void **state)
{
	enum { W = 40, H = 40 };
	uint8_t src[W * H], dst[W * H];
	struct qrprep_img a = mk(src, W, H), b = mk(dst, W, H);
	void *scratch = malloc(qrprep_scratch_size(W, H));

	(void)state;
	assert_non_null(scratch);
	/* background brightens by 100 towards a glare spot on the right; a dark
	 * module sits on each side */
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			src[y * W + x] = (uint8_t)(80 + x * 100 / W);
	for (int y = 18; y < 22; y++)
		for (int x = 0; x < 4; x++) {
			src[y * W + 6 + x] -= 50;
			src[y * W + 30 + x] -= 50;
		}
	qrprep_flatten(&a, &b, 8, 16, scratch);
	/* both modules end up about equally dark, both backgrounds near 128 */
	assert_true(abs(dst[20 * W + 7] - dst[20 * W + 31]) < 16);
	assert_true(dst[20 * W + 7] < 110);
	assert_true(abs(dst[5 * W + 7] - 128) < 12 && abs(dst[5 * W + 31] - 128) < 12);
	free(scratch);
}

static void test_resize_down_averages(void **state)
{
	uint8_t src[16] = {0, 255, 0, 255, 0, 255, 0, 255, 10, 10, 20, 20, 10, 10, 20, 20};
	uint8_t dst[4];
	struct qrprep_img a = mk(src, 4, 4), b = mk(dst, 2, 2);

	(void)state;
	qrprep_resize(&a, &b);
	assert_int_equal(dst[0], 128);   /* (0+255+0+255)/4, rounded */
	assert_int_equal(dst[2], 10);
	assert_int_equal(dst[3], 20);
}

static void test_resize_down_by_three(void **state)
{
	uint8_t src[36], dst[4];
	struct qrprep_img a = mk(src, 6, 6), b = mk(dst, 2, 2);

	(void)state;
	/* left 3 columns 30, right 3 columns 90, except one 255 pixel */
	for (int i = 0; i < 36; i++)
		src[i] = (uint8_t)(i % 6 < 3 ? 30 : 90);
	src[0] = 255;
	qrprep_resize(&a, &b);
	assert_int_equal(dst[0], 55);    /* (8*30+255)/9 = 55 */
	assert_int_equal(dst[1], 90);
	assert_int_equal(dst[2], 30);
}

static void test_resize_up_interpolates(void **state)
{
	uint8_t src[2] = {0, 200}, dst[4];
	struct qrprep_img a = mk(src, 2, 1), b = mk(dst, 4, 1);

	(void)state;
	qrprep_resize(&a, &b);
	assert_int_equal(dst[0], 0);
	assert_int_equal(dst[3], 200);
	assert_true(dst[1] > 0 && dst[1] < dst[2] && dst[2] < 200);
}

static void test_scaled_size_rounds_and_floors_at_one(void **state)
{
	int w, h;

	(void)state;
	qrprep_scaled_size(1280, 720, 1, 2, &w, &h);
	assert_int_equal(w, 640);
	assert_int_equal(h, 360);
	qrprep_scaled_size(3, 1, 1, 4, &w, &h);
	assert_int_equal(w, 1);
	assert_int_equal(h, 1);
	qrprep_scaled_size(101, 50, 2, 3, &w, &h);
	assert_int_equal(w, 67);
	assert_int_equal(h, 33);
}

static void test_rotate_quarter_turn_and_back(void **state)
{
	uint8_t src[4 * 2] = {10, 20, 30, 40, 50, 60, 70, 80}, dst[2 * 4];
	struct qrprep_img a = mk(src, 4, 2), b;
	int rw, rh;
	double sx, sy;

	(void)state;
	qrprep_rotated_size(4, 2, 90, &rw, &rh);
	assert_int_equal(rw, 2);
	assert_int_equal(rh, 4);
	b = mk(dst, rw, rh);
	qrprep_rotate(&a, &b, 90, 255);
	/* counter-clockwise on screen: the top row becomes the left column,
	 * read upwards, the bottom row the right column */
	assert_int_equal(dst[1 * 2 + 0], 30);
	assert_int_equal(dst[1 * 2 + 1], 70);
	assert_int_equal(dst[3 * 2 + 0], 10);
	/* a point of the turned image maps back to where it came from */
	qrprep_unrotate_point(4, 2, 90, 0.5, 1.5, &sx, &sy);
	assert_true(sx > 2.4 && sx < 2.6);
	assert_true(sy > 0.4 && sy < 0.6);
	qrprep_rotated_size(100, 50, 45, &rw, &rh);
	assert_int_equal(rw, 107);
	assert_int_equal(rh, 107);
}

static void test_homography_maps_corners(void **state)
{
	double from[8] = {0, 0, 10, 0, 10, 10, 0, 10};
	double to[8] = {-3, 0, 13, 0, 10, 10, 0, 10}; /* top edge widened */
	double line[8] = {0, 0, 1, 1, 2, 2, 3, 3};
	double H[9], x, y, d;

	(void)state;
	assert_int_equal(qrprep_homography(from, to, H), 0);
	for (int i = 0; i < 4; i++) {
		d = H[6] * from[2 * i] + H[7] * from[2 * i + 1] + H[8];
		x = (H[0] * from[2 * i] + H[1] * from[2 * i + 1] + H[2]) / d;
		y = (H[3] * from[2 * i] + H[4] * from[2 * i + 1] + H[5]) / d;
		assert_true(fabs(x - to[2 * i]) < 1e-6 && fabs(y - to[2 * i + 1]) < 1e-6);
	}
	assert_int_equal(qrprep_homography(line, to, H), -1);
}

static void test_keystone_widens_the_top(void **state)
{
	enum { W = 20, H = 20 };
	uint8_t src[W * H], dst[2 * W * H];
	struct qrprep_img a = mk(src, W, H), b;
	int kw, kh;
	double sx, sy;

	(void)state;
	qrprep_keystone_size(W, H, 0, 25, &kw, &kh);
	assert_int_equal(kw, 30);
	assert_int_equal(kh, 20);
	qrprep_keystone_size(W, H, 3, 25, &kw, &kh);
	assert_int_equal(kw, 20);
	assert_int_equal(kh, 30);
	qrprep_keystone_size(W, H, 0, 25, &kw, &kh);
	memset(src, 0, sizeof src); /* black source, white fill: shows the shape */
	b = mk(dst, kw, kh);
	qrprep_keystone(&a, &b, 0, 25, 255);
	/* the top row spans the whole width, the bottom row only the middle */
	assert_int_equal(dst[0 * kw + 2], 0);
	assert_int_equal(dst[(kh - 2) * kw + 2], 255);
	assert_int_equal(dst[(kh - 2) * kw + kw / 2], 0);
	/* the bottom corners stay where the source's were, shifted by a */
	qrprep_unkeystone_point(W, H, kw, kh, 0, 25, 5, 20, &sx, &sy);
	assert_true(fabs(sx) < 1e-6 && fabs(sy - 20) < 1e-6);
	qrprep_unkeystone_point(W, H, kw, kh, 0, 25, 0, 0, &sx, &sy);
	assert_true(fabs(sx) < 1e-6 && fabs(sy) < 1e-6);
	/* into a half-size image: same shape, corners scaled */
	qrprep_unkeystone_point(W, H, kw / 2, kh / 2, 0, 25, 2.5, 10, &sx, &sy);
	assert_true(fabs(sx) < 1e-6 && fabs(sy - 20) < 1e-6);
}

static void test_roi_grows_and_clips(void **state)
{
	struct qrprep_rect hit = {100, 100, 200, 160}, roi;
	struct qrprep_rect edge = {0, 0, 40, 40}, out = {700, 10, 800, 50}, empty = {5, 5, 5, 9};

	(void)state;
	assert_int_equal(qrprep_roi(&hit, 640, 480, 50, &roi), 0);
	assert_int_equal(roi.x0, 50);
	assert_int_equal(roi.y0, 70);
	assert_int_equal(roi.x1, 250);
	assert_int_equal(roi.y1, 190);
	assert_int_equal(qrprep_roi(&edge, 640, 480, 50, &roi), 0);
	assert_int_equal(roi.x0, 0);
	assert_int_equal(roi.y0, 0);
	assert_int_equal(qrprep_roi(&out, 640, 480, 50, &roi), -1);
	assert_int_equal(qrprep_roi(&empty, 640, 480, 50, &roi), -1);
}

static void test_crop_is_a_view(void **state)
{
	uint8_t px[5 * 4];
	struct qrprep_img a = mk(px, 5, 4), v;
	struct qrprep_rect r = {1, 2, 4, 4};

	(void)state;
	for (int i = 0; i < 20; i++)
		px[i] = (uint8_t)i;
	v = qrprep_crop(&a, &r);
	assert_int_equal(v.w, 3);
	assert_int_equal(v.h, 2);
	assert_int_equal(v.stride, 5);
	assert_int_equal(v.px[0], 11);
	assert_int_equal(v.px[v.stride + 2], 18);
	/* steps honour the stride: inverting the view leaves the rest alone */
	qrprep_invert(&v, &v);
	assert_int_equal(px[11], 244);
	assert_int_equal(px[10], 10);
}

/* Three finder patterns where a 25-module code has them (4 px modules) on
 * paper with a little noise, dark on light (inv 0) or light on dark. */
static void draw_finders(uint8_t *px, int w, int h, int inv, int lo, int hi)
{
	static const int at[3][2] = {{0, 0}, {18, 0}, {0, 18}};
	uint32_t st = 9;

	for (int i = 0; i < w * h; i++) {
		st = st * 1103515245u + 12345u;
		px[i] = (uint8_t)(hi - (int)((st >> 16) % 5));
	}
	for (int f = 0; f < 3; f++)
		for (int my = 0; my < 7; my++)
			for (int mx = 0; mx < 7; mx++) {
				int ring = mx == 0 || my == 0 || mx == 6 || my == 6;
				int core = mx >= 2 && mx <= 4 && my >= 2 && my <= 4;
				if (!ring && !core)
					continue;
				for (int y = 0; y < 4; y++)
					for (int x = 0; x < 4; x++)
						px[(size_t)(40 + 4 * (at[f][1] + my) + y) * w + 40 +
						   4 * (at[f][0] + mx) + x] = (uint8_t)lo;
			}
	if (inv)
		for (int i = 0; i < w * h; i++)
			px[i] = (uint8_t)(255 - px[i]);
}

/* A black-and-white patch (4% of the image) on a plain grey wall: the
 * percentiles of the whole image are the wall's, those of a region round
 * the patch (at 0.5% and 99.5%) its black and white. */
static void test_contrast_of_a_region(void **state)
{
	enum { CW = 200, CH = 100 };
	uint8_t px[CW * CH];
	struct qrprep_img im = {px, CW, CH, CW};
	struct qrprep_rect all = {0, 0, CW, CH}, near = {60, 20, 140, 80}, none = {50, 50, 50, 60};
	int lo, hi;

	(void)state;
	memset(px, 110, sizeof px);
	for (int y = 40; y < 60; y++)
		for (int x = 90; x < 110; x++)
			px[y * CW + x] = (x / 2 + y / 2) % 2 ? 20 : 235;
	qrprep_contrast(&im, &all, 1, 20, 980, &lo, &hi);
	assert_int_equal(lo, 110);
	assert_int_equal(hi, 110);
	qrprep_contrast(&im, &near, 1, 5, 995, &lo, &hi);
	assert_int_equal(lo, 20);
	assert_int_equal(hi, 235);
	qrprep_contrast(&im, &none, 1, 5, 995, &lo, &hi);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 0);
}

/* Cells are the means of QRPREP_CELL-pixel blocks (the last ones partial),
 * bigger when that many do not fit the room given. */
static void test_cells_are_block_means(void **state)
{
	enum { CW = 45, CH = 25 };
	uint8_t px[CW * CH], cells[8];
	struct qrprep_img im = {px, CW, CH, CW}, empty = {px, 0, CH, CW};
	int cw, ch;

	(void)state;
	for (int y = 0; y < CH; y++)
		for (int x = 0; x < CW; x++)
			px[y * CW + x] = x < 20 ? 10 : x < 40 ? 200 : y < 20 ? 60 : 90;
	assert_int_equal(qrprep_cells(&im, cells, 8, &cw, &ch), 6);
	assert_int_equal(cw, 3);
	assert_int_equal(ch, 2);
	assert_int_equal(cells[0], 10);
	assert_int_equal(cells[1], 200);
	assert_int_equal(cells[2], 60);
	assert_int_equal(cells[3], 10);
	assert_int_equal(cells[4], 200);
	assert_int_equal(cells[5], 90);
	/* room for 2: blocks of 40, the first all of x < 40 */
	assert_int_equal(qrprep_cells(&im, cells, 2, &cw, &ch), 2);
	assert_int_equal(cw, 2);
	assert_int_equal(ch, 1);
	assert_int_equal(cells[0], 105);
	assert_int_equal(qrprep_cells(&im, cells, 0, &cw, &ch), 0);
	assert_int_equal(qrprep_cells(&empty, cells, 8, &cw, &ch), 0);
	assert_int_equal(cw * ch, 0);
}

/* The grain is the sensor noise's, not the edges': a code's modules of 6
 * pixels, clean, step by 0 but at their edges; under noise of +-8 the
 * median step is the noise's (uniform noise of +-8: a mean step of 6). */
static void test_grain_is_the_noise_not_the_edges(void **state)
{
	enum { GW = 120, GH = 60 };
	uint8_t px[GW * GH];
	struct qrprep_img im = {px, GW, GH, GW};
	struct qrprep_rect all = {0, 0, GW, GH}, none = {30, 30, 30, 40}, out = {-50, -9, 500, 900};
	uint32_t st = 7;
	int g;

	(void)state;
	for (int y = 0; y < GH; y++)
		for (int x = 0; x < GW; x++)
			px[y * GW + x] = (x / 6 + y / 6) % 2 ? 20 : 220;
	assert_int_equal(qrprep_grain(&im, &all), 0);
	for (int i = 0; i < GW * GH; i++) {
		st = st * 1103515245u + 12345u;
		px[i] = (uint8_t)(px[i] + (int)((st >> 16) % 17) - 8);
	}
	g = qrprep_grain(&im, &all);
	assert_true(g >= 4 && g <= 7);
	assert_int_equal(qrprep_grain(&im, &out), g);
	assert_int_equal(qrprep_grain(&im, &none), 0);
}

static void test_look_finds_finders_polarity_and_trouble(void **state)
{
	enum { LW = 200, LH = 200 };
	static uint8_t a[LW * LH], b[LW * LH];
	static uint32_t scratch[(LW + 1) * (LH + 1)];
	struct qrprep_img im = {a, LW, LH, LW}, bl = {b, LW, LH, LW};
	struct qrprep_look lk, soft;

	(void)state;
	draw_finders(a, LW, LH, 0, 20, 235);
	qrprep_look(&im, 1, &lk);
	assert_true(lk.finders >= 3);
	assert_true(lk.finders_inv < lk.finders);
	assert_true(lk.triples >= 1);
	assert_in_range(lk.module4, 12, 20); /* 4 px modules in quarter pixels */
	assert_true(lk.box.x0 <= 60 && lk.box.x1 >= 140 && lk.box.y1 >= 140);
	assert_true(lk.hi - lk.lo > 150);
	assert_true(lk.sharp > 480);
	/* dark mode: the same, light on dark */
	draw_finders(a, LW, LH, 1, 20, 235);
	qrprep_look(&im, 1, &lk);
	assert_true(lk.finders_inv >= 3);
	assert_true(lk.finders < lk.finders_inv);
	assert_true(lk.triples_inv >= 1);
	/* defocus (a blur about half a module wide): soft edges */
	draw_finders(a, LW, LH, 0, 20, 235);
	qrprep_box_blur(&im, &bl, 2, scratch);
	qrprep_box_blur(&bl, &im, 2, scratch);
	qrprep_look(&im, 1, &soft);
	assert_true(soft.sharp < 480);
	/* a dim room: little contrast, finders still seen */
	draw_finders(a, LW, LH, 0, 100, 140);
	qrprep_look(&im, 1, &lk);
	assert_true(lk.hi - lk.lo < 70);
	assert_true(lk.finders >= 3);
	/* paper with sensor noise and nothing on it: nothing finder-like */
	for (int i = 0; i < LW * LH; i++)
		a[i] = (uint8_t)(150 + (int)((i * 2654435761u) >> 27));
	qrprep_look(&im, 1, &lk);
	assert_int_equal(lk.finders + lk.finders_inv, 0);
	assert_int_equal(lk.module4, 0);
}


/* One dark finder (7x7 modules of mod pixels) with its top left at x0, y0. */
static void finder_at(uint8_t *px, int w, int x0, int y0, int mod)
{
	for (int my = 0; my < 7; my++)
		for (int mx = 0; mx < 7; mx++) {
			int ring = mx == 0 || my == 0 || mx == 6 || my == 6;
			int core = mx >= 2 && mx <= 4 && my >= 2 && my <= 4;
			for (int y = 0; (ring || core) && y < mod; y++)
				for (int x = 0; x < mod; x++)
					px[(size_t)(y0 + my * mod + y) * w + x0 + mx * mod + x] = 20;
		}
}

/* The look tells a code seen at a slant from one seen straight on by its
 * triple (looked at as a frame is: every 4th row, modules of 3-4 pixels):
 * three finders of a size at a right angle, equally far apart, show
 * tri_dev under 100 permille and no far side; the same with the top two
 * smaller and nearer each other (the top tilted away) show 100 or more and
 * the top as the far side (tri_far 1); upside down, the bottom (2). */
static void test_look_sees_the_slant_of_a_triple(void **state)
{
	enum { LW = 240, LH = 240 };
	static uint8_t a[LW * LH];
	/* three finders: x, y, module each; then the slant the look must see */
	static const struct {
		int f[3][3], slant, far;
	} cases[] = {
		{{{40, 40, 3}, {160, 40, 3}, {40, 160, 3}}, 0, 0},
		{{{50, 40, 3}, {150, 40, 3}, {40, 150, 4}}, 1, 1},
		{{{50, 180, 3}, {150, 180, 3}, {40, 50, 4}}, 1, 2},
	};
	struct qrprep_img im = {a, LW, LH, LW};
	struct qrprep_look lk;

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		memset(a, 230, sizeof a);
		for (int f = 0; f < 3; f++)
			finder_at(a, LW, cases[k].f[f][0], cases[k].f[f][1], cases[k].f[f][2]);
		qrprep_look(&im, 4, &lk);
		assert_int_equal(lk.triples, 1);
		if (cases[k].slant)
			assert_true(lk.tri_dev >= 100);
		else
			assert_in_range(lk.tri_dev, 0, 99);
		assert_int_equal(lk.tri_far, cases[k].far);
	}
	/* no triple, no slant */
	memset(a, 230, sizeof a);
	finder_at(a, LW, 40, 40, 3);
	qrprep_look(&im, 4, &lk);
	assert_int_equal(lk.triples, 0);
	assert_int_equal(lk.tri_dev, -1);
}

/* The map from a code's plane to the image puts the finders' centres where
 * the look saw them, whatever their sizes; equal sizes give the affine
 * map (the fourth corner completes the parallelogram), far finders
 * smaller than the corner's push it out (a plane tilted away); the warp's
 * pixels go back onto the image where they came from; a triple in a line,
 * a module of nothing or a NaN is refused. */
static void test_code_homography_follows_the_finders(void **state)
{
	struct qrprep_finder t[3] = {{100, 100, 4, 4}, {200, 100, 4, 4}, {100, 200, 4, 4}};
	double H[9], x, y, d;

	(void)state;
	assert_int_equal(qrprep_code_homography(t, 1.0, H), 0);
#define AT(u, v) (d = H[6] * (u) + H[7] * (v) + H[8], x = (H[0] * (u) + H[1] * (v) + H[2]) / d, \
		  y = (H[3] * (u) + H[4] * (v) + H[5]) / d)
	AT(0, 0);
	assert_true(fabs(x - 100) < 1e-9 && fabs(y - 100) < 1e-9);
	AT(1, 0);
	assert_true(fabs(x - 200) < 1e-9 && fabs(y - 100) < 1e-9);
	AT(0, 1);
	assert_true(fabs(x - 100) < 1e-9 && fabs(y - 200) < 1e-9);
	AT(1, 1);
	assert_true(fabs(x - 200) < 1e-9 && fabs(y - 200) < 1e-9);
	/* the top and left finders at half the corner's modules: far away */
	t[1].hm = t[1].vm = t[2].hm = t[2].vm = 2;
	assert_int_equal(qrprep_code_homography(t, 1.0, H), 0);
	AT(1, 0);
	assert_true(fabs(x - 200) < 1e-9 && fabs(y - 100) < 1e-9);
	AT(0, 1);
	assert_true(fabs(x - 100) < 1e-9 && fabs(y - 200) < 1e-9);
	AT(1, 1);
	assert_true(x < 200 && y < 200); /* the far corner nearer the middle */
#undef AT
	/* scaled by k: the centres of a twice-bigger image's pixels */
	t[1].hm = t[1].vm = t[2].hm = t[2].vm = 4;
	assert_int_equal(qrprep_code_homography(t, 2.0, H), 0);
	assert_true(fabs(H[2] - 200.5) < 1e-9 && fabs(H[5] - 200.5) < 1e-9);
	{
		/* each finder's centre in the warp comes back onto its centre */
		enum { MOD = 3, MARGIN = 4 };
		static uint8_t img[300 * 300];
		struct qrprep_img src = {img, 300, 300, 300};
		int side, n = 0;
		memset(img, 128, sizeof img);
		assert_int_equal(qrprep_code_warp(&src, t, 1.0, MOD, MARGIN, 1000, NULL, &side, &n, 0), 0);
		assert_int_equal(n, 32); /* 100 pixels of 4 between the centres, and 7 */
		assert_int_equal(side, (n + 2 * MARGIN) * MOD);
		static const double at[3][2] = {{3.5, 3.5}, {-3.5, 3.5}, {3.5, -3.5}};
		for (int i = 0; i < 3; i++) {
			double wx = ((at[i][0] < 0 ? n + at[i][0] : at[i][0]) + MARGIN) * MOD - 0.5;
			double wy = ((at[i][1] < 0 ? n + at[i][1] : at[i][1]) + MARGIN) * MOD - 0.5;
			qrprep_code_unwarp_point(t, 1.0, MOD, MARGIN, n, wx, wy, &x, &y);
			assert_true(fabs(x - t[i].x) < 1e-6 && fabs(y - t[i].y) < 1e-6);
		}
		/* too big for max_side: refused */
		assert_int_equal(qrprep_code_warp(&src, t, 1.0, MOD, MARGIN, side - 1, NULL, &side, &n, 0),
				 -1);
	}
	/* three in a line, a module of nothing, a NaN: no code */
	struct qrprep_finder line[3] = {{100, 100, 4, 4}, {200, 100, 4, 4}, {300, 100, 4, 4}};
	assert_int_equal(qrprep_code_homography(line, 1.0, H), -1);
	t[1].hm = 0;
	assert_int_equal(qrprep_code_homography(t, 1.0, H), -1);
	t[1].hm = 4;
	t[2].x = NAN;
	assert_int_equal(qrprep_code_homography(t, 1.0, H), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invert_in_place),
		cmocka_unit_test(test_look_finds_finders_polarity_and_trouble),
		cmocka_unit_test(test_look_sees_the_slant_of_a_triple),
		cmocka_unit_test(test_normalize_stretches_and_ignores_outliers),
		cmocka_unit_test(test_normalize_flat_image_unchanged),
		cmocka_unit_test(test_threshold_follows_uneven_light),
		cmocka_unit_test(test_box_blur_mean_and_borders),
		cmocka_unit_test(test_sharpen_steepens_an_edge),
		cmocka_unit_test(test_unsharp_flat_stays_edge_overshoots),
		cmocka_unit_test(test_flatten_removes_glare_gradient),
		cmocka_unit_test(test_resize_down_averages),
		cmocka_unit_test(test_resize_down_by_three),
		cmocka_unit_test(test_resize_up_interpolates),
		cmocka_unit_test(test_scaled_size_rounds_and_floors_at_one),
		cmocka_unit_test(test_rotate_quarter_turn_and_back),
		cmocka_unit_test(test_homography_maps_corners),
		cmocka_unit_test(test_code_homography_follows_the_finders),
		cmocka_unit_test(test_keystone_widens_the_top),
		cmocka_unit_test(test_roi_grows_and_clips),
		cmocka_unit_test(test_crop_is_a_view),
		cmocka_unit_test(test_contrast_of_a_region),
		cmocka_unit_test(test_cells_are_block_means),
		cmocka_unit_test(test_grain_is_the_noise_not_the_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
