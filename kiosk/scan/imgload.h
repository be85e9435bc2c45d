/* imgload.h - read a PNG, JPEG or WebP file into an 8-bit grey buffer.
 * Adapter: SDL2_image for decoding (no SDL video needed); must not depend on
 * zbar or on the scanning pipeline. */
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
 * luma; transparent pixels are composited over white, as a code printed on
 * paper would be.
 * Returns 0, or -1 with err like "cannot read 'x.png': not an image"
 * (img untouched). Never crashes on garbage input. */
int imgload_file(struct imgload *img, const char *path, char err[KERR_LEN]);

/* Same for a file already in memory (tests, fuzzing). data is borrowed.
 * Images over max_pixels (0: IMGLOAD_MAX_PIXELS) are refused from their
 * header, before anything is decoded or allocated. */
int imgload_mem(struct imgload *img, const void *data, int len, const char *name,
		long max_pixels, char err[KERR_LEN]);

/* Free the pixels; img may be released twice. */
void imgload_release(struct imgload *img);

#endif
