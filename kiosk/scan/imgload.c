/* imgload.c - image files to grey buffers: PNG through libpng's simplified
 * API (its errors come back as text instead of being printed on stderr, as
 * libpng's default handler inside SDL2_image does), JPEG and WebP through
 * SDL2_image. Adapter: SDL surfaces only (never SDL_Init(VIDEO)), no zbar. */
#include "imgload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <png.h>
#include <SDL.h>
#include <SDL_image.h>
#include <webp/decode.h>

/* Width and height from a JPEG's SOF segment, without decoding: the decoder
 * would allocate whatever a 2 KB file claims. Returns 0 or -1. */
static int jpeg_size(const uint8_t *d, size_t n, long *w, long *h)
{
	size_t i = 2;

	if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return -1;
	while (i + 4 <= n) {
		unsigned m, len;
		if (d[i] != 0xFF)
			return -1;
		m = d[i + 1];
		if (m == 0xFF) { /* fill byte */
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { /* no length */
			i += 2;
			continue;
		}
		len = (unsigned)d[i + 2] << 8 | d[i + 3];
		if (len < 2)
			return -1;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (i + 9 > n || len < 7)
				return -1;
			*h = (long)d[i + 5] << 8 | d[i + 6];
			*w = (long)d[i + 7] << 8 | d[i + 8];
			return 0;
		}
		if (m == 0xDA || m == 0xD9) /* scan data before any frame header */
			return -1;
		i += 2 + len;
	}
	return -1;
}

/* Rec.601 luma of RGBA rows, composited over white. */
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

static int load_png(struct imgload *img, const void *data, int len, const char *name,
		    long max_pixels, char err[KERR_LEN])
{
	png_image pi;
	uint8_t *rgba = NULL, *px = NULL;
	size_t stride;

	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&pi, data, (size_t)len))
		return kerr(err, "cannot read '%s': not an image (%s)", name, pi.message);
	if (pi.width == 0 || pi.height == 0 ||
	    (long)pi.width * (long)pi.height > max_pixels) {
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
	img->px = px;
	img->w = (int)pi.width;
	img->h = (int)pi.height;
	return 0;
}

static int from_surface(struct imgload *img, SDL_Surface *raw, const char *name,
			char err[KERR_LEN])
{
	SDL_Surface *s;
	uint8_t *px;
	int rc = -1;

	if (raw->w <= 0 || raw->h <= 0 ||
	    (long)raw->w * (long)raw->h > IMGLOAD_MAX_PIXELS)
		return kerr(err, "cannot read '%s': image too large or empty (%dx%d)", name,
			    raw->w, raw->h);
	/* RGBA32 is byte order R,G,B,A on every host, whatever the source was. */
	s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGBA32, 0);
	if (!s)
		return kerr(err, "cannot read '%s': %s", name, SDL_GetError());
	px = malloc((size_t)s->w * (size_t)s->h);
	if (!px) {
		kerr(err, "cannot read '%s': out of memory", name);
		goto out;
	}
	if (SDL_MUSTLOCK(s) && SDL_LockSurface(s) != 0) {
		free(px);
		kerr(err, "cannot read '%s': %s", name, SDL_GetError());
		goto out;
	}
	rgba_to_grey(s->pixels, s->w, s->h, (size_t)s->pitch, px);
	if (SDL_MUSTLOCK(s))
		SDL_UnlockSurface(s);
	img->px = px;
	img->w = s->w;
	img->h = s->h;
	rc = 0;
out:
	SDL_FreeSurface(s);
	return rc;
}

int imgload_mem(struct imgload *img, const void *data, int len, const char *name,
		long max_pixels, char err[KERR_LEN])
{
	SDL_RWops *rw;
	SDL_Surface *raw;
	int rc;

	long w = 0, h = 0;
	int ww = 0, wh = 0;

	if (max_pixels <= 0)
		max_pixels = IMGLOAD_MAX_PIXELS;
	if (len <= 0)
		return kerr(err, "cannot read '%s': empty file", name);
	if (len >= 8 && png_sig_cmp((png_const_bytep)data, 0, 8) == 0)
		return load_png(img, data, len, name, max_pixels, err);
	if (jpeg_size(data, (size_t)len, &w, &h) != 0) {
		if (!WebPGetInfo(data, (size_t)len, &ww, &wh))
			return kerr(err, "cannot read '%s': not an image (PNG, JPEG or WebP)", name);
		w = ww;
		h = wh;
	}
	if (w <= 0 || h <= 0 || w * h > max_pixels)
		return kerr(err, "cannot read '%s': image too large or empty (%ldx%ld)", name, w, h);
	rw = SDL_RWFromConstMem(data, len);
	if (!rw)
		return kerr(err, "cannot read '%s': %s", name, SDL_GetError());
	/* Only JPEG and WebP get here (checked above): every other SDL_image
	 * decoder (SVG, TGA, XCF, ...) would be attack surface and no use. */
	raw = IMG_LoadTyped_RW(rw, 1, IMG_isJPG(rw) ? "JPG" : "WEBP"); /* 1: frees rw */
	if (!raw)
		return kerr(err, "cannot read '%s': not an image (%s)", name, IMG_GetError());
	rc = from_surface(img, raw, name, err);
	SDL_FreeSurface(raw);
	return rc;
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
	/* SDL_RWops sizes are int; larger files are not images we expect. */
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
