/* qrscan_frame.c - camera frames (qrscan_frame): the region of the last
 * hit, the look-driven choice of steps, the blind steps, and the second
 * core that runs a second step at the same time. */
#include "qrscan_pass.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static int keystone_scan(struct qrscan *s, const struct pass *p, const struct qrprep_img *v,
			 int ox, int oy, int dw, int dh, struct qrscan_hit *hit, char err[KERR_LEN]);
static void remember(struct qrscan *s, const struct pass *p, const struct qrscan_hit *hit);

/* ------------------------------------------------------------------ */
/* Video                                                               */

/* Every frame is looked at first (qrprep_look on the half-size frame, a
 * fraction of a zbar run): finder-like patterns light on dark mean a phone
 * in dark mode, so the inverted step goes first; a low contrast asks for
 * the normalised one; soft edges for the sharpened one; tiny modules for
 * the full-size frame. That step runs at once, and when the look saw a
 * code, a second step that attacks another trouble runs in parallel on the
 * second core (qrscan_set_threads). A frame without any finder-like
 * pattern (an empty scene: most frames at a door) gets no zbar run at all,
 * except every third one, which gets one of the blind steps in turn (plain
 * half size first), for codes too blurred for their finders to show. After a hit, the region around it with the step
 * that read it comes first (the code is usually still where it was). */

/* Half-size steps: they run on the half-size frame. */
static const struct pass fp_half = {"half", 1, 2, OP_NONE, 0, 1, 0, 0, 0};
static const struct pass fp_half_inv = {"half-invert", 1, 2, OP_INVERT, 0, 1, 0, 0, 0};
static const struct pass fp_norm = {"half-normalize", 1, 2, OP_NORMALIZE, 0, 1, 0, 0, 0};
static const struct pass fp_norm_inv = {"half-normalize-invert", 1, 2, OP_NORMALIZE_INV, 0, 1, 0, 0, 0};
static const struct pass fp_sharp = {"half-sharpen", 1, 2, OP_SHARPEN, 24, 1, 0, 0, 0};
static const struct pass fp_sharp_inv = {"half-sharpen-invert", 1, 2, OP_SHARPEN_INV, 24, 1, 0, 0, 0};
static const struct pass fp_unsharp = {"half-unsharp", 1, 2, OP_UNSHARP, 2, 1, 0, 0, 0};
/* a smear undone where one shows (a code moved in the hand), else the
 * plain half-size step; half size halves the smear with the modules and
 * the sensor noise with the pixels: on the bench it reads smears of 2-4
 * modules on a single frame, which at full size only a mean of 8 did */
static const struct pass fp_deblur = {"half-deblur", 1, 2, OP_DEBLUR, 10, 1, 0, 0, 0};
static const struct pass fp_unsharp_inv = {"half-unsharp-invert", 1, 2, OP_UNSHARP_INV, 2, 1, 0, 0, 0};
static const struct pass fp_thr = {"half-threshold", 1, 2, OP_THRESHOLD, 12, 1, 0, 0, 0};
static const struct pass fp_thr_inv = {"half-threshold-invert", 1, 2, OP_THRESHOLD_INV, 12, 1, 0, 0, 0};
static const struct pass fp_ks_bottom = {"half-keystone-bottom", 1, 2, OP_NONE, 0, 1, 0, 130, 0};
static const struct pass fp_ks_top = {"half-keystone-top", 1, 2, OP_NONE, 0, 1, 0, 30, 0};
static const struct pass fp_quarter = {"quarter", 1, 4, OP_NONE, 0, 1, 0, 0, 0};
static const struct pass fp_quarter_inv = {"quarter-invert", 1, 4, OP_INVERT, 0, 1, 0, 0, 0};
/* Full size where the look saw finders: small codes (a phone far away) at
 * a fraction of the whole frame's cost. */
static const struct pass fp_box = {"box", 1, 1, OP_NONE, 0, 1, 0, 0, 1};
static const struct pass fp_box_inv = {"box-invert", 1, 1, OP_INVERT, 0, 1, 0, 0, 1};
static const struct pass fp_box_sharp = {"box-sharpen", 1, 1, OP_SHARPEN, 24, 1, 0, 0, 1};
/* ... on the span of a few finder-like patterns without a triple
 * (qrscan_late_span), for the first frames of a code: late_second() */
static const struct pass fp_span = {"box-span", 1, 1, OP_NONE, 0, 1, 0, 0, 3};
static const struct pass fp_span_inv = {"box-span-invert", 1, 1, OP_INVERT, 0, 1, 0, 0, 3};
/* The code the look's three finders frame (their timing patterns show),
 * warped upright from the full-size frame (qrscan_warp): a code at a steep
 * slant or sheared, whose finders zbar's own line scan no longer finds. */
static const struct pass fp_warp = {"warp", 1, 1, OP_NONE, 0, 1, 0, 0, 4};

/* The blind steps, one every BLIND_EVERY frames without a finder in sight:
 * the cheap ones only. On the bench's clips (tests/bench_qrframe.c) the
 * sharpened, flattened and keystoned blind steps read nothing in a
 * thousand frames and cost 12-17 ms each on a noisy frame (amplified noise
 * is edges for zbar); a quarter-size frame (a big, blurred code becomes
 * small and sharp) costs 3 ms. The half-size one undoes a smear where it
 * sees one (a code swept through the view hides its finders from the
 * look): on the bench that read 8 motion clips of 9 no step read before,
 * at frames 3-10, with the code-less photos' CPU unchanged within noise;
 * a quarter-size step less. Where it sees no smear it scans the
 * quarter-size frame, and the inverted step is at quarter size too: the
 * plain and inverted half-size scans (every other line) cost 4-9 ms on a
 * textured scene and on the bench read nothing the others did not. */
static const struct pass *const blind_steps[] = {
	&fp_deblur, &fp_quarter, &fp_deblur, &fp_quarter_inv,
};
#define BLIND_EVERY 3
/* More triples than this is texture (leaves, fabric, print), not a code. */
#define LIKELY_TRIPLES_MAX 64
/* look_fake(): finder-like patterns of each polarity, and the module size
 * (quarter half-size pixels) from which a code's triple shows its timing */
#define FAKE_FINDERS 3
#define FAKE_MODULE4 9
#define NBLIND (sizeof blind_steps / sizeof blind_steps[0])
/* Frames of a code in view without a read before the steps rest every
 * other frame. */
#define REST_AFTER 8
/* ... without three finders placed as a code's, before they rest two
 * frames of three (resting()). */
#define REST_AFTER_SCATTERED 4
/* The most pixels a full-size pass on the finders' box may scan: a third
 * of a 1280x720 frame, under twice what the half-size frame holds. */
#define BOX_MAX_PX (400L * 1000)

/* The frames of a code in view (that its steps run on) with the full
 * effort: every line scanned, and a second step on the second core. From
 * the next on, a code none of them read is a hard one (a blur, a glare, a
 * slant, or a print with no code at all), read if at all by the turns of
 * the steps and the frames' sum (qrscan_fuse.c) over the frames: zbar
 * scans every other line (steps and fused tries) and one step runs a
 * frame, the look's and the other in turn. On the bench (interleaved
 * runs): CPU per searching frame p95 -19 to -24%, mean -15 to -17%; every
 * generated clip read as before, and of the photos all but one that only
 * the 56th frame read (by luck: zxing-cpp reads none of its 60). */
#define FULL_EFFORT_FRAMES 2

/* A view the steps of those frames did not read, seen again, gets no
 * step (view_still: the fused means and the warp still run): on the
 * bench no step after a code's second frame read a still view (each clip
 * a still print or a generated code, jittered and noisy; the reads after
 * frame 2 were by the fusion, the warp or a blind step). A view that
 * changed gets the steps again, as above. A view is its half-size frame's
 * qrprep_cells (blocks of 20 pixels); still when fewer than VIEW_MOVED
 * cells moved by more than VIEW_GREY grey levels (on the bench's clips a
 * jitter of 3 pixels and noise of +-38 moved at most 6 of 576 by more
 * than 32, and those only on a print of fine texture; the next clip's
 * code in its place moved 90-100; in test_frame_steps_rest_on_a_still_view
 * a code of 200 pixels moved by 80 moves 27, a readable code in place of
 * the ruined one 13) and, when it was soft
 * (under SOFT_SHARP, as look_soft), not a quarter sharper (a lens that
 * refocused: the cells stay as they were). On the bench, with the
 * fusion's rest on sharp, clean views (qrscan_fuse.c): CPU per searching
 * frame p95 -22 to -31%, mean -26 to -32%, every clip read as before but
 * one smear at frame 7, not 5 (and a dark-mode code at 15, not 47).
 * A frame of a still view whose finders the look lost gets no blind step
 * either: its cells match the kept view (the smear's two frames later may
 * come from this). Cells are taken only when a view is kept or the look
 * saw finders (an empty scene's frames skip them). */
#define VIEW_GREY 32
#define VIEW_MOVED 4

/* Modules this big at half size (quarter pixels: 6 pixels) are scanned at
 * quarter size, where they are 3 pixels. */
#define QUARTER_MODULE4 24

/* The second core's job: one pass on a borrowed image. */
struct helper {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_mutex_t accept_lock;   /* both scanners' accept calls */
	int job, done, quit;
	struct qrscan *s;              /* its own zbar and buffers */
	const struct pass *p;
	struct qrprep_img img;
	struct qrscan_hit *hit;
	int n;
	char err[KERR_LEN];
};

/* Windows sized as a fraction of the image (threshold, flatten) must cover
 * the same pixels in a crop (short side rs) as in the whole image (fs). */
static void crop_windows(struct pass *p, int rs, int fs)
{
	if (p->op == OP_THRESHOLD || p->op == OP_THRESHOLD_INV || p->op == OP_FLATTEN ||
	    p->op == OP_BLUR_THRESHOLD) {
		p->arg = (int)((long)p->arg * rs / fs);
		if (p->arg < 1)
			p->arg = 1;
	}
}

/* n, with the boxes of hits[0..n) from an image of 1/k the frame's size
 * into frame pixels. */
static int half_to_frame(struct qrscan_hit *hits, int n, int k)
{
	for (int i = 0; i < n && k > 1; i++) {
		hits[i].box.x0 *= k;
		hits[i].box.y0 *= k;
		hits[i].box.x1 *= k;
		hits[i].box.y1 *= k;
	}
	return n;
}

/* Run p on the frame: half-size steps on the half-size image h (only the
 * part around the look's finders when s->look.crop), full-size ones on the
 * frame f. Boxes come back in frame pixels. */
static int frame_pass(struct qrscan *s, const struct pass *p, const struct qrprep_img *f,
		      const struct qrprep_img *h, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct cache c = {0};
	struct pass q = *p;
	struct qrprep_img cv;
	const struct qrprep_img *on = f;
	int n = 0, k = 1, ox = 0, oy = 0;

	if (p->op == OP_DEBLUR) {
		n = qrscan_deblur_step(s, p, h, hit, err);
		if (n != QRSCAN_NO_SMEAR)
			return half_to_frame(hit, n, 2);
		n = 0;
		/* no smear: the quarter-size step */
		p = &fp_quarter;
		q = *p;
	}
	/* a blind step (the look saw no finder at all): the frame is most
	 * often an empty, noisy scene, where zbar costs 6-8 ms on the
	 * half-size frame; every other line halves that and still crosses the
	 * finders of a big, blurred code (the one such a step is for) many
	 * times. With finders in sight every line is scanned: on the bench,
	 * every other line there lost photos of codes read at frame 1. */
	if (s->look.sparse && p->den <= 2)
		q.density = 2;
	/* a sharpened step without three finders placed as a code's: the
	 * amplified noise of a blur no step undoes is edges everywhere for
	 * zbar (11-12 ms a frame on the bench's defocused and moving codes,
	 * the most costly frames of all); every other line there too */
	if (!s->look.likely && p->den <= 2 &&
	    (p->op == OP_UNSHARP || p->op == OP_UNSHARP_INV || p->op == OP_SHARPEN ||
	     p->op == OP_SHARPEN_INV))
		q.density = 2;
	if (s->look.density > q.density)
		q.density = s->look.density;
	if (p->box) {
		const struct qrprep_rect *r = p->box == 2   ? &s->look.tiny_box :
					      p->box == 3 && s->look.has_span ? &s->look.span : &s->look.box;
		struct qrprep_img v = qrprep_crop(f, r);
		struct cache c2 = {0};
		if (qrscan_run_pass(s, &q, &v, r->x0, r->y0, &c2, hit, &n, s->frame_max, err) < 0)
			return -1;
		return n;
	}
	if (p->den >= 2) {
		on = h;
		q.den = p->den / 2;
		k = 2;
		/* modules of 3 pixels are all zbar needs: bigger ones at half
		 * size cost it four times the pixels of a quarter-size scan.
		 * Not for a keystone: a tilt shrinks the far side's modules
		 * below the look's median (on the bench, a tilted photo the
		 * keystone read at half size was read by none at quarter) */
		if (p->den == 2 && !p->ks && s->look.module4 >= QUARTER_MODULE4)
			q.den = 2;
		if (s->look.crop) {
			/* zbar's cost grows with the pixels: a code held up fills a
			 * fraction of the frame */
			struct qrprep_rect r = {s->look.box.x0 / 2, s->look.box.y0 / 2,
						(s->look.box.x1 + 1) / 2, (s->look.box.y1 + 1) / 2};
			if (r.x1 > h->w) r.x1 = h->w;
			if (r.y1 > h->h) r.y1 = h->h;
			if (r.x1 - r.x0 >= MIN_SIDE && r.y1 - r.y0 >= MIN_SIDE) {
				cv = qrprep_crop(h, &r);
				crop_windows(&q, cv.w < cv.h ? cv.w : cv.h, h->w < h->h ? h->w : h->h);
				on = &cv;
				ox = r.x0;
				oy = r.y0;
			}
		}
	}
	if (q.ks) {
		int kw, kh;
		qrprep_scaled_size(on->w, on->h, q.num, q.den, &kw, &kh);
		n = keystone_scan(s, &q, on, ox, oy, kw, kh, hit, err);
	} else if (qrscan_run_pass(s, &q, on, ox, oy, &c, hit, &n, s->frame_max, err) < 0) {
		n = -1;
	}
	return half_to_frame(hit, n, k);
}

static void *helper_main(void *arg)
{
	struct qrscan *s = arg;
	struct helper *hp = s->helper;

	(void)pthread_mutex_lock(&hp->lock);
	for (;;) {
		while (!hp->job && !hp->quit)
			(void)pthread_cond_wait(&hp->cond, &hp->lock);
		if (hp->quit)
			break;
		hp->job = 0;
		(void)pthread_mutex_unlock(&hp->lock);
		hp->s->look = s->look;
		hp->s->frame_max = s->frame_max;
		hp->s->scanned_px = 0;
		int n = frame_pass(hp->s, hp->p, s->frame_view, &hp->img, hp->hit, hp->err);
		(void)pthread_mutex_lock(&hp->lock);
		hp->n = n;
		hp->done = 1;
		(void)pthread_cond_broadcast(&hp->cond);
	}
	(void)pthread_mutex_unlock(&hp->lock);
	return NULL;
}

/* The helper reads with the caller's accept callback. */
void qrscan_helper_set_accept(struct qrscan *s)
{
	if (s->helper)
		qrscan_set_accept(s->helper->s, s->accept, s->actx);
}

void qrscan_helper_stop(struct qrscan *s)
{
	struct helper *hp = s->helper;

	if (!hp)
		return;
	(void)pthread_mutex_lock(&hp->lock);
	hp->quit = 1;
	(void)pthread_cond_broadcast(&hp->cond);
	(void)pthread_mutex_unlock(&hp->lock);
	(void)pthread_join(hp->thread, NULL);
	s->accept_lock = NULL;
	(void)pthread_mutex_destroy(&hp->accept_lock);
	(void)pthread_cond_destroy(&hp->cond);
	(void)pthread_mutex_destroy(&hp->lock);
	qrscan_free(hp->s);
	free(hp->hit);
	free(hp);
	s->helper = NULL;
}

void qrscan_set_threads(struct qrscan *s, int n)
{
	struct helper *hp;
	char err[KERR_LEN];
	int locks = 0;

	if (n <= 1) {
		qrscan_helper_stop(s);
		return;
	}
	if (s->helper)
		return;
	hp = calloc(1, sizeof *hp);
	if (!hp)
		return; /* one thread it is */
	hp->s = qrscan_new(err);
	hp->hit = malloc(FRAME_HITS * sizeof *hp->hit);
	if (hp->s && hp->hit && pthread_mutex_init(&hp->lock, NULL) == 0) {
		locks = 1;
		if (pthread_cond_init(&hp->cond, NULL) == 0 &&
		    (locks = 2, pthread_mutex_init(&hp->accept_lock, NULL) == 0)) {
			locks = 3;
			s->helper = hp;
			s->accept_lock = &hp->accept_lock;
			hp->s->accept_lock = &hp->accept_lock;
			qrscan_set_accept(hp->s, s->accept, s->actx);
			if (pthread_create(&hp->thread, NULL, helper_main, s) == 0)
				return;
			s->helper = NULL;
			s->accept_lock = NULL;
		}
	}
	/* something failed: one thread it is */
	if (locks == 3)
		(void)pthread_mutex_destroy(&hp->accept_lock);
	if (locks >= 2)
		(void)pthread_cond_destroy(&hp->cond);
	if (locks >= 1)
		(void)pthread_mutex_destroy(&hp->lock);
	qrscan_free(hp->s);
	free(hp->hit);
	free(hp);
}

/* Keystone pass p on the view v (at ox, oy in the frame), warped straight
 * into a dw x dh image: one pass over the pixels, and zbar gets an image no
 * bigger than the view, where warping to full resolution cost 16-30 ms. */
static int keystone_scan(struct qrscan *s, const struct pass *p, const struct qrprep_img *v,
			 int ox, int oy, int dw, int dh, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct qrprep_img out;
	struct map m = {0};
	int n = 0;

	if (qrscan_slot(s, SLOT_HALF, dw, dh, &out, err) != 0)
		return -1;
	qrprep_keystone(v, &out, p->ks / 100, p->ks % 100, 255);
	m.ox = ox;
	m.oy = oy;
	m.fx = m.fy = 1.0;
	m.rot = 0;
	m.ks = p->ks;
	m.kw = dw;
	m.kh = dh;
	m.bw = v->w;
	m.bh = v->h;
	if (qrscan_zbar(s, &out, &m, p->name, p->density, hit, &n, s->frame_max, err) < 0)
		return -1;
	return n;
}

/* The warp of the look's triple (s->look.has_tri) as a frame's step on
 * the frame f: counted, and remembered when it reads. Returns 1 with *hit,
 * 0, or -1 with err. */
static int warp_frame(struct qrscan *s, const struct qrprep_img *f, struct qrscan_hit *hit,
		      char err[KERR_LEN])
{
	long before = s->scanned_px;
	int n;

	s->passes_run++;
	n = qrscan_warp(s, fp_warp.name, f, s->look.tri, s->look.tri_n, 2.0, s->look.tri_inv,
			"warp-paper", "warp-decode", s->look.soft ? "warp-unsharp" : NULL,
			hit, err);
	s->warped_px += s->scanned_px - before;
	if (n > 0)
		remember(s, &fp_warp, hit);
	return n;
}

/* The region of the last hit, with the step that read it (a dark-mode
 * screen stays dark, a dim one stays dim, a tilt stays tilted). */
static int frame_roi(struct qrscan *s, const struct qrprep_img *src, struct qrscan_hit *hit,
		     char err[KERR_LEN])
{
	struct qrprep_rect roi;
	struct qrprep_img v;
	struct cache c = {0};
	struct pass p = {"roi", s->last_pass.num, s->last_pass.den, (enum op)s->last_pass.op,
			 s->last_pass.arg, 1, 0, s->last_pass.ks, 0};
	int fs, rs, n = 0;

	if (s->last_pass.box == 4)
		/* the code of the triple that read it, warped from this frame:
		 * a code in a hand moves a few pixels a frame, which the warp's
		 * quiet zone takes */
		return qrscan_warp(s, "roi", src, s->last_tri, s->last_tri_n, 2.0, s->last_tri_inv,
				   NULL, NULL, NULL, hit, err);
	if (qrprep_roi(&s->last, src->w, src->h, 25, &roi) != 0)
		return 0;
	v = qrprep_crop(src, &roi);
	fs = src->w < src->h ? src->w : src->h;
	rs = v.w < v.h ? v.w : v.h;
	crop_windows(&p, rs, fs);
	if (p.ks)
		return keystone_scan(s, &p, &v, roi.x0, roi.y0, v.w, v.h, hit, err);
	if (qrscan_run_pass(s, &p, &v, roi.x0, roi.y0, &c, hit, &n, s->frame_max, err) < 0)
		return -1;
	return n;
}

/* 1 unless the look's triples lack the timing pattern where it would show:
 * on a sharp frame with modules of 3 half-size pixels or more. Smaller or
 * blurred modules smear it (on the bench, asking for it there read three
 * photo clips 1-3 frames later), so they count as they are. */
static int timing_shows(const struct qrprep_look *lk, int soft)
{
	return lk->timed > 0 || lk->timed_inv > 0 || soft || lk->module4 < 12;
}

/* 1 when the look found the edges soft (a blur, a defocus). */
static int look_soft(const struct qrprep_look *lk)
{
	return lk->sharp >= 0 && lk->sharp < SOFT_SHARP;
}

/* The look lk's finders' box (half-size pixels) in a w x h frame's
 * pixels, grown so that it holds the code: three finders placed as a
 * code's are (a triple) span it but for the fourth corner of a turned code
 * and the quiet zone, so half the box's size and at least 12 modules;
 * otherwise by 40 modules, in case the look saw one finder only. Returns 0
 * with *box, or -1 when it is too small to scan. */
static int code_box(const struct qrprep_look *lk, int w, int h, struct qrprep_rect *box)
{
	int mpx = lk->module4 / 2 + 1; /* frame pixels per module */
	int t = lk->triples > lk->triples_inv ? lk->triples : lk->triples_inv;
	int bw = 2 * (lk->box.x1 - lk->box.x0), bh = 2 * (lk->box.y1 - lk->box.y0);
	int mx = 40 * mpx, my = 40 * mpx, pct = 25;

	if (t > 0 && t <= LIKELY_TRIPLES_MAX) {
		pct = 0;
		mx = bw / 2 > 20 * mpx ? bw / 2 : 20 * mpx;
		my = bh / 2 > 20 * mpx ? bh / 2 : 20 * mpx;
	}
	struct qrprep_rect b = {2 * lk->box.x0 - mx, 2 * lk->box.y0 - my, 2 * lk->box.x1 + mx,
				2 * lk->box.y1 + my};
	if (b.x0 < 0) b.x0 = 0;
	if (b.y0 < 0) b.y0 = 0;
	if (qrprep_roi(&b, w, h, pct, box) != 0 || box->x1 - box->x0 < MIN_SIDE ||
	    box->y1 - box->y0 < MIN_SIDE)
		return -1;
	return 0;
}

/* A view whose edges are soft (look_soft) and in which the look saw no
 * finder at all: a code in dim light and out of focus, whose finders'
 * light ring the blur has filled (the bench's dim-blur-glare of level 4:
 * modules of 2.25 half-size pixels under a Gaussian of 1.2, at a third of
 * the contrast; sharpness 311-329, no finder on any frame). Looked at
 * again through an unsharp mask two pixels wide it shows them: a triple on
 * every code of that level. That masked look (into *ml, its box in frame
 * pixels into *box) starts the fusion of the frames (qrscan_fuse.c), whose
 * mean no blur of one frame's noise hides; the frame's steps still go by
 * the frame's own look (with them going by the masked one, the bench's
 * clips of a moving code read up to 10 frames later, and its code-less
 * photos cost 16% more). A mask and a look on the half-size frame cost
 * 1.7-1.8 ms (a look alone 0.3): only on soft frames without a finder (an empty scene has no
 * edges strong enough to be soft), and only when no fusion runs or the
 * running one has missed the finders for half its frames (it ends when it
 * has missed them for all). Returns 1 when the masked look saw a code's
 * triple (and not the many of a texture the mask made edgy), 0, or -1
 * with err. */
#define MASKED_LOOK_AMOUNT 128
static int masked_look(struct qrscan *s, const struct qrprep_img *half, const struct qrprep_look *lk,
		       int w, int h, struct qrprep_look *ml, struct qrprep_rect *box,
		       char err[KERR_LEN])
{
	struct qrprep_img m;
	int unseen = qrscan_fuse_unseen(s);

	if (lk->finders + lk->finders_inv > 0 || !look_soft(lk) ||
	    (unseen >= 0 && unseen < FUSE_UNSEEN / 2))
		return 0;
	if (qrscan_slot(s, SLOT_OP, half->w, half->h, &m, err) != 0 ||
	    qrscan_need_scratch(s, half->w, half->h, err) != 0)
		return -1;
	qrprep_unsharp(half, &m, 2, MASKED_LOOK_AMOUNT, s->scratch);
	qrprep_look(&m, 4, ml);
	if (ml->triples + ml->triples_inv == 0 || ml->triples + ml->triples_inv > FUSE_TRIPLES_MAX ||
	    code_box(ml, w, h, box) != 0)
		return 0;
	/* the frame's sharpness says how soft the code is; the mask's, how
	 * sharp the mask made it */
	ml->sharp = lk->sharp;
	return 1;
}

/* 1 when the look's triples are most likely a texture's fakes (a poster,
 * a shirt, a shelf, print): finder-like patterns in both polarities (3 or
 * more each: a code shows few light-on-dark ones round its dark finders,
 * a dark-mode code few dark-on-light ones), and in neither polarity a
 * timing pattern on half the triples or more, where modules of 2.25
 * half-size pixels or more would show it on a code's. On the bench's
 * photos without a code this cut the frames of two steps from 252 to 158
 * (zbar's pixels by 12%); no frame that read a photo's code looked so. */
static int look_fake(const struct qrprep_look *lk)
{
	int timed = (lk->triples > 0 && 2 * lk->timed >= lk->triples) ||
		    (lk->triples_inv > 0 && 2 * lk->timed_inv >= lk->triples_inv);

	return lk->finders >= FAKE_FINDERS && lk->finders_inv >= FAKE_FINDERS &&
	       lk->module4 >= FAKE_MODULE4 && !timed;
}

/* 1 when the look's finder-like patterns are most likely the sensor's
 * noise: a grainy frame (qrprep_grain of the half-size frame NOISE_GRAIN or
 * more: a dark room's gain) where no triple shows its timing. On the
 * bench's empty scenes under noise of +-30 and +-38 (grain 8-11) the look
 * saw 1-6 such patterns a frame, never a timed triple, and the steps ran
 * on them as on a code: 2-4 frames of 260-2200 thousand pixels (10-80 ms)
 * each; every noisy code there showed a timed triple at its first frame,
 * the photos a grain of 1-2 (a few textured ones up to 11), and every clip
 * read at the same frame with this. Such a frame gets what an empty one
 * does, a step every BLIND_EVERY frames at every other line, and its
 * fusion goes on: a blurred code under heavy noise may show no more. */
#define NOISE_GRAIN 8
static int noise_only(const struct qrprep_look *lk, const struct qrprep_img *half)
{
	struct qrprep_rect all = {0, 0, half->w, half->h};

	if (lk->finders + lk->finders_inv == 0 || lk->timed + lk->timed_inv > 0)
		return 0;
	return qrprep_grain(half, &all) >= NOISE_GRAIN;
}

/* 1 when three finders sit as a code's do, with the timing pattern between
 * two of them (timing_shows), and not the hundreds of a textured scene
 * nor a texture's few fakes (look_fake): worth the second core (struct
 * qrscan's likely). */
static int look_likely(const struct qrprep_look *lk)
{
	int t = lk->triples > lk->triples_inv ? lk->triples : lk->triples_inv;

	return t > 0 && t <= LIKELY_TRIPLES_MAX && timing_shows(lk, look_soft(lk)) &&
	       !look_fake(lk);
}

/* With finders in sight, the contrast the steps go by is the one around
 * them (the look's box, on the half-size frame h): a small code on a plain
 * wall is a few percent of the frame, whose percentiles are then the
 * wall's. On the bench the whole frame's said "dim" (8 grey levels) of
 * crisp black-on-white codes and picked the normalised step, which read
 * them 2-7 frames later than the plain or full-size one. */
static void code_contrast(const struct qrscan *s, const struct qrprep_img *h,
			  struct qrprep_look *lk)
{
	struct qrprep_rect r = {s->look.box.x0 / 2, s->look.box.y0 / 2, s->look.box.x1 / 2,
				s->look.box.y1 / 2};
	int lo, hi;

	if (lk->finders + lk->finders_inv == 0)
		return;
	/* the code's light and dark modules may be a few percent of the box */
	qrprep_contrast(h, &r, 2, 5, 995, &lo, &hi);
	if (hi > lo) {
		lk->lo = lo;
		lk->hi = hi;
	}
}

/* 1 when this frame's steps rest (counting the frame as unread). A code
 * with three finders placed as a code's rests after REST_AFTER unread
 * frames, every other frame. Scattered finder-like patterns without a
 * triple are, far more often than a code, a scene (a poster, a shirt, a
 * bookshelf: the bench's photos without a code, where a step costs 5-22
 * ms; a quarter of the searching frames): they rest after
 * REST_AFTER_SCATTERED, two frames of three. A code that comes into view
 * shows its triple and goes by the first rule on that very frame. On the
 * bench: CPU per searching frame p50 2.1 -> 1.7 ms, every clip read as
 * before (one photo at frame 20 instead of 8). */
static int resting(struct qrscan *s, int likely)
{
	unsigned u = s->unread++;

	if (likely)
		return u >= REST_AFTER && (u + 1 - REST_AFTER) % 2 == 0;
	return u >= REST_AFTER_SCATTERED && (u - REST_AFTER_SCATTERED) % 3 != 0;
}

/* 1 when the code looks light on dark (a phone in dark mode). Triples with
 * a timing pattern tell best, then triples; finder-like patterns alone
 * only when those of one polarity are more than twice the other's: a
 * photo's print and shadows make a few light-on-dark ones round a dark
 * code, and on the bench a bare majority sent 5 photos' first frames to
 * the inverted steps (read at frame 3-5; now 1-3). */
static int inverted(const struct qrprep_look *lk)
{
	/* a texture (hundreds of triples each way): the counts are noise,
	 * and either polarity comes in turn */
	if (lk->triples > LIKELY_TRIPLES_MAX && lk->triples_inv > LIKELY_TRIPLES_MAX)
		return lk->finders_inv > lk->finders;
	if (lk->timed != lk->timed_inv)
		return lk->timed_inv > lk->timed;
	if (lk->triples != lk->triples_inv)
		return lk->triples_inv > lk->triples;
	return lk->finders_inv > 2 * lk->finders;
}

/* Frames without a finder-like pattern in a row that make the next
 * patterns a new code for late_second() (a door sees dozens between two
 * guests; the bench, 4). */
#define LATE_EMPTY 3

/* The first two frames of finder-like patterns without a triple: the look
 * is unsure (a code's finder missed, or fakes in its data), and its one
 * step a frame in turn left codes of small modules (under 4 half-size
 * pixels) to frame 3-5 on the bench, where the full-size step on the
 * patterns' span reads them at frame 1-2. That step runs on the second
 * core then, unless it is the frame's step. */
static void late_second(struct qrscan *s, const struct qrprep_look *lk, int inv,
			const struct pass *first, const struct pass **second)
{
	int fine = lk->module4 > 0 && lk->module4 < 16;

	/* twice until the scene has been empty LATE_EMPTY frames: a textured
	 * scene whose patterns come and go (the look sees none on some
	 * frames) would start afresh each time */
	if (s->code_frames > 2 || !fine || s->late_fired >= 2)
		return;
	if (first && first->box) {
		/* the frame's step is a full-size one already: beside a small
		 * code's enlarged block, the block unsharp-masked (on the bench
		 * each reads what the other misses: the unsharp one the book
		 * pages of one-pixel modules, qrcode-5/16-19.png, the plain one
		 * sharp synthetic codes); beside the finders' box, the span dark
		 * on light (bare patterns light on dark are most often a photo's
		 * shadows round a printed code: qrcode-2/10.png, 4/14.webp read at
		 * frame 1, not 3 and 5). They too bring the rest sooner. */
		const struct pass *u = first->box == 2 ? qrscan_late_unsharp(first) :
				       first->box == 1 && s->look.has_span ? &fp_span : NULL;
		if (u) {
			*second = u;
			s->late_fired++;
			s->unread += 2;
		}
		return;
	}
	/* a lone pattern: the half-size steps' box, if not too dear */
	if (!s->look.has_span &&
	    (long)(s->look.box.x1 - s->look.box.x0) * (s->look.box.y1 - s->look.box.y0) > BOX_MAX_PX)
		return;
	*second = inv ? &fp_span_inv : &fp_span;
	s->late_fired++;
	/* ... and the steps rest two frames sooner (resting()). On the
	 * bench's 46 code-less photos (30 frames each, every frame played)
	 * zbar ran 1003 steps without these; 1022 with them uncapped, 1015
	 * capped, 1009 capped and resting sooner (0.7% more pixels); resting
	 * three frames sooner read a dark-mode clip 2 frames later. */
	s->unread += 2;
}

/* 1 when the look's triple is a code seen at a slant, sharp and well lit
 * (what the keystone is for): its arms unequal or its corner off a right
 * angle by 10% or more, and the finders on one side smaller. On the bench
 * the tilted codes (level 1-4) showed 74-259 permille, each with the
 * bottom far; codes seen straight on, 0-75 but for fake triples in a big
 * code's data, whose finders are all of a size (tri_far 0). */
static int late_tilted(const struct qrprep_look *lk, int likely, int soft, int dim)
{
	return likely && !soft && !dim && lk->tri_dev >= 100 && lk->tri_far != 0;
}

/* The look's step in the other polarity, on the first two frames of a code
 * whose triples come in both polarities: the polarity is a guess there (a
 * code of one-pixel modules, or of round modules, shows light-on-dark
 * triples in its data or between its rings), and on the bench the guess
 * was wrong for two photos zxing-cpp reads at frame 1. */
static const struct pass *late_twin(const struct qrscan *s, const struct qrprep_look *lk,
				    const struct pass *p)
{
	static const struct pass *const twins[][2] = {
		{&fp_half, &fp_half_inv}, {&fp_norm, &fp_norm_inv}, {&fp_unsharp, &fp_unsharp_inv},
		{&fp_box, &fp_box_inv},
	};

	if (s->code_frames > 2 || lk->triples == 0 || lk->triples_inv == 0 ||
	    lk->triples > LIKELY_TRIPLES_MAX || lk->triples_inv > LIKELY_TRIPLES_MAX)
		return NULL;
	for (size_t i = 0; i < sizeof twins / sizeof twins[0]; i++)
		for (int k = 0; k < 2; k++)
			if (twins[i][k] == p)
				return twins[i][!k];
	return NULL;
}

/* The two steps for this frame from what the look saw; *second may be NULL. */
static void choose(struct qrscan *s, const struct qrprep_look *lk, const struct pass **first,
		   const struct pass **second)
{
	int code = s->look.crop; /* finders, not the noise's alone */
	int inv = inverted(lk);
	int dim = lk->hi - lk->lo < 70;
	int soft = look_soft(lk);
	/* a full-size pass costs what its box holds: beyond BOX_MAX_PX (finder
	 * -like patterns all over a textured scene) it costs 18-40 ms and
	 * rarely reads, so the half-size steps do instead */
	long area = (long)(s->look.box.x1 - s->look.box.x0) * (s->look.box.y1 - s->look.box.y0);
	int boxable = area <= BOX_MAX_PX;
	/* under 2.5 px at half size (2.5 with a few scattered finders, whose
	 * box is the wider for the margin: no half-size step reads those; a
	 * textured scene's many cost 17-22 ms there) */
	int tiny = lk->module4 > 0 &&
		   (boxable ? lk->module4 < 10 :
		    lk->module4 <= 10 && area <= BOX_MAX_PX * 3 / 2 &&
		    lk->finders + lk->finders_inv <= 4);
	/* modules under 4 px at half size gain from full size; bigger ones
	 * only cost more there */
	int fine = boxable && lk->module4 > 0 && lk->module4 < 16 && !tiny;
	int likely = s->look.likely; /* look_likely(lk), set by qrscan_frame() */
	const struct pass *by_look, *other;
	unsigned turn;

	*first = *second = NULL;
	if (!code) {
		/* zbar needs finder patterns too, and costs 4-10 ms on a noisy
		 * frame: an empty scene gets only the look, and every third frame
		 * one blind step in turn, for a code too blurred to show its
		 * finders to the look */
		*first = s->step++ % BLIND_EVERY == 0 ? blind_steps[s->blind++ % NBLIND] : NULL;
		s->code_frames = 0;
		s->unread = 0;
		if (++s->late_empty >= LATE_EMPTY)
			s->late_fired = 0;
		return;
	}
	s->late_empty = 0;
	/* a code no step has read in REST_AFTER frames is a hard one (a blur
	 * or a glare the steps cannot undo, or not a code at all): the steps
	 * run every other frame from then on, at half the CPU; a code that
	 * turns readable (held still, turned out of the glare) waits one frame
	 * at most */
	if (resting(s, likely))
		return;
	if (tiny)
		by_look = soft ? &fp_box_sharp : inv ? &fp_box_inv : &fp_box;
	else if (soft)
		by_look = inv ? &fp_unsharp_inv : &fp_unsharp;
	else if (dim)
		by_look = inv ? &fp_norm_inv : &fp_norm;
	else
		by_look = inv ? &fp_half_inv : &fp_half;
	/* the other step attacks another trouble, in turn over the frames the
	 * code stays in view: full size where the finders are first (a code
	 * far away, a photo of one: modules the half-size frame blurs) unless
	 * the edges are soft or the light dim */
	turn = s->code_frames++ % 4;
	/* a code seen at a slant gets the keystone at once, and small modules
	 * (which zbar reads at a slant at full size) the full-size step in
	 * place of the half-size one, which the frame after runs */
	if (turn < 2 && late_tilted(lk, likely, soft, dim)) {
		if (turn == 0 && fine && lk->module4 <= 12 &&
		    (by_look == &fp_half || by_look == &fp_half_inv))
			by_look = inv ? &fp_box_inv : &fp_box;
		turn ^= 1;
	}
	switch (turn) {
	case 0:
		if (soft || dim)
			other = dim ? (inv ? &fp_norm_inv : &fp_norm) : inv ? &fp_sharp_inv : &fp_sharp;
		else
			other = !fine ? (inv ? &fp_thr_inv : &fp_thr) : inv ? &fp_box_inv : &fp_box;
		break;
	case 1:
		/* a sharp, well-lit code the plain step and the full-size or
		 * thresholded one did not read is most often tilted: keystone
		 * next (zxing-cpp reads tilted codes at its first frame; as the
		 * third step here they waited for frame 3); otherwise full size
		 * for small, soft or dim modules, else the threshold. (Full size
		 * on the whole box of scattered finders as well read 5 photos 2
		 * frames sooner and 2 others 3-29 frames later, at p95 13 ms.) */
		if (!soft && !dim && likely)
			other = late_tilted(lk, likely, soft, dim) && lk->tri_far == 1 ?
				&fp_ks_top : &fp_ks_bottom;
		else
			other = (soft || dim) && fine ? (inv ? &fp_box_inv : &fp_box) :
			        inv ? &fp_thr_inv : &fp_thr;
		break;
	case 2:
		/* again for a sharp code in case the last frame's finders were
		 * scattered (no keystone then) */
		if (!soft && !dim && likely && !s->prev_likely)
			other = &fp_ks_bottom;
		else if (!soft && !dim && likely)
			other = inv ? &fp_thr_inv : &fp_thr;
		else
			other = &fp_ks_bottom;
		break;
	default:
		other = soft ? (inv ? &fp_sharp_inv : &fp_sharp) : &fp_ks_top;
		break;
	}
	/* no half-size step resolves modules of a pixel and a half or less:
	 * a small code's block of the full-size frame enlarged instead
	 * (qrscan_tiny.c), and, for scattered finders, first: on the bench it
	 * read 7 photo clips no step read in 60 frames, and others sooner */
	const struct pass *enlarged = other->den == 2 ? qrscan_tiny_step(s, lk, s->frame_view) : NULL;
	if (enlarged)
		other = enlarged;
	/* a code's second frame: its full-size step unsharp-masked (the
	 * finders' box of small modules when three finders sit as a code's, a
	 * small code's enlarged block). On the bench the plain ones missed
	 * photos of soft small modules on both first frames (qrcode-4/04.webp,
	 * 3/03.webp; read at frame 5-7, by a fused mean or by luck) that the
	 * unsharp ones read at frame 2. (The box of scattered patterns stays
	 * plain: unsharp, it missed sharp synthetic codes of 1.8-pixel
	 * modules the plain one read at frame 2.) */
	if (s->code_frames == 2) {
		const struct pass *u = qrscan_late_unsharp(by_look);
		if (u && by_look->box == 1 && likely)
			by_look = u;
		if (enlarged && (u = qrscan_late_unsharp(enlarged)) != NULL)
			other = enlarged = u;
	}
	s->prev_likely = likely;
	if (likely) {
		*first = by_look;
		/* not in place of a small code's enlarged block: on the bench
		 * that put 3 photos of one-pixel modules from frame 1-2 to 3 */
		*second = other->box == 2 ? NULL : late_twin(s, lk, by_look);
		if (!*second)
			*second = other;
	} else {
		/* scattered finder-like patterns: one step a frame, the look's and
		 * the other in turn */
		*first = (s->code_frames % 2) ^ (enlarged != NULL) ? by_look : other;
		late_second(s, lk, inv, *first, second);
	}
}

/* 1 when the frame (its cells, its look lk) shows the view the steps last
 * failed on (s->view_ref): see VIEW_GREY. */
static int view_still(const struct qrscan *s, const uint8_t *cells, int cw, int ch,
		      const struct qrprep_look *lk)
{
	int moved = 0;

	if (!s->view_set || cw != s->view_cw || ch != s->view_ch)
		return 0;
	if (s->view_sharp >= 0 && s->view_sharp < SOFT_SHARP && 4 * lk->sharp > 5 * s->view_sharp)
		return 0;
	for (int i = 0; i < cw * ch; i++)
		if (abs((int)cells[i] - (int)s->view_ref[i]) > VIEW_GREY && ++moved >= VIEW_MOVED)
			return 0;
	return 1;
}

/* The view of a frame whose steps run and fail (the last of the full
 * effort, or a changed view's). */
static void view_keep(struct qrscan *s, const uint8_t *cells, int cw, int ch,
		      const struct qrprep_look *lk)
{
	if (cw <= 0 || ch <= 0)
		return; /* no cells taken: nothing to match a later frame with */
	memcpy(s->view_ref, cells, (size_t)(cw * ch));
	s->view_cw = cw;
	s->view_ch = ch;
	s->view_sharp = lk->sharp;
	s->view_set = 1;
}

static void remember(struct qrscan *s, const struct pass *p, const struct qrscan_hit *hit)
{
	/* the region is cropped from the full frame, so it keeps the step but
	 * not the scale of a keystoned half frame */
	s->last_pass.num = p->ks ? 1 : p->num;
	s->last_pass.den = p->ks ? 1 : p->den;
	s->last_pass.op = p->op;
	s->last_pass.arg = p->arg;
	s->last_pass.ks = p->ks;
	s->last_pass.box = p->box == 4 ? 4 : 0;
	if (p->box == 4) {
		/* a warped code's region is its triple, warped again */
		memcpy(s->last_tri, s->look.tri, sizeof s->last_tri);
		s->last_tri_inv = s->look.tri_inv;
		s->last_tri_n = s->look.tri_n;
	}
	s->last = hit->box;
	s->last_age = 0;
	s->unread = 0;
	s->view_set = 0;
	s->view_rested = 0;
	qrscan_fuse_stop(s);
}

static int frame_one(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		     struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct qrprep_img src = {(uint8_t *)grey, w, h, stride}, half;
	struct qrprep_look lk;
	const struct pass *p1, *p2;
	struct helper *hp = s->helper;
	uint8_t cells[VIEW_CELLS_MAX];
	int n, n2 = 0, hw, hh, due, fused, cw, ch, still, noisy;

	s->passes_run = 0;
	s->scanned_px = 0;
	s->frame_half = 0;
	s->warped_px = 0;
	s->fused_tried = 0;
	s->ran[0] = s->ran[1] = NULL;
	if (w <= 0 || h <= 0 || stride < w)
		return kerr(err, "QR scanner: bad frame %dx%d stride %d", w, h, stride);
	/* the region of the last hit, with its step: cheap, and usually there */
	if (s->last_age < ROI_FRAMES) {
		s->last_age++;
		s->passes_run++;
		n = frame_roi(s, &src, hit, err);
		if (n < 0)
			return -1;
		if (n > 0) {
			s->last = hit->box;
			s->last_age = 0;
			s->unread = 0;
			return n;
		}
	}
	qrprep_scaled_size(w, h, 1, 2, &hw, &hh);
	if (qrscan_slot(s, SLOT_FRAME_HALF, hw, hh, &half, err) != 0)
		return -1;
	qrprep_resize(&src, &half);
	s->frame_half = 1;
	qrprep_look(&half, 4, &lk);
	noisy = noise_only(&lk, &half);
	{
		if (code_box(&lk, w, h, &s->look.box) != 0)
			s->look.box = (struct qrprep_rect){0, 0, w, h};
		s->look.crop = lk.finders + lk.finders_inv > 0;
		s->look.module4 = lk.module4;
		s->look.sparse = !s->look.crop;
		s->look.likely = look_likely(&lk);
		/* three finders whose timing patterns show, at any slant */
		s->look.has_tri = lk.code_timing >= WARP_TIMING && !s->no_warp;
		s->look.tri_inv = lk.code_inv;
		s->look.tri_n = lk.code_n;
		s->look.soft = look_soft(&lk);
		memcpy(s->look.tri, lk.code, sizeof s->look.tri);
	}
	qrscan_late_span(s, &lk, w, h);
	code_contrast(s, &half, &lk);
	/* the view's cells (view_still, view_keep) when there is a kept view
	 * to match or finders whose steps may keep one: an empty scene's
	 * frames, most of a door's, skip them */
	cw = ch = 0;
	if (s->view_set || s->look.crop)
		(void)qrprep_cells(&half, cells, VIEW_CELLS_MAX, &cw, &ch);
	/* a code in view that no step reads: its region is summed over the
	 * frames and the mean tried now and then (qrscan_fuse.c), in place of
	 * the frame's first step, or of the blind step when the look lost the
	 * finders; a resting frame rests, and the empty scene costs nothing */
	{
		struct qrprep_look ml;
		struct qrprep_rect mbox;
		int masked = masked_look(s, &half, &lk, w, h, &ml, &mbox, err);
		if (masked < 0)
			return -1;
		if (!masked && s->look.crop && !qrscan_fuse_worth(&lk, &half, &s->look.box)) {
			qrscan_fuse_stop(s);
			due = 0;
		} else {
			due = masked ? qrscan_fuse_add(s, &src, &ml, &mbox, err) :
				       qrscan_fuse_add(s, &src, &lk, s->look.crop ? &s->look.box : NULL,
						       err);
		}
		if (due < 0)
			return -1;
	}
	s->frame_view = &src;
	/* a view that changed after frames rested on a still one (a guest's
	 * phone held up before a poster the steps gave up on) is a new code:
	 * its full effort, and the rests counted afresh */
	still = view_still(s, cells, cw, ch, &lk);
	if (!still && s->view_rested && s->look.crop) {
		s->code_frames = 0;
		s->unread = 0;
		s->late_fired = 0;
		s->view_set = 0;
		s->view_rested = 0;
		qrscan_fuse_stop(s);
		due = 0;
	}
	/* finder-like patterns of the noise alone: the steps of an empty scene
	 * (the fusion above went on) */
	if (noisy) {
		s->look.crop = 0;
		s->look.sparse = 1;
	}
	choose(s, &lk, &p1, &p2);
	if (p1 || p2) {
		if (still) {
			p1 = p2 = NULL;
			s->view_rested = 1;
		} else if (s->code_frames >= FULL_EFFORT_FRAMES) {
			view_keep(s, cells, cw, ch, &lk);
		}
	} else {
		still = 0;
	}
	s->look.density = 0;
	if (s->code_frames > FULL_EFFORT_FRAMES) {
		s->look.density = 2;
		if (p1 && p2) {
			if (s->code_frames % 2)
				p1 = p2;
			p2 = NULL;
		}
	}
	/* three finders whose timing patterns show: their code warped upright
	 * first, a small image (a fraction of a millisecond where a
	 * half-size step costs 2-9), and the steps only when it reads
	 * nothing. On every frame, resting ones too: with the steps one a
	 * frame from a code's third frame (FULL_EFFORT_FRAMES), two photos of
	 * the bench the warp reads waited for a frame with steps (frames 21
	 * and 8, not 12 and 7); warping every frame read them as before, for
	 * 0.3 ms more CPU per searching frame (mean, 5%). */
	if (s->look.has_tri) {
		n = warp_frame(s, &src, hit, err);
		if (n != 0) {
			s->ran[0] = fp_warp.name;
			return n;
		}
	}
	fused = due && (p1 != NULL || still || !s->look.crop);
	if (fused)
		p1 = NULL;
	s->fused_tried = fused;
	s->ran[0] = fused ? "fused" : p1 ? p1->name : NULL;
	s->ran[1] = p2 ? p2->name : NULL;
	s->passes_run += (p1 != NULL) + (p2 != NULL && hp != NULL) + fused;
	if (p2 && hp) {
		(void)pthread_mutex_lock(&hp->lock);
		s->frame_view = &src;
		hp->p = p2;
		hp->img = half;
		hp->done = 0;
		hp->job = 1;
		(void)pthread_cond_broadcast(&hp->cond);
		(void)pthread_mutex_unlock(&hp->lock);
	}
	n = p1 ? frame_pass(s, p1, &src, &half, hit, err) : fused ? qrscan_fuse_try(s, hit, err) : 0;
	if (fused && n > 0)
		p1 = lk.finders_inv > lk.finders ? &fp_box_inv : &fp_box;
	if (p2 && hp) {
		(void)pthread_mutex_lock(&hp->lock);
		while (!hp->done)
			(void)pthread_cond_wait(&hp->cond, &hp->lock);
		n2 = hp->n;
		s->scanned_px += hp->s->scanned_px;
		(void)pthread_mutex_unlock(&hp->lock);
	} else if (p2 && n == 0) {
		/* one core: the second step only when the first read nothing */
		s->passes_run++;
		n = frame_pass(s, p2, &src, &half, hit, err);
		if (n > 0)
			p1 = p2;
	}
	if (n < 0)
		return -1;
	if (n > 0) {
		remember(s, p1, hit);
		return n;
	}
	if (n2 > 0) {
		memcpy(hit, hp->hit, (size_t)n2 * sizeof *hit);
		remember(s, p2, hit);
		return n2;
	}
	return 0;
}

/* Another code beside the read ones hits[0..n) in the frame src (a ticket
 * on a card with a seller's code: the warp and the region of the last hit
 * read one triple's code only): the half-size frame with the read codes'
 * boxes painted the grey just outside them, looked at again, and a triple
 * whose timing patterns show there warped and read (pass "beside"). A
 * look costs a few tenths of a millisecond, on frames that read a code
 * only. Returns the new n (up to max), or -1 with err. */
static int frame_beside(struct qrscan *s, const struct qrprep_img *src, struct qrscan_hit *hits,
			int n, int max, char err[KERR_LEN])
{
	struct qrprep_img half;
	struct qrprep_look lk;
	int hw, hh, got;

	if (n >= max || s->no_warp)
		return n;
	qrprep_scaled_size(src->w, src->h, 1, 2, &hw, &hh);
	if (qrscan_slot(s, SLOT_FRAME_HALF, hw, hh, &half, err) != 0)
		return -1;
	if (!s->frame_half)
		qrprep_resize(src, &half); /* else frame_one's, which nothing wrote on */
	s->frame_half = 0; /* painted below */
	for (int i = 0; i < n; i++) {
		struct qrprep_rect r;
		int g;
		if (qrprep_roi(&hits[i].box, src->w, src->h, 10, &r) != 0)
			continue;
		r = (struct qrprep_rect){r.x0 / 2, r.y0 / 2, (r.x1 + 1) / 2, (r.y1 + 1) / 2};
		if (r.x1 > half.w) r.x1 = half.w;
		if (r.y1 > half.h) r.y1 = half.h;
		if (r.x0 >= r.x1 || r.y0 >= r.y1)
			continue;
		g = half.px[(size_t)(r.y0 > 0 ? r.y0 - 1 : r.y1 < half.h ? r.y1 : 0) * half.stride +
			    r.x0];
		for (int y = r.y0; y < r.y1; y++)
			memset(half.px + (size_t)y * half.stride + r.x0, g, (size_t)(r.x1 - r.x0));
	}
	qrprep_look(&half, 4, &lk);
	if (lk.code_timing < WARP_TIMING)
		return n;
	s->passes_run++;
	got = qrscan_warp(s, "beside", src, lk.code, lk.code_n, 2.0, lk.code_inv, "beside-paper",
			  "beside-decode", NULL, &hits[n], err);
	if (got < 0)
		return -1;
	return n + (got > 0 && !qrscan_has_text(hits, n, hits[n].text, hits[n].len));
}

int qrscan_frame_hits(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		      struct qrscan_hit *hits, int max_hits, char err[KERR_LEN])
{
	const struct qrprep_img src = {(uint8_t *)grey, w, h, stride};
	int n;

	if (max_hits <= 0)
		return kerr(err, "QR scanner: room for %d hits", max_hits);
	s->frame_max = max_hits < FRAME_HITS ? max_hits : FRAME_HITS;
	n = frame_one(s, grey, w, h, stride, hits, err);
	if (n <= 0 || max_hits == 1)
		return n;
	/* a code beside the read ones, then codes within them */
	n = frame_beside(s, &src, hits, n, max_hits, err);
	return n > 0 ? qrscan_nested(s, &src, hits, n, max_hits, err) : n;
}

int qrscan_frame(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		 struct qrscan_hit *hit, char err[KERR_LEN])
{
	return qrscan_frame_hits(s, grey, w, h, stride, hit, 1, err);
}
