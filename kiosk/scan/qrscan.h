/* qrscan.h - find and decode QR codes in grey images: zbar plus our own
 * preprocessing passes (kiosk/scan/qrprep.h), cheapest first.
 * Adapter: wraps zbar; takes grey buffers, never files, SDL or the store. */
#ifndef KIOSK_QRSCAN_H
#define KIOSK_QRSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/kerr.h"
#include "qrprep.h"

/* A QR code holds at most 2953 bytes; as UTF-8 that is at most 3 bytes per
 * byte (Shift_JIS half-width katakana), so this always fits. */
#define QRSCAN_TEXT_MAX (3 * 2953)
/* Distinct codes reported for one image. */
#define QRSCAN_MAX_HITS 8

struct qrscan_hit {
	char text[QRSCAN_TEXT_MAX + 1]; /* UTF-8, NUL-terminated; len counts (NULs possible) */
	size_t len;
	int charset;                    /* enum qrtext_charset */
	struct qrprep_rect box;         /* where, in the caller's image coordinates */
	const char *pass;               /* name of the pass that read it (static string) */
};

/* Decides whether a decoded text counts (e.g. our own ticket verifies).
 * Return nonzero to accept. Called on the scanning thread; text is valid
 * only during the call. Without a callback every decoded text counts. */
typedef int (*qrscan_accept_fn)(void *ctx, const char *text, size_t len);

struct qrscan;

/* A scanner with its zbar state and working buffers (grown on demand).
 * Returns NULL with err on failure. One scanner per thread: it is not
 * thread-safe, but separate scanners may run in parallel. */
struct qrscan *qrscan_new(char err[KERR_LEN]);
void qrscan_free(struct qrscan *s);

/* Set (or clear with fn NULL) the accept callback; ctx is borrowed and must
 * outlive the scanner's use of it. */
void qrscan_set_accept(struct qrscan *s, qrscan_accept_fn fn, void *ctx);

/* Still image: plain zbar first, on every other line each way (half the
 * cost: a finder pattern is 7 modules tall, and the warp or the steps
 * below read what that misses); if that reads nothing, a look at the image
 * (qrprep_look) decides: no finder-like pattern at all gives up at once;
 * otherwise the steps the look asks for (inverted for light-on-dark
 * patterns, doubled for tiny modules, halved for big ones, normalised,
 * sharpened) and then the rest of the list in order, cheapest first,
 * within a budget of zbar runs that depends on how code-like the patterns
 * are (a textured photo gets little). Stops at the first pass that yields
 * an accepted code and reports every distinct accepted code of that pass
 * and the codes within them (up to max_hits; see qrscan_frame_hits()).
 * Images over 2 Mpx get the first pass at full size, and when it reads
 * nothing every line of them too, and the others on a 2 Mpx copy. grey is
 * borrowed (w x h, rows stride bytes apart) and not modified. Returns the number of hits (>0), 0 when nothing
 * was read, -1 on failure (out of memory) with err. */
int qrscan_image(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		 struct qrscan_hit *hits, int max_hits, char err[KERR_LEN]);
/* ... its first pass scans every QRSCAN_PLAIN_DENSITY-th line */
#define QRSCAN_PLAIN_DENSITY 2

/* Video: one camera frame. First the region of the last hit with the step
 * that read it (the code is usually still there, and stays dark, dim or
 * tilted). Then a look at the half-size frame (qrprep_look, about a
 * millisecond) decides: no finder-like pattern (an empty scene) runs no
 * zbar at all but for a blind step every third frame; otherwise the step
 * the look asks for (inverted for light-on-dark finders, normalised for a
 * dim frame, sharpened for soft edges, full size on the finders' region for
 * small modules, the code's block enlarged 3x for modules of a pixel or
 * so) and, when three finders sit as a code's do, a second step
 * against another trouble on the second core at the same time
 * (qrscan_set_threads; with one thread, after the first and only if it
 * failed). Both steps see only the part of the frame around the finders
 * (zbar's cost grows with the pixels). A code in view that no step reads
 * is fused over the frames (qrfuse.h: its region aligned and averaged, so
 * the sensor noise falls), and the mean, as it is or sharpened, gets a zbar
 * run on a few of them. Pass the newest frame only: the scanner keeps no
 * whole frame between calls (only the fused region), so a caller that
 * falls behind skips frames instead of queueing them. Call from one
 * thread (the camera thread); grey is borrowed for the call only. Returns 1
 * with *hit filled, 0 when this frame gave nothing, -1 on failure with err. */
int qrscan_frame(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		 struct qrscan_hit *hit, char err[KERR_LEN]);
/* ... and with room for max_hits: every code the step that read gave (up
 * to 4: a ticket beside a seller's code, in zbar's order), and after a
 * read the codes within the read ones too (a code printed in another's
 * data; the middle of its box is looked at, so only on frames that read a
 * code). Returns the number of hits. */
int qrscan_frame_hits(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		      struct qrscan_hit *hits, int max_hits, char err[KERR_LEN]);

/* Still images: every pass in order, no budget and no giving up early
 * (`kiosk scan --thorough`: slower, a few more of the hardest codes). */
void qrscan_set_thorough(struct qrscan *s, int on);

/* How many zbar passes the last qrscan_image() or qrscan_frame() ran
 * (with a second core, the passes of both). */
int qrscan_passes_run(const struct qrscan *s);

/* The pixels zbar's line scan read in the last qrscan_image() or
 * qrscan_frame() (rows and columns, both cores): what its time grows
 * with. A pass that scans every other line counts half. */
long qrscan_scanned_px(const struct qrscan *s);

/* The warp (on by default): with on 0, neither qrscan_image() nor
 * qrscan_frame() warps a code upright, and the passes and steps run as
 * they would without it. For tests of those, and benches that measure
 * what the warp adds. */
void qrscan_set_warp(struct qrscan *s, int on);

/* Of qrscan_scanned_px(), the pixels of the last qrscan_frame()'s warp:
 * the code of three finders whose timing patterns show, warped upright
 * into a small image of its own (a pass of qrscan_passes_run(), run before
 * the frame's steps); 0 when none ran. */
long qrscan_warped_px(const struct qrscan *s);

/* 1 when the last qrscan_frame() tried the mean of fused frames (in place
 * of one of its steps), 0 otherwise. */
int qrscan_fused_tried(const struct qrscan *s);

/* The names of the steps the last qrscan_frame() ran on the frame (after
 * the last hit's region): *first on the calling thread ("fused" for a try
 * of the fused mean), *second on the second core or after the first; NULL
 * when none ran. For benches and tests. */
void qrscan_frame_steps(const struct qrscan *s, const char **first, const char **second);

/* Run at most n passes of the still-image list in qrscan_image() (0: all).
 * n = 1 is plain zbar on the grey image: the baseline tests and benches
 * compare the pipeline against. */
void qrscan_set_max_passes(struct qrscan *s, int n);

/* Let qrscan_frame() run a second pass on another core while the first
 * runs (n = 2), or keep to the calling thread (n = 1, the default). */
void qrscan_set_threads(struct qrscan *s, int n);

/* Forget the last hit's region and restart the schedule (new camera, or
 * the door went back to its idle screen). */
void qrscan_reset(struct qrscan *s);

#endif
