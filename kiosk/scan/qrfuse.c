/* qrfuse.c - multi-frame fusion of the region a code sits in (qrfuse.h). */
#include "qrfuse.h"

#include <limits.h>
#include <string.h>

size_t qrfuse_bytes(int w, int h)
{
	if (w <= 0 || h <= 0)
		return 0;
	return (size_t)w * (size_t)h * (sizeof(uint16_t) + 1);
}

/* Clip [*a, *b) to [lo, hi) and to at most max long, keeping its centre. */
static void clip_span(int *a, int *b, int lo, int hi, int max)
{
	if (*a < lo)
		*a = lo;
	if (*b > hi)
		*b = hi;
	if (*b - *a > max) {
		int c = *a + (*b - *a) / 2;
		*a = c - max / 2;
		*b = *a + max;
	}
}

int qrfuse_start(struct qrfuse *f, void *mem, size_t cap, const struct qrprep_img *frame,
		 const struct qrprep_rect *want)
{
	struct qrprep_rect r = *want;
	int w, h;

	memset(f, 0, sizeof *f);
	if (!frame->px || frame->w <= 2 * QRFUSE_SHIFT || frame->h <= 2 * QRFUSE_SHIFT ||
	    frame->stride < frame->w || !mem)
		return -1;
	clip_span(&r.x0, &r.x1, QRFUSE_SHIFT, frame->w - QRFUSE_SHIFT, QRFUSE_MAX_SIDE);
	clip_span(&r.y0, &r.y1, QRFUSE_SHIFT, frame->h - QRFUSE_SHIFT, QRFUSE_MAX_SIDE);
	w = r.x1 - r.x0;
	h = r.y1 - r.y0;
	if (w < QRFUSE_MIN_SIDE || h < QRFUSE_MIN_SIDE)
		return -1;
	/* a long region gives up rows on its long side first */
	while ((long)w * h > QRFUSE_MAX_PX) {
		if (w > h) {
			r.x0 += 8;
			r.x1 -= 8;
		} else {
			r.y0 += 8;
			r.y1 -= 8;
		}
		w = r.x1 - r.x0;
		h = r.y1 - r.y0;
	}
	if (qrfuse_bytes(w, h) > cap)
		return -1;
	f->r = r;
	f->w = w;
	f->h = h;
	f->fw = frame->w;
	f->fh = frame->h;
	f->acc = mem;
	f->ref = (uint8_t *)mem + (size_t)w * h * sizeof(uint16_t);
	for (int y = 0; y < h; y++) {
		const uint8_t *s = frame->px + (size_t)(r.y0 + y) * frame->stride + r.x0;
		memcpy(f->ref + (size_t)y * w, s, (size_t)w);
		for (int x = 0; x < w; x++)
			f->acc[(size_t)y * w + x] = s[x];
	}
	f->n = 1;
	return 0;
}

/* Sum of absolute differences between the first frame's region and frame's
 * region shifted by (dx, dy), on every 4th pixel of each row, one column
 * further on each row (a grid that skips rows or columns of one parity is
 * blind to one-pixel shifts of edges that sit on the other), of the middle half
 * of the region (where the code is), with the samples counted in *cnt.
 * Stops early above best. */
static long sad(const struct qrfuse *f, const struct qrprep_img *frame, int dx, int dy, long best,
		long *cnt)
{
	int x0 = f->w / 4, x1 = f->w - f->w / 4, y0 = f->h / 4, y1 = f->h - f->h / 4;
	long s = 0, c = 0;

	for (int y = y0; y < y1; y++) {
		const uint8_t *a = f->ref + (size_t)y * f->w;
		const uint8_t *b = frame->px + (size_t)(f->r.y0 + y + dy) * frame->stride + f->r.x0 + dx;
		for (int x = x0 + (y & 3); x < x1; x += 4) {
			int d = a[x] - b[x];
			s += d < 0 ? -d : d;
			c++;
		}
		if (s > best)
			break;
	}
	*cnt = c;
	return s;
}

static int abs_sum(int a, int b)
{
	return (a < 0 ? -a : a) + (b < 0 ? -b : b);
}

int qrfuse_add(struct qrfuse *f, const struct qrprep_img *frame)
{
	long best = LONG_MAX, bcnt = 1;
	int bx = 0, by = 0, found = 0;

	if (f->n <= 0 || f->n >= QRFUSE_MAX_N || !frame->px || frame->w != f->fw ||
	    frame->h != f->fh || frame->stride < frame->w)
		return -1;
	for (int dy = f->dy - QRFUSE_STEP; dy <= f->dy + QRFUSE_STEP; dy++) {
		if (dy < -QRFUSE_SHIFT || dy > QRFUSE_SHIFT)
			continue;
		for (int dx = f->dx - QRFUSE_STEP; dx <= f->dx + QRFUSE_STEP; dx++) {
			long cnt, s;
			if (dx < -QRFUSE_SHIFT || dx > QRFUSE_SHIFT)
				continue;
			s = sad(f, frame, dx, dy, best, &cnt);
			/* ties go to the smaller move */
			if (s < best || (s == best && abs_sum(dx, dy) < abs_sum(bx, by))) {
				best = s;
				bcnt = cnt;
				bx = dx;
				by = dy;
				found = 1;
			}
		}
	}
	if (!found || best > (long)QRFUSE_MISMATCH * bcnt)
		return -1;
	f->dx = bx;
	f->dy = by;
	for (int y = 0; y < f->h; y++) {
		const uint8_t *s = frame->px + (size_t)(f->r.y0 + y + by) * frame->stride + f->r.x0 + bx;
		uint16_t *a = f->acc + (size_t)y * f->w;
		for (int x = 0; x < f->w; x++)
			a[x] = (uint16_t)(a[x] + s[x]);
	}
	f->n++;
	return 0;
}

void qrfuse_mean(const struct qrfuse *f, struct qrprep_img *out)
{
	int n = f->n > 0 ? f->n : 1;

	for (int y = 0; y < f->h; y++) {
		const uint16_t *a = f->acc + (size_t)y * f->w;
		uint8_t *o = out->px + (size_t)y * out->stride;
		for (int x = 0; x < f->w; x++)
			o[x] = (uint8_t)((a[x] + n / 2) / n);
	}
}

size_t qrfuse_deblur_bytes(int w, int h)
{
	if (w <= 0 || h <= 0)
		return 0;
	return (size_t)w * (size_t)h * (sizeof(int16_t) + 2);
}

static uint8_t clamp8(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

void qrfuse_deblur(const struct qrprep_img *src, struct qrprep_img *dst, int r, int iters,
		   void *work, void *scratch)
{
	int w = src->w, h = src->h;
	int16_t *f = work;
	struct qrprep_img a = {(uint8_t *)work + (size_t)w * h * sizeof(int16_t), w, h, w};
	struct qrprep_img b = {a.px + (size_t)w * h, w, h, w};

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t v = src->px[(size_t)y * src->stride + x];
			f[(size_t)y * w + x] = v;
			dst->px[(size_t)y * dst->stride + x] = v;
		}
	for (int k = 0; k < iters; k++) {
		/* blur(f), f clamped to grey: three box blurs */
		qrprep_box_blur(dst, &a, r, scratch);
		qrprep_box_blur(&a, &b, r, scratch);
		qrprep_box_blur(&b, &a, r, scratch);
		for (int y = 0; y < h; y++) {
			const uint8_t *g = src->px + (size_t)y * src->stride;
			const uint8_t *bl = a.px + (size_t)y * w;
			int16_t *fr = f + (size_t)y * w;
			uint8_t *o = dst->px + (size_t)y * dst->stride;
			for (int x = 0; x < w; x++) {
				int v = fr[x] + g[x] - bl[x];
				/* bounded so that it never overflows, whatever the steps */
				v = v < -1024 ? -1024 : v > 1279 ? 1279 : v;
				fr[x] = (int16_t)v;
				o[x] = clamp8(v);
			}
		}
	}
}
