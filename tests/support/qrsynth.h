/* qrsynth.h - synthetic camera views of a QR code, for tests and benchmarks:
 * rotation, tilt, defocus, motion blur, noise, glare, dim light, small size,
 * dark-mode inversion, a finger over a corner. Pure core: libc and qrprep
 * only; deterministic for a given seed (no clock, no rand()). */
#ifndef KIOSK_QRSYNTH_H
#define KIOSK_QRSYNTH_H

#include <stdint.h>

struct qrsynth {
	double angle_deg;   /* rotation in the image plane */
	double tilt;        /* perspective: 0 flat, 0.3 strong (top edge smaller) */
	double module_px;   /* pixels per module in the middle of the code */
	int cx, cy;         /* where the code's centre lands in the image */
	int defocus;        /* box-blur radius, applied three times (~Gaussian) */
	int motion;         /* horizontal motion blur length in pixels */
	int noise;          /* amplitude of uniform noise, grey levels */
	int glare;          /* peak brightness added by a reflection spot */
	int dim;            /* contrast in percent: 100 full, 30 dim room */
	int invert;         /* 1: light modules on dark (phone dark mode) */
	int finger;         /* 1: a dark blob over the corner without a finder */
	int background;     /* grey level around the code's quiet zone */
	uint32_t seed;
};

/* Render the n x n module matrix (nonzero = dark module) with a 4-module
 * quiet zone into out (w x h, stride w), background elsewhere.
 * scratch holds qrprep_scratch_size(w, h) bytes plus w*h bytes.
 * Returns 0, or -1 if the arguments make no sense. */
int qrsynth_render(const uint8_t *modules, int n, const struct qrsynth *p, uint8_t *out, int w,
		   int h, void *scratch);

/* A deterministic pseudo-random number (xorshift32); *state must be nonzero. */
uint32_t qrsynth_rand(uint32_t *state);

#endif
