/* qrtext.h - the bytes of a QR code to UTF-8 text, and text to one safe line.
 * Pure core: libc and iconv only (no zbar, no I/O), so it is unit-tested and
 * fuzzed on its own. */
#ifndef KIOSK_QRTEXT_H
#define KIOSK_QRTEXT_H

#include <stddef.h>

#include "kerr.h"

/* Which character set qrtext_to_utf8() decided the bytes were in. */
enum qrtext_charset {
	QRTEXT_UTF8 = 0,   /* valid UTF-8 (ASCII included): copied unchanged */
	QRTEXT_SJIS,       /* Shift_JIS (Japanese phones and generators) */
	QRTEXT_GB18030,    /* GB18030 / GBK / GB2312 (Chinese generators) */
	QRTEXT_LATIN1,     /* ISO-8859-1, the QR standard's default */
};

/* Convert the bytes of a byte-mode QR payload, whose character set the code
 * did not state (zbar's ZBAR_CFG_BINARY already applies an ECI it knows and
 * hands us the raw bytes otherwise), to UTF-8.
 * Order of belief: valid UTF-8 > Shift_JIS or GB18030 when the bytes parse as
 * one of them and look like Japanese or Chinese > ISO-8859-1.
 * Writes at most cap bytes to out plus a terminating NUL (so out needs
 * cap+1 bytes) and the length to *outlen; 4*n bytes always suffice.
 * Returns the charset used (>= 0), or -1 with err when out is too small or
 * iconv is unavailable. */
int qrtext_to_utf8(const unsigned char *in, size_t n, char *out, size_t cap, size_t *outlen,
		   char err[KERR_LEN]);

/* As qrtext_to_utf8(), for bytes whose character set the code stated
 * (cs: its Kanji or Hanzi segments, an ECI): converted as cs, or guessed
 * as qrtext_to_utf8() does when they are not valid in it. */
int qrtext_stated_to_utf8(int cs, const unsigned char *in, size_t n, char *out, size_t cap,
			  size_t *outlen, char err[KERR_LEN]);

/* Name of a charset for messages ("UTF-8", "Shift_JIS", ...). */
const char *qrtext_charset_name(int cs);

/* Write text as one line that cannot drive a terminal: backslash, newline,
 * CR and TAB become \\ \n \r \t; every other control character (NUL, ESC,
 * BEL, DEL, and the C1 controls U+0080..U+009F as their two UTF-8 bytes)
 * becomes \xHH per byte; other bytes are copied (the score-decoder and
 * `kiosk scan` format). Writes at most cap bytes plus a NUL; 4*n bytes
 * always suffice.
 * Returns the escaped length, or -1 with err if cap is too small. */
long qrtext_escape(const char *text, size_t n, char *out, size_t cap, char err[KERR_LEN]);

#endif
