/* textenc.c - sign-up sheet bytes to UTF-8 (see textenc.h). Pure: libc only.
 * Parses untrusted bytes: fuzzed by tests/fuzz_textenc.c. */
#include "textenc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Windows-1252 0x80..0x9F (0 where the code page has no character). */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

const char *textenc_name(enum textenc enc)
{
	static const char *const names[] = {"UTF-8", "UTF-8 with BOM", "UTF-16 LE", "UTF-16 BE",
					    "Windows-1252"};

	return (unsigned)enc < sizeof names / sizeof names[0] ? names[enc] : "?";
}

static size_t put(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3F));
	o[2] = (char)(0x80 | (c >> 6 & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* 1 if s[0..n) is strict UTF-8 (no overlongs, no surrogates). */
static int is_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		int more = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
			 : (c & 0xF8) == 0xF0 ? 3 : -1;
		uint32_t cp;
		int k;

		if (more < 0 || (more == 1 && c < 0xC2) || i + (size_t)more >= n)
			return 0;
		cp = more ? c & (0x3Fu >> more) : c;
		for (k = 1; k <= more; k++) {
			if ((s[i + (size_t)k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + (size_t)k] & 0x3Fu);
		}
		if ((more == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += (size_t)more + 1;
	}
	return 1;
}

/* 1 if s[0..n) holds a lead byte followed by the continuation bytes it
 * announces: text meant as UTF-8 (maybe broken), never Windows-1252, whose
 * accented letters stand between plain ones. */
static int has_utf8_shape(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned c = s[i];
		int more = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
		int k;

		if (!more || i + (size_t)more >= n)
			continue;
		for (k = 1; k <= more && (s[i + (size_t)k] & 0xC0) == 0x80; k++)
			;
		if (k > more)
			return 1;
	}
	return 0;
}

static int utf16(const unsigned char *in, size_t len, int be, char *o, size_t *olen,
		 char err[KERR_LEN])
{
	size_t i, w = 0;

	if (len % 2)
		len--; /* a stray last byte: not a character */
	for (i = 0; i + 1 < len; i += 2) {
		uint32_t u = be ? (uint32_t)in[i] << 8 | in[i + 1] : (uint32_t)in[i + 1] << 8 | in[i];

		if (u >= 0xD800 && u <= 0xDBFF) {
			uint32_t l;

			if (i + 3 >= len)
				return kerr(err, "the UTF-16 text ends inside a character");
			l = be ? (uint32_t)in[i + 2] << 8 | in[i + 3] : (uint32_t)in[i + 3] << 8 | in[i + 2];
			if (l < 0xDC00 || l > 0xDFFF)
				return kerr(err, "broken UTF-16 at byte %zu", i);
			u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
			i += 2;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			return kerr(err, "broken UTF-16 at byte %zu", i);
		}
		if (u == 0)
			return kerr(err, "a NUL character at byte %zu: not a text file", i);
		w += put(o + w, u);
	}
	*olen = w;
	return 0;
}

int textenc_to_utf8(const char *in_, size_t len, char **out, size_t *out_len, enum textenc *enc,
		    char err[KERR_LEN])
{
	const unsigned char *in = (const unsigned char *)in_;
	size_t i, w = 0, cap;
	char *o;
	int be = 0;

	*out = NULL;
	*out_len = 0;
	if (len > ((size_t)-1) / 4 - 4)
		return kerr(err, "the file is too large");
	/* 3 bytes of UTF-8 per byte is the most any of these needs (cp1252 € and
	 * friends; UTF-16 gives at most 3 per 2 bytes). */
	cap = len * 3 + 2;
	if (!(o = malloc(cap)))
		return kerr(err, "out of memory");
	if (len >= 2 && ((in[0] == 0xFF && in[1] == 0xFE) || (in[0] == 0xFE && in[1] == 0xFF))) {
		be = in[0] == 0xFE;
		*enc = be ? TEXTENC_UTF16BE : TEXTENC_UTF16LE;
		if (utf16(in + 2, len - 2, be, o, &w, err) != 0)
			goto fail;
	} else if (len >= 4 && ((in[1] == 0 && in[3] == 0 && in[0] && in[2]) ||
				(in[0] == 0 && in[2] == 0 && in[1] && in[3]))) {
		be = in[0] == 0;
		*enc = be ? TEXTENC_UTF16BE : TEXTENC_UTF16LE;
		if (utf16(in, len, be, o, &w, err) != 0)
			goto fail;
	} else {
		size_t start = len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

		/* A NUL is passed on: the CSV reader names its line. */
		/* Broken UTF-8 (an overlong form, a surrogate) stays as it is: the
		 * roster names its line; only text with no UTF-8 in it at all is
		 * read as Windows-1252. */
		if (start || is_utf8(in + start, len - start) || has_utf8_shape(in, len)) {
			*enc = start ? TEXTENC_UTF8_BOM : TEXTENC_UTF8;
			memcpy(o, in + start, len - start);
			w = len - start;
		} else {
			*enc = TEXTENC_CP1252;
			for (i = 0; i < len; i++) {
				uint32_t c = in[i];

				if (c >= 0x80 && c < 0xA0)
					c = cp1252[c - 0x80] ? cp1252[c - 0x80] : 0xFFFD;
				w += put(o + w, c);
			}
		}
	}
	o[w] = '\0';
	o[w + 1] = '\0';
	*out = o;
	*out_len = w;
	return 0;
fail:
	free(o);
	return -1;
}
