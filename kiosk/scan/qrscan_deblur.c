/* qrscan_deblur.c - the video step for a code moved in the hand: the
 * half-size frame's smear read and undone (qrdeblur.h) where the edges
 * are, and only that part to zbar, every line (a smear wide enough to
 * hide the finders from the look is what the step is for, so it runs
 * among the blind steps, where the whole frame would be scanned every
 * other line). */
#include "qrdeblur.h"
#include "qrscan_pass.h"

int qrscan_deblur_step(struct qrscan *s, const struct pass *p, const struct qrprep_img *h,
		       struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct qrdeblur_blur b;
	struct qrprep_rect r;
	struct qrprep_img from, to;
	struct pass plain = {p->name, 1, 1, OP_NONE, 0, 1, 0, 0, 0};
	struct cache c = {0};
	int n = 0;

	qrdeblur_estimate(h, &b);
	if (b.axis == QRDEBLUR_NONE)
		return QRSCAN_NO_SMEAR;
	/* where it was read, and a margin of two smears round it for a code
	 * bigger than that square */
	r = (struct qrprep_rect){b.area.x0 - 2 * b.len, b.area.y0 - 2 * b.len,
				 b.area.x1 + 2 * b.len, b.area.y1 + 2 * b.len};
	if (qrprep_roi(&r, h->w, h->h, 0, &r) != 0) /* clipped to h */
		return QRSCAN_NO_SMEAR;
	from = qrprep_crop(h, &r);
	if (qrscan_slot(s, SLOT_OP, from.w, from.h, &to, err) != 0 ||
	    qrscan_need_work(s, qrdeblur_work_bytes(from.w, from.h), err) != 0)
		return -1;
	if (qrdeblur_wiener(&from, &to, &b, (float)p->arg / 1000.0f, s->scratch,
			    s->scratch_cap) != 0)
		return QRSCAN_NO_SMEAR;
	if (qrscan_run_pass(s, &plain, &to, r.x0, r.y0, &c, hit, &n, 1, err) < 0)
		return -1;
	return n;
}
