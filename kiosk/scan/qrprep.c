/* qrprep.c - preprocessing passes on grey buffers for the QR scanner.
 * Pure core: libc only; no allocation, no zbar, no I/O. */
#include "qrprep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint8_t clamp255(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

size_t qrprep_scratch_size(int w, int h)
{
	return (size_t)(w + 1) * (size_t)(h + 1) * sizeof(uint32_t);
}

void qrprep_invert(const struct qrprep_img *src, struct qrprep_img *dst)
{
	for (int y = 0; y < src->h; y++) {
		const uint8_t *s = src->px + (size_t)y * src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < src->w; x++)
			d[x] = (uint8_t)(255 - s[x]);
	}
}

void qrprep_normalize(const struct qrprep_img *src, struct qrprep_img *dst, int lo_permille,
		      int hi_permille)
{
	size_t hist[256] = {0};
	size_t total = (size_t)src->w * (size_t)src->h, acc = 0;
	size_t lo_n = total * (size_t)lo_permille / 1000, hi_n = total * (size_t)hi_permille / 1000;
	int lo = 0, hi = 255, v;
	uint8_t lut[256];

	for (int y = 0; y < src->h; y++) {
		const uint8_t *s = src->px + (size_t)y * src->stride;
		for (int x = 0; x < src->w; x++)
			hist[s[x]]++;
	}
	for (v = 0; v < 256; v++) {
		acc += hist[v];
		if (acc > lo_n) {
			lo = v;
			break;
		}
	}
	acc = 0;
	for (v = 0; v < 256; v++) {
		acc += hist[v];
		if (acc >= hi_n) {
			hi = v;
			break;
		}
	}
	for (v = 0; v < 256; v++)
		lut[v] = hi > lo ? clamp255((v - lo) * 255 / (hi - lo)) : (uint8_t)v;
	for (int y = 0; y < src->h; y++) {
		const uint8_t *s = src->px + (size_t)y * src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < src->w; x++)
			d[x] = lut[s[x]];
	}
}

/* Integral image with a zero first row and column. Unsigned arithmetic wraps,
 * and window sums are differences, so they stay exact as long as a window
 * holds less than 2^32/255 pixels, whatever the image size. */
static uint32_t *integral(const struct qrprep_img *src, void *scratch)
{
	uint32_t *I = scratch;
	int W = src->w + 1;

	memset(I, 0, (size_t)W * sizeof *I);
	for (int y = 0; y < src->h; y++) {
		const uint8_t *s = src->px + (size_t)y * src->stride;
		uint32_t row = 0;
		uint32_t *prev = I + (size_t)y * W, *cur = prev + W;
		cur[0] = 0;
		for (int x = 0; x < src->w; x++) {
			row += s[x];
			cur[x + 1] = prev[x + 1] + row;
		}
	}
	return I;
}

/* Window mean at (x, y), radius r, clipped to the image. */
static inline int window_mean(const uint32_t *I, int W, int w, int h, int x, int y, int r)
{
	int x0 = x - r < 0 ? 0 : x - r, x1 = x + r + 1 > w ? w : x + r + 1;
	int y0 = y - r < 0 ? 0 : y - r, y1 = y + r + 1 > h ? h : y + r + 1;
	uint32_t s = I[(size_t)y1 * W + x1] - I[(size_t)y0 * W + x1] - I[(size_t)y1 * W + x0] +
		     I[(size_t)y0 * W + x0];
	return (int)(s / (uint32_t)((x1 - x0) * (y1 - y0)));
}

void qrprep_threshold(const struct qrprep_img *src, struct qrprep_img *dst, int r, int bias,
		      void *scratch)
{
	const uint32_t *I = integral(src, scratch);
	int W = src->w + 1;

	for (int y = 0; y < src->h; y++) {
		const uint8_t *s = src->px + (size_t)y * src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < src->w; x++)
			d[x] = s[x] + bias < window_mean(I, W, src->w, src->h, x, y, r) ? 0 : 255;
	}
}

void qrprep_box_blur(const struct qrprep_img *src, struct qrprep_img *dst, int r, void *scratch)
{
	const uint32_t *I = integral(src, scratch);
	int W = src->w + 1;

	for (int y = 0; y < src->h; y++) {
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < src->w; x++)
			d[x] = (uint8_t)window_mean(I, W, src->w, src->h, x, y, r);
	}
}

void qrprep_flatten(const struct qrprep_img *src, struct qrprep_img *dst, int r, int gain,
		    void *scratch)
{
	const uint32_t *I = integral(src, scratch);
	int W = src->w + 1;

	for (int y = 0; y < src->h; y++) {
		const uint8_t *s = src->px + (size_t)y * src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < src->w; x++) {
			int m = window_mean(I, W, src->w, src->h, x, y, r);
			d[x] = clamp255(128 + (s[x] - m) * gain / 16);
		}
	}
}

void qrprep_unsharp(const struct qrprep_img *src, struct qrprep_img *dst, int r, int amount,
		    void *scratch)
{
	const uint32_t *I = integral(src, scratch);
	int W = src->w + 1;

	for (int y = 0; y < src->h; y++) {
		const uint8_t *s = src->px + (size_t)y * src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < src->w; x++) {
			int m = window_mean(I, W, src->w, src->h, x, y, r);
			d[x] = clamp255(s[x] + (s[x] - m) * amount / 16);
		}
	}
}

void qrprep_sharpen(const struct qrprep_img *src, struct qrprep_img *dst, int amount)
{
	int w = src->w, h = src->h;

	for (int y = 0; y < h; y++) {
		const uint8_t *up = src->px + (size_t)(y > 0 ? y - 1 : 0) * src->stride;
		const uint8_t *mid = src->px + (size_t)y * src->stride;
		const uint8_t *dn = src->px + (size_t)(y + 1 < h ? y + 1 : y) * src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < w; x++) {
			int l = x > 0 ? x - 1 : 0, r = x + 1 < w ? x + 1 : x;
			int sum = up[l] + up[x] + up[r] + mid[l] + mid[x] + mid[r] + dn[l] + dn[x] +
				  dn[r];
			int blur = sum / 9;
			d[x] = clamp255(mid[x] + (mid[x] - blur) * amount / 16);
		}
	}
}

void qrprep_scaled_size(int w, int h, int num, int den, int *sw, int *sh)
{
	long a = ((long)w * num + den / 2) / den, b = ((long)h * num + den / 2) / den;

	*sw = a < 1 ? 1 : (int)a;
	*sh = b < 1 ? 1 : (int)b;
}

/* Area average: each destination pixel is the mean of the source pixels it
 * covers, in 16.16 fixed point so that fractional factors are exact enough. */
/* Exact halving, the camera path's most common step: no division per pixel. */
static void halve(const struct qrprep_img *src, struct qrprep_img *dst)
{
	for (int y = 0; y < dst->h; y++) {
		const uint8_t *a = src->px + (size_t)(2 * y) * src->stride;
		const uint8_t *b = a + src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < dst->w; x++)
			d[x] = (uint8_t)((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) >> 2);
	}
}

static void shrink(const struct qrprep_img *src, struct qrprep_img *dst)
{
	if (src->w == 2 * dst->w && src->h == 2 * dst->h) {
		halve(src, dst);
		return;
	}
	for (int y = 0; y < dst->h; y++) {
		int sy0 = (int)((long)y * src->h / dst->h);
		int sy1 = (int)((long)(y + 1) * src->h / dst->h);
		if (sy1 <= sy0)
			sy1 = sy0 + 1;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < dst->w; x++) {
			int sx0 = (int)((long)x * src->w / dst->w);
			int sx1 = (int)((long)(x + 1) * src->w / dst->w);
			unsigned sum = 0;
			if (sx1 <= sx0)
				sx1 = sx0 + 1;
			for (int yy = sy0; yy < sy1; yy++) {
				const uint8_t *s = src->px + (size_t)yy * src->stride;
				for (int xx = sx0; xx < sx1; xx++)
					sum += s[xx];
			}
			unsigned k = (unsigned)((sx1 - sx0) * (sy1 - sy0));
			d[x] = (uint8_t)((sum + k / 2) / k); /* rounded, like halve() */
		}
	}
}

static void enlarge(const struct qrprep_img *src, struct qrprep_img *dst)
{
	for (int y = 0; y < dst->h; y++) {
		/* centre-aligned source coordinate in 8.8 fixed point */
		long fy = ((2L * y + 1) * src->h * 256 / (2L * dst->h)) - 128;
		if (fy < 0)
			fy = 0;
		int y0 = (int)(fy >> 8), ay = (int)(fy & 255);
		int y1 = y0 + 1 < src->h ? y0 + 1 : y0;
		const uint8_t *r0 = src->px + (size_t)y0 * src->stride;
		const uint8_t *r1 = src->px + (size_t)y1 * src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < dst->w; x++) {
			long fx = ((2L * x + 1) * src->w * 256 / (2L * dst->w)) - 128;
			if (fx < 0)
				fx = 0;
			int x0 = (int)(fx >> 8), ax = (int)(fx & 255);
			int x1 = x0 + 1 < src->w ? x0 + 1 : x0;
			int top = r0[x0] * (256 - ax) + r0[x1] * ax;
			int bot = r1[x0] * (256 - ax) + r1[x1] * ax;
			d[x] = (uint8_t)((top * (256 - ay) + bot * ay + 32768) >> 16);
		}
	}
}

void qrprep_resize(const struct qrprep_img *src, struct qrprep_img *dst)
{
	if (dst->w <= src->w && dst->h <= src->h)
		shrink(src, dst);
	else
		enlarge(src, dst);
}

/* Bilinear sample at pixel-centre coordinates (fx, fy); fill outside the
 * image, edge pixels repeated within half a pixel of it. */
static uint8_t sample(const struct qrprep_img *src, double fx, double fy, uint8_t fill)
{
	int x0, y0, x1, y1;
	double ax, ay, v;

	/* written so that a NaN is outside too */
	if (!(fx >= -0.5 && fy >= -0.5 && fx <= src->w - 0.5 && fy <= src->h - 0.5))
		return fill;
	if (fx < 0)
		fx = 0;
	if (fy < 0)
		fy = 0;
	x0 = (int)fx;
	y0 = (int)fy;
	x1 = x0 + 1 < src->w ? x0 + 1 : x0;
	y1 = y0 + 1 < src->h ? y0 + 1 : y0;
	ax = fx - x0;
	ay = fy - y0;
	const uint8_t *r0 = src->px + (size_t)y0 * src->stride;
	const uint8_t *r1 = src->px + (size_t)y1 * src->stride;
	v = (r0[x0] * (1 - ax) + r0[x1] * ax) * (1 - ay) + (r1[x0] * (1 - ax) + r1[x1] * ax) * ay;
	return (uint8_t)(v + 0.5);
}

void qrprep_rotated_size(int w, int h, int deg, int *rw, int *rh)
{
	double a = deg * M_PI / 180.0, c = fabs(cos(a)), s = fabs(sin(a));

	*rw = (int)ceil(w * c + h * s - 1e-9);
	*rh = (int)ceil(w * s + h * c - 1e-9);
	if (*rw < 1)
		*rw = 1;
	if (*rh < 1)
		*rh = 1;
}

void qrprep_unrotate_point(int w, int h, int deg, double x, double y, double *sx, double *sy)
{
	double a = deg * M_PI / 180.0, c = cos(a), s = sin(a);
	int rw, rh;
	double dx, dy;

	qrprep_rotated_size(w, h, deg, &rw, &rh);
	dx = x - rw / 2.0;
	dy = y - rh / 2.0;
	/* screen y grows downwards: a counter-clockwise turn on screen */
	*sx = c * dx - s * dy + w / 2.0;
	*sy = s * dx + c * dy + h / 2.0;
}

void qrprep_rotate(const struct qrprep_img *src, struct qrprep_img *dst, int deg, uint8_t fill)
{
	double a = deg * M_PI / 180.0, c = cos(a), s = sin(a);
	double cx = dst->w / 2.0, cy = dst->h / 2.0, scx = src->w / 2.0, scy = src->h / 2.0;

	for (int y = 0; y < dst->h; y++) {
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		double dy = y + 0.5 - cy;
		for (int x = 0; x < dst->w; x++) {
			double dx = x + 0.5 - cx;
			d[x] = sample(src, c * dx - s * dy + scx - 0.5, s * dx + c * dy + scy - 0.5,
				      fill);
		}
	}
}

int qrprep_homography(const double from[8], const double to[8], double H[9])
{
	double A[8][9];

	/* x' = (h0 x + h1 y + h2) / (h6 x + h7 y + 1), y' likewise with h3..h5:
	 * two linear equations per point, solved by Gaussian elimination. */
	for (int i = 0; i < 4; i++) {
		double x = from[2 * i], y = from[2 * i + 1], X = to[2 * i], Y = to[2 * i + 1];
		double r0[9] = {x, y, 1, 0, 0, 0, -x * X, -y * X, X};
		double r1[9] = {0, 0, 0, x, y, 1, -x * Y, -y * Y, Y};
		memcpy(A[2 * i], r0, sizeof r0);
		memcpy(A[2 * i + 1], r1, sizeof r1);
	}
	for (int c = 0; c < 8; c++) {
		int p = c;
		for (int r = c + 1; r < 8; r++)
			if (fabs(A[r][c]) > fabs(A[p][c]))
				p = r;
		if (fabs(A[p][c]) < 1e-12)
			return -1;
		if (p != c)
			for (int k = 0; k < 9; k++) {
				double t = A[c][k];
				A[c][k] = A[p][k];
				A[p][k] = t;
			}
		for (int r = 0; r < 8; r++) {
			if (r == c)
				continue;
			double f = A[r][c] / A[c][c];
			for (int k = c; k < 9; k++)
				A[r][k] -= f * A[c][k];
		}
	}
	for (int i = 0; i < 8; i++)
		H[i] = A[i][8] / A[i][i];
	H[8] = 1;
	return 0;
}

static void apply_h(const double H[9], double x, double y, double *ox, double *oy)
{
	double d = H[6] * x + H[7] * y + H[8];

	if (fabs(d) < 1e-12)
		d = 1e-12;
	*ox = (H[0] * x + H[1] * y + H[2]) / d;
	*oy = (H[3] * x + H[4] * y + H[5]) / d;
}

void qrprep_map_point(const double H[9], double x, double y, double *ox, double *oy)
{
	apply_h(H, x, y, ox, oy);
}

void qrprep_keystone_size(int w, int h, int edge, int pct, int *kw, int *kh)
{
	long grow = 2L * pct;

	*kw = w;
	*kh = h;
	if (edge <= 1)
		*kw = (int)(w + (long)w * grow / 100);
	else
		*kh = (int)(h + (long)h * grow / 100);
}

/* The map from keystoned-image points back to source points: the output's
 * trapezoid (one edge all of dw or dh, the other 1 + 2*pct/100 times
 * shorter, centred) onto the source rectangle. */
static int keystone_inverse(int sw, int sh, int dw, int dh, int edge, int pct, double H[9])
{
	double k = 1.0 + 2.0 * pct / 100.0;
	double src[8] = {0, 0, sw, 0, sw, sh, 0, sh}; /* TL TR BR BL */
	double ax = dw / 2.0 - dw / (2 * k), ay = dh / 2.0 - dh / (2 * k);
	double dst[8];

	switch (edge) {
	case 0: { double d[8] = {0, 0, dw, 0, dw - ax, dh, ax, dh}; memcpy(dst, d, sizeof d); } break;
	case 1: { double d[8] = {ax, 0, dw - ax, 0, dw, dh, 0, dh}; memcpy(dst, d, sizeof d); } break;
	case 2: { double d[8] = {0, 0, dw, ay, dw, dh - ay, 0, dh}; memcpy(dst, d, sizeof d); } break;
	default: { double d[8] = {0, ay, dw, 0, dw, dh, 0, dh - ay}; memcpy(dst, d, sizeof d); } break;
	}
	return qrprep_homography(dst, src, H);
}

void qrprep_unkeystone_point(int sw, int sh, int dw, int dh, int edge, int pct, double x,
			     double y, double *sx, double *sy)
{
	double H[9];

	if (keystone_inverse(sw, sh, dw, dh, edge, pct, H) != 0) {
		*sx = x;
		*sy = y;
		return;
	}
	apply_h(H, x, y, sx, sy);
}

void qrprep_keystone(const struct qrprep_img *src, struct qrprep_img *dst, int edge, int pct,
		     uint8_t fill)
{
	double H[9];

	if (keystone_inverse(src->w, src->h, dst->w, dst->h, edge, pct, H) != 0) {
		for (int y = 0; y < dst->h; y++)
			memset(dst->px + (size_t)y * dst->stride, fill, (size_t)dst->w);
		return;
	}
	for (int y = 0; y < dst->h; y++) {
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < dst->w; x++) {
			double fx, fy;
			apply_h(H, x + 0.5, y + 0.5, &fx, &fy);
			d[x] = sample(src, fx - 0.5, fy - 0.5, fill);
		}
	}
}

/* The triple's centres in the pixels of an image k times the looked-at
 * one's size (pixel centres at whole numbers in both), and each finder's
 * scale: the mean of its module across and down. */
static void code_points(const struct qrprep_finder t[3], double k, double p[3][2], double m[3])
{
	for (int i = 0; i < 3; i++) {
		p[i][0] = (t[i].x + 0.5) * k - 0.5;
		p[i][1] = (t[i].y + 0.5) * k - 0.5;
		m[i] = sqrt((double)t[i].hm * t[i].vm) * k;
	}
}

int qrprep_code_homography(const struct qrprep_finder t[3], double k, double H[9])
{
	double p[3][2], m[3], w[3];

	/* a look's finders are inside an image and a few pixels a module;
	 * anything else (a NaN, a module of nothing) is no code */
	if (!(k > 0 && k <= 64))
		return -1;
	for (int i = 0; i < 3; i++)
		if (!(fabsf(t[i].x) <= 1e5f && fabsf(t[i].y) <= 1e5f && t[i].hm >= 0.25f &&
		      t[i].hm <= 1e3f && t[i].vm >= 0.25f && t[i].vm <= 1e3f))
			return -1;
	code_points(t, k, p, m);
	/* A plane seen in perspective: a point's image is its affine image
	 * over w, w = 1 + gx u + gy v, and the area a module covers goes as
	 * 1 / w^3, so a finder's mean module (the square root of that area's
	 * sides) as w^-1.5: the top and left finders' w from their size
	 * against the corner's (w 1). Kept within 0.5..2 (a slant of that
	 * much has squeezed the far modules past reading anyway). */
	for (int i = 1; i < 3; i++) {
		w[i] = pow(m[0] / m[i], 2.0 / 3);
		w[i] = w[i] < 0.5 ? 0.5 : w[i] > 2 ? 2 : w[i];
	}
	H[2] = p[0][0];
	H[5] = p[0][1];
	H[0] = p[1][0] * w[1] - p[0][0];
	H[3] = p[1][1] * w[1] - p[0][1];
	H[1] = p[2][0] * w[2] - p[0][0];
	H[4] = p[2][1] * w[2] - p[0][1];
	H[6] = w[1] - 1;
	H[7] = w[2] - 1;
	H[8] = 1;
	/* the top and left arms must not be (nearly) parallel */
	double ax = p[1][0] - p[0][0], ay = p[1][1] - p[0][1];
	double bx = p[2][0] - p[0][0], by = p[2][1] - p[0][1];
	double cr = ax * by - ay * bx;
	return cr * cr < 0.04 * (ax * ax + ay * ay) * (bx * bx + by * by) ? -1 : 0;
}

/* Modules across the code of the triple (pixels scaled by k): the finders'
 * spacing over their module, plus the 7 of a finder. */
static int code_modules(const struct qrprep_finder t[3], double k)
{
	double p[3][2], m[3], n = 0;

	code_points(t, k, p, m);
	for (int i = 1; i < 3; i++) {
		double dx = p[i][0] - p[0][0], dy = p[i][1] - p[0][1];
		n += sqrt(dx * dx + dy * dy) / ((m[0] + m[i]) / 2);
	}
	n = n / 2 + 7.5;
	return n < 1e4 ? (int)n : 10000; /* the finders' checks keep it finite */
}

/* Output pixel (x, y) of the warped code to the unit plane of
 * qrprep_code_homography: module coordinates first (the finders' centres
 * at 3.5 and n - 3.5). */
static void warp_unit(double module_px, int margin, int n, double x, double y, double *u,
		      double *v)
{
	*u = ((x + 0.5) / module_px - margin - 3.5) / (n - 7);
	*v = ((y + 0.5) / module_px - margin - 3.5) / (n - 7);
}

int qrprep_code_warp(const struct qrprep_img *src, const struct qrprep_finder t[3], double k,
		     double module_px, int margin, int max_side, struct qrprep_img *dst, int *size,
		     int *n, uint8_t fill)
{
	double H[9];

	if (!(module_px >= 1 && module_px <= 64) || margin < 0 || margin > 64 ||
	    qrprep_code_homography(t, k, H) != 0)
		return -1;
	if (*n <= 0)
		*n = code_modules(t, k);
	/* version 1 is 21 modules, 40 is 177: room for a slant's error */
	if (*n < 21 - 4 || *n > 177 + 40)
		return -1;
	*size = (int)ceil((*n + 2 * margin) * module_px);
	if (*size > max_side)
		return -1;
	if (!dst || !dst->px)
		return 0;
	for (int y = 0; y < dst->h && y < *size; y++) {
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (int x = 0; x < dst->w && x < *size; x++) {
			double u, v, fx, fy;
			warp_unit(module_px, margin, *n, x, y, &u, &v);
			apply_h(H, u, v, &fx, &fy);
			d[x] = sample(src, fx, fy, fill);
		}
	}
	return 0;
}

void qrprep_code_unwarp_point(const struct qrprep_finder t[3], double k, double module_px,
			      int margin, int n, double x, double y, double *sx, double *sy)
{
	double H[9], u, v;

	if (qrprep_code_homography(t, k, H) != 0 || n <= 7) {
		*sx = x;
		*sy = y;
		return;
	}
	warp_unit(module_px, margin, n, x, y, &u, &v);
	apply_h(H, u, v, sx, sy);
}

int qrprep_roi(const struct qrprep_rect *hit, int w, int h, int margin_pct,
	       struct qrprep_rect *roi)
{
	int bw = hit->x1 - hit->x0, bh = hit->y1 - hit->y0;
	int mx, my;

	if (bw <= 0 || bh <= 0 || hit->x1 <= 0 || hit->y1 <= 0 || hit->x0 >= w || hit->y0 >= h)
		return -1;
	mx = (int)((long)bw * margin_pct / 100);
	my = (int)((long)bh * margin_pct / 100);
	roi->x0 = hit->x0 - mx < 0 ? 0 : hit->x0 - mx;
	roi->y0 = hit->y0 - my < 0 ? 0 : hit->y0 - my;
	roi->x1 = hit->x1 + mx > w ? w : hit->x1 + mx;
	roi->y1 = hit->y1 + my > h ? h : hit->y1 + my;
	return 0;
}

struct qrprep_img qrprep_crop(const struct qrprep_img *src, const struct qrprep_rect *r)
{
	struct qrprep_img v = {
		.px = src->px + (size_t)r->y0 * src->stride + r->x0,
		.w = r->x1 - r->x0,
		.h = r->y1 - r->y0,
		.stride = src->stride,
	};
	return v;
}

/* ------------------------------------------------------------------ look */

#define LOOK_MAX 64  /* finder-like centres kept per polarity */
#define LOOK_HYST 3  /* grey levels around the threshold that keep the state */

struct cand {
	int x, y, m4;
	float fx, fy, hm, vm; /* the centre to a pixel's fraction, module across and down */
};

/* 1 if runs r[0..4] (dark light dark light dark, or the inverse) are
 * 1:1:3:1:1 within half a module each (the centre within 1.5). */
static int finder_ratio(const int r[5], int total)
{
	int u4 = total * 4 / 7; /* module in quarter pixels */

	if (total < 7)
		return 0;
	for (int i = 0; i < 5; i++) {
		int want = (i == 2 ? 3 : 1) * u4, tol = (i == 2 ? 6 : 2) * u4 / 4 + 2;
		if (abs(r[i] * 4 - want) > tol)
			return 0;
	}
	return 1;
}

/* Dark (or light, inverted) against threshold t, keeping the previous
 * state within hyst grey levels of it. */
static int is_dark(int v, int t, int prev, int inv, int hyst)
{
	int d = inv ? v > t + hyst : v < t - hyst;
	int l = inv ? v < t - hyst : v > t + hyst;

	return d ? 1 : l ? 0 : prev;
}

/* From (x, y) along its column, up (dy -1, the centre pixel included) or
 * down (dy 1): the centre's dark run, then light, then dark, their lengths
 * added to run[0..2]. Pixels within hyst of t count as dark, so a blurred
 * edge stays with the dark run it borders. Returns 0 when the outer dark
 * run was reached, -1 when not or when it grows past max. */
static int walk(const struct qrprep_img *im, int x, int y, int dy, int t, int inv, int hyst,
		int lim, int max, int run[3])
{
	int st = 0;

	for (int k = dy < 0 ? 0 : 1; y + dy * k >= 0 && y + dy * k < im->h && k < lim; k++) {
		int d = is_dark(im->px[(size_t)(y + dy * k) * im->stride + x], t, 1, inv, hyst);
		if (st == 0 && !d)
			st = 1;
		else if (st == 1 && d)
			st = 2;
		else if (st == 2 && !d)
			break;
		run[st]++;
		if (st == 2 && run[2] > max)
			return -1;
	}
	return st == 2 ? 0 : -1;
}

/* The column through (x, y): the same 1:1:3:1:1 across, about as tall as
 * wide (within 2x: a tilted code is squeezed one way). Returns its total
 * height, or 0. */
static int cross_check(const struct qrprep_img *im, int x, int y, int t, int inv, int htotal,
		       int hyst, float *cy)
{
	int up[3] = {0, 0, 0}, dn[3] = {0, 0, 0}, r[5], vt;

	if (walk(im, x, y, -1, t, inv, hyst, htotal * 2, htotal, up) != 0 ||
	    walk(im, x, y, 1, t, inv, hyst, htotal * 2, htotal, dn) != 0)
		return 0;
	r[0] = up[2];
	r[1] = up[1];
	r[2] = up[0] + dn[0];
	r[3] = dn[1];
	r[4] = dn[2];
	vt = r[0] + r[1] + r[2] + r[3] + r[4];
	if (!finder_ratio(r, vt) || vt * 2 < htotal || vt > htotal * 2)
		return 0;
	/* the centre run covers y - up[0] + 1 .. y + dn[0] */
	*cy = (float)y + (float)(dn[0] - up[0] + 1) / 2;
	return vt;
}

/* Keep c unless a kept centre is within two modules of it. */
static void add_cand(struct cand *cs, int *n, struct cand c)
{
	for (int i = 0; i < *n; i++) {
		int d = 2 * cs[i].m4 / 4 + 2;
		if (abs(cs[i].x - c.x) <= d && abs(cs[i].y - c.y) <= d)
			return;
	}
	if (*n < LOOK_MAX)
		cs[(*n)++] = c;
}

/* One polarity's runs along a row (look_rows): the last six, where they
 * started, the state (-1 before the first pixel). */
struct row_runs {
	int r[6], start[6], nr, st;
};

/* Pixel x of row y is dark (d 1) or light for polarity inv, against the
 * row's threshold t: extend the run, or start one and check the five
 * before it for a finder's 1:1:3:1:1 (and its column). */
static void row_step(const struct qrprep_img *im, struct row_runs *k, int d, int x, int y,
		     int t, int inv, int hyst, struct cand *cs, int *n, int *skewed)
{
	int *r = k->r;

	if (d == k->st) {
		r[k->nr - 1]++;
		return;
	}
	k->st = d;
	/* a new run: keep the last five (they must start dark) */
	if (k->nr == 6) {
		for (int i = 0; i < 5; i++) {
			r[i] = r[i + 1];
			k->start[i] = k->start[i + 1];
		}
		k->nr = 5;
	}
	r[k->nr] = 1;
	k->start[k->nr++] = x;
	/* runs r[0..4] complete when the sixth (light) starts */
	if (!d && k->nr == 6 && finder_ratio(r, r[0] + r[1] + r[2] + r[3] + r[4])) {
		int tot = r[0] + r[1] + r[2] + r[3] + r[4];
		int cx = k->start[2] + r[2] / 2, vt;
		float cy = (float)y;
		vt = cross_check(im, cx, y, t, inv, tot, hyst, &cy);
		if (vt) {
			struct cand c = {cx, y, (tot + vt) * 2 / 7, (float)k->start[2] + (float)(r[2] - 1) / 2,
					 cy, (float)tot / 7, (float)vt / 7};
			add_cand(cs, n, c);
			if (vt * 3 < tot * 2 || tot * 3 < vt * 2)
				(*skewed)++;
		}
	}
}

/* Rows of both polarities (cs[0] dark on light, cs[1] light on dark) at
 * once: one row mean over a window of 2R+1 for both, each with its own
 * runs and hysteresis state (the same candidates, in the same order, as
 * one polarity at a time, at about half the cost). */
static void look_rows(const struct qrprep_img *im, int step, int hyst, struct cand cs[2][LOOK_MAX],
		      int n[2], int *skewed)
{
	enum { R = 24 };
	int w = im->w;

	for (int y = step / 2; y < im->h; y += step) {
		const uint8_t *row = im->px + (size_t)y * im->stride;
		struct row_runs k[2] = {{.st = -1}, {.st = -1}};
		int sum = 0, cnt = 0;
		for (int x = 0; x < w && x < R; x++, cnt++)
			sum += row[x];
		for (int x = 0; x < w; x++) {
			if (x + R < w) {
				sum += row[x + R];
				cnt++;
			}
			if (x - R - 1 >= 0) {
				sum -= row[x - R - 1];
				cnt--;
			}
			int t = cnt == 2 * R + 1 ? sum / (2 * R + 1) : sum / cnt;
			int v = row[x];
			/* is_dark() for both polarities: below t - hyst dark on
			 * light, above t + hyst light on dark, else as before */
			int d0 = v < t - hyst ? 1 : v > t + hyst ? 0 : k[0].st < 0 ? 0 : k[0].st;
			int d1 = v > t + hyst ? 1 : v < t - hyst ? 0 : k[1].st < 0 ? 0 : k[1].st;
			if (d0 == k[0].st && d1 == k[1].st) {
				k[0].r[k[0].nr - 1]++;
				k[1].r[k[1].nr - 1]++;
				continue;
			}
			row_step(im, &k[0], d0, x, y, t, 0, hyst, cs[0], &n[0], skewed);
			row_step(im, &k[1], d1, x, y, t, 1, hyst, cs[1], &n[1], skewed);
		}
	}
}

/* The timing pattern of a code whose corner finder is c and another
 * finder a, the third b: the row (or column) of alternating modules three
 * modules off the line c-a towards b, from five modules past c's centre
 * to five before a's. Sampled pixel by pixel (half a module's error in the
 * finders' module size does not matter) against the samples' mean, with
 * hysteresis a quarter of their range: 1 when it changes between dark and
 * light at least half as often as its modules would, so three finder-like
 * squares alone (a printed pattern, a tiled wall) fail. */
static int timing_ok(const struct qrprep_img *im, const struct cand *c, const struct cand *a,
		     const struct cand *b)
{
	enum { MAXS = 1024 };
	uint8_t v[MAXS];
	double ax = a->x - c->x, ay = a->y - c->y, bx = b->x - c->x, by = b->y - c->y;
	double da = sqrt(ax * ax + ay * ay), db = sqrt(bx * bx + by * by);
	double m = (c->m4 + a->m4) / 8.0; /* module in pixels */
	int lo = 255, hi = 0, ns = 0, st = -1, flips = 0;
	long sum = 0;

	if (da < 1 || db < 1 || m <= 0)
		return 0;
	double span = da - 10 * m; /* pixels of timing pattern */
	double mods = da / m - 10; /* its modules: 4 at version 1 (5 modules) */
	if (span < 3 || mods < 3)
		return 1; /* too short to tell: let zbar decide */
	double ox = c->x + bx / db * 3 * m + ax / da * 5 * m;
	double oy = c->y + by / db * 3 * m + ay / da * 5 * m;
	for (double k = 0; k <= span && ns < MAXS; k += 1.0) {
		int x = (int)(ox + ax / da * k + 0.5), y = (int)(oy + ay / da * k + 0.5);
		if (x < 0 || y < 0 || x >= im->w || y >= im->h)
			return 0;
		v[ns] = im->px[(size_t)y * im->stride + x];
		sum += v[ns];
		lo = v[ns] < lo ? v[ns] : lo;
		hi = v[ns] > hi ? v[ns] : hi;
		ns++;
	}
	int t = (int)(sum / ns), hy = (hi - lo) / 4;
	if (hi - lo < 16)
		return 0;
	for (int i = 0; i < ns; i++) {
		int d = v[i] < t - hy ? 1 : v[i] > t + hy ? 0 : st;
		if (st >= 0 && d != st)
			flips++;
		st = d;
	}
	return flips * 2 >= (int)mods;
}

/* Triples of centres laid out as a code's three finders: corner c with a
 * and b about equally far (within 25%) at about a right angle (the far
 * side sqrt(2) times as long, within 20%), their modules alike (within
 * 40%), 14 to 180 modules apart (versions 1 to 40, with room for tilt).
 * *timed (when im is given) counts those with a timing pattern along
 * either side (timing_ok), checked on the first TIMED_MAX triples only. */
#define TIMED_MAX 64

/* How far the triple (corner c, a, b) is from a square code seen straight
 * on (qrprep_look's tri_dev, tri_far): a view at a slant shortens one side
 * (unequal arms), shears the corner (no right angle), and shows the far
 * finders smaller than the near ones. */
struct tri_geo {
	int dev, far, timed; /* timed: taken from a triple with a timing pattern */
	long span;           /* its arms' squared lengths: the widest is the code's
			      * (a big code's data holds finder-like triples too) */
};

static void triple_geo(const struct cand *c, const struct cand *a, const struct cand *b,
		       struct tri_geo *g)
{
	double ax = a->x - c->x, ay = a->y - c->y, bx = b->x - c->x, by = b->y - c->y;
	double la = sqrt(ax * ax + ay * ay), lb = sqrt(bx * bx + by * by);
	double arms = 1 - (la < lb ? la / lb : lb / la);
	double cosv = fabs(ax * bx + ay * by) / (la * lb);
	int dev = (int)(1000 * (arms > cosv ? arms : cosv));
	/* the finders' mean y against their module sizes: smaller modules
	 * lower down mean the bottom is the far side */
	const struct cand *f[3] = {c, a, b};
	double my = (c->y + a->y + b->y) / 3.0, mm = (c->m4 + a->m4 + b->m4) / 3.0, cov = 0;

	for (int i = 0; i < 3; i++)
		cov += (f[i]->y - my) * (f[i]->m4 - mm);
	g->dev = dev;
	g->far = cov < 0 ? 2 : cov > 0 ? 1 : 0;
	g->span = (long)(ax * ax + ay * ay + bx * bx + by * by);
}

static int count_triples(const struct qrprep_img *im, const struct cand *cs, int n, int *timed,
			 struct tri_geo *geo)
{
	int t = 0;

	*timed = 0;
	geo->dev = -1;
	geo->far = 0;
	geo->timed = 0;
	geo->span = 0;

	for (int c = 0; c < n; c++)
		for (int a = 0; a < n; a++) {
			if (a == c)
				continue;
			long ax = cs[a].x - cs[c].x, ay = cs[a].y - cs[c].y;
			long da = ax * ax + ay * ay;
			long mc = cs[c].m4;
			if (abs(cs[a].m4 - cs[c].m4) * 10 > 4 * mc)
				continue;
			/* centres 14..180 modules apart: (4 d / m4)^2 in 10..180 squared */
			long mm = mc * mc / 16 + 1;
			if (da < 10L * 10 * mm || da > 180L * 180 * mm)
				continue;
			for (int b = a + 1; b < n; b++) {
				if (b == c || abs(cs[b].m4 - cs[c].m4) * 10 > 4 * mc)
					continue;
				long bx = cs[b].x - cs[c].x, by = cs[b].y - cs[c].y;
				long db = bx * bx + by * by;
				long dx = cs[b].x - cs[a].x, dy = cs[b].y - cs[a].y;
				long dab = dx * dx + dy * dy;
				if (db * 16 < da * 9 || db * 9 > da * 16) /* 3/4 .. 4/3 in length */
					continue;
				if (dab * 100 < (da + db) * 64 || dab * 100 > (da + db) * 144)
					continue;
				int tm = im && t < TIMED_MAX &&
					 (timing_ok(im, &cs[c], &cs[a], &cs[b]) ||
					  timing_ok(im, &cs[c], &cs[b], &cs[a]));
				*timed += tm;
				if (tm >= geo->timed && (tm > geo->timed || da + db > geo->span)) {
					triple_geo(&cs[c], &cs[a], &cs[b], geo);
					geo->timed = tm;
				}
				t++;
			}
		}
	return t;
}

/* The code's timing patterns under the map H (qrprep_code_homography, onto
 * im) for a code n modules across: row 6 from the corner finder to the top
 * one and column 6 to the left one, their modules dark at even columns
 * (light, inverted). Returns the permille of the modules on the right side
 * of their pattern's mean, the worse of the two; 0 when they hold under 5
 * modules, leave im, or show no contrast, or one arm's is under need
 * (the other is not looked at then). */
static int warped_timing(const struct qrprep_img *im, const double H[9], int n, int inv, int need)
{
	enum { MAXM = 180 };
	int worst = 1000;

	for (int arm = 0; arm < 2; arm++) {
		uint8_t v[MAXM];
		int ns = 0, lo = 255, hi = 0, good = 0;
		long sum = 0;
		for (int j = 8; j <= n - 9 && ns < MAXM; j++) {
			double along = (j + 0.5 - 3.5) / (n - 7), off = 3.0 / (n - 7), x, y;
			apply_h(H, arm ? off : along, arm ? along : off, &x, &y);
			if (!(x >= 0 && y >= 0 && x <= im->w - 1 && y <= im->h - 1))
				return 0;
			v[ns] = sample(im, x, y, 0);
			lo = v[ns] < lo ? v[ns] : lo;
			hi = v[ns] > hi ? v[ns] : hi;
			sum += v[ns++];
		}
		if (ns < 5 || hi - lo < 16)
			return 0;
		for (int i = 0; i < ns; i++) {
			int dark = inv ? v[i] * ns > sum : v[i] * ns < sum;
			good += dark == (i % 2 == 0);
		}
		if (good * 1000 / ns < worst)
			worst = good * 1000 / ns;
		if (worst < need)
			return 0; /* the other arm cannot make up for it */
	}
	return worst;
}

/* Finder-like patterns this many or fewer per polarity are searched for
 * a code's triple at any slant (look_code); triples tried at most. */
#define CODE_CANDS 40
#define CODE_TRIES 96
/* ... and the worst timing (permille) worth keeping: half the modules
 * right is what chance gives */
#define CODE_TIMING_MIN 650

/* look_code(): the three of cs (polarity inv) whose timing patterns show
 * best (warped_timing, over the versions near the size their spacing
 * tells) into out->code, when better than what it holds. Loose on shape
 * (a steep slant shortens an arm to half and the far finders to a third
 * of the near one's modules), strict on the timing. */
static void look_code(const struct qrprep_img *im, const struct cand *cs, int n, int inv,
		      struct qrprep_look *out)
{
	int tries = 0;

	if (n < 3 || n > CODE_CANDS)
		return;
	for (int c = 0; c < n; c++)
		for (int a = 0; a < n; a++) {
			if (a == c || cs[a].m4 * 3 < cs[c].m4 || cs[c].m4 * 3 < cs[a].m4)
				continue;
			double ax = cs[a].fx - cs[c].fx, ay = cs[a].fy - cs[c].fy;
			double la = sqrt(ax * ax + ay * ay), mc = cs[c].m4 / 4.0;
			if (la < 8 * mc || la > 180 * mc)
				continue;
			for (int b = a + 1; b < n && tries < CODE_TRIES; b++) {
				if (b == c || cs[b].m4 * 3 < cs[c].m4 || cs[c].m4 * 3 < cs[b].m4)
					continue;
				double bx = cs[b].fx - cs[c].fx, by = cs[b].fy - cs[c].fy;
				double lb = sqrt(bx * bx + by * by);
				/* the corner within 37 degrees of a right
				 * angle (the cosine 0.8): a code sheared to
				 * 139 degrees (qr-real's qrcode-2/30a.webp,
				 * which zbar reads at no size) shows 0.75 */
				if (lb < 8 * mc || lb * 5 < la * 2 || la * 5 < lb * 2 ||
				    fabs(ax * bx + ay * by) > 0.8 * la * lb)
					continue;
				/* corner, top, left as the code reads (y grows down) */
				const struct cand *f[3] = {&cs[c], &cs[a], &cs[b]};
				struct qrprep_finder t[3];
				double H[9];
				if (ax * by - ay * bx < 0) {
					f[1] = &cs[b];
					f[2] = &cs[a];
				}
				for (int i = 0; i < 3; i++)
					t[i] = (struct qrprep_finder){f[i]->fx, f[i]->fy, f[i]->hm, f[i]->vm};
				if (qrprep_code_homography(t, 1.0, H) != 0)
					continue;
				tries++;
				int n0 = code_modules(t, 1.0), v0 = (n0 - 17 + 2) / 4;
				for (int v = v0 - 1; v <= v0 + 1; v++) {
					if (v < 1 || v > 40)
						continue;
					int q = warped_timing(im, H, 17 + 4 * v, inv,
							      out->code_timing > CODE_TIMING_MIN ?
							      out->code_timing + 1 : CODE_TIMING_MIN);
					if (q > out->code_timing) {
						out->code_timing = q;
						out->code_n = 17 + 4 * v;
						out->code_inv = inv;
						memcpy(out->code, t, sizeof t);
					}
				}
			}
		}
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int qrprep_look_clearly_inverted(const struct qrprep_look *lk)
{
	return lk->finders_inv > 2 * lk->finders && lk->triples_inv > 2 * lk->triples;
}

void qrprep_look(const struct qrprep_img *src, int row_step, struct qrprep_look *out)
{
	struct cand cs[2][LOOK_MAX];
	int n[2] = {0, 0}, skew = 0, m[2 * LOOK_MAX], nm = 0;
	long hist[256] = {0}, total = 0, acc;
	int hyst = LOOK_HYST;
	long erise = 0, estep = 0;

	memset(out, 0, sizeof *out);
	if (row_step < 1)
		row_step = 1;
	/* noise: the median step between neighbours along sampled rows (edges
	 * are few, flat stretches many); runs must beat it to count */
	{
		long dh[256] = {0}, nd = 0, acc = 0;
		for (int y = row_step / 2; y < src->h; y += 4 * row_step) {
			const uint8_t *row = src->px + (size_t)y * src->stride;
			for (int x = 1; x < src->w; x++, nd++)
				dh[abs(row[x] - row[x - 1])]++;
		}
		for (int v = 0; v < 256; v++)
			if ((acc += dh[v]) * 2 >= nd) {
				hyst = LOOK_HYST + (v > 40 ? 40 : v);
				break;
			}
	}
	look_rows(src, row_step, hyst, cs, n, &skew);
	out->finders = n[0];
	out->finders_inv = n[1];
	{
		struct tri_geo g[2];
		int k;
		out->triples = count_triples(src, cs[0], n[0], &out->timed, &g[0]);
		out->triples_inv = count_triples(src, cs[1], n[1], &out->timed_inv, &g[1]);
		/* the polarity with timed triples, else with more */
		k = out->timed_inv != out->timed ? out->timed_inv > out->timed :
		    out->triples_inv > out->triples;
		out->tri_dev = g[k].dev;
		out->tri_far = g[k].far;
		look_code(src, cs[0], n[0], 0, out);
		look_code(src, cs[1], n[1], 1, out);
	}
	out->skew = skew * 3 >= n[0] + n[1] && skew > 0;
	out->box.x0 = out->box.y0 = 1 << 30;
	out->box.x1 = out->box.y1 = 0;
	for (int p = 0; p < 2; p++)
		for (int i = 0; i < n[p]; i++) {
			struct cand c = cs[p][i];
			m[nm++] = c.m4;
			if (c.x - 4 * c.m4 / 4 < out->box.x0) out->box.x0 = c.x - 4 * c.m4 / 4;
			if (c.y - 4 * c.m4 / 4 < out->box.y0) out->box.y0 = c.y - 4 * c.m4 / 4;
			if (c.x + 4 * c.m4 / 4 > out->box.x1) out->box.x1 = c.x + 4 * c.m4 / 4;
			if (c.y + 4 * c.m4 / 4 > out->box.y1) out->box.y1 = c.y + 4 * c.m4 / 4;
		}
	if (nm) {
		qsort(m, (size_t)nm, sizeof m[0], cmp_int);
		out->module4 = m[nm / 2];
		if (out->box.x0 < 0) out->box.x0 = 0;
		if (out->box.y0 < 0) out->box.y0 = 0;
		if (out->box.x1 > src->w) out->box.x1 = src->w;
		if (out->box.y1 > src->h) out->box.y1 = src->h;
	} else {
		memset(&out->box, 0, sizeof out->box);
	}
	/* contrast from every 4th row; sharpness of strong edges along them */
	for (int y = 0; y < src->h; y += 4) {
		const uint8_t *row = src->px + (size_t)y * src->stride;
		for (int x = 0; x < src->w; x++)
			hist[row[x]]++;
		total += src->w;
		for (int x = 3; x + 3 < src->w; x += 3) {
			int a = row[x + 3] - row[x - 3];
			if (a < 0)
				a = -a;
			if (a < 40)
				continue;
			int best = 0;
			for (int e = x - 2; e <= x + 3; e++) {
				int d = row[e] - row[e - 1];
				d = d < 0 ? -d : d;
				best = d > best ? d : best;
			}
			erise += a;
			estep += best;
		}
	}
	out->lo = 0;
	out->hi = 255;
	acc = 0;
	for (int v = 0; v < 256; v++)
		if ((acc += hist[v]) > total / 50) {
			out->lo = v;
			break;
		}
	acc = 0;
	for (int v = 255; v >= 0; v--)
		if ((acc += hist[v]) > total / 50) {
			out->hi = v;
			break;
		}
	out->sharp = erise > 0 ? (int)(estep * 1000 / erise) : -1;
}

int qrprep_cells(const struct qrprep_img *src, uint8_t *out, int cap, int *cw, int *ch)
{
	int cell = QRPREP_CELL, w, h;

	*cw = *ch = 0;
	if (!src->px || src->w <= 0 || src->h <= 0 || cap < 1)
		return 0;
	for (;;) {
		w = (src->w + cell - 1) / cell;
		h = (src->h + cell - 1) / cell;
		if ((long)w * h <= cap)
			break;
		cell *= 2;
	}
	for (int cy = 0; cy < h; cy++) {
		int y0 = cy * cell, y1 = y0 + cell < src->h ? y0 + cell : src->h;
		for (int cx = 0; cx < w; cx++) {
			int x0 = cx * cell, x1 = x0 + cell < src->w ? x0 + cell : src->w;
			unsigned long sum = 0, n = 0;
			/* every second row: a cell's mean, not its detail */
			for (int y = y0; y < y1; y += 2) {
				const uint8_t *row = src->px + (size_t)y * src->stride;
				for (int x = x0; x < x1; x++)
					sum += row[x];
				n += (unsigned long)(x1 - x0);
			}
			out[cy * w + cx] = (uint8_t)((sum + n / 2) / n);
		}
	}
	*cw = w;
	*ch = h;
	return w * h;
}

int qrprep_grain(const struct qrprep_img *src, const struct qrprep_rect *r)
{
	long hist[256] = {0}, total = 0, acc = 0;
	int x0 = r->x0 < 0 ? 0 : r->x0, y0 = r->y0 < 0 ? 0 : r->y0;
	int x1 = r->x1 > src->w ? src->w : r->x1, y1 = r->y1 > src->h ? src->h : r->y1;

	for (int y = y0; y < y1; y += 2) {
		const uint8_t *row = src->px + (size_t)y * src->stride;
		for (int x = x0 + 1; x < x1; x++, total++)
			hist[abs((int)row[x] - (int)row[x - 1])]++;
	}
	for (int v = 0; v < 256; v++)
		if ((acc += hist[v]) * 2 > total)
			return v;
	return 0;
}

void qrprep_contrast(const struct qrprep_img *src, const struct qrprep_rect *r, int step,
		     int lo_permille, int hi_permille, int *lo, int *hi)
{
	long hist[256] = {0}, total = 0, acc = 0;
	int x0 = r->x0 < 0 ? 0 : r->x0, y0 = r->y0 < 0 ? 0 : r->y0;
	int x1 = r->x1 > src->w ? src->w : r->x1, y1 = r->y1 > src->h ? src->h : r->y1;

	*lo = *hi = 0;
	if (step < 1)
		step = 1;
	for (int y = y0; y < y1; y += step) {
		const uint8_t *row = src->px + (size_t)y * src->stride;
		for (int x = x0; x < x1; x += step, total++)
			hist[row[x]]++;
	}
	if (total == 0)
		return;
	for (int v = 0; v < 256; v++) {
		long before = acc;
		acc += hist[v];
		if (before * 1000 < total * lo_permille && acc * 1000 >= total * lo_permille)
			*lo = v;
		if (before * 1000 < total * hi_permille && acc * 1000 >= total * hi_permille) {
			*hi = v;
			break;
		}
	}
}
