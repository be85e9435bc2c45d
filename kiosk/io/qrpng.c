/* qrpng.c - QR code to PNG. Adapter: libqrencode, libpng, atomicfile.
 * The bitmap is built in memory first, so the libpng part (which reports
 * errors by longjmp) touches no state that would need to be volatile. */
#include "qrpng.h"

#include <errno.h>
#include <png.h>
#include <qrencode.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"

int qrpng_is_alphanumeric(const char *text)
{
	const char *p;

	if (!text || !*text)
		return 0;
	for (p = text; *p; p++) {
		if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z'))
			continue;
		if (!strchr(" $%*+-./:", *p))
			return 0;
	}
	return 1;
}

/* libpng's error callback: keep the message for err, then unwind. */
struct png_ctx {
	char msg[128];
	int e;         /* errno when libpng gave up: says why a write failed */
};

static void on_png_error(png_structp png, png_const_charp msg)
{
	struct png_ctx *ctx = png_get_error_ptr(png);

	ctx->e = errno;
	(void)snprintf(ctx->msg, sizeof ctx->msg, "%s", msg);
	png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
	(void)png; /* warnings do not make a wrong image; nothing to do */
	(void)msg;
}

/* Write rows (size_px rows of stride bytes, 1 bit per pixel, 1 = white) to fp.
 * Returns 0 or -1 with err. */
static int png_put(FILE *fp, const char *path, const uint8_t *bits, int size_px,
		   size_t stride, char err[KERR_LEN])
{
	struct png_ctx ctx = {"", 0};
	png_structp png;
	png_infop info = NULL;
	int y;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, on_png_error, on_png_warning);
	if (!png)
		return kerr(err, "cannot write '%s': out of memory", path);
	info = png_create_info_struct(png);
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		return kerr(err, "cannot write '%s': out of memory", path);
	}
	/* Only png, info and ctx are used after setjmp, and none is changed
	 * between setjmp and a longjmp, so none needs to be volatile. */
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		if (ctx.e)
			return kerr(err, "cannot write '%s': %s (%s)", path, strerror(ctx.e), ctx.msg);
		return kerr(err, "cannot write '%s': libpng: %s", path, ctx.msg);
	}
	errno = 0; /* so on_png_error sees the errno of the failing write only */
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)size_px, (png_uint_32)size_px, 1,
		     PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	/* Physical size hint: 10 px/mm (254 dpi) makes a v7 code ~45 mm wide
	 * when an image viewer prints at "actual size". */
	png_set_pHYs(png, info, 10000, 10000, PNG_RESOLUTION_METER);
	png_write_info(png, info);
	for (y = 0; y < size_px; y++)
		png_write_row(png, (png_const_bytep)(bits + (size_t)y * stride));
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return 0;
}

int qrpng_write_fp(FILE *fp, const char *path, const char *text, int max_version,
		   struct qrpng_info *info, char err[KERR_LEN])
{
	QRinput *in = NULL;
	QRcode *qr = NULL;
	uint8_t *bits = NULL;
	size_t len, stride;
	int alnum, modules, scale, size_px, x, y, rc = -1;

	if (!text || !*text)
		return kerr(err, "cannot make a QR code of an empty text");
	len = strlen(text);
	if (len > 7089) /* the most any QR code holds (v40, numeric) */
		return kerr(err, "text of %zu bytes is too long for a QR code", len);
	alnum = qrpng_is_alphanumeric(text);

	/* Version 0 asks libqrencode for the smallest version that fits. The
	 * whole text goes in as one segment of one mode, so an alphanumeric code
	 * never falls back to byte mode (which needs v9 for 146 characters). */
	in = QRinput_new2(0, QR_ECLEVEL_M);
	if (!in)
		return kerr(err, "cannot encode QR code: %s", strerror(errno));
	if (QRinput_append(in, alnum ? QR_MODE_AN : QR_MODE_8, (int)len,
			   (const unsigned char *)text) != 0) {
		kerr(err, "cannot encode QR code: %s", strerror(errno));
		goto out;
	}
	qr = QRcode_encodeInput(in);
	if (!qr) {
		if (errno == ERANGE)
			kerr(err, "text of %zu characters is too long for a QR code", len);
		else
			kerr(err, "cannot encode QR code: %s", strerror(errno));
		goto out;
	}
	if (qr->version > max_version) {
		kerr(err, "code of %zu characters needs QR version %d (at most %d allowed at level M)",
		     len, qr->version, max_version);
		goto out;
	}

	modules = qr->width + 2 * QRPNG_QUIET_MODULES;
	scale = QRPNG_TARGET_PX / modules;
	if (scale < QRPNG_MIN_MODULE_PX)
		scale = QRPNG_MIN_MODULE_PX;
	if (scale > QRPNG_MAX_MODULE_PX)
		scale = QRPNG_MAX_MODULE_PX;
	size_px = modules * scale; /* <= 177+8 modules * 16 px: no overflow */
	stride = ((size_t)size_px + 7) / 8;
	bits = malloc(stride * (size_t)size_px);
	if (!bits) {
		kerr(err, "cannot write '%s': out of memory", path);
		goto out;
	}
	memset(bits, 0xff, stride * (size_t)size_px); /* all white: the quiet zone */
	for (y = 0; y < qr->width; y++) {
		uint8_t *row = bits + (size_t)(QRPNG_QUIET_MODULES + y) * scale * stride;
		int r;

		for (x = 0; x < qr->width; x++) {
			int px0, px;

			if (!(qr->data[y * qr->width + x] & 1))
				continue; /* light module */
			px0 = (QRPNG_QUIET_MODULES + x) * scale;
			for (px = px0; px < px0 + scale; px++)
				row[px / 8] &= (uint8_t)~(0x80u >> (px % 8));
		}
		/* The other pixel rows of this module row are copies. */
		for (r = 1; r < scale; r++)
			memcpy(row + (size_t)r * stride, row, stride);
	}

	if (png_put(fp, path, bits, size_px, stride, err) != 0)
		goto out;
	if (info) {
		info->version = qr->version;
		info->alphanumeric = alnum;
		info->module_px = scale;
		info->size_px = size_px;
	}
	rc = 0;
out:
	free(bits);
	if (qr)
		QRcode_free(qr);
	QRinput_free(in); /* in is never NULL here */
	return rc;
}

int qrpng_write(const char *path, const char *text, int max_version,
		struct qrpng_info *info, char err[KERR_LEN])
{
	struct atomicfile af;

	/* On any failure (text too long, disk full) the temp file goes and
	 * the file at path stays as it was. */
	if (!text || !*text)
		return kerr(err, "cannot make a QR code of an empty text");
	if (atomicfile_open(&af, path, 0600, err) != 0)
		return -1;
	if (qrpng_write_fp(af.fp, path, text, max_version, info, err) != 0) {
		atomicfile_abort(&af);
		return -1;
	}
	return atomicfile_commit(&af, 0, err);
}
