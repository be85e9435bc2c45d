/* imgload.h - read a PNG, JPEG or WebP image (a file, or bytes in memory such
 * as a camera's MJPEG frame) into an 8-bit grey buffer, optionally smaller.
 * Adapter: libjpeg(-turbo), libpng, libwebp; no SDL, no zbar, no scanning. */
#ifndef KIOSK_IMGLOAD_H
#define KIOSK_IMGLOAD_H

#include <stdint.h>

#include "core/kerr.h"

/* Largest image we accept (pixels): bigger files are refused instead of
 * exhausting memory on a crafted header. 64 Mpx covers any phone photo. */
#define IMGLOAD_MAX_PIXELS (64L * 1024 * 1024)

/* A grey image owned by the caller; free px with imgload_release(). */
struct imgload {
	uint8_t *px;   /* w*h bytes, row-major, stride == w */
	int w, h;
};

/* Decode the PNG, JPEG or WebP file at path into img; other formats are
 * refused (less decoder code exposed to strangers' files). Grey is Rec.601
 * luma (a JPEG's own Y channel, decoded straight to grey); transparent
 * pixels are composited over white, as a code printed on paper would be.
 * Returns 0, or -1 with err like "cannot read 'x.png': not an image"
 * (img untouched). Never crashes on garbage input. */
int imgload_file(struct imgload *img, const char *path, char err[KERR_LEN]);

/* Same for bytes already in memory. data is borrowed. Images over
 * max_pixels (0: IMGLOAD_MAX_PIXELS) are refused from their header, before
 * anything is decoded or allocated. */
int imgload_mem(struct imgload *img, const void *data, int len, const char *name,
		long max_pixels, char err[KERR_LEN]);

/* Like imgload_mem, the image shrunk by shrink (1, 2, 4 or 8) in each
 * direction, rounding up: a JPEG is decoded at that scale (libjpeg's DCT
 * scaling, much faster than decoding whole), a PNG or WebP is decoded and
 * then averaged over shrink x shrink blocks. max_pixels applies to the
 * image's full size. */
int imgload_mem_shrunk(struct imgload *img, const void *data, int len, const char *name,
		       long max_pixels, int shrink, char err[KERR_LEN]);

/* Free the pixels; img may be released twice. */
void imgload_release(struct imgload *img);

#endif
