/* qrtext.c - charset detection for QR byte payloads, and line escaping.
 * Pure core: libc and iconv only. The heuristics are documented at each
 * rule; they follow what real Japanese and Chinese generators emit. */
#include "qrtext.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Byte-level analysis                                                 */

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
static int is_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; min = 0x80; }
		else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; min = 0x800; }
		else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; min = 0x10000; }
		else return 0;
		if (n - i - 1 < k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

struct sjis_stats {
	int valid;
	int doubles;      /* two-byte characters */
	int uncommon;     /* two-byte characters outside JIS X 0208's main rows */
	int kana;         /* full-width hiragana/katakana */
	int half;         /* half-width katakana */
	int half_run;     /* longest run of half-width katakana */
	int marks_ok;     /* every half-width (semi-)voiced mark follows a kana that takes it */
};

static int sjis_is_lead(unsigned c) { return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC); }
static int sjis_is_trail(unsigned c) { return c >= 0x40 && c <= 0xFC && c != 0x7F; }

static void sjis_scan(const unsigned char *s, size_t n, struct sjis_stats *st)
{
	size_t i = 0;
	int run = 0;

	memset(st, 0, sizeof *st);
	st->valid = 1;
	st->marks_ok = 1;
	while (i < n) {
		unsigned c = s[i];

		if (c < 0x80) {
			run = 0;
			i++;
			continue;
		}
		if (c >= 0xA1 && c <= 0xDF) {
			/* ﾞ (DE) voices ｳ and ｶ..ﾄ and ﾊ..ﾎ; ﾟ (DF) only ﾊ..ﾎ. */
			if (c == 0xDE || c == 0xDF) {
				unsigned p = i > 0 ? s[i - 1] : 0;
				int ok = (p >= 0xCA && p <= 0xCE) ||
					 (c == 0xDE && (p == 0xB3 || (p >= 0xB6 && p <= 0xC4)));
				if (!ok)
					st->marks_ok = 0;
			}
			st->half++;
			if (++run > st->half_run)
				st->half_run = run;
			i++;
			continue;
		}
		run = 0;
		if (!sjis_is_lead(c) || i + 1 >= n || !sjis_is_trail(s[i + 1])) {
			st->valid = 0;
			return;
		}
		st->doubles++;
		if ((c == 0x82 && s[i + 1] >= 0x9F) || (c == 0x83 && s[i + 1] <= 0x96))
			st->kana++;
		/* Rows 9-15 (0x85-0x87) and lead bytes past 0xEA are vendor or user
		 * areas: rare in real Japanese text. */
		if ((c >= 0x85 && c <= 0x87) || c >= 0xEB)
			st->uncommon++;
		i += 2;
	}
}

struct gb_stats {
	int valid;
	int doubles;
	int uncommon;     /* characters outside GB2312 (both bytes 0xA1..0xFE) */
};

static void gb_scan(const unsigned char *s, size_t n, struct gb_stats *st)
{
	size_t i = 0;

	memset(st, 0, sizeof *st);
	st->valid = 1;
	while (i < n) {
		unsigned c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c == 0x80 || c == 0xFF || i + 1 >= n) {
			st->valid = 0;
			return;
		}
		if (s[i + 1] >= 0x30 && s[i + 1] <= 0x39) {
			/* four-byte form: lead, digit, 0x81..0xFE, digit */
			if (i + 3 >= n || s[i + 2] < 0x81 || s[i + 2] > 0xFE ||
			    s[i + 3] < 0x30 || s[i + 3] > 0x39) {
				st->valid = 0;
				return;
			}
			st->uncommon++;
			i += 4;
			continue;
		}
		if (s[i + 1] < 0x40 || s[i + 1] == 0x7F || s[i + 1] == 0xFF) {
			st->valid = 0;
			return;
		}
		st->doubles++;
		if (c < 0xA1 || s[i + 1] < 0xA1)
			st->uncommon++;
		i += 2;
	}
}

/* ISO-8859-1 is plausible when no C1 control bytes (0x80-0x9F) appear: those
 * are what SJIS and GB lead bytes look like, never printable Latin-1. */
static int latin1_plausible(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 0x80 && s[i] <= 0x9F)
			return 0;
	return 1;
}

/* Evidence that SJIS bytes are Japanese rather than a few stray Latin-1
 * letters: any two-byte character, or a run of half-width katakana whose
 * voiced marks sit where Japanese puts them. */
static int sjis_is_strong(const struct sjis_stats *s)
{
	return s->doubles > 0 || (s->half_run >= 2 && s->marks_ok);
}

static int choose(const unsigned char *s, size_t n)
{
	struct sjis_stats js;
	struct gb_stats gs;

	if (is_utf8(s, n))
		return QRTEXT_UTF8;
	sjis_scan(s, n, &js);
	gb_scan(s, n, &gs);
	if (js.valid && gs.valid) {
		/* Text that needs a vendor area in one reading but not in the
		 * other is in the other. */
		if (gs.uncommon > 0 && js.uncommon == 0)
			return QRTEXT_SJIS;
		if (js.uncommon > 0 && gs.uncommon == 0)
			return QRTEXT_GB18030;
		/* Both plausible: kana decide for Japanese; pure half-width
		 * katakana (no two-byte characters at all, marks in place) is
		 * what old Japanese phones write, while GB text read as SJIS
		 * almost always yields some two-byte characters. */
		if (js.kana > 0 || (js.doubles == 0 && js.half_run >= 2 && js.marks_ok))
			return QRTEXT_SJIS;
		if (gs.uncommon == 0)
			return QRTEXT_GB18030;
		return sjis_is_strong(&js) ? QRTEXT_SJIS : QRTEXT_GB18030;
	}
	if (js.valid)
		return (!sjis_is_strong(&js) && latin1_plausible(s, n)) ? QRTEXT_LATIN1
									: QRTEXT_SJIS;
	if (gs.valid)
		return (gs.uncommon > 0 && latin1_plausible(s, n)) ? QRTEXT_LATIN1
								   : QRTEXT_GB18030;
	return QRTEXT_LATIN1;
}

/* ------------------------------------------------------------------ */
/* Conversion                                                          */

static const char *const iconv_names[] = {
	[QRTEXT_UTF8] = "UTF-8",
	[QRTEXT_SJIS] = "CP932",   /* superset of SHIFT_JIS with the ~ and \ that phones use */
	[QRTEXT_GB18030] = "GB18030",
	[QRTEXT_LATIN1] = "ISO-8859-1",
};

const char *qrtext_charset_name(int cs)
{
	static const char *const names[] = {"UTF-8", "Shift_JIS", "GB18030", "ISO-8859-1"};

	return cs >= 0 && cs <= QRTEXT_LATIN1 ? names[cs] : "?";
}

static int convert(int cs, const unsigned char *in, size_t n, char *out, size_t cap,
		   size_t *outlen)
{
	iconv_t cd;
	char *ip = (char *)in, *op = out;
	size_t il = n, ol = cap;
	size_t r;

	cd = iconv_open("UTF-8", iconv_names[cs]);
	if (cd == (iconv_t)-1)
		return -1;
	r = iconv(cd, &ip, &il, &op, &ol);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &op, &ol); /* flush shift state */
	(void)iconv_close(cd); /* conversion result is already in out */
	if (r == (size_t)-1)
		return -1;
	*outlen = (size_t)(op - out);
	out[*outlen] = '\0';
	return 0;
}

int qrtext_to_utf8(const unsigned char *in, size_t n, char *out, size_t cap, size_t *outlen,
		   char err[KERR_LEN])
{
	int cs = choose(in, n);

	if (cs == QRTEXT_UTF8) {
		if (n > cap)
			return kerr(err, "QR text of %zu bytes does not fit %zu", n, cap);
		memcpy(out, in, n);
		out[n] = '\0';
		*outlen = n;
		return cs;
	}
	if (convert(cs, in, n, out, cap, outlen) == 0)
		return cs;
	if (errno == E2BIG)
		return kerr(err, "QR text of %zu bytes does not fit %zu as UTF-8", n, cap);
	/* iconv may reject a byte our parser allowed (unassigned code point):
	 * Latin-1 maps every byte, so the read is not lost. */
	if (cs != QRTEXT_LATIN1 && convert(QRTEXT_LATIN1, in, n, out, cap, outlen) == 0)
		return QRTEXT_LATIN1;
	return kerr(err, "cannot convert QR text to UTF-8: %s", strerror(errno));
}

int qrtext_stated_to_utf8(int cs, const unsigned char *in, size_t n, char *out, size_t cap,
			  size_t *outlen, char err[KERR_LEN])
{
	/* UTF-8 stated is what the guess believes first anyway */
	if (cs > QRTEXT_UTF8 && cs <= QRTEXT_LATIN1 && convert(cs, in, n, out, cap, outlen) == 0)
		return cs;
	return qrtext_to_utf8(in, n, out, cap, outlen, err);
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */

/* Append byte c as \xHH at out[*o]: 0, or -1 when cap is reached. */
static int put_hex(unsigned char c, char *out, size_t *o, size_t cap)
{
	static const char hex[] = "0123456789abcdef";

	if (*o + 4 > cap)
		return -1;
	out[(*o)++] = '\\';
	out[(*o)++] = 'x';
	out[(*o)++] = hex[c >> 4];
	out[(*o)++] = hex[c & 15];
	return 0;
}

long qrtext_escape(const char *text, size_t n, char *out, size_t cap, char err[KERR_LEN])
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		char e = 0;

		switch (c) {
		case '\\': e = '\\'; break;
		case '\n': e = 'n'; break;
		case '\r': e = 'r'; break;
		case '\t': e = 't'; break;
		default: break;
		}
		if (e) {
			if (o + 2 > cap)
				return kerr(err, "escaped text does not fit %zu bytes", cap);
			out[o++] = '\\';
			out[o++] = e;
		} else if (c < 0x20 || c == 0x7F) { /* NUL, ESC, BEL, DEL ... */
			if (put_hex(c, out, &o, cap) != 0)
				return kerr(err, "escaped text does not fit %zu bytes", cap);
		} else if (c == 0xC2 && i + 1 < n && (unsigned char)text[i + 1] >= 0x80 &&
			   (unsigned char)text[i + 1] <= 0x9F) {
			/* A C1 control (U+0080..U+009F; U+009B is CSI) drives a
			 * terminal too: both its bytes as \xHH. */
			if (put_hex(c, out, &o, cap) != 0 ||
			    put_hex((unsigned char)text[++i], out, &o, cap) != 0)
				return kerr(err, "escaped text does not fit %zu bytes", cap);
		} else {
			if (o + 1 > cap)
				return kerr(err, "escaped text does not fit %zu bytes", cap);
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return (long)o;
}
