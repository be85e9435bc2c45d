/* jpeg.h - JPEG bytes straight to 8-bit grey with libjpeg-turbo (the luma
 * plane, no colour conversion), optionally scaled down while decoding; and
 * the frames of a Motion-JPEG stream (JPEG images back to back, as a USB
 * camera sends them). Adapter: libjpeg only; buffers in, buffers out. */
#ifndef KIOSK_JPEG_H
#define KIOSK_JPEG_H

#include <stddef.h>
#include <stdint.h>

#include "core/kerr.h"

/* Largest picture decoded (pixels): a crafted header gets refused before
 * any allocation. */
#define JPEG_MAX_PIXELS (64L * 1024 * 1024)

/* Decode the JPEG data[len] into *px as grey, scaled by scale8/8 (1..8;
 * libjpeg-turbo scales inside the IDCT, so 4 costs about a quarter).
 * *px is grown with realloc to *cap bytes when needed and reused otherwise
 * (one buffer for every frame of a camera); rows are *w bytes apart.
 * Camera frames without Huffman tables decode with the standard ones.
 * Returns 0, or -1 with err (not a JPEG, truncated, too big); never
 * crashes on garbage. */
int jpeg_grey(const uint8_t *data, size_t len, int scale8, uint8_t **px, size_t *cap, int *w,
	      int *h, char err[KERR_LEN]);

/* The image size of the JPEG data[len] from its header only. Returns 0 or -1. */
int jpeg_size(const uint8_t *data, size_t len, int *w, int *h);

/* The smallest scale (in eighths) that keeps a w-wide picture at least
 * want pixels wide (8 if it is narrower already). */
int jpeg_scale_for(int w, int want);

/* The next frame of a Motion-JPEG stream at or after buf[*pos]: its SOI..EOI
 * bytes are buf[*start, *end). Skips bytes between frames; follows the
 * segment lengths, so an embedded thumbnail does not end a frame. Returns 1
 * and advances *pos past it, or 0 when no whole frame is left. */
int mjpeg_next(const uint8_t *buf, size_t len, size_t *pos, size_t *start, size_t *end);

#endif
