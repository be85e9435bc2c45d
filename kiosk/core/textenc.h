/* textenc.h - a sign-up sheet's bytes as UTF-8, whatever saved them: a Meta
 * lead-form export (UTF-16 LE with a BOM), UTF-16 BE, UTF-8 with or without a
 * BOM, or an Excel "CSV" in Windows-1252. Pure: libc only (malloc). */
#ifndef KIOSK_TEXTENC_H
#define KIOSK_TEXTENC_H

#include <stddef.h>

#include "kerr.h"

enum textenc { TEXTENC_UTF8, TEXTENC_UTF8_BOM, TEXTENC_UTF16LE, TEXTENC_UTF16BE, TEXTENC_CP1252 };

/* Decode in[0..len) to UTF-8 (without a BOM) in a new buffer *out of *out_len
 * bytes plus a NUL and one spare byte (csv_init may write buf[len]); the
 * caller frees it. *enc says what was found. UTF-16 is recognised by its BOM,
 * or without one when every second byte of the start is NUL (ASCII-heavy
 * text); a file with no UTF-8 sequence in it (not even a broken one) and
 * bytes above 0x7F is read as Windows-1252; broken UTF-8 is passed on as it
 * is, for the roster to name its line, as is a NUL byte (the CSV reader
 * refuses it with its line). Returns 0, or -1 with err. */
int textenc_to_utf8(const char *in, size_t len, char **out, size_t *out_len, enum textenc *enc,
		    char err[KERR_LEN]);

/* "UTF-8", "UTF-16 LE", ... for messages. */
const char *textenc_name(enum textenc enc);

#endif
