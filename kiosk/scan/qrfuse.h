/* qrfuse.h - multi-frame fusion of a code held still in a hand: the region
 * where the look saw a code is summed over a few frames, each aligned to
 * the first by a cheap block match (the hand jitters by a few pixels), and
 * their mean has the sensor noise of one frame divided by sqrt(N), so a
 * sharpening step can undo more blur before the noise it amplifies turns
 * into edges for zbar. Pure core: grey buffers in, grey buffers out; libc
 * only, no zbar, I/O, clock or allocation (the caller passes the memory). */
#ifndef KIOSK_QRFUSE_H
#define KIOSK_QRFUSE_H

#include <stddef.h>
#include <stdint.h>

#include "qrprep.h"

/* Bounds on the region (fuzz-safe: whatever the frame or the look says) */
#define QRFUSE_MAX_SIDE 480
#define QRFUSE_MAX_PX (200L * 1000)
#define QRFUSE_MIN_SIDE 40
/* Most frames summed (uint16_t sums: 255 * 64 fits) */
#define QRFUSE_MAX_N 64
/* How far (pixels) a frame may move from the first; frames further off
 * (the hand moved on) end the fusion. */
#define QRFUSE_SHIFT 12
/* The block match tries the 25 shifts within 2 pixels of the last frame's,
 * then, while the best lies on their edge, the 25 round it, up to
 * QRFUSE_STEP / 2 times. */
#define QRFUSE_STEP 4
/* Mean absolute grey difference above which a frame is not the same view. */
#define QRFUSE_MISMATCH 28

struct qrfuse {
	struct qrprep_rect r; /* the region in the first frame's pixels */
	int w, h;             /* its size */
	int n;                /* frames summed */
	int dx, dy;           /* the last frame's shift from the first */
	int fw, fh;           /* the frames' size */
	uint8_t *ref;         /* the first frame's region, w x h */
	uint16_t *acc;        /* the sum, w x h */
};

/* Bytes of memory qrfuse_start() needs for a region of w x h. */
size_t qrfuse_bytes(int w, int h);

/* Start a fusion on want (frame pixels) of frame: the region is clipped to
 * stay QRFUSE_SHIFT pixels inside the frame and to the bounds above, round
 * its centre. mem holds cap bytes, aligned for uint16_t (at least
 * qrfuse_bytes(QRFUSE_MAX_SIDE, QRFUSE_MAX_SIDE) fits any region). Returns
 * 0 with the first frame summed, or -1 (f->n = 0) when the region is too
 * small, the frame too small for it or mem too short. */
int qrfuse_start(struct qrfuse *f, void *mem, size_t cap, const struct qrprep_img *frame,
		 const struct qrprep_rect *want);

/* Align frame to the first (the shift near the last one that matches
 * best, QRFUSE_STEP) and add it. Returns 0 when added, -1 (nothing added)
 * when the frame's size differs from the first's or no shift within
 * QRFUSE_SHIFT matches (the code moved or left). */
int qrfuse_add(struct qrfuse *f, const struct qrprep_img *frame);

/* The mean of the frames summed so far into out (f->w x f->h); out is left
 * as it was when f holds no fusion (f->n 0). */
void qrfuse_mean(const struct qrfuse *f, struct qrprep_img *out);

/* The part of im (a fused region) where edges are: the box round the
 * 16 x 16 blocks with at least a quarter of the busiest block's edge
 * strength, grown by two blocks on each side, inside im (all of im when
 * nothing stands out or im is too small to tell; empty for an empty im).
 * zbar's cost grows with the pixels, and a blurred code's region is mostly
 * smooth background. */
void qrfuse_busy(const struct qrprep_img *im, struct qrprep_rect *out);

#endif
