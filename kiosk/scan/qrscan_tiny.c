/* qrscan_tiny.c - small codes in camera frames: modules of a pixel or so
 * at full size (a phone far away, a dense code), which the half-size steps
 * cannot resolve and zbar misses at full size too (it needs two or three
 * pixels a module to find the finders' 1:1:3:1:1 runs). The code's own
 * block of the full-size frame, enlarged three times (bilinear), gives
 * them those pixels. The look at the half-size frame places its finders
 * badly there (what it sees of such modules is texture), so the block is
 * found on the full-size frame: the run of columns and of rows, from the
 * look's centre out, that hold steep edges. A textured scene's block is
 * big, and too big to enlarge: it costs the look's region scanned once. */
#include "qrscan_pass.h"

static const struct pass fp_box_double = {"box-double", 2, 1, OP_NONE, 0, 1, 0, 0, 2};
static const struct pass fp_box_double_inv = {"box-double-invert", 2, 1, OP_INVERT, 0, 1, 0, 0, 2};
static const struct pass fp_box_triple = {"box-triple", 3, 1, OP_NONE, 0, 1, 0, 0, 2};
static const struct pass fp_box_triple_inv = {"box-triple-invert", 3, 1, OP_INVERT, 0, 1, 0, 0, 2};

/* The most pixels the enlarged block may have for zbar (a plain zbar run
 * on a 1280x720 frame scans 920k). */
#define UP_MAX_PX (800L * 1000)
/* The widest region searched for the block. */
#define TINY_MAX_SIDE 1024
/* Columns (rows) in a row without an edge that end the block, and the
 * quiet zone added round it. */
#define TINY_GAP 6
#define TINY_QUIET 6

/* From c out, both ways, while one of the next TINY_GAP counts is
 * non-zero: the block's extent in [0, n) into *a, *b. */
static void extent(const int *cnt, int n, int c, int *a, int *b)
{
	int lo = c, hi = c, gap = 0;

	for (int i = c; i >= 0 && gap < TINY_GAP; i--) {
		gap = cnt[i] ? 0 : gap + 1;
		if (cnt[i])
			lo = i;
	}
	gap = 0;
	for (int i = c; i < n && gap < TINY_GAP; i++) {
		gap = cnt[i] ? 0 : gap + 1;
		if (cnt[i])
			hi = i + 1;
	}
	*a = lo;
	*b = hi;
}

/* The block of steep edges (a step over t grey levels between neighbours)
 * in r of f round the look's centre (cx, cy), every other line sampled,
 * grown by the quiet zone: into s->look.tiny_box; empty when none. */
static void tiny_block(struct qrscan *s, const struct qrprep_img *f, const struct qrprep_rect *r,
		       int cx, int cy, int t)
{
	int col[TINY_MAX_SIDE] = {0}, row[TINY_MAX_SIDE] = {0};
	int w = r->x1 - r->x0, h = r->y1 - r->y0, x0, x1, y0, y1;

	s->look.tiny_box = (struct qrprep_rect){0, 0, 0, 0};
	if (w < MIN_SIDE || h < MIN_SIDE || w > TINY_MAX_SIDE || h > TINY_MAX_SIDE)
		return;
	for (int y = 0; y + 1 < h; y += 2) {
		const uint8_t *p = f->px + (size_t)(r->y0 + y) * f->stride + r->x0;
		const uint8_t *q = p + f->stride;
		for (int x = 0; x + 1 < w; x++) {
			int dx = p[x + 1] - p[x], dy = q[x] - p[x];
			if (dx > t || dx < -t) {
				col[x]++;
				row[y]++;
			}
			if (dy > t || dy < -t) {
				col[x]++;
				row[y]++;
			}
		}
	}
	/* rows were sampled every other one: a sampled row stands for both */
	for (int y = 0; y + 1 < h; y += 2)
		row[y + 1] = row[y];
	cx -= r->x0;
	cy -= r->y0;
	if (cx < 0 || cy < 0 || cx >= w || cy >= h)
		return;
	extent(col, w, cx, &x0, &x1);
	extent(row, h, cy, &y0, &y1);
	if (x1 - x0 < 21 || y1 - y0 < 21) /* a code is 21 modules at least */
		return;
	x0 = r->x0 + x0 - TINY_QUIET;
	y0 = r->y0 + y0 - TINY_QUIET;
	x1 = r->x0 + x1 + TINY_QUIET;
	y1 = r->y0 + y1 + TINY_QUIET;
	s->look.tiny_box = (struct qrprep_rect){x0 < 0 ? 0 : x0, y0 < 0 ? 0 : y0,
					   x1 > f->w ? f->w : x1, y1 > f->h ? f->h : y1};
}

const struct pass *qrscan_tiny_step(struct qrscan *s, const struct qrprep_look *lk,
				    const struct qrprep_img *f)
{
	/* modules of a pixel make finder-like texture of either polarity:
	 * light on dark only when the look says so clearly */
	int inv = qrprep_look_clearly_inverted(lk);
	int t = (lk->hi - lk->lo) / 3;
	long area;

	/* the look's modules (quarter pixels of the half-size frame) of 1.5
	 * half-size pixels or less: 3 frame pixels or less */
	if (lk->module4 <= 0 || lk->module4 > 6)
		return NULL;
	tiny_block(s, f, &s->look.box, lk->box.x0 + lk->box.x1, lk->box.y0 + lk->box.y1,
		   t < 24 ? 24 : t);
	area = (long)(s->look.tiny_box.x1 - s->look.tiny_box.x0) * (s->look.tiny_box.y1 - s->look.tiny_box.y0);
	if (area == 0)
		return NULL;
	if (area * 9 <= UP_MAX_PX)
		return inv ? &fp_box_triple_inv : &fp_box_triple;
	if (area * 4 <= UP_MAX_PX)
		return inv ? &fp_box_double_inv : &fp_box_double;
	return NULL;
}
