/* qrscan_fuse.c - the scanner's side of multi-frame fusion (qrfuse.h): while
 * the look sees a code that no step reads, the region around it is summed
 * over the frames (aligned to the first), and after FUSE_FIRST and
 * FUSE_LAST frames the mean, sharpened and deblurred harder than a single
 * noisy frame bears, goes to zbar. Then the fusion starts again on the
 * next frame. An empty scene costs nothing here: the look saw no code. */
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

struct fusion {
	struct qrfuse f;
	uint8_t *mem;    /* the sums and the first frame's region */
	uint8_t *mean;   /* the mean, then the image zbar gets */
	uint8_t *sharp;
	uint8_t *work;   /* qrfuse_deblur()'s */
	size_t cap;
	int unseen;       /* frames in a row the look saw no finder in */
	int module_px, inv; /* as the look last saw them */
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
 * a dark-mode code. */
static int fused_zbar(struct qrscan *s, const char *name, const struct qrprep_img *im, int inv,
		      int ox, int oy, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct pass p = {name, 1, 1, inv ? OP_INVERT : OP_NONE, 0, 1, 0, 0, 0};
	struct cache c = {0};
	int n = 0;

	s->passes_run++;
	if (qrscan_run_pass(s, &p, im, ox, oy, &c, hit, &n, 1, err) < 0)
		return -1;
	return n;
}

int qrscan_fuse_frame(struct qrscan *s, const struct qrprep_img *frame, int seen, int module_px,
		      int inv, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct fusion *u;
	struct qrprep_img mean, sharp;
	int ox, oy, n, r;

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
	if (!seen && u->module_px)
		module_px = u->module_px, inv = u->inv;
	u->module_px = module_px;
	u->inv = inv;
	if (u->f.n == 0 || qrfuse_add(&u->f, frame) != 0) {
		/* a new view (or none yet): it is the first frame of the next try */
		if (seen)
			(void)qrfuse_start(&u->f, u->mem, u->cap, frame, &s->look_box);
		else
			u->f.n = 0;
		return 0;
	}
	if (getenv("FUSE_DEBUG")) fprintf(stderr, "fuse n=%d r=%d,%d-%d,%d d=%d,%d m=%d\n", u->f.n, u->f.r.x0, u->f.r.y0, u->f.r.x1, u->f.r.y1, u->f.dx, u->f.dy, module_px);
	if (u->f.n != FUSE_FIRST && u->f.n != FUSE_LAST)
		return 0;
	mean = (struct qrprep_img){u->mean, u->f.w, u->f.h, u->f.w};
	sharp = (struct qrprep_img){u->sharp, u->f.w, u->f.h, u->f.w};
	qrfuse_mean(&u->f, &mean);
	/* where the region sits in this frame */
	ox = u->f.r.x0 + u->f.dx;
	oy = u->f.r.y0 + u->f.dy;
	if (module_px < 2)
		module_px = 5;
	if (module_px > 16)
		module_px = 16;
	if (qrscan_need_scratch(s, u->f.w, u->f.h, err) != 0)
		return -1;
	if (u->f.n == FUSE_FIRST) {
		/* the mean as it is (noise-limited codes), then an unsharp mask a
		 * module wide at 4x: a defocus a single frame's noise hides */
		n = fused_zbar(s, "fused", &mean, inv, ox, oy, hit, err);
		if (n != 0)
			return n;
		qrprep_unsharp(&mean, &sharp, module_px, 64, s->scratch);
		return fused_zbar(s, "fused-unsharp", &sharp, inv, ox, oy, hit, err);
	}
	/* the last: a stronger mask, then a deconvolution of a blur about a
	 * module wide; then the next fusion starts */
	u->f.n = 0;
	qrprep_unsharp(&mean, &sharp, module_px, 128, s->scratch);
	n = fused_zbar(s, "fused-unsharp", &sharp, inv, ox, oy, hit, err);
	if (n != 0)
		return n;
	r = module_px * 4 / 5;
	qrfuse_deblur(&mean, &sharp, r < 1 ? 1 : r, FUSE_DEBLUR_ITERS, u->work, s->scratch);
	return fused_zbar(s, "fused-deblur", &sharp, inv, ox, oy, hit, err);
}
