/* imgload.c - image bytes to grey buffers, each format through the library
 * made for it: JPEG through libjpeg(-turbo) straight to grey, at a reduced
 * scale when asked; PNG through libpng's simplified API (its errors come
 * back as text, never printed on stderr); WebP through libwebp.
 * Adapter: those three libraries and libc; no SDL, no zbar. */
#include "imgload.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>

/* A progressive JPEG may hold any number of scans, each a pass over the
 * whole image: a tiny crafted file could keep the decoder busy for minutes. */
#define JPEG_MAX_SCANS 256
/* libjpeg's working memory for one image (progressive coefficient buffers). */
#define JPEG_MAX_MEMORY (512L * 1024 * 1024)

/* ------------------------------------------------------------------ grey */

/* Rec.601 luma of RGBA rows, composited over white: the one conversion to
 * grey of every image that is not decoded to grey by its library. */
static void rgba_to_grey(const uint8_t *rgba, int w, int h, size_t pitch, uint8_t *px)
{
	for (int y = 0; y < h; y++) {
		const uint8_t *row = rgba + (size_t)y * pitch;
		uint8_t *o = px + (size_t)y * (size_t)w;

		for (int x = 0; x < w; x++) {
			const uint8_t *p = row + 4 * x;
			unsigned l = (299u * p[0] + 587u * p[1] + 114u * p[2] + 500u) / 1000u;
			/* over white: l*a + 255*(1-a) */
			o[x] = (uint8_t)((l * p[3] + 255u * (255u - p[3]) + 127u) / 255u);
		}
	}
}

/* The mean of each shrink x shrink block (smaller at the right and bottom
 * edges) of src[w*h], into a new buffer of ceil(w/shrink) x ceil(h/shrink).
 * Returns it, or NULL when out of memory. */
static uint8_t *box_shrink(const uint8_t *src, int w, int h, int shrink, int *ow, int *oh)
{
	int nw = (w + shrink - 1) / shrink, nh = (h + shrink - 1) / shrink;
	uint8_t *out = malloc((size_t)nw * (size_t)nh);

	if (!out)
		return NULL;
	for (int by = 0; by < nh; by++)
		for (int bx = 0; bx < nw; bx++) {
			unsigned sum = 0, n = 0;

			for (int y = by * shrink; y < h && y < (by + 1) * shrink; y++)
				for (int x = bx * shrink; x < w && x < (bx + 1) * shrink; x++, n++)
					sum += src[(size_t)y * (size_t)w + (size_t)x];
			out[(size_t)by * (size_t)nw + (size_t)bx] = (uint8_t)((sum + n / 2) / n);
		}
	*ow = nw;
	*oh = nh;
	return out;
}

/* Hand px (w x h, owned) to img, shrunk first when asked. Returns 0, or -1
 * with err (px freed either way). */
static int give(struct imgload *img, uint8_t *px, int w, int h, int shrink, const char *name,
		char err[KERR_LEN])
{
	if (shrink > 1) {
		int nw, nh;
		uint8_t *small = box_shrink(px, w, h, shrink, &nw, &nh);

		free(px);
		if (!small)
			return kerr(err, "cannot read '%s': out of memory", name);
		px = small;
		w = nw;
		h = nh;
	}
	img->px = px;
	img->w = w;
	img->h = h;
	return 0;
}

static int too_large(long w, long h, long max_pixels)
{
	return w <= 0 || h <= 0 || w > max_pixels || h > max_pixels || w * h > max_pixels;
}

/* ------------------------------------------------------------------ PNG */

static int load_png(struct imgload *img, const void *data, int len, const char *name,
		    long max_pixels, int shrink, char err[KERR_LEN])
{
	png_image pi;
	uint8_t *rgba = NULL, *px = NULL;
	size_t stride;

	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&pi, data, (size_t)len))
		return kerr(err, "cannot read '%s': not an image (%s)", name, pi.message);
	if (too_large((long)pi.width, (long)pi.height, max_pixels)) {
		png_image_free(&pi);
		return kerr(err, "cannot read '%s': image too large or empty (%ux%u)", name,
			    pi.width, pi.height);
	}
	pi.format = PNG_FORMAT_RGBA;
	stride = (size_t)pi.width * 4;
	rgba = malloc(stride * pi.height);
	px = malloc((size_t)pi.width * pi.height);
	if (!rgba || !px) {
		png_image_free(&pi);
		free(rgba);
		free(px);
		return kerr(err, "cannot read '%s': out of memory", name);
	}
	if (!png_image_finish_read(&pi, NULL, rgba, (png_int_32)stride, NULL)) {
		/* finish_read frees pi's internals itself on failure */
		kerr(err, "cannot read '%s': not an image (%s)", name, pi.message);
		free(rgba);
		free(px);
		return -1;
	}
	rgba_to_grey(rgba, (int)pi.width, (int)pi.height, stride, px);
	free(rgba);
	return give(img, px, (int)pi.width, (int)pi.height, shrink, name, err);
}

/* ----------------------------------------------------------------- WebP */

static int load_webp(struct imgload *img, const void *data, int len, const char *name,
		     long max_pixels, int shrink, char err[KERR_LEN])
{
	int w = 0, h = 0;
	uint8_t *rgba, *px;

	if (!WebPGetInfo(data, (size_t)len, &w, &h))
		return kerr(err, "cannot read '%s': not an image (PNG, JPEG or WebP)", name);
	if (too_large(w, h, max_pixels))
		return kerr(err, "cannot read '%s': image too large or empty (%dx%d)", name, w, h);
	rgba = WebPDecodeRGBA(data, (size_t)len, &w, &h);
	if (!rgba)
		return kerr(err, "cannot read '%s': not an image (broken WebP data)", name);
	px = malloc((size_t)w * (size_t)h);
	if (!px) {
		WebPFree(rgba);
		return kerr(err, "cannot read '%s': out of memory", name);
	}
	rgba_to_grey(rgba, w, h, (size_t)w * 4, px);
	WebPFree(rgba);
	return give(img, px, w, h, shrink, name, err);
}

/* ----------------------------------------------------------------- JPEG */

struct jpeg_fail {
	struct jpeg_error_mgr pub;
	jmp_buf back;
	char msg[JMSG_LENGTH_MAX];
};

/* libjpeg's fatal errors come here: keep the text, jump back out. */
static void jpeg_fail_exit(j_common_ptr cinfo)
{
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;

	f->pub.format_message(cinfo, f->msg);
	longjmp(f->back, 1);
}

/* Warnings (corrupt data it can decode past): not printed on stderr. */
static void jpeg_quiet(j_common_ptr cinfo)
{
	(void)cinfo;
}

static void jpeg_scans_limit(j_common_ptr cinfo)
{
	j_decompress_ptr d = (j_decompress_ptr)cinfo;
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;

	if (!cinfo->is_decompressor || d->input_scan_number <= JPEG_MAX_SCANS)
		return;
	(void)snprintf(f->msg, sizeof f->msg, "more than %d scans", JPEG_MAX_SCANS);
	longjmp(f->back, 1);
}

/* The JPEG signature: SOI and the start of the next marker. */
static int is_jpeg(const uint8_t *d, int len)
{
	return len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF;
}

static int load_jpeg(struct imgload *img, const void *data, int len, const char *name,
		     long max_pixels, int shrink, char err[KERR_LEN])
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_progress_mgr progress;
	struct jpeg_fail fail;
	/* volatile: changed between setjmp and a longjmp back to it */
	uint8_t *volatile px = NULL;
	int w, h;

	memset(&cinfo, 0, sizeof cinfo);
	cinfo.err = jpeg_std_error(&fail.pub);
	fail.pub.error_exit = jpeg_fail_exit;
	fail.pub.output_message = jpeg_quiet;
	fail.msg[0] = '\0';
	if (setjmp(fail.back)) {
		jpeg_destroy_decompress(&cinfo);
		free(px);
		return kerr(err, "cannot read '%s': not an image (%s)", name, fail.msg);
	}
	jpeg_create_decompress(&cinfo);
	cinfo.mem->max_memory_to_use = JPEG_MAX_MEMORY;
	progress.progress_monitor = jpeg_scans_limit;
	cinfo.progress = &progress;
	jpeg_mem_src(&cinfo, data, (unsigned long)len);
	if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK) {
		jpeg_destroy_decompress(&cinfo);
		return kerr(err, "cannot read '%s': not an image (no JPEG image in it)", name);
	}
	if (too_large((long)cinfo.image_width, (long)cinfo.image_height, max_pixels)) {
		w = (int)cinfo.image_width;
		h = (int)cinfo.image_height;
		jpeg_destroy_decompress(&cinfo);
		return kerr(err, "cannot read '%s': image too large or empty (%dx%d)", name, w, h);
	}
	/* Straight to grey: the Y channel of a colour JPEG, without colour
	 * conversion (CMYK/YCCK have no such channel: converted by libjpeg). */
	if (cinfo.jpeg_color_space != JCS_CMYK && cinfo.jpeg_color_space != JCS_YCCK)
		cinfo.out_color_space = JCS_GRAYSCALE;
	cinfo.scale_num = 1;
	cinfo.scale_denom = (unsigned)shrink;
	cinfo.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&cinfo);
	w = (int)cinfo.output_width;
	h = (int)cinfo.output_height;
	px = malloc((size_t)w * (size_t)h * (size_t)cinfo.output_components);
	if (!px) {
		jpeg_destroy_decompress(&cinfo);
		return kerr(err, "cannot read '%s': out of memory", name);
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = px + (size_t)cinfo.output_scanline * (size_t)w *
				    (size_t)cinfo.output_components;

		(void)jpeg_read_scanlines(&cinfo, &row, 1);
	}
	if (cinfo.output_components != 1) {
		/* CMYK/YCCK as CMYK (Adobe stores it inverted): a rough luma. */
		uint8_t *grey = malloc((size_t)w * (size_t)h);

		if (!grey) {
			jpeg_destroy_decompress(&cinfo);
			free(px);
			return kerr(err, "cannot read '%s': out of memory", name);
		}
		for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
			const uint8_t *p = px + i * (size_t)cinfo.output_components;
			unsigned k = p[3];

			grey[i] = (uint8_t)((299u * p[0] + 587u * p[1] + 114u * p[2]) / 1000u * k / 255u);
		}
		free(px);
		px = grey;
	}
	(void)jpeg_finish_decompress(&cinfo); /* trailing garbage is no reason to fail */
	jpeg_destroy_decompress(&cinfo);
	img->px = px;
	img->w = w;
	img->h = h;
	return 0;
}

/* ---------------------------------------------------------------- entry */

int imgload_mem_shrunk(struct imgload *img, const void *data, int len, const char *name,
		       long max_pixels, int shrink, char err[KERR_LEN])
{
	if (max_pixels <= 0)
		max_pixels = IMGLOAD_MAX_PIXELS;
	if (shrink != 1 && shrink != 2 && shrink != 4 && shrink != 8)
		return kerr(err, "cannot read '%s': shrink %d is not 1, 2, 4 or 8", name, shrink);
	if (len <= 0)
		return kerr(err, "cannot read '%s': empty file", name);
	if (len >= 8 && png_sig_cmp((png_const_bytep)data, 0, 8) == 0)
		return load_png(img, data, len, name, max_pixels, shrink, err);
	if (is_jpeg(data, len))
		return load_jpeg(img, data, len, name, max_pixels, shrink, err);
	return load_webp(img, data, len, name, max_pixels, shrink, err);
}

int imgload_mem(struct imgload *img, const void *data, int len, const char *name,
		long max_pixels, char err[KERR_LEN])
{
	return imgload_mem_shrunk(img, data, len, name, max_pixels, 1, err);
}

int imgload_file(struct imgload *img, const char *path, char err[KERR_LEN])
{
	FILE *f;
	struct stat st;
	void *buf = NULL;
	int rc = -1;

	f = fopen(path, "rb");
	if (!f)
		return kerr(err, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0) {
		kerr(err, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		kerr(err, "cannot read '%s': not a regular file", path);
		goto out;
	}
	/* Lengths are int; larger files are not images we expect. */
	if (st.st_size > 512L * 1024 * 1024) {
		kerr(err, "cannot read '%s': file too large", path);
		goto out;
	}
	if (st.st_size == 0) {
		kerr(err, "cannot read '%s': empty file", path);
		goto out;
	}
	buf = malloc((size_t)st.st_size);
	if (!buf) {
		kerr(err, "cannot read '%s': out of memory", path);
		goto out;
	}
	if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		kerr(err, "cannot read '%s': %s", path, ferror(f) ? strerror(errno) : "short read");
		goto out;
	}
	rc = imgload_mem(img, buf, (int)st.st_size, path, 0, err);
out:
	free(buf);
	/* read-only stream: a close error cannot lose data, the bytes were read */
	(void)fclose(f);
	return rc;
}

void imgload_release(struct imgload *img)
{
	free(img->px);
	img->px = NULL;
	img->w = img->h = 0;
}
