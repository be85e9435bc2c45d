/* qrpng.h - one QR code as a PNG file, big enough to print and to show on a
 * phone. Adapter: libqrencode + libpng + files (atomicfile); no store, no SDL. */
#ifndef KIOSK_QRPNG_H
#define KIOSK_QRPNG_H

#include <stdio.h>

#include "core/kerr.h"

#define QRPNG_QUIET_MODULES 4       /* quiet zone the QR standard asks for */
#define QRPNG_MIN_MODULE_PX 8       /* below this, cheap printers blur modules */
#define QRPNG_MAX_MODULE_PX 16
#define QRPNG_TARGET_PX 450         /* whole image, quiet zone included */
/* Our signed codes (DESIGN.md) must fit version 7 at level M: 178 alphanumeric
 * characters (a windowed code, 146, needs v6). A larger version means the codec changed; fail instead of
 * silently printing dense codes that cheap phone screens cannot show. */
#define QRPNG_TICKET_MAX_VERSION 7

struct qrpng_info {
	int version;       /* QR version used, 1..40 */
	int alphanumeric;  /* 1: whole text in alphanumeric mode, 0: byte mode */
	int module_px;     /* pixels per module */
	int size_px;       /* width = height of the image */
};

/* 1 if every byte of text is in the QR alphanumeric set (0-9 A-Z space $ % * + - . / :)
 * and text is not empty. */
int qrpng_is_alphanumeric(const char *text);

/* Encode text at error correction level M (alphanumeric mode when the text
 * allows it, else 8-bit bytes) in the smallest version and write the PNG to
 * fp (borrowed; not closed; name is only for messages). Fails when the text
 * needs a version above max_version. Returns 0 and fills info (when not
 * NULL), or -1 with err; on -1 the stream holds a partial PNG. */
int qrpng_write_fp(FILE *fp, const char *name, const char *text, int max_version,
		   struct qrpng_info *info, char err[KERR_LEN]);

/* Encode text at error correction level M (alphanumeric mode when the text
 * allows it, else 8-bit bytes) in the smallest version, and write it to path
 * as a 1-bit greyscale PNG with a 4-module quiet zone, atomically (an existing
 * file is replaced whole or not at all; the directory is not fsynced, see
 * atomicfile_sync_dir). Fails when the text needs a version above
 * max_version. Returns 0 and fills info (when not NULL), or -1 with err;
 * nothing is written on failure. */
int qrpng_write(const char *path, const char *text, int max_version,
		struct qrpng_info *info, char err[KERR_LEN]);

#endif
