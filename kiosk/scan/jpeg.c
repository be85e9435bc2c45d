/* jpeg.c - JPEG to grey with libjpeg-turbo, and Motion-JPEG framing.
 * Adapter: the only module that talks to libjpeg. */
#include "jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
};

static void on_error(j_common_ptr cinfo)
{
	struct jerr *e = (struct jerr *)cinfo->err;

	cinfo->err->format_message(cinfo, e->msg);
	longjmp(e->jump, 1);
}

/* Warnings (a corrupt stretch of data) are not errors: a camera frame with
 * a damaged block still shows most of the code. Silence them. */
static void on_message(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

int jpeg_scale_for(int w, int want)
{
	int s = 1;

	while (s < 8 && (long)w * s / 8 < want)
		s++;
	return s;
}

int jpeg_grey(const uint8_t *data, size_t len, int scale8, uint8_t **px, size_t *cap, int *w,
	      int *h, char err[KERR_LEN])
{
	struct jpeg_decompress_struct ci;
	struct jerr e;
	size_t need;

	if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
		return kerr(err, "not a JPEG image");
	if (len > 0xFFFFFFFFul)
		return kerr(err, "JPEG image too big");
	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = on_error;
	e.mgr.emit_message = on_message;
	e.msg[0] = '\0';
	if (setjmp(e.jump)) {
		jpeg_destroy_decompress(&ci);
		return kerr(err, "bad JPEG image: %s", e.msg);
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, data, (unsigned long)len);
	if (jpeg_read_header(&ci, TRUE) != JPEG_HEADER_OK) {
		jpeg_destroy_decompress(&ci);
		return kerr(err, "bad JPEG image: no header");
	}
	if ((long)ci.image_width * ci.image_height > JPEG_MAX_PIXELS) {
		jpeg_destroy_decompress(&ci);
		return kerr(err, "JPEG image too big: %ux%u", ci.image_width, ci.image_height);
	}
	ci.out_color_space = JCS_GRAYSCALE; /* YCbCr: the Y plane as it is */
	ci.scale_num = (unsigned)(scale8 < 1 ? 1 : scale8 > 8 ? 8 : scale8);
	ci.scale_denom = 8;
	ci.dct_method = JDCT_ISLOW;
	jpeg_calc_output_dimensions(&ci);
	need = (size_t)ci.output_width * ci.output_height;
	if (need == 0) {
		jpeg_destroy_decompress(&ci);
		return kerr(err, "bad JPEG image: empty");
	}
	if (need > *cap) {
		uint8_t *p = realloc(*px, need);
		if (!p) {
			jpeg_destroy_decompress(&ci);
			return kerr(err, "out of memory for a %ux%u JPEG image", ci.output_width,
				    ci.output_height);
		}
		*px = p;
		*cap = need;
	}
	(void)jpeg_start_decompress(&ci);
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW row = *px + (size_t)ci.output_scanline * ci.output_width;
		if (jpeg_read_scanlines(&ci, &row, 1) != 1)
			break; /* truncated: the rest stays as it was */
	}
	*w = (int)ci.output_width;
	*h = (int)ci.output_height;
	(void)jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	return 0;
}

int jpeg_size(const uint8_t *data, size_t len, int *w, int *h)
{
	size_t i = 2;

	if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
		return -1;
	while (i + 4 <= len) {
		unsigned m, seg;
		if (data[i] != 0xFF)
			return -1;
		m = data[i + 1];
		if (m == 0xFF) {
			i++;
			continue;
		}
		seg = (unsigned)data[i + 2] << 8 | data[i + 3];
		if (seg < 2)
			return -1;
		/* SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC) */
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (i + 9 > len)
				return -1;
			*h = data[i + 5] << 8 | data[i + 6];
			*w = data[i + 7] << 8 | data[i + 8];
			return *w > 0 && *h > 0 ? 0 : -1;
		}
		if (m == 0xDA)
			return -1; /* scan data before a frame header */
		i += 2 + seg;
	}
	return -1;
}

int mjpeg_next(const uint8_t *buf, size_t len, size_t *pos, size_t *start, size_t *end)
{
	size_t i = *pos;

	for (;;) {
		/* the next SOI */
		while (i + 1 < len && !(buf[i] == 0xFF && buf[i + 1] == 0xD8))
			i++;
		if (i + 1 >= len) {
			*pos = len;
			return 0;
		}
		size_t s = i, j = i + 2;
		int in_scan = 0, ok = 0;
		while (j + 1 < len) {
			unsigned m;
			if (buf[j] != 0xFF) {
				if (!in_scan)
					break; /* not a marker where one must be: resync */
				j++;
				continue;
			}
			m = buf[j + 1];
			if (m == 0xFF) { /* fill byte */
				j++;
				continue;
			}
			if (in_scan && (m == 0x00 || (m >= 0xD0 && m <= 0xD7))) {
				j += 2; /* stuffed byte or restart marker */
				continue;
			}
			if (m == 0xD9) {
				ok = 1;
				j += 2;
				break;
			}
			if (m == 0xD8)
				break; /* a new image before this one ended: resync there */
			if (j + 4 > len)
				break;
			unsigned seg = (unsigned)buf[j + 2] << 8 | buf[j + 3];
			if (seg < 2)
				break;
			j += 2 + seg;
			in_scan = m == 0xDA;
		}
		if (ok) {
			*start = s;
			*end = j;
			*pos = j;
			return 1;
		}
		if (j + 1 >= len) {
			*pos = len;
			return 0;
		}
		i = s + 2; /* a broken frame: look for the next SOI after it */
	}
}
