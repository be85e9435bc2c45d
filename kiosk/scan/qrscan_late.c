/* qrscan_late.c - the first frames of a code (issue 15: every code
 * zxing-cpp reads at its first frame read within two): the full-size steps
 * unsharp-masked (qrscan_late_unsharp), and the region the full-size step
 * takes when the finder-like patterns make no triple. Those patterns (the
 * look missed one of the code's finders, or saw fakes in its data) still
 * say where the code is: a margin as wide as their span, at least
 * SPAN_MODULES modules, holds it, where the half-size steps keep 40 modules
 * and a quarter more for a lone finder (600-900k pixels at full size: too
 * dear for a step on the second core). */
#include "qrscan_pass.h"

/* The margin round the patterns' box, in modules at least: on the bench a
 * margin of half the span or 16 modules cut the codes whose patterns were
 * all in one corner, and zbar missed them (qrcode-4/14.webp). */
#define SPAN_MODULES 24
/* The most frame pixels the span may hold: a step on it costs a half-size
 * step's CPU or less. */
#define SPAN_MAX_PX (300L * 1000)

void qrscan_late_span(struct qrscan *s, const struct qrprep_look *lk, int w, int h)
{
	int n = lk->finders + lk->finders_inv;
	int t = lk->triples > lk->triples_inv ? lk->triples : lk->triples_inv;
	int mpx = lk->module4 / 2 + 1; /* frame pixels per module */
	int bw = 2 * (lk->box.x1 - lk->box.x0), bh = 2 * (lk->box.y1 - lk->box.y0);
	int side = bw > bh ? bw : bh, m;
	struct qrprep_rect b;

	s->look.has_span = 0;
	/* a lone pattern says nothing of the code's extent; a triple's box
	 * (s->look.box) is tight already */
	if (n < 2 || t > 0 || lk->module4 <= 0)
		return;
	m = side > SPAN_MODULES * mpx ? side : SPAN_MODULES * mpx;
	b = (struct qrprep_rect){2 * lk->box.x0 - m, 2 * lk->box.y0 - m, 2 * lk->box.x1 + m,
				 2 * lk->box.y1 + m};
	if (b.x0 < 0) b.x0 = 0;
	if (b.y0 < 0) b.y0 = 0;
	if (b.x1 > w) b.x1 = w;
	if (b.y1 > h) b.y1 = h;
	if (b.x1 - b.x0 < MIN_SIDE || b.y1 - b.y0 < MIN_SIDE ||
	    (long)(b.x1 - b.x0) * (b.y1 - b.y0) > SPAN_MAX_PX)
		return;
	s->look.span = b;
	s->look.has_span = 1;
}

/* The full-size steps unsharp-masked (a box of radius 2 at the step's scale,
 * twice its difference): the finders' box and a small code's enlarged block
 * (qrscan_tiny.c), in either polarity. */
static const struct pass fp_box_unsharp = {"box-unsharp", 1, 1, OP_UNSHARP, 2, 1, 0, 0, 1};
static const struct pass fp_box_unsharp_inv = {"box-unsharp-invert", 1, 1, OP_UNSHARP_INV, 2, 1, 0, 0, 1};
static const struct pass fp_double_unsharp = {"box-double-unsharp", 2, 1, OP_UNSHARP, 2, 1, 0, 0, 2};
static const struct pass fp_double_unsharp_inv = {"box-double-unsharp-invert", 2, 1, OP_UNSHARP_INV, 2, 1, 0, 0, 2};
static const struct pass fp_triple_unsharp = {"box-triple-unsharp", 3, 1, OP_UNSHARP, 2, 1, 0, 0, 2};
static const struct pass fp_triple_unsharp_inv = {"box-triple-unsharp-invert", 3, 1, OP_UNSHARP_INV, 2, 1, 0, 0, 2};

const struct pass *qrscan_late_unsharp(const struct pass *p)
{
	static const struct pass *const soft[] = {
		&fp_box_unsharp, &fp_box_unsharp_inv, &fp_double_unsharp, &fp_double_unsharp_inv,
		&fp_triple_unsharp, &fp_triple_unsharp_inv,
	};

	if (!p || (p->box != 1 && p->box != 2) || p->den != 1 || p->ks || p->rot ||
	    (p->op != OP_NONE && p->op != OP_INVERT))
		return NULL;
	for (size_t i = 0; i < sizeof soft / sizeof soft[0]; i++)
		if (soft[i]->box == p->box && soft[i]->num == p->num &&
		    (soft[i]->op == OP_UNSHARP_INV) == (p->op == OP_INVERT))
			return soft[i];
	return NULL;
}
