/* jpeg.h - the frames of a Motion-JPEG stream (JPEG images back to back,
 * as a USB camera sends them) and what a frame's header says. Decoding is
 * imgload's (imgload_mem_shrunk: libjpeg-turbo straight to grey, scaled).
 * Pure: bytes in, offsets out; no allocation, no I/O. */
#ifndef KIOSK_JPEG_H
#define KIOSK_JPEG_H

#include <stddef.h>
#include <stdint.h>

/* The image size of the JPEG data[len] from its header only. Returns 0 or -1. */
int jpeg_size(const uint8_t *data, size_t len, int *w, int *h);

/* The largest shrink imgload_mem_shrunk() takes (1, 2, 4 or 8) that keeps a
 * w-wide picture at least want pixels wide (1 if it is narrower already). */
int jpeg_shrink_for(int w, int want);

/* The next frame of a Motion-JPEG stream at or after buf[*pos]: its SOI..EOI
 * bytes are buf[*start, *end). Skips bytes between frames; follows the
 * segment lengths, so an embedded thumbnail does not end a frame. Returns 1
 * and advances *pos past it, or 0 when no whole frame is left. */
int mjpeg_next(const uint8_t *buf, size_t len, size_t *pos, size_t *start, size_t *end);

#endif
