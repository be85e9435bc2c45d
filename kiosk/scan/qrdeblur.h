/* qrdeblur.h - undo the motion blur of a code moved in a hand: a straight
 * smear of L pixels along the rows or the columns. The blur's length and
 * axis are read off the image (the autocorrelation of a blurred image's
 * gradient along the smear dips at the smear's length, while a sharp or a
 * defocused code dips at its module size on both axes), and a Wiener filter
 * along that axis, row by row (or column by column) through a small FFT,
 * brings the edges back. With the sensor noise of one frame it reads smears
 * of about two modules; on the mean of a few aligned frames (qrfuse.h) up
 * to four. A defocus (a Gaussian blur) is undone the same way along both
 * axes (qrdeblur_defocus). Pure core: grey buffers in, grey buffers out; libc only, no
 * zbar, I/O, clock or allocation (the caller passes the memory). */
#ifndef KIOSK_QRDEBLUR_H
#define KIOSK_QRDEBLUR_H

#include <stddef.h>

#include "qrprep.h"

/* Smears looked for: QRDEBLUR_MIN_LEN..QRDEBLUR_MAX_LEN pixels. */
#define QRDEBLUR_MIN_LEN 6
#define QRDEBLUR_MAX_LEN 32
/* Images smaller than this on a side are too small to tell a smear in. */
#define QRDEBLUR_MIN_SIDE (2 * QRDEBLUR_MAX_LEN)
/* Longest row or column the filter takes (its FFT size, a power of two,
 * holds the row and a wrap-round ramp of twice the smear). */
#define QRDEBLUR_MAX_FFT 1024

enum qrdeblur_axis { QRDEBLUR_NONE, QRDEBLUR_ROWS, QRDEBLUR_COLS };

struct qrdeblur_blur {
	enum qrdeblur_axis axis; /* the smear's direction, or none seen */
	int len;                 /* its length in pixels */
	struct qrprep_rect area; /* where it was read: the busiest square of
				  * QRDEBLUR_AREA pixels a side (all of a
				  * smaller image) */
};

/* Side of the square the smear is read in: a code in a wider view (a
 * half-size frame) is where the edges are; the sensor noise elsewhere has
 * as much gradient on both axes and would hide it. */
#define QRDEBLUR_AREA 256

/* The motion blur im shows: axis QRDEBLUR_NONE when it is sharp, defocused
 * (no direction stands out), too small to tell, or smeared along neither
 * axis. */
void qrdeblur_estimate(const struct qrprep_img *im, struct qrdeblur_blur *b);

/* Bytes of work memory qrdeblur_wiener() needs for an image of w x h. */
size_t qrdeblur_work_bytes(int w, int h);

/* Undo blur b on in into out (same size; out may not be in) with a Wiener
 * filter of noise-to-signal ratio k (about 0.04 for one frame's noise,
 * less for a mean of frames). work holds cap bytes, aligned for float.
 * Returns 0, or -1 (out untouched) when b says no blur, the image is too
 * long along the axis or work too short. */
int qrdeblur_wiener(const struct qrprep_img *in, struct qrprep_img *out,
		    const struct qrdeblur_blur *b, float k, void *work, size_t cap);

/* Defocus (a Gaussian blur) undone: sigma from QRDEBLUR_MIN_SIGMA to
 * QRDEBLUR_MAX_SIGMA pixels. */
#define QRDEBLUR_MIN_SIGMA 0.5f
#define QRDEBLUR_MAX_SIGMA 8.0f

/* Undo a defocus of sigma pixels on in into out (same size; out may not be
 * in): a Wiener filter of noise-to-signal ratio k for a Gaussian blur,
 * along the rows and then the columns. A code whose finders the blur has
 * hidden from the look (modules of 5 pixels under a blur of about 3.5,
 * a ninth of their contrast left) reads again. work holds cap bytes
 * (qrdeblur_work_bytes), aligned for float. Returns 0, or -1 (out
 * untouched) when sigma is out of range, k is not above 0, a side is
 * longer than the FFT holds or work too short. */
int qrdeblur_defocus(const struct qrprep_img *in, struct qrprep_img *out, float sigma, float k,
		     void *work, size_t cap);

#endif
