/* qrscan_fuse.c - the scanner's side of multi-frame fusion (qrfuse.h): while
 * the look sees a code that no step reads, the region around it is summed
 * over the frames (each aligned to the first), and from FUSE_FIRST frames
 * on the mean is read (the look's triple warped: fused_read), sharpened
 * harder than a single noisy frame bears (or its smear or defocus
 * undone): one try on a few of the frames, on the part of the region
 * where the edges are. After
 * FUSE_LAST frames (two more for a soft view's two defocus tries) the
 * fusion starts again. An empty scene costs nothing here: the look saw no code. */
#include "qrdeblur.h"
#include "qrfuse.h"
#include "qrscan_pass.h"

#include <stdlib.h>

/* Frames summed before the first try and in all (noise / 2.2, / 2.8). */
#define FUSE_FIRST 5
#define FUSE_LAST 8
/* Frames of one view fused before the fusion rests, and how many
 * stretches of FUSE_LAST frames it then takes for one it works. (On the
 * bench every clip a fusion reads is read with this, the last, a
 * dim-blur-glare of level 4, at frame 40 where a rest from the 40th
 * fused frame read it at 30; that one cost 27 more tries of 5-12 ms.) */
#define FUSE_REST_AFTER (3 * FUSE_LAST)
#define FUSE_REST_EVERY 4
/* Frames in a row without a finder that make the next code a new one
 * (its fusion's rest counted afresh): a second. */
#define FUSE_FORGET 30

/* Modules this big (frame pixels, as the look saw them) are tried at half
 * size. */
#define FUSE_HALF_MODULE 8

/* A view this soft (the look's edge sharpness on the half-size frame,
 * permille) is a defocus an unsharp mask cannot undo: the bench's
 * defocus of level 3 (a Gaussian of 3.5 frame pixels on modules of 5)
 * shows 323-332, level 4 282-288, level 2 (which the steps read) 416-450,
 * a sharp code 550 or more. */
#define FUSE_DEFOCUS_SHARP 380
/* ... and the Gaussian's sigma it is undone as, in frame pixels, is this
 * over the sharpness (a blurred edge's steepest step goes as 1 / sigma):
 * 4.3 at level 3's 325 permille. On single frames of level 3, sigma 4
 * read all three of the bench's codes, 3.5 none, 4.5 two; on the fused
 * means of its clips 1400 read them at frames 5, 8 and 23, 1300 at 8, 16
 * and 23, 1200 at 23, 31 and 47. Level 4 reads at none. */
#define FUSE_DEFOCUS_WIDTH 1400.0f
/* A code in dim light shows soft edges for a narrower blur: the sharpness
 * counts the edges that rise 40 grey levels, which a dim code's blurred
 * modules seldom do, so its finders' and quiet zone's edges stand for it.
 * The bench's dim-blur-glare of levels 3 and 4 (a Gaussian of 2.45 frame
 * pixels, a third to two fifths of the contrast, a glare) shows 311-347
 * permille like the defocus of level 3 (3.5 pixels), and the Gaussian that
 * sharpness gives (4.4) reads none of them. So a fourth try, after the
 * third, undoes one this much narrower, with the noise-to-signal ratio a
 * weaker signal has (over the frames summed): on means of 9 frames of
 * those six codes, 0.7 and 0.18 read all six; 0.6 five, 0.8 three, 0.09
 * four, 0.045 two (and 0.7 of the sigma with the defocus's 0.016 read
 * none). */
#define FUSE_DIM_NARROWER 0.7f
#define FUSE_DIM_NOISE 0.18f

struct fusion {
	struct qrfuse f;
	uint8_t *mem;    /* the sums and the first frame's region */
	uint8_t *mean;   /* the mean */
	uint8_t *sharp;
	void *deblur;    /* qrdeblur_wiener()'s work memory */
	size_t cap;
	int unseen;       /* frames in a row the look saw no finder in */
	int module_px;      /* as the look last saw it */
	int soft;           /* ... its edge sharpness (qrprep_look's sharp) */
	int tries;          /* of the mean in this fusion */
	int age;            /* frames fused or resting on this view (FUSE_REST_AFTER) */
};

/* 1 when a mean of the frames can show what one frame does not: a soft
 * view (a blur, a defocus: under SOFT_SHARP), a dim one (under FUSE_DIM
 * grey levels between the dark and the light), a dark-mode one, or a
 * grainy one (the sensor's noise at a dark room's gain: qrprep_grain of
 * the look's box at FUSE_GRAIN or more), whose edges a mask sharpens only
 * once the frames' noise is gone. A sharp, well-lit, clean view of dark
 * modules on light that no step read is a print with no code or a code
 * damaged past reading, and its mean is the same view: on the bench
 * (tests/bench_qrframe.c), 110 tries on such views of its photos, with a
 * code or without, read nothing, at 10 ms each; the tries that read (15
 * clips, all generated: defocus, motion, dim-blur-glare, dark) were all
 * on soft, dim or light-on-dark views. The bench's photos show a grain of
 * 1-2 (a few textured ones up to 11), its noisy codes 4-12,
 * test_frame_fuses_noisy_frames' blurred code under noise of +-20 6.
 * box: the look's, frame pixels; half: the half-size frame. */
#define FUSE_DIM 70
#define FUSE_GRAIN 4
int qrscan_fuse_worth(const struct qrprep_look *lk, const struct qrprep_img *half,
		      const struct qrprep_rect *box)
{
	struct qrprep_rect hb = {box->x0 / 2, box->y0 / 2, box->x1 / 2, box->y1 / 2};

	if (lk->sharp < SOFT_SHARP || lk->hi - lk->lo < FUSE_DIM || lk->finders_inv > lk->finders)
		return 1;
	return qrprep_grain(half, &hb) >= FUSE_GRAIN;
}

/* 1 when the view is so soft that a third try of the mean undoes a
 * defocus (qrscan_fuse_try). */
static int defocus_due(const struct fusion *u)
{
	return u->soft >= 0 && u->soft < FUSE_DEFOCUS_SHARP;
}

void qrscan_fuse_free(struct qrscan *s)
{
	if (!s->fuse)
		return;
	free(s->fuse->mem);
	free(s->fuse->mean);
	free(s->fuse->sharp);
	free(s->fuse->deblur);
	free(s->fuse);
	s->fuse = NULL;
}

void qrscan_fuse_stop(struct qrscan *s)
{
	if (s->fuse) {
		s->fuse->f.n = 0;
		s->fuse->age = 0;
	}
}

static int fusion_new(struct qrscan *s, char err[KERR_LEN])
{
	struct fusion *u = calloc(1, sizeof *u);

	if (!u)
		return kerr(err, "QR scanner: out of memory for frame fusion");
	s->fuse = u;
	u->cap = qrfuse_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_PX / QRFUSE_MAX_SIDE + 1);
	u->mem = malloc(u->cap);
	u->mean = malloc((size_t)QRFUSE_MAX_PX + QRFUSE_MAX_SIDE);
	u->sharp = malloc((size_t)QRFUSE_MAX_PX + QRFUSE_MAX_SIDE);
	u->deblur = malloc(qrdeblur_work_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_SIDE));
	if (!u->mem || !u->mean || !u->sharp || !u->deblur) {
		qrscan_fuse_free(s);
		return kerr(err, "QR scanner: out of memory for frame fusion");
	}
	return 0;
}

/* What a try made of the mean, by name: the warp's zbar run and our own
 * decoder's read of the warped modules. */
struct fused_kind {
	const char *name, *own;
};
static const struct fused_kind FK_UNSHARP = {"fused-unsharp", "fused-unsharp-decode"};
static const struct fused_kind FK_DEBLUR = {"fused-deblur", "fused-deblur-decode"};
static const struct fused_kind FK_DEFOCUS = {"fused-defocus", "fused-defocus-decode"};
static const struct fused_kind FK_DEFOCUS_DIM = {"fused-defocus-dim", "fused-defocus-dim-decode"};

/* The code in im (the fused region as a try made it, at ox, oy in the
 * frame; k frame pixels a pixel of im): the look's triple, when its timing
 * patterns show, warped upright and read (qrscan_warp: zbar on the small
 * upright image, then our own decoder). zbar on the whole region (50-190
 * thousand pixels, at 20 ns each, 1-4 ms a try) read no more: on the bench
 * the look and the warp read all 16 clips a fused zbar read, 13 by zbar on
 * the warp and 3 by our decoder, 41 frames sooner in all (one defocus 11
 * frames later); zbar on the regions where the look saw no triple, the
 * most of the tries, read none. */
static int fused_read(struct qrscan *s, const struct fused_kind *kind, const struct qrprep_img *im,
		      int ox, int oy, int k, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct qrprep_look lk;
	int n;

	qrprep_look(im, 4, &lk);
	if (lk.code_timing < WARP_TIMING)
		return 0;
	n = qrscan_warp(s, kind->name, im, lk.code, lk.code_n, 1.0, lk.code_inv, NULL, kind->own,
			NULL, hit, err);
	if (n > 0) {
		hit->box.x0 = ox + hit->box.x0 * k;
		hit->box.y0 = oy + hit->box.y0 * k;
		hit->box.x1 = ox + hit->box.x1 * k;
		hit->box.y1 = oy + hit->box.y1 * k;
	}
	return n;
}

/* Add frame (its look lk) to the fusion of the code in view. Returns 1
 * when a try of the mean is due (after FUSE_FIRST and FUSE_LAST frames,
 * and FUSE_LAST + 1 and + 2 for a soft view:
 * qrscan_fuse_try),
 * 0 otherwise, -1 with err. */
int qrscan_fuse_add(struct qrscan *s, const struct qrprep_img *frame,
		    const struct qrprep_look *lk, const struct qrprep_rect *box, char err[KERR_LEN])
{
	struct fusion *u;
	int seen = box != NULL;

	if (lk->triples + lk->triples_inv > FUSE_TRIPLES_MAX) {
		qrscan_fuse_stop(s);
		return 0;
	}
	if (!seen && (!s->fuse || s->fuse->f.n == 0)) {
		if (s->fuse && ++s->fuse->unseen > FUSE_FORGET)
			s->fuse->age = 0;
		return 0;
	}
	if (!s->fuse && fusion_new(s, err) != 0)
		return -1;
	u = s->fuse;
	/* the look loses the finders of a blurred code now and then: the
	 * fusion goes on for FUSE_UNSEEN frames without them (the block match
	 * still tells whether it is the same view) */
	u->unseen = seen ? 0 : u->unseen + 1;
	if (u->unseen > FUSE_UNSEEN) {
		u->f.n = 0;
		return 0;
	}
	if (seen) {
		u->module_px = lk->module4 / 2; /* half-size quarter pixels to frame pixels */
		u->soft = lk->sharp;
	}
	/* a view fused for long (a blur nothing undoes, or a print with
	 * finder-like patterns and no code at all): one stretch of FUSE_LAST
	 * frames in FUSE_REST_EVERY is fused, the others cost nothing. Its
	 * frames are counted here, not by the steps' unread frames, which a
	 * frame without finders starts afresh: the look loses a blurred
	 * code's finders now and then, and on the bench such a code's fusion
	 * never rested (20 tries of 4-13 ms in 60 frames) */
	if (++u->age > FUSE_REST_AFTER && (u->age / FUSE_LAST) % FUSE_REST_EVERY) {
		u->f.n = 0;
		return 0;
	}
	/* a try put off by resting frames waits at most FUSE_LAST more */
	if (u->f.n >= 2 * FUSE_LAST)
		u->f.n = 0;
	if (u->f.n == 0 || qrfuse_add(&u->f, frame) != 0) {
		/* a new view (or none yet): it is the first frame of the next try */
		if (u->f.n != 0)
			u->age = 1;
		u->tries = 0;
		if (seen)
			(void)qrfuse_start(&u->f, u->mem, u->cap, frame, box);
		else
			u->f.n = 0;
		return 0;
	}
	return u->f.n >= (u->tries == 0 ? FUSE_FIRST : u->tries == 1 ? FUSE_LAST :
			  FUSE_LAST + u->tries - 1);
}

int qrscan_fuse_unseen(const struct qrscan *s)
{
	return s->fuse && s->fuse->f.n > 0 ? s->fuse->unseen : -1;
}

/* The try qrscan_fuse_add() said is due, in place of one of the frame's
 * steps: 1 with *hit, 0, or -1 with err. */
int qrscan_fuse_try(struct qrscan *s, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct fusion *u = s->fuse;
	struct qrprep_img mean, view, out;
	struct qrprep_rect busy;
	int ox, oy, m, t, k = 1, frames;

	if (!u || u->f.n == 0)
		return 0;
	t = u->tries++;
	mean = (struct qrprep_img){u->mean, u->f.w, u->f.h, u->f.w};
	qrfuse_mean(&u->f, &mean);
	frames = u->f.n;
	/* the last try (the second, or a soft view's fourth: defocus_due()):
	 * the next frame starts the next fusion */
	if (t >= 3 || (t == 1 && !defocus_due(u)))
		u->f.n = 0;
	/* only the busy part: a blurred code's region is mostly background */
	qrfuse_busy(&mean, &busy);
	if (busy.x1 - busy.x0 < QRFUSE_MIN_SIDE || busy.y1 - busy.y0 < QRFUSE_MIN_SIDE)
		return 0;
	view = qrprep_crop(&mean, &busy);
	/* where the region sits in this frame */
	ox = u->f.r.x0 + u->f.dx + busy.x0;
	oy = u->f.r.y0 + u->f.dy + busy.y0;
	/* one try a frame: an unsharp mask a module wide at 4x, then 8x (a
	 * defocus a single frame's noise hides; a noise-limited code, whose
	 * mean the mask sharpens without the noise a frame has). The mean as
	 * it is, tried first once, read nothing on the bench's clips that a
	 * mask did not read as soon, in 147 tries of 7.6 ms each: left out. A
	 * deconvolution (Van Cittert, 12 steps) read a defocus no mask reads
	 * on a still mean, but none of 300 tries on the bench, at 15-20 ms
	 * each: left out too. */
	/* modules of FUSE_HALF_MODULE frame pixels or more are tried at half
	 * size: 2.5-3 pixels a module are all the look needs, and a blurred code
	 * loses nothing a halving takes (its blur is wider than a pixel) */
	m = u->module_px;
	if (m >= FUSE_HALF_MODULE) {
		int hw, hh;
		qrprep_scaled_size(view.w, view.h, 1, 2, &hw, &hh);
		if (qrscan_slot(s, SLOT_HALF, hw, hh, &out, err) != 0)
			return -1;
		qrprep_resize(&view, &out);
		view = out;
		k = 2;
		m /= 2;
	}
	out = (struct qrprep_img){u->sharp, view.w, view.h, view.w};
	/* a code moved in the hand while the shutter was open: its smear
	 * undone along its axis (qrdeblur.h) in place of the unsharp mask,
	 * which cannot bring back edges a smear of 3-4 modules spread out;
	 * the noise-to-signal ratio falls with the frames summed (on the
	 * bench 0.04 read a single frame's smears of 2 modules, 0.005 a mean
	 * of 8 frames' of 4) */
	{
		struct qrdeblur_blur b;
		qrdeblur_estimate(&view, &b);
		if (b.axis != QRDEBLUR_NONE &&
		    qrdeblur_wiener(&view, &out, &b, 0.04f / (float)frames, u->deblur,
				    qrdeblur_work_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_SIDE)) == 0)
			return fused_read(s, &FK_DEBLUR, &out, ox, oy, k, hit, err);
	}
	/* a defocus too wide for the mask (the finders gone to blobs): undone
	 * as a Gaussian, its width from the edges' sharpness, the noise ratio
	 * falling with the frames summed (0.004 read one frame's level 3). A
	 * third try of its own, after the masks' (dim light and glare soften
	 * the edges too: the bench's dim-blur-glare of level 3, whose blur is
	 * level 2's and sharpness 342-348 against the defocus's 323-332, was
	 * read by the 4x mask on one clip and the 8x on another, and lost
	 * when the Gaussian took either try's place) */
	if (t >= 2) {
		float sigma = FUSE_DEFOCUS_WIDTH / (float)(u->soft > 1 ? u->soft : 1) / (float)k;
		float kn = 0.016f;
		if (t == 3) {
			sigma *= FUSE_DIM_NARROWER;
			kn = FUSE_DIM_NOISE;
		}
		if (qrdeblur_defocus(&view, &out, sigma, kn / (float)frames, u->deblur,
				     qrdeblur_work_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_SIDE)) == 0)
			return fused_read(s, t == 3 ? &FK_DEFOCUS_DIM : &FK_DEFOCUS, &out, ox, oy,
					  k, hit, err);
	}
	m = m < 2 ? 5 / k : m > 16 ? 16 : m;
	if (qrscan_need_scratch(s, view.w, view.h, err) != 0)
		return -1;
	qrprep_unsharp(&view, &out, m, t >= 1 ? 128 : 64, s->scratch);
	return fused_read(s, &FK_UNSHARP, &out, ox, oy, k, hit, err);
}
