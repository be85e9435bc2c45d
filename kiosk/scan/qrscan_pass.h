/* qrscan_pass.h - what the parts of the scanner share: its state, the
 * passes (a scale, a step, a turn or a keystone, then zbar) and running one.
 * qrscan.c: the zbar adapter, buffers and the pass machinery;
 * qrscan_still.c: still images (the pass list, the look-driven budget);
 * qrscan_frame.c: video (the look-driven choice of steps, the second core).
 * Private to kiosk/scan. */
#ifndef KIOSK_QRSCAN_PASS_H
#define KIOSK_QRSCAN_PASS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <zbar.h>

#include "qrscan.h"

/* The scanner */

enum { SLOT_WORK, SLOT_HALF, SLOT_TURNED, SLOT_SCALED, SLOT_OP, SLOT_ZBAR, SLOT_FRAME_HALF, SLOT_N };

/* How many frames the last hit's region stays worth a look. */
#define ROI_FRAMES 30
/* Images smaller than this on their short side are not worth a pass. */
#define MIN_SIDE 40
/* Nor are scaled or turned images larger than this (memory and time); a
 * pass on the image as it is runs at any size (qrscan_run_pass). */
#define MAX_SCALED_PIXELS (8L * 1024 * 1024)
/* A still image bigger than this gets its first pass at full size and the
 * others on a copy shrunk to this size: a 12 Mpx phone photo without a code
 * took 9.5 s through every pass at full size. */
#define STILL_WORK_PIXELS (2L * 1024 * 1024)

/* What a frame's look decided for its steps: set by qrscan_frame() before
 * they run, and copied whole to the second core's scanner, whose steps read
 * the same. */
struct frame_look {
	struct qrprep_rect box;      /* the look's finders, frame pixels */
	struct qrprep_rect tiny_box; /* ... tighter, for an enlarged step
				      * (qrscan_tiny.c; struct pass box 2) */
	struct qrprep_rect span;     /* the finder-like patterns' span when
				      * they make no triple (qrscan_late.c) */
	int has_span;
	int crop;                    /* half-size steps on box only */
	int sparse;                  /* no finder in sight: half-size steps
				      * scan every other line */
	int likely;                  /* three finders placed as a code's */
	int module4;                 /* the look's module size (qrprep_look) */
	int has_tri;                 /* tri: the look's code triple (its
				      * code[], half-frame pixels), its
				      * timing shown (WARP_TIMING) */
	int tri_inv;
	struct qrprep_finder tri[3];
	int tri_n;                   /* the modules across its code (code_n) */
	int soft;                    /* the look saw soft edges */
	int density;                 /* the least zbar density of this
				      * frame's steps (qrscan_frame.c's
				      * FULL_EFFORT_FRAMES), 0 none */
};

/* The most codes one frame's zbar run keeps (a ticket beside a seller's
 * code: zbar gives them in no order the caller can trust). */
#define FRAME_HITS 4

/* Cells of a frame's view kept (qrprep_cells): 32 x 18 of a 720p frame's
 * half size. */
#define VIEW_CELLS_MAX 1024

/* Edges under this sharpness (qrprep_look's sharp, permille) are soft: a
 * blur or a defocus. The frame's steps (look_soft), the still view's
 * refocus test and the fusion's worth (qrscan_fuse_worth) go by it. */
#define SOFT_SHARP 480

struct qrscan {
	zbar_image_scanner_t *zs;
	qrscan_accept_fn accept;
	void *actx;
	int max_passes;  /* 0: all */
	int thorough;    /* still images: every pass, no budget */
	int no_warp;     /* qrscan_set_warp(s, 0) */
	int frame_max;   /* codes a frame's zbar runs keep (qrscan_frame_hits),
			  * 1 to FRAME_HITS */
	int frame_half;  /* SLOT_FRAME_HALF holds this frame halved (not on a
			  * read by the region of the last hit) */
	int passes_run;  /* by the last qrscan_image() or qrscan_frame() */
	long scanned_px; /* zbar's line scan, by the same */
	int fused_tried; /* the last qrscan_frame() tried a fused mean */
	const char *ran[2]; /* the steps the last qrscan_frame() ran, or NULL */
	uint8_t *buf[SLOT_N];
	size_t cap[SLOT_N];
	void *scratch;
	size_t scratch_cap;
	/* video */
	unsigned step;
	unsigned blind;  /* the next blind step */
	unsigned code_frames; /* frames in a row the look saw finders in */
	unsigned unread;      /* ... of them since the last hit */
	struct qrprep_rect last;
	struct pass_ref { int num, den, op, arg, ks, box; } last_pass; /* the pass that read it */
	struct qrprep_finder last_tri[3]; /* ... the warp's triple (box 4) */
	int last_tri_inv, last_tri_n;
	long warped_px;  /* of scanned_px, the warp's (qrscan_warped_px) */
	int last_age;  /* frames since the last hit; > ROI_FRAMES: none */
	struct helper *helper;                  /* second core, or NULL */
	const struct qrprep_img *frame_view;    /* the frame, while the helper runs */
	struct frame_look look;                 /* what the frame's look decided */
	int prev_likely;                        /* look.likely in the last frame
						 * with finders */
	int late_fired, late_empty;             /* late_second()'s steps since the
						 * scene was last empty, frames empty */
	pthread_mutex_t *accept_lock;           /* with a helper: one accept at a time */
	struct fusion *fuse;                    /* qrscan_fuse.c, or NULL */
	/* the view (qrprep_cells of the half-size frame) at the last frame of
	 * steps on a code, which did not read it (qrscan_frame.c's view_still) */
	uint8_t view_ref[VIEW_CELLS_MAX];
	int view_cw, view_ch, view_set, view_sharp;
	int view_rested; /* a frame's steps rested on it since it was kept */
};

/* Passes */

enum op {
	OP_NONE,
	OP_INVERT,
	OP_NORMALIZE,
	OP_THRESHOLD,      /* arg: window as a fraction 1/arg of the short side */
	OP_THRESHOLD_INV,
	OP_SHARPEN,        /* arg: amount/16 */
	OP_FLATTEN,        /* arg: window as 1/arg of the short side */
	OP_BLUR_THRESHOLD, /* denoise, then threshold with window 1/arg */
	OP_BLUR,           /* arg: box radius; joins broken or textured modules */
	OP_UNSHARP,        /* arg: box radius, amount 2x: heavier defocus */
	OP_NORMALIZE_INV,  /* the same, then inverted (dark mode) */
	OP_SHARPEN_INV,
	OP_UNSHARP_INV,
	OP_DEBLUR,         /* half-size video step: a smear undone where one
			    * shows (qrscan_deblur.c), Wiener ratio arg/1000;
			    * else the plain step */
};

struct pass {
	const char *name;
	int num, den;      /* scale */
	enum op op;
	int arg;
	int density;       /* zbar scans every density-th line; 0 means 1 */
	int rot;           /* degrees to turn the image first */
	int ks;            /* keystone first: 0 none, else edge * 100 + percent */
	int box;           /* video: only the region the look saw finders in
			    * (1), or the tighter one of qrscan_tiny.c (2), or
			    * the span of qrscan_late.c (3), or the code of the
			    * look's triple warped upright (4) */
};

/* Which turned and scaled image the scaled slot holds, so that passes
 * sharing a turn and a scale compute it once. */
struct cache {
	struct qrprep_img img;
	int num, den, rot, ks, valid;
};

/* How a pass image maps back to the caller's coordinates. */
struct map {
	int ox, oy;       /* offset of the pass image's source region */
	double fx, fy;    /* turned-image pixels per pass pixel */
	int rot, bw, bh;  /* the source (bw x bh) was turned by rot degrees */
	int ks, kw, kh;   /* ... or keystoned (struct pass) into kw x kh */
	const struct qrprep_finder *tri; /* ... or warped upright from this
					  * triple (qrprep_code_warp; NULL
					  * none) with these: */
	double wk, wmod;
	int wmargin, wn;
};

/* Slot i of the scanner's buffers as a w x h contiguous image, grown as
 * needed. Returns 0, or -1 with err. */
int qrscan_slot(struct qrscan *s, int i, int w, int h, struct qrprep_img *out,
		char err[KERR_LEN]);

/* Scan im (must be contiguous: stride == w) and append accepted, new texts
 * to hits[*n..max). Returns the number appended, or -1 with err. */
int qrscan_zbar(struct qrscan *s, const struct qrprep_img *im, const struct map *m,
		const char *pass, int density, struct qrscan_hit *hits, int *n, int max,
		char err[KERR_LEN]);

/* Run pass p on the view src (ox, oy: where src sits in the caller's
 * image): turn, then scale, then the step, then zbar. */
int qrscan_run_pass(struct qrscan *s, const struct pass *p, const struct qrprep_img *src, int ox,
		    int oy, struct cache *c, struct qrscan_hit *hits, int *n, int max,
		    char err[KERR_LEN]);

/* ... when this permille of their timing patterns' modules alternate as
 * they should (qrprep_look's code_timing; chance gives half): sharp codes
 * show 1000 on the bench, defocused ones (level 2) 760-850. */
#define WARP_TIMING 700
/* The code of the look's three finders tri (code[] of qrprep_look, on an
 * image k times smaller than f; mods its code_n, the modules across, 0 to
 * estimate them; inv: light on dark) warped upright from f
 * into a small image of its own, to zbar as pass name (a frame's step, a
 * still image's pass); when that reads nothing, paper is not NULL and its
 * quiet zone is darker than its paper, with that zone painted the grey of
 * its light modules, as pass paper; when those read nothing and own is
 * not NULL, its modules sampled and read by our own decoder (qrdecode.h;
 * no zbar run, so not counted as a pass; sampled again through the
 * alignment pattern when it is off its place) as pass own; then, when soft is
 * not NULL (the look saw soft edges), unsharp-masked (the painted warp, if
 * it was painted), as pass soft. Returns the hits (0 or 1, the box in f's
 * pixels), or -1 with err. */
int qrscan_warp(struct qrscan *s, const char *name, const struct qrprep_img *f,
		const struct qrprep_finder tri[3], int mods, double k, int inv, const char *paper,
		const char *own, const char *soft, struct qrscan_hit *hit, char err[KERR_LEN]);

/* 1 when one of hits[0..n) reads t (len bytes). */
int qrscan_has_text(const struct qrscan_hit *hits, int n, const char *t, size_t len);

/* Codes within the read codes hits[0..n) (a code printed in another's
 * data, as qr-real's qrcode-2/16.webp: zbar reads the outer one only): the
 * middle of each box looked at (qrprep_look) in f, the caller's image, and
 * a triple whose timing patterns show there warped and read (qrscan_warp,
 * pass "nested"); new texts appended up to max. None with the warp off
 * (qrscan_set_warp). Returns the new n, or -1 with err. */
int qrscan_nested(struct qrscan *s, const struct qrprep_img *f, struct qrscan_hit *hits, int n,
		  int max, char err[KERR_LEN]);

/* qrscan_frame.c: stop and free the second core's scanner (none is fine);
 * give it the accept callback set on s. */
void qrscan_helper_stop(struct qrscan *s);
void qrscan_helper_set_accept(struct qrscan *s);

/* The scratch buffer for a w x h integral image. Returns 0, or -1 with err. */
int qrscan_need_scratch(struct qrscan *s, int w, int h, char err[KERR_LEN]);
/* ... at least bytes long, for other work memory (qrdeblur_wiener()). */
int qrscan_need_work(struct qrscan *s, size_t bytes, char err[KERR_LEN]);

/* qrscan_fuse.c: multi-frame fusion of a code seen but not read (qrfuse.h).
 * qrscan_fuse_add() adds frame, whose look is lk (its finders in box, in
 * frame pixels; NULL when it saw none: a fusion goes on FUSE_UNSEEN frames
 * without them); it returns 1
 * when a try of the fused region is due, 0 when not, -1 with err.
 * qrscan_fuse_try() runs that try (in place of one of the frame's steps,
 * so a fusion costs no zbar run more than the steps): 1 with *hit, 0, -1
 * with err. qrscan_fuse_stop(): the code left or was read, the next frame
 * starts afresh (and its rest too). qrscan_fuse_free(): free it all (none is fine). */
/* More triples (both polarities) than this in a frame is a print of
 * finder-like patterns (a poster, a shirt, a shelf), not a code too blurred
 * or too noisy for one frame: no fusion there. On the bench every read of
 * a mean came with 5 triples or fewer in view, while the code-less photos'
 * tries, 15-20 ms each, were mostly on frames with dozens to hundreds. */
#define FUSE_TRIPLES_MAX 8
/* Frames without a finder in sight before the fusion gives up (as many
 * as a fusion sums: qrscan_fuse.c's FUSE_LAST). */
#define FUSE_UNSEEN 8
/* 1 when the view (the look lk of the half-size frame half, its box in
 * frame pixels) is worth fusing: soft, dim, dark-mode or grainy. A view
 * that is not stops the fusion (qrscan_fuse_stop) and adds nothing. */
int qrscan_fuse_worth(const struct qrprep_look *lk, const struct qrprep_img *half,
		      const struct qrprep_rect *box);
int qrscan_fuse_add(struct qrscan *s, const struct qrprep_img *frame,
		    const struct qrprep_look *lk, const struct qrprep_rect *box, char err[KERR_LEN]);
/* Frames in a row the running fusion has not seen the finders in; -1
 * when none runs. */
int qrscan_fuse_unseen(const struct qrscan *s);
int qrscan_fuse_try(struct qrscan *s, struct qrscan_hit *hit, char err[KERR_LEN]);
void qrscan_fuse_stop(struct qrscan *s);
void qrscan_fuse_free(struct qrscan *s);

/* qrscan_tiny.c: the step for a small code (modules of 3 frame pixels or
 * less by the look lk): the code's block of the full-size frame f (found
 * round the look's finders, into s->look.tiny_box) enlarged; NULL when the
 * modules are not small or the block is too big to enlarge. */
const struct pass *qrscan_tiny_step(struct qrscan *s, const struct qrprep_look *lk,
				    const struct qrprep_img *f);

/* qrscan_late.c: s->look.span from the look lk of a w x h frame's half-size
 * image: the region a few finder-like patterns without a triple span, for
 * the full-size step on the first frames of a code (s->look.has_span 0 when
 * they say nothing of it, or it is too big). */
void qrscan_late_span(struct qrscan *s, const struct qrprep_look *lk, int w, int h);

/* qrscan_late.c: the full-size step p (the finders' box, or a small code's
 * enlarged block; plain or inverted) unsharp-masked, for the first frames
 * of a code; NULL for any other step. */
const struct pass *qrscan_late_unsharp(const struct pass *p);

/* qrscan_deblur.c: step p (OP_DEBLUR) on the half-size frame h: where
 * qrdeblur_estimate() sees a smear, the part of h it read it in, undone,
 * to zbar. Returns the hits (0 or 1, the box in h's pixels), -1 with err,
 * or QRSCAN_NO_SMEAR when h shows none (the caller runs the plain step). */
#define QRSCAN_NO_SMEAR (-2)
int qrscan_deblur_step(struct qrscan *s, const struct pass *p, const struct qrprep_img *h,
		       struct qrscan_hit *hit, char err[KERR_LEN]);

#endif
