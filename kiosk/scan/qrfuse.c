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

struct match {
	long best, cnt;
	int x, y, found;
};

/* Try every shift within 2 of (cx, cy) and inside the reach. */
static void search(const struct qrfuse *f, const struct qrprep_img *frame, int cx, int cy,
		   struct match *m)
{
	for (int dy = cy - 2; dy <= cy + 2; dy++) {
		if (dy < -QRFUSE_SHIFT || dy > QRFUSE_SHIFT)
			continue;
		for (int dx = cx - 2; dx <= cx + 2; dx++) {
			long cnt, s;
			if (dx < -QRFUSE_SHIFT || dx > QRFUSE_SHIFT)
				continue;
			s = sad(f, frame, dx, dy, m->best, &cnt);
			/* ties go to the smaller move */
			if (s < m->best || (s == m->best && abs_sum(dx, dy) < abs_sum(m->x, m->y))) {
				m->best = s;
				m->cnt = cnt;
				m->x = dx;
				m->y = dy;
				m->found = 1;
			}
		}
	}
}

int qrfuse_add(struct qrfuse *f, const struct qrprep_img *frame)
{
	struct match m = {LONG_MAX, 1, 0, 0, 0};
	long best, bcnt;
	int bx, by, found;

	if (f->n <= 0 || f->n >= QRFUSE_MAX_N || !frame->px || frame->w != f->fw ||
	    frame->h != f->fh || frame->stride < frame->w)
		return -1;
	/* the 25 shifts round the last frame's; when the best lies on their
	 * edge, the 25 round it, up to QRFUSE_STEP away: a hand moves a pixel
	 * or two between frames, and a whole window of (2 * QRFUSE_STEP + 1)^2
	 * shifts on every frame cost 81 block sums */
	search(f, frame, f->dx, f->dy, &m);
	for (int k = 0; k < QRFUSE_STEP / 2 && m.found; k++) {
		int cx = m.x, cy = m.y;
		if (abs_sum(cx - f->dx, 0) < 2 * (k + 1) && abs_sum(cy - f->dy, 0) < 2 * (k + 1))
			break;
		search(f, frame, cx, cy, &m);
		if (m.x == cx && m.y == cy)
			break;
	}
	best = m.best;
	bcnt = m.cnt;
	bx = m.x;
	by = m.y;
	found = m.found;
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
	/* each sum's rounded mean looked up: a division a pixel cost 6 ns, 1.2
	 * ms of a region of 190,000 pixels (0.2 ms now); the table, 255 n
	 * divisions */
	uint8_t mean[255 * QRFUSE_MAX_N + 1];
	int n = f->n;

	if (n < 1 || n > QRFUSE_MAX_N)
		return; /* no fusion qrfuse_start() made: nothing to take the mean of */
	for (int v = 0; v <= 255 * n; v++)
		mean[v] = (uint8_t)((v + n / 2) / n);
	for (int y = 0; y < f->h; y++) {
		const uint16_t *a = f->acc + (size_t)y * f->w;
		uint8_t *o = out->px + (size_t)y * out->stride;
		for (int x = 0; x < f->w; x++)
			o[x] = mean[a[x]];
	}
}

/* The busy part of im: the box round the blocks whose edges carry at least
 * a quarter of the busiest block's above the calmest block's (a code's
 * modules, where the background of a fused region is smooth but for the
 * noise left in the mean), grown by two blocks for the quiet zone. */
void qrfuse_busy(const struct qrprep_img *im, struct qrprep_rect *out)
{
	enum { B = 16, NB = QRFUSE_MAX_SIDE / B + 1 };
	static const struct qrprep_rect none = {0, 0, 0, 0};
	int bw = im->w / B, bh = im->h / B, most = 0, least = INT_MAX;
	int e[NB][NB];

	*out = (struct qrprep_rect){0, 0, im->w, im->h};
	if (bw < 1 || bh < 1 || bw > NB || bh > NB) {
		if (im->w <= 0 || im->h <= 0)
			*out = none;
		return;
	}
	for (int by = 0; by < bh; by++)
		for (int bx = 0; bx < bw; bx++) {
			int sum = 0;
			for (int y = by * B; y < by * B + B - 1; y += 2) {
				const uint8_t *r = im->px + (size_t)y * im->stride + bx * B;
				const uint8_t *d = r + im->stride;
				for (int x = 0; x < B - 1; x++) {
					int gx = r[x + 1] - r[x], gy = d[x] - r[x];
					sum += (gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy);
				}
			}
			e[by][bx] = sum;
			most = sum > most ? sum : most;
			least = sum < least ? sum : least;
		}
	if (most == least)
		return;
	int x0 = bw, y0 = bh, x1 = -1, y1 = -1;
	for (int by = 0; by < bh; by++)
		for (int bx = 0; bx < bw; bx++)
			if (4 * (e[by][bx] - least) >= most - least) {
				x0 = bx < x0 ? bx : x0;
				y0 = by < y0 ? by : y0;
				x1 = bx > x1 ? bx : x1;
				y1 = by > y1 ? by : y1;
			}
	out->x0 = (x0 - 2) * B < 0 ? 0 : (x0 - 2) * B;
	out->y0 = (y0 - 2) * B < 0 ? 0 : (y0 - 2) * B;
	out->x1 = (x1 + 3) * B > im->w ? im->w : (x1 + 3) * B;
	out->y1 = (y1 + 3) * B > im->h ? im->h : (y1 + 3) * B;
}
