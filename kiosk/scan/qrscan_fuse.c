/* qrscan_fuse.c - the scanner's side of multi-frame fusion (qrfuse.h): while
 * the look sees a code that no step reads, the region around it is summed
 * over the frames (aligned to the first), and from FUSE_FIRST frames on
 * the mean, sharpened and deblurred harder than a single noisy frame
 * bears, goes to zbar, one try a frame. After FUSE_LAST frames the fusion
 * starts again. An empty scene costs nothing here: the look saw no code. */
#include "qrfuse.h"
#include "qrscan_pass.h"

#include <stdlib.h>
#include <stdio.h>

/* Frames summed before the first and the last try (noise / 2, / 2.8). */
#define FUSE_FIRST 4
#define FUSE_LAST 8
/* Van Cittert steps on the last mean (each three box blurs). */
#define FUSE_DEBLUR_ITERS 12
/* Frames without a finder in sight before the fusion gives up. */
#define FUSE_UNSEEN FUSE_LAST
/* Frames of a code in view unread before the tries rest every other fusion. */
#define FUSE_REST_AFTER (3 * FUSE_LAST)

struct fusion {
	struct qrfuse f;
	uint8_t *mem;    /* the sums and the first frame's region */
	uint8_t *mean;   /* the mean, then the image zbar gets */
	uint8_t *sharp;
	uint8_t *work;   /* qrfuse_deblur()'s */
	size_t cap;
	int unseen;       /* frames in a row the look saw no finder in */
	int module_px, inv, soft; /* as the look last saw them */
};

void qrscan_fuse_free(struct qrscan *s)
{
	if (!s->fuse)
		return;
	free(s->fuse->mem);
	free(s->fuse->mean);
	free(s->fuse->sharp);
	free(s->fuse->work);
	free(s->fuse);
	s->fuse = NULL;
}

void qrscan_fuse_stop(struct qrscan *s)
{
	if (s->fuse)
		s->fuse->f.n = 0;
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
	u->work = malloc(qrfuse_deblur_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_PX / QRFUSE_MAX_SIDE + 1));
	if (!u->mem || !u->mean || !u->sharp || !u->work) {
		qrscan_fuse_free(s);
		return kerr(err, "QR scanner: out of memory for frame fusion");
	}
	return 0;
}

/* zbar on im (the fused region, at ox, oy in the frame), inverted first for
 * a dark-mode code. Every other line: the mean is far less noisy than a
 * frame, and zbar on a sharpened region costs 10-30 ms a pass. */
static int fused_zbar(struct qrscan *s, const char *name, const struct qrprep_img *im, int inv,
		      int ox, int oy, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct pass p = {name, 1, 1, inv ? OP_INVERT : OP_NONE, 0, 1, 0, 0, 0};
	struct cache c = {0};
	int n = 0;

	s->passes_run++;
	if (qrscan_run_pass(s, &p, im, ox, oy, &c, hit, &n, 1, err) < 0)
		return -1;
	if (getenv("FUSE_DEBUG")) fprintf(stderr, "try %s m=%d inv=%d %dx%d -> %d\n", name, s->fuse->module_px, inv, im->w, im->h, n);
	return n;
}

int qrscan_fuse_frame(struct qrscan *s, const struct qrprep_img *frame,
		      const struct qrprep_look *lk, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct fusion *u;
	struct qrprep_img mean, out;
	int seen = s->crop, ox, oy, m, n;

	if (!seen && (!s->fuse || s->fuse->f.n == 0))
		return 0;
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
		u->inv = lk->finders_inv > lk->finders;
		u->soft = lk->sharp < 480; /* no strong edge (-1) counts as soft */
	}
	if (u->f.n == 0 || qrfuse_add(&u->f, frame) != 0) {
		/* a new view (or none yet): it is the first frame of the next try */
		if (seen)
			(void)qrfuse_start(&u->f, u->mem, u->cap, frame, &s->look_box);
		else
			u->f.n = 0;
		return 0;
	}
	n = u->f.n;
	if (n >= FUSE_LAST)
		u->f.n = 0; /* the next frame starts the next fusion */
	if (n != FUSE_FIRST && n != FUSE_FIRST + 1 && n != FUSE_LAST - 1 && n != FUSE_LAST)
		return 0;
	/* a code unread for long (a blur nothing undoes, or no code at all):
	 * every other fusion is tried, at half the CPU */
	if (s->unread > FUSE_REST_AFTER && (s->unread / FUSE_LAST) % 2)
		return 0;
	mean = (struct qrprep_img){u->mean, u->f.w, u->f.h, u->f.w};
	out = (struct qrprep_img){u->sharp, u->f.w, u->f.h, u->f.w};
	qrfuse_mean(&u->f, &mean);
	/* where the region sits in this frame */
	ox = u->f.r.x0 + u->f.dx;
	oy = u->f.r.y0 + u->f.dy;
	m = u->module_px < 2 ? 5 : u->module_px > 16 ? 16 : u->module_px;
	if (qrscan_need_scratch(s, u->f.w, u->f.h, err) != 0)
		return -1;
	/* one try a frame, the cheap ones first: the mean as it is
	 * (noise-limited codes); an unsharp mask a module wide at 4x, then 8x
	 * (a defocus a single frame's noise hides); a deconvolution of a blur
	 * about a module wide (the softest, where the look saw soft edges) */
	if (n == FUSE_FIRST)
		return fused_zbar(s, "fused", &mean, u->inv, ox, oy, hit, err);
	if (n == FUSE_FIRST + 1 || n == FUSE_LAST - 1) {
		qrprep_unsharp(&mean, &out, m, n == FUSE_FIRST + 1 ? 64 : 128, s->scratch);
		return fused_zbar(s, "fused-unsharp", &out, u->inv, ox, oy, hit, err);
	}
	qrfuse_deblur(&mean, &out, m * 4 / 5, FUSE_DEBLUR_ITERS, u->work);
	return fused_zbar(s, "fused-deblur", &out, u->inv, ox, oy, hit, err);
}
