/* qrscan_still.c - still images (qrscan_image): the pass list, cheapest
 * first, and the budget of zbar runs a look at the image decides. */
#include "qrscan_pass.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cheapest and most likely first: most readable photos read on the first
 * pass; each later pass fixes one kind of trouble. The costly turned (45
 * degrees) and keystoned (tilt) passes come last. Passes that share a turn
 * and a scale sit together, so that image is computed once. */
static const struct pass still_passes[] = {
	{"plain", 1, 1, OP_NONE, 0, QRSCAN_PLAIN_DENSITY, 0, 0, 0},
	{"invert", 1, 1, OP_INVERT, 0, 1, 0, 0, 0},
	{"normalize", 1, 1, OP_NORMALIZE, 0, 1, 0, 0, 0},
	{"half", 1, 2, OP_NONE, 0, 1, 0, 0, 0},
	{"quarter", 1, 4, OP_NONE, 0, 1, 0, 0, 0},
	{"half-invert", 1, 2, OP_INVERT, 0, 1, 0, 0, 0},
	{"half-threshold", 1, 2, OP_THRESHOLD, 12, 1, 0, 0, 0},
	{"threshold", 1, 1, OP_THRESHOLD, 12, 1, 0, 0, 0},
	{"threshold-invert", 1, 1, OP_THRESHOLD_INV, 12, 1, 0, 0, 0},
	{"threshold-fine", 1, 1, OP_THRESHOLD, 30, 1, 0, 0, 0},
	{"sharpen", 1, 1, OP_SHARPEN, 24, 1, 0, 0, 0},
	{"flatten", 1, 1, OP_FLATTEN, 6, 1, 0, 0, 0},
	{"double", 2, 1, OP_NONE, 0, 1, 0, 0, 0},
	{"double-threshold", 2, 1, OP_THRESHOLD, 12, 1, 0, 0, 0},
	{"third", 1, 3, OP_NONE, 0, 1, 0, 0, 0},
	{"half-sharpen", 1, 2, OP_SHARPEN, 24, 1, 0, 0, 0},
	{"blur-threshold", 1, 1, OP_BLUR_THRESHOLD, 12, 1, 0, 0, 0},
	{"unsharp-2", 1, 1, OP_UNSHARP, 2, 1, 0, 0, 0},
	{"unsharp-3", 1, 1, OP_UNSHARP, 3, 1, 0, 0, 0},
	{"blur", 1, 1, OP_BLUR, 1, 1, 0, 0, 0},
	{"blur-2", 1, 1, OP_BLUR, 2, 1, 0, 0, 0},
	{"half-blur", 1, 2, OP_BLUR, 1, 1, 0, 0, 0},
	{"triple", 3, 1, OP_NONE, 0, 1, 0, 0, 0},
	{"two-thirds", 2, 3, OP_NONE, 0, 1, 0, 0, 0},
	{"two-thirds-threshold", 2, 3, OP_THRESHOLD, 12, 1, 0, 0, 0},
	{"four-fifths", 4, 5, OP_NONE, 0, 1, 0, 0, 0},
	{"five-fourths", 5, 4, OP_NONE, 0, 1, 0, 0, 0},
	{"plain-every-line", 1, 1, OP_NONE, 0, 1, 0, 0, 0},
	{"turn-45", 1, 1, OP_NONE, 0, 1, 45, 0, 0},
	{"turn-45-invert", 1, 1, OP_INVERT, 0, 1, 45, 0, 0},
	{"turn-45-blur", 1, 1, OP_BLUR, 1, 1, 45, 0, 0},
	{"turn-45-threshold", 1, 1, OP_THRESHOLD, 12, 1, 45, 0, 0},
	{"turn-45-half", 1, 2, OP_NONE, 0, 1, 45, 0, 0},
	{"turn-45-double", 2, 1, OP_NONE, 0, 1, 45, 0, 0},
	{"keystone-top-15", 1, 1, OP_NONE, 0, 1, 0, 15, 0},
	{"keystone-bottom-15", 1, 1, OP_NONE, 0, 1, 0, 115, 0},
	{"keystone-left-15", 1, 1, OP_NONE, 0, 1, 0, 215, 0},
	{"keystone-right-15", 1, 1, OP_NONE, 0, 1, 0, 315, 0},
	{"keystone-top-30", 1, 1, OP_NONE, 0, 1, 0, 30, 0},
	{"keystone-bottom-30", 1, 1, OP_NONE, 0, 1, 0, 130, 0},
	{"keystone-left-30", 1, 1, OP_NONE, 0, 1, 0, 230, 0},
	{"keystone-right-30", 1, 1, OP_NONE, 0, 1, 0, 330, 0},
};
/* What a pass costs, in percent of a plain zbar run on the same image:
 * zbar's work grows with the pixels, a turned image has about twice as
 * many, and a step over the pixels adds about a third. */
static int pass_cost(const struct pass *p)
{
	int c = 100 * p->num * p->num / (p->den * p->den);

	if (c < 10)
		c = 10;
	if (p->rot)
		c *= 2;
	if (p->op != OP_NONE || p->ks)
		c += c / 3;
	return c;
}

/* Still images: the steps the look asks for come right after the plain
 * pass; then the list in order, while the budget lasts. */
static const struct pass st_invert = {"invert", 1, 1, OP_INVERT, 0, 1, 0, 0, 0};
static const struct pass st_half_invert = {"half-invert", 1, 2, OP_INVERT, 0, 1, 0, 0, 0};
/* Modules of 6 pixels or more (quarter pixels): 3 at half size, what zbar
 * reads well; the dark-mode pass runs there at a quarter of the cost */
#define STILL_BIG_MODULE4 24
static const struct pass st_double = {"double", 2, 1, OP_NONE, 0, 1, 0, 0, 0};
static const struct pass st_half = {"half", 1, 2, OP_NONE, 0, 1, 0, 0, 0};
static const struct pass st_normalize = {"normalize", 1, 1, OP_NORMALIZE, 0, 1, 0, 0, 0};
static const struct pass st_sharpen = {"sharpen", 1, 1, OP_SHARPEN, 24, 1, 0, 0, 0};
static const struct pass st_every_line = {"plain-every-line", 1, 1, OP_NONE, 0, 1, 0, 0, 0};
/* Modules of 3-3.5 pixels in a small photo, blurred or eroded (a code
 * printed small, a phone far away): zbar misses their finders at full size,
 * doubled and tripled alike; enlarged 2.5 times and thresholded they read
 * (qrcode-3/03.webp, qrcode-4/41.webp, which zxing-cpp reads; the camera
 * path reads them by qrscan_tiny.c's enlarged block). */
static const struct pass st_enlarged = {"enlarged-threshold", 5, 2, OP_THRESHOLD, 12, 1, 0, 0, 0};
/* ... for modules the look measures over 2.5 and up to 3.5 pixels (quarter
 * pixels of the work image); 2.5 or less gets the doubled pass */
#define STILL_TINY_MODULE4 14
/* Budgets in percent of a plain run. zbar alone costs 4-9 times what
 * zxing-cpp does on the same photo, so every step counts: on the real
 * photos of the corpus, 105 of the 116 codes we read are read by the plain
 * pass, and a textured photo without a code costs 10-15 ms per zbar run.
 * An image with a few triples of finder-like patterns placed as a code's
 * finders are, one of them with a timing pattern between two finders
 * (qrprep_look's timed), is most likely a code: it gets half a run more
 * (the look's step or a few half-size ones), and light-on-dark ones (a
 * phone in dark mode) the inverted pass whatever it costs. A textured
 * photo (leaves, fabric, a keyboard) shows hundreds of such triples and
 * rarely a code: a tenth (a quarter-size pass). Triples without a timing
 * pattern, scattered finder-like patterns or none: nothing more (every
 * qr-real code read after the plain pass showed a timed triple but the
 * 95x75 estimate-tilt.jpg, which the small image's budget reads; of the
 * 46 code-less 1280x720 frames, 15 without a triple paid a quarter-size
 * pass for nothing, 6 with untimed triples half a run).
 * qrscan_set_thorough() lifts the budget: every pass, as long as it takes. */
#define STILL_BUDGET_CODE 50
#define STILL_BUDGET_TEXTURE 10
#define STILL_TRIPLES_MAX 64
/* ... but an image so small that the plain pass and the others together
 * stay under this many pixels gets them whatever the percentage: a small
 * image (a 177x177 code of 1-pixel modules) costs little whatever is
 * tried, and its hard cases need the doubled or keystoned passes that a
 * budget relative to its size would never reach. */
#define STILL_SMALL_PX (300L * 1000)

/* Whether an image of px pixels gets the small image's budget: an image
 * whose look saw a triple with a timing pattern does; one without only
 * when that budget reaches the doubled pass (an image of 60k pixels or
 * less). Above that it bought a half-size or quarter-size pass or two,
 * which never read a code the plain pass missed on such an image (no
 * qr-real photo), while each of the 46 code-less photos of 480x480 paid
 * for one. */
static int still_floor(long px, int timed)
{
	return timed > 0 || STILL_SMALL_PX - px >= (long)pass_cost(&st_double) * px / 100;
}

static int still_image(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		       struct qrscan_hit *hits, int max_hits, char err[KERR_LEN])
{
	struct qrprep_img src = {(uint8_t *)grey, w, h, stride}, work = src, small;
	struct cache c = {0};
	struct qrprep_look lk;
	size_t npass = sizeof still_passes / sizeof still_passes[0];
	const struct pass *order[64];
	int n = 0, norder = 0, sw, sh, big, large, free_first = 0;
	long budget, spent = 0, m4;
	int tiny, warp, soft;

	s->passes_run = 0;
	s->scanned_px = 0;
	if (w <= 0 || h <= 0 || stride < w || max_hits <= 0)
		return kerr(err, "QR scanner: bad image %dx%d stride %d", w, h, stride);
	s->passes_run = 1;
	if (qrscan_run_pass(s, &still_passes[0], &work, 0, 0, &c, hits, &n, max_hits, err) < 0)
		return -1;
	if (n > 0 || s->max_passes == 1)
		return n;
	large = (long)w * h > STILL_WORK_PIXELS;
	if (large) {
		/* the passes below see a shrunk copy, where a small code's
		 * modules in a big photo (2-2.5 pixels in a 12 Mpx one) are
		 * under a pixel and the look sees no finder: every line of the
		 * image as it is first, which zbar reads them on (0.2-0.3 s on
		 * a 12 Mpx photo) */
		s->passes_run++;
		if (qrscan_run_pass(s, &st_every_line, &work, 0, 0, &c, hits, &n, max_hits, err) < 0)
			return -1;
		if (n > 0 || s->max_passes == 2)
			return n;
		/* shrink once, by the area average, for all later passes */
		double f = sqrt((double)STILL_WORK_PIXELS / ((double)w * h));
		int ww = (int)(w * f), wh = (int)(h * f);
		if (qrscan_slot(s, SLOT_WORK, ww < 1 ? 1 : ww, wh < 1 ? 1 : wh, &work, err) != 0)
			return -1;
		qrprep_resize(&src, &work);
		c.valid = 0;
	}
	/* look at a copy no bigger than 640 pixels a side */
	big = work.w > work.h ? work.w : work.h;
	if (big > 640) {
		qrprep_scaled_size(work.w, work.h, 640, big, &sw, &sh);
		if (qrscan_slot(s, SLOT_FRAME_HALF, sw, sh, &small, err) != 0)
			return -1;
		qrprep_resize(&work, &small);
	} else {
		small = work;
	}
	qrprep_look(&small, 2, &lk);
	/* module sizes in quarter pixels of the look copy, in the work image */
	m4 = (long)lk.module4 * big / (big > 640 ? 640 : big);
	tiny = m4 > 10 && m4 <= STILL_TINY_MODULE4;
	/* soft edges (a blur): the sharpened pass, and the warp's unsharp twin */
	soft = lk.sharp >= 0 && lk.sharp < 500;
	if (lk.finders + lk.finders_inv == 0 && !s->thorough)
		return 0; /* nothing finder-like: no step would find a code */
	{
		int t = lk.triples > lk.triples_inv ? lk.triples : lk.triples_inv;
		int timed = lk.timed + lk.timed_inv;
		long px = (long)work.w * work.h;
		budget = timed == 0 ? 0
		       : t <= STILL_TRIPLES_MAX ? STILL_BUDGET_CODE : STILL_BUDGET_TEXTURE;
		/* in pixels of the work image's plain run */
		budget = budget * px / 100;
		if (budget < STILL_SMALL_PX - px && still_floor(px, timed))
			budget = STILL_SMALL_PX - px;
		/* and a small image with tiny modules the enlarged pass on top
		 * (8.3 plain runs: 200k pixels for a 160x150 photo): taken out
		 * of the budget, it took that of the finer threshold, which
		 * reads other small codes; a big image never gets it */
		if (tiny && (long)pass_cost(&st_enlarged) * px / 100 <= STILL_SMALL_PX)
			budget += (long)pass_cost(&st_enlarged) * px / 100;
	}
	/* modules of 2.5 pixels or less make finder-like texture of either
	 * polarity (qrscan_tiny.c): light on dark only when the look says so
	 * clearly, else the doubled pass first */
	if (m4 > 0 && m4 <= 10 && !qrprep_look_clearly_inverted(&lk))
		order[norder++] = &st_double;
	else if (lk.finders_inv > lk.finders || lk.triples_inv > lk.triples) {
		/* light-on-dark finders placed as a code's are, with a timing
		 * pattern: a phone in dark mode, whatever the budget; at half
		 * size when its modules are big */
		if (lk.triples_inv > lk.triples && lk.triples_inv <= STILL_TRIPLES_MAX &&
		    lk.timed_inv > 0) {
			free_first = 1;
			order[norder++] = m4 >= STILL_BIG_MODULE4 ? &st_half_invert : &st_invert;
		} else {
			order[norder++] = &st_invert;
		}
	}
	if (m4 > 0 && m4 <= 10 && (norder == 0 || order[0] != &st_double))
		order[norder++] = &st_double;
	if (m4 >= 16)
		order[norder++] = &st_half;
	if (lk.hi - lk.lo < 100)
		order[norder++] = &st_normalize;
	if (soft)
		order[norder++] = &st_sharpen;
	if (tiny)
		order[norder++] = &st_enlarged;
	for (size_t i = 1; i < npass && norder < (int)(sizeof order / sizeof order[0]); i++) {
		int dup = 0;
		for (int k = 0; k < norder; k++)
			dup |= strcmp(order[k]->name, still_passes[i].name) == 0;
		if (!dup)
			order[norder++] = &still_passes[i];
	}
	/* three finders whose timing patterns show: their code warped upright
	 * from the work image first, a small image of its own, out of no
	 * budget (a code at a slant or sheared reads there, where the passes
	 * on the whole image cost many times more) */
	warp = lk.code_timing >= WARP_TIMING && !s->no_warp;
	if (s->max_passes > 1 && norder > s->max_passes - 1 - large - warp)
		norder = s->max_passes - 1 - large - warp;
	if (warp) {
		s->passes_run++;
		n = qrscan_warp(s, "warp", &work, lk.code, lk.code_n, (double)work.w / small.w,
				lk.code_inv, "warp-paper", "warp-decode",
				soft ? "warp-unsharp" : NULL, hits, err);
		if (n < 0)
			return -1;
	}
	for (int i = 0; i < norder && n == 0; i++) {
		long cost = (long)pass_cost(order[i]) * work.w / 100 * work.h;
		if (i == 0 && free_first)
			cost = 0;
		if (spent + cost > budget && !s->thorough)
			continue; /* a cheaper one further on may still fit */
		spent += cost;
		s->passes_run++;
		if (qrscan_run_pass(s, order[i], &work, 0, 0, &c, hits, &n, max_hits, err) < 0)
			return -1;
	}
	/* boxes of the shrunk copy back to the caller's pixels */
	for (int k = 0; k < n && work.px != src.px; k++) {
		hits[k].box.x0 = (int)((long)hits[k].box.x0 * w / work.w);
		hits[k].box.x1 = (int)((long)hits[k].box.x1 * w / work.w);
		hits[k].box.y0 = (int)((long)hits[k].box.y0 * h / work.h);
		hits[k].box.y1 = (int)((long)hits[k].box.y1 * h / work.h);
	}
	return n;
}

int qrscan_image(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		 struct qrscan_hit *hits, int max_hits, char err[KERR_LEN])
{
	const struct qrprep_img src = {(uint8_t *)grey, w, h, stride};
	int n = still_image(s, grey, w, h, stride, hits, max_hits, err);

	/* a code within a read one: the middle of its box looked at */
	return n > 0 && n < max_hits ? qrscan_nested(s, &src, hits, n, max_hits, err) : n;
}
