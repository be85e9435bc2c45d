/* qrprep.h - image preprocessing that helps zbar read hard QR photos.
 * Pure core: grey buffers in, grey buffers out; libc only, no zbar, SDL or
 * I/O, no allocation (the caller passes destination and scratch buffers).
 * Each step is one function so each is tested on its own (tests/test_qrprep.c). */
#ifndef KIOSK_QRPREP_H
#define KIOSK_QRPREP_H

#include <stddef.h>
#include <stdint.h>

/* A grey image view: w x h pixels, rows stride bytes apart. A view never owns
 * px; whoever allocated it frees it. */
struct qrprep_img {
	uint8_t *px;
	int w, h, stride;
};

/* An axis-aligned rectangle in pixels, x0/y0 inclusive, x1/y1 exclusive. */
struct qrprep_rect {
	int x0, y0, x1, y1;
};

/* Bytes of scratch the integral-image steps need for a w x h image. */
size_t qrprep_scratch_size(int w, int h);

/* dst = 255 - src. dst may be src (in place). Sizes must match. */
void qrprep_invert(const struct qrprep_img *src, struct qrprep_img *dst);

/* Stretch contrast so that the lo_permille-th darkest pixel becomes 0 and the
 * hi_permille-th becomes 255 (e.g. 10 and 990: ignores 1% outliers, such as
 * a glare spot or a black border). A flat image is copied unchanged.
 * dst may be src. */
void qrprep_normalize(const struct qrprep_img *src, struct qrprep_img *dst, int lo_permille,
		      int hi_permille);

/* Local (adaptive) threshold: a pixel is black (0) when it is darker than
 * the mean of the (2r+1)^2 window around it by more than bias grey levels,
 * else white (255). Survives uneven light and soft shadows that defeat one
 * global threshold. scratch holds qrprep_scratch_size(w,h) bytes, aligned for
 * uint32_t. dst must not be src. */
void qrprep_threshold(const struct qrprep_img *src, struct qrprep_img *dst, int r, int bias,
		      void *scratch);

/* Box mean over a (2r+1)^2 window (denoising; a helper of the others).
 * dst must not be src. scratch as for qrprep_threshold. */
void qrprep_box_blur(const struct qrprep_img *src, struct qrprep_img *dst, int r, void *scratch);

/* Unsharp mask: dst = src + amount/16 * (src - blur3x3(src)), clamped.
 * Steepens the edges of a defocused or slightly motion-blurred code.
 * dst must not be src. */
void qrprep_sharpen(const struct qrprep_img *src, struct qrprep_img *dst, int amount);

/* Unsharp mask with a (2r+1)^2 box blur, for heavier defocus than
 * qrprep_sharpen() undoes: dst = src + amount/16 * (src - box_r(src)).
 * dst must not be src. scratch as for qrprep_threshold. */
void qrprep_unsharp(const struct qrprep_img *src, struct qrprep_img *dst, int r, int amount,
		    void *scratch);

/* Glare and shading: subtract the local background (the mean over a large
 * (2r+1)^2 window) and re-centre on mid grey with gain/16, so that a bright
 * reflection or a dark corner no longer dominates. dst must not be src. */
void qrprep_flatten(const struct qrprep_img *src, struct qrprep_img *dst, int r, int gain,
		    void *scratch);

/* Size of the image qrprep_resize() should produce for a scale of
 * num/den (rounded, at least 1x1). */
void qrprep_scaled_size(int w, int h, int num, int den, int *sw, int *sh);

/* Resample src into dst's size: area average when shrinking (so a big,
 * blurry code becomes small and sharp, and noise averages out), bilinear
 * when enlarging (so modules of a small code span several pixels). */
void qrprep_resize(const struct qrprep_img *src, struct qrprep_img *dst);

/* Size of src rotated by deg degrees with nothing cut off. */
void qrprep_rotated_size(int w, int h, int deg, int *rw, int *rh);

/* Rotate src by deg degrees (counter-clockwise on screen) about its centre
 * into dst (of qrprep_rotated_size()), bilinear; corners outside src get
 * fill. zbar finds finder patterns along rows and columns, and some
 * warped codes read only when those lines cross them at another angle. */
void qrprep_rotate(const struct qrprep_img *src, struct qrprep_img *dst, int deg, uint8_t fill);

/* Where the point (x, y) of a rotated image (as made by qrprep_rotate from a
 * w x h source) lies in the source. */
void qrprep_unrotate_point(int w, int h, int deg, double x, double y, double *sx, double *sy);

/* Keystone: a perspective warp that makes one edge of the image (edge 0
 * top, 1 bottom, 2 left, 3 right) 1 + 2*pct/100 times as long as the
 * opposite one, as if the far side of a tilted code were brought nearer.
 * zbar reads codes up to about 20 degrees of tilt; this brings steeper views
 * back under that limit. The widened edge spans all of dst, whatever its
 * size: qrprep_keystone_size() gives the size that keeps src's resolution,
 * a smaller dst warps and shrinks in one go. Uncovered corners get fill. */
void qrprep_keystone_size(int w, int h, int edge, int pct, int *kw, int *kh);
void qrprep_keystone(const struct qrprep_img *src, struct qrprep_img *dst, int edge, int pct,
		     uint8_t fill);

/* Where the point (x, y) of a dw x dh keystoned image lies in its sw x sh
 * source. */
void qrprep_unkeystone_point(int sw, int sh, int dw, int dh, int edge, int pct, double x,
			     double y, double *sx, double *sy);

/* The homography H (row-major 3x3, H[8] = 1) that maps the four points
 * from[0..3] (x, y pairs) onto to[0..3]. Returns 0, or -1 when three of the
 * points are collinear. */
int qrprep_homography(const double from[8], const double to[8], double H[9]);

/* The point (x, y) through the homography H into (*ox, *oy). */
void qrprep_map_point(const double H[9], double x, double y, double *ox, double *oy);

/* What a quick look at an image says about a code in it, so the scanner
 * tries the right step first instead of every step in turn. */
/* A finder-like pattern as the look saw it. */
struct qrprep_finder {
	float x, y;       /* centre, pixels of the looked-at image (a pixel's
			   * centre at whole numbers) */
	float hm, vm;     /* its module across and down, pixels */
};

struct qrprep_look {
	int finders;      /* finder-pattern-like centres, dark on light */
	int finders_inv;  /* light on dark: a phone in dark mode */
	int module4;      /* their median module size in quarter pixels; 0 none seen */
	int skew;         /* 1: their vertical and horizontal sizes differ a lot (tilt) */
	int lo, hi;       /* 2nd and 98th percentile grey of the image */
	int sharp;        /* permille of an edge's rise that its steepest pixel step
			   * makes: ~500+ sharp, < 300 blurred; -1 no strong edges */
	struct qrprep_rect box; /* around the finder-like centres (empty if none) */
	int triples;      /* three of them placed as a code's finders are (two
			   * equally far from the third at a right angle, of a
			   * size alike), either polarity */
	int triples_inv;
	int timed;        /* triples with a timing pattern between two of the
			   * finders (alternating modules three modules off the
			   * line joining their centres) */
	int timed_inv;
	int tri_dev;      /* of the triple (one with a timing pattern first), in
			   * the polarity with more: how far from a square seen
			   * straight on, permille (unequal arms, or the cosine of
			   * the corner's angle); -1 no triple. A code at a slant
			   * shows 60 or more. */
	int tri_far;      /* 1: its finders higher up look smaller (the top is
			   * the far side), 2: the bottom is, 0: cannot tell */
	struct qrprep_finder code[3]; /* of all three finder-like patterns,
			   * the three whose timing patterns show best once the
			   * perspective their sizes tell is undone
			   * (qrprep_code_homography): a code at however steep
			   * a slant, its corner finder, then the one along its
			   * top edge, then the one down its left edge (as it
			   * reads, unmirrored); */
	int code_inv;     /* ... their polarity (1 light on dark), and */
	int code_timing;  /* ... the permille of the timing patterns' modules
			   * that alternate as they should, on the worse of the
			   * two (0: no three show 650 or more), and */
	int code_n;       /* ... the modules across the code they showed at
			   * (17 + 4 * version; 0 with code_timing 0) */
};

/* The map from a code's plane to src for the look's triple t (code[]:
 * corner, top, left; its pixels scaled by k): (0, 0) the corner finder's centre,
 * (1, 0) the top one's, (0, 1) the left one's, with the perspective the
 * finders' sizes tell (the nearer looks bigger). Returns 0, or -1 when the
 * triple is degenerate. */
int qrprep_code_homography(const struct qrprep_finder t[3], double k, double H[9]);

/* The code of the look's triple t (pixels scaled by k onto src) warped
 * upright into dst: the finders' centres module_px * (*n - 7) apart, *n the
 * modules across the code, with a quiet zone of margin modules round it;
 * *size the side of dst wanted. *n on entry: the modules across when known
 * (the look's code_n, where its timing patterns showed), else 0 to estimate
 * them from the finders' spacing and size (and set *n).
 * With dst NULL, only *size and *n are set. fill outside src.
 * Returns 0, or -1 when the triple says nothing of a code (degenerate, or
 * its side would be over max_side). */
int qrprep_code_warp(const struct qrprep_img *src, const struct qrprep_finder t[3], double k,
		     double module_px, int margin, int max_side, struct qrprep_img *dst, int *size,
		     int *n, uint8_t fill);

/* A point of the warped image (qrprep_code_warp with the same arguments)
 * back in src's pixels. */
void qrprep_code_unwarp_point(const struct qrprep_finder t[3], double k, double module_px,
			      int margin, int n, double x, double y, double *sx, double *sy);

/* Look at src (every row_step-th row): count 1:1:3:1:1 finder-like runs in
 * both polarities, confirmed by the column through their centre, and
 * measure contrast and edge sharpness. Costs a fraction of a zbar run. */
void qrprep_look(const struct qrprep_img *src, int row_step, struct qrprep_look *out);

/* 1 when the look sees light on dark clearly: twice the finder-like
 * patterns and twice the triples of dark on light. Small modules make
 * finder-like texture of either polarity, so a code of them counts as dark
 * mode only then. */
int qrprep_look_clearly_inverted(const struct qrprep_look *lk);

/* Contrast inside r (every step-th row and column of src): the
 * lo_permille-th and hi_permille-th darkest grey into *lo and *hi. A small
 * code on a plain wall holds a few percent of the frame, so the whole
 * frame's percentiles are the wall's, and say "dim" of a code printed black
 * on white. An empty r gives *lo = *hi = 0. */
void qrprep_contrast(const struct qrprep_img *src, const struct qrprep_rect *r, int step,
		     int lo_permille, int hi_permille, int *lo, int *hi);

/* The view in coarse cells: the mean grey of each cell x cell block of src
 * (the last row and column of blocks partial), cell the least of
 * QRPREP_CELL and up that fits cw x ch cells into cap, row by row into out.
 * Costs one read of every second row of src. Returns cw * ch (0 for an
 * empty src or cap < 1). */
#define QRPREP_CELL 20
int qrprep_cells(const struct qrprep_img *src, uint8_t *out, int cap, int *cw, int *ch);

/* The sensor's grain inside r (every second row of src): the median of
 * the grey steps between neighbours along the rows. Inside a code's
 * modules and on a plain wall a clean image steps by 0-1, so the median
 * is the noise's (about its standard deviation), which edges, a small
 * share of the steps, hardly move. 0 for an empty r. */
int qrprep_grain(const struct qrprep_img *src, const struct qrprep_rect *r);

/* Region of interest for the next video frame: the previous hit's box grown
 * by margin_pct percent of its size on each side, clipped to w x h.
 * Returns 0 and fills *roi, or -1 if hit is empty or outside the image. */
int qrprep_roi(const struct qrprep_rect *hit, int w, int h, int margin_pct,
	       struct qrprep_rect *roi);

/* A view of src restricted to r (no copy; r must lie inside src). */
struct qrprep_img qrprep_crop(const struct qrprep_img *src, const struct qrprep_rect *r);

#endif
