/* qrdeblur.c - undo a straight motion blur along the rows or the columns
 * (qrdeblur.h). */
#include "qrdeblur.h"

#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Lines sampled for the estimate: every other row (or column) tells the
 * blur as well as all of them, at half the cost. */
#define SAMPLE_STEP 2
/* The smear's axis must have at most this share of the other axis'
 * gradient energy (a smear of L pixels divides its axis' edges by about
 * L; a turned or tilted sharp code has about as much on both axes), and
 * its autocorrelation must dip at least this deep (normalised: -0.11 to
 * -0.2 on one noisy frame of a code smeared by 12-20 pixels, -0.3 on a
 * mean of 8; a sharp code dips at its module size on both axes). */
#define ENERGY_SHARE 0.5
#define MIN_DEPTH 0.08
/* and dip at a lag this much longer than the other axis' dip (the module
 * size, where the code's own pattern makes it dip) */
#define LAG_MARGIN 3

/* Every how many of n lines the estimate samples: every SAMPLE_STEP-th,
 * and about 96 of a big image (they tell a smear as well as all of it). */
static int sample_every(int n)
{
	return n / 96 > SAMPLE_STEP ? n / 96 : SAMPLE_STEP;
}

/* Pixels of a line the estimate looks at (the middle ones of a longer
 * line): the fused regions are at most 480 wide, a half-size frame 640. */
#define LINE_MAX 1024

/* Autocorrelation of the gradient along the rows (rows != 0) or the
 * columns, lags 0..lags (at most QRDEBLUR_MAX_LEN; the rest 0), over the
 * lines sample_every() says: each line's gradient into a buffer, then a
 * dot product per lag. */
static void gradient_autocorr(const struct qrprep_img *im, int rows, int lags, double *r)
{
	int64_t acc[QRDEBLUR_MAX_LEN + 1] = {0};
	int16_t d[LINE_MAX];
	int len = rows ? im->w : im->h, lines = rows ? im->h : im->w;
	int n = (len > LINE_MAX ? LINE_MAX : len) - 1, from = (len - n - 1) / 2;
	size_t step = rows ? 1 : (size_t)im->stride;

	for (int i = 0; i < lines; i += sample_every(lines)) {
		const uint8_t *p = rows ? im->px + (size_t)i * im->stride + from
					: im->px + (size_t)from * im->stride + i;
		for (int x = 0; x < n; x++)
			d[x] = (int16_t)(p[(size_t)(x + 1) * step] - p[(size_t)x * step]);
		for (int k = 0; k <= lags && k < n; k++) {
			int32_t s = 0;
			for (int x = 0; x + k < n; x++)
				s += d[x] * d[x + k];
			acc[k] += s;
		}
	}
	for (int k = 0; k <= QRDEBLUR_MAX_LEN; k++)
		r[k] = (double)acc[k];
}

/* Lines gradient_autocorr() samples out of n */
static double lines_of(int n)
{
	return (double)((n + sample_every(n) - 1) / sample_every(n));
}

/* The lag (>= 3) where r dips deepest, and how deep relative to r[0]. */
static int deepest_dip(const double *r, double *depth)
{
	int best = 0;

	*depth = 0;
	if (r[0] <= 0)
		return 0;
	for (int k = 3; k <= QRDEBLUR_MAX_LEN; k++)
		if (r[k] / r[0] < *depth) {
			*depth = r[k] / r[0];
			best = k;
		}
	return best;
}

/* The square of side QRDEBLUR_AREA (clipped to im) whose blocks of
 * BLOCK x BLOCK pixels hold the most gradient (every other row sampled). */
#define BLOCK 16
static struct qrprep_rect busiest(const struct qrprep_img *im)
{
	enum { NB = QRDEBLUR_AREA / BLOCK, MAXB = 4096 / BLOCK };
	int bw = im->w / BLOCK, bh = im->h / BLOCK, best = -1, bx0 = 0, by0 = 0;
	static const int side = QRDEBLUR_AREA;
	int32_t col[MAXB];

	if ((im->w <= side && im->h <= side) || bw > MAXB)
		return (struct qrprep_rect){0, 0, im->w, im->h};
	/* a window of nw x nh blocks slides over the block grid; its sum by
	 * columns of blocks, recomputed per band of block rows (small) */
	int nw = bw < NB ? bw : NB, nh = bh < NB ? bh : NB;
	for (int by = 0; by + nh <= bh; by++) {
		for (int bx = 0; bx < bw; bx++) {
			int32_t sum = 0;
			for (int y = by * BLOCK; y < (by + nh) * BLOCK - 1; y += 2) {
				const uint8_t *r = im->px + (size_t)y * im->stride + bx * BLOCK;
				for (int x = 0; x < BLOCK - 1; x += 2) {
					int gx = r[x + 1] - r[x], gy = r[x + im->stride] - r[x];
					sum += (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
				}
			}
			col[bx] = sum;
		}
		int32_t win = 0;
		for (int bx = 0; bx < bw; bx++) {
			win += col[bx] - (bx >= nw ? col[bx - nw] : 0);
			if (bx >= nw - 1 && win > best) {
				best = win;
				bx0 = bx - nw + 1;
				by0 = by;
			}
		}
	}
	return (struct qrprep_rect){bx0 * BLOCK, by0 * BLOCK,
				    bx0 * BLOCK + (side < im->w ? side : im->w),
				    by0 * BLOCK + (side < im->h ? side : im->h)};
}

void qrdeblur_estimate(const struct qrprep_img *full, struct qrdeblur_blur *b)
{
	double rr[QRDEBLUR_MAX_LEN + 1], rc[QRDEBLUR_MAX_LEN + 1], dr, dc;
	struct qrprep_img view, *im = &view;
	int lr, lc;

	b->axis = QRDEBLUR_NONE;
	b->len = 0;
	b->area = (struct qrprep_rect){0, 0, 0, 0};
	if (!full->px || full->w < QRDEBLUR_MIN_SIDE || full->h < QRDEBLUR_MIN_SIDE ||
	    full->stride < full->w)
		return;
	b->area = busiest(full);
	if (b->area.x1 > full->w)
		b->area.x1 = full->w;
	if (b->area.y1 > full->h)
		b->area.y1 = full->h;
	view = qrprep_crop(full, &b->area);
	/* the energies first (lag 0): most scenes have about as much edge
	 * along both axes (sensor noise, a sharp code), and stop there; the
	 * same number of lines on both axes give comparable energies */
	gradient_autocorr(im, 1, 0, rr);
	gradient_autocorr(im, 0, 0, rc);
	double er = rr[0] / lines_of(im->h) / ((im->w > LINE_MAX ? LINE_MAX : im->w) - 1);
	double ec = rc[0] / lines_of(im->w) / ((im->h > LINE_MAX ? LINE_MAX : im->h) - 1);
	if (!(er <= ENERGY_SHARE * ec || ec <= ENERGY_SHARE * er))
		return;
	gradient_autocorr(im, 1, QRDEBLUR_MAX_LEN, rr);
	gradient_autocorr(im, 0, QRDEBLUR_MAX_LEN, rc);
	lr = deepest_dip(rr, &dr);
	lc = deepest_dip(rc, &dc);
	if (lr >= QRDEBLUR_MIN_LEN && dr <= -MIN_DEPTH && lr >= lc + LAG_MARGIN &&
	    er <= ENERGY_SHARE * ec) {
		b->axis = QRDEBLUR_ROWS;
		b->len = lr;
	} else if (lc >= QRDEBLUR_MIN_LEN && dc <= -MIN_DEPTH && lc >= lr + LAG_MARGIN &&
		   ec <= ENERGY_SHARE * er) {
		b->axis = QRDEBLUR_COLS;
		b->len = lc;
	}
}

/* FFT size for a line of len pixels smeared by blur pixels, 0 if too long */
static int fft_size(int len, int blur)
{
	int n = 16;

	while (n < len + 2 * blur)
		n <<= 1;
	return n <= QRDEBLUR_MAX_FFT ? n : 0;
}

size_t qrdeblur_work_bytes(int w, int h)
{
	(void)w;
	(void)h;
	/* the line pair, the filter and the twiddles */
	return (size_t)QRDEBLUR_MAX_FFT * 2 * sizeof(float complex) +
	       (size_t)QRDEBLUR_MAX_FFT / 2 * sizeof(float complex);
}

/* In-place radix-2 FFT of a (n a power of two, 4 or more); tw[j] =
 * e^(-2 pi i j / n). The inverse is the conjugate's transform, conjugated
 * (filter_lines). The arithmetic is written out on the real and imaginary
 * parts (C's complex product checks every result for a NaN), each twiddle
 * is taken once a stage, and the stages go two at a time (a radix-4 pass:
 * each element loaded and stored once for both). On a 320x336 region this
 * made the defocus and the smear deconvolutions 1.55x faster than the
 * textbook loop (tests/bench_qrdeblur: 3.92-4.10 and 2.01-2.04 ms before,
 * 2.56-2.60 and 1.30-1.32 after), with the same output but for a few
 * pixels one grey level apart (the sums' rounding). */
static void fft(float complex *a, int n, const float complex *tw)
{
	float *f = (float *)a; /* C11 6.2.5: re, im */

	for (int i = 1, j = 0; i < n; i++) {
		int bit = n >> 1;
		for (; j & bit; bit >>= 1)
			j ^= bit;
		j ^= bit;
		if (i < j) {
			float complex t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}
	for (int i = 0; i < 2 * n; i += 4) {
		float ur = f[i], ui = f[i + 1], vr = f[i + 2], vi = f[i + 3];
		f[i] = ur + vr;
		f[i + 1] = ui + vi;
		f[i + 2] = ur - vr;
		f[i + 3] = ui - vi;
	}
	/* then two stages at a time (halves h and 2h: a radix-4 pass, each
	 * element loaded and stored once for both), and a last single stage
	 * when their number is odd */
	int h = 2;
	for (; 4 * h <= n; h *= 4) {
		int s1 = n / (2 * h), s2 = n / (4 * h);
		for (int j = 0; j < h; j++) {
			float ar = crealf(tw[j * s1]), ai = cimagf(tw[j * s1]);
			float br = crealf(tw[j * s2]), bi = cimagf(tw[j * s2]);
			for (int i = 2 * j; i < 2 * n; i += 8 * h) {
				float *x0 = f + i, *x1 = x0 + 2 * h, *x2 = x1 + 2 * h, *x3 = x2 + 2 * h;
				/* the first stage: (x0, x1) and (x2, x3) by a */
				float pr = x1[0] * ar - x1[1] * ai, pi = x1[0] * ai + x1[1] * ar;
				float qr = x3[0] * ar - x3[1] * ai, qi = x3[0] * ai + x3[1] * ar;
				float y0r = x0[0] + pr, y0i = x0[1] + pi, y1r = x0[0] - pr, y1i = x0[1] - pi;
				float y2r = x2[0] + qr, y2i = x2[1] + qi, y3r = x2[0] - qr, y3i = x2[1] - qi;
				/* the second: (y0, y2) by b, (y1, y3) by b times -i */
				float tr = y2r * br - y2i * bi, ti = y2r * bi + y2i * br;
				float ur = y3r * bi + y3i * br, ui = y3i * bi - y3r * br;
				x0[0] = y0r + tr;
				x0[1] = y0i + ti;
				x2[0] = y0r - tr;
				x2[1] = y0i - ti;
				x1[0] = y1r + ur;
				x1[1] = y1i + ui;
				x3[0] = y1r - ur;
				x3[1] = y1i - ui;
			}
		}
	}
	if (2 * h <= n) {
		int step = n / (2 * h);
		for (int j = 0; j < h; j++) {
			float wr = crealf(tw[j * step]), wi = cimagf(tw[j * step]);
			for (int i = 2 * j; i < 2 * n; i += 4 * h) {
				float *u = f + i, *v = f + i + 2 * h;
				float vr = v[0] * wr - v[1] * wi, vi = v[0] * wi + v[1] * wr;
				v[0] = u[0] - vr;
				v[1] = u[1] - vi;
				u[0] += vr;
				u[1] += vi;
			}
		}
	}
}

static uint8_t clamp_grey(float v)
{
	return v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)(v + 0.5f);
}

/* Line i of im along the axis (rows: row i; columns: column i) */
static uint8_t *line_at(const struct qrprep_img *im, int rows, int i, int k)
{
	return rows ? im->px + (size_t)i * im->stride + k : im->px + (size_t)k * im->stride + i;
}

/* Line i of in into z's real (im == 0) or imaginary part, then a ramp
 * from its last value back to its first across the padding, so that the
 * FFT's wrap-round sees no step. */
static void load_line(float complex *z, int n, const struct qrprep_img *in, int rows, int i,
		      int len, int imag)
{
	float first = *line_at(in, rows, i, 0), last = *line_at(in, rows, i, len - 1);

	for (int k = 0; k < n; k++) {
		float v;
		if (k < len) {
			v = *line_at(in, rows, i, k);
		} else {
			float t = (float)(k - len + 1) / (float)(n - len + 1);
			v = last + (first - last) * t;
		}
		z[k] = imag ? z[k] + v * I : v;
	}
}

/* Filter every line of in along the axis (rows or columns) through filt
 * (n points, the inverse FFT's 1/n in it, a real kernel's) into out, and
 * there scaled by gain round mid-grey. */
static void filter_lines(const struct qrprep_img *in, struct qrprep_img *out, int rows,
			 float complex *z, const float complex *filt, const float complex *tw,
			 int n, float gain)
{
	int len = rows ? in->w : in->h, lines = rows ? in->h : in->w;

	/* two lines a transform: the kernel is real, so the real and the
	 * imaginary part come back filtered each on its own */
	for (int i = 0; i < lines; i += 2) {
		int pair = i + 1 < lines;
		load_line(z, n, in, rows, i, len, 0);
		if (pair)
			load_line(z, n, in, rows, i + 1, len, 1);
		fft(z, n, tw);
		/* the inverse: the conjugate's transform, conjugated (the
		 * imaginary part's sign turned on the way out) */
		for (int j = 0; j < n; j++)
			z[j] = conjf(z[j] * filt[j]);
		fft(z, n, tw);
		for (int x = 0; x < len; x++) {
			*line_at(out, rows, i, x) = clamp_grey((crealf(z[x]) - 128) * gain + 128);
			if (pair)
				*line_at(out, rows, i + 1, x) =
					clamp_grey((-cimagf(z[x]) - 128) * gain + 128);
		}
	}
}

static void twiddles(float complex *tw, int n)
{
	for (int j = 0; j < n / 2; j++)
		tw[j] = cexpf(-2.0f * (float)M_PI * (float)j / (float)n * I);
}

int qrdeblur_wiener(const struct qrprep_img *in, struct qrprep_img *out,
		    const struct qrdeblur_blur *b, float k, void *work, size_t cap)
{
	int rows = b->axis == QRDEBLUR_ROWS;
	int len = rows ? in->w : in->h, n;
	float complex *z = work, *filt, *tw;

	if (b->axis == QRDEBLUR_NONE || b->len < 2 || b->len > QRDEBLUR_MAX_LEN || !in->px ||
	    !out->px || out->w != in->w || out->h != in->h || len < 2 ||
	    !(n = fft_size(len, b->len)) || !work || cap < qrdeblur_work_bytes(in->w, in->h) ||
	    !(k > 0))
		return -1;
	filt = z + n;
	tw = filt + n;
	twiddles(tw, n);
	/* the smear: a box of len pixels round each pixel (as a hand's move
	 * spreads it), and its Wiener inverse conj(H) / (|H|^2 + k), with the
	 * inverse FFT's 1/n */
	for (int j = 0; j < n; j++)
		filt[j] = 0;
	for (int d = 0; d < b->len; d++)
		filt[(d - b->len / 2 + n) % n] += 1.0f / (float)b->len;
	fft(filt, n, tw);
	for (int j = 0; j < n; j++) {
		float complex h = filt[j];
		float p = crealf(h) * crealf(h) + cimagf(h) * cimagf(h);
		filt[j] = conjf(h) / ((p + k) * (float)n);
	}
	filter_lines(in, out, rows, z, filt, tw, n, 1);
	return 0;
}

int qrdeblur_defocus(const struct qrprep_img *in, struct qrprep_img *out, float sigma, float k,
		     void *work, size_t cap)
{
	/* a wrap-round ramp of three sigmas each way */
	int blur = (int)(3.0f * sigma) + 1, pass[2] = {0, 0};
	float complex *z = work, *filt, *tw;

	if (!(sigma >= QRDEBLUR_MIN_SIGMA && sigma <= QRDEBLUR_MAX_SIGMA) || !in->px || !out->px ||
	    out->w != in->w || out->h != in->h || in->w < 2 || in->h < 2 ||
	    !(pass[0] = fft_size(in->w, blur)) || !(pass[1] = fft_size(in->h, blur)) || !work ||
	    cap < qrdeblur_work_bytes(in->w, in->h) || !(k > 0))
		return -1;
	/* A lens out of focus spreads a point into a disc; through a few
	 * glass surfaces and the sensor it is near a Gaussian, whose
	 * transform is a Gaussian too (real, never 0) and separable: the
	 * Wiener inverse H / (H^2 + k) along the rows, then the columns of
	 * what that gave. */
	for (int r = 0; r < 2; r++) {
		int n = pass[r];
		filt = z + n;
		tw = filt + n;
		twiddles(tw, n);
		for (int j = 0; j < n; j++) {
			float f = (float)(j <= n / 2 ? j : n - j) / (float)n;
			float h = expf(-2.0f * (float)(M_PI * M_PI) * sigma * sigma * f * f);
			filt[j] = h / ((h * h + k) * (float)n);
		}
		/* the rows' edges overshoot past black and white, which the
		 * columns' pass needs: kept at half the contrast between the
		 * passes (a grey level lost to noise of several) */
		filter_lines(r == 0 ? in : out, out, r == 0, z, filt, tw, n, r == 0 ? 0.5f : 2.0f);
	}
	return 0;
}
