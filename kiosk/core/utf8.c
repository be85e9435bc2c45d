/* utf8.c - strict UTF-8 (RFC 3629), control characters, terminal escape,
 * character-boundary cuts. Pure: libc only. */
#include "utf8.h"

#include <stdio.h>
#include <string.h>

size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c, min;
	size_t len, i;

	if (n == 0 || s[0] == 0)
		return 0;
	if (s[0] < 0x80) {
		c = s[0];
		len = 1;
		min = 0;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		c = s[0] & 0x1F;
		len = 2;
		min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		c = s[0] & 0x0F;
		len = 3;
		min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		c = s[0] & 0x07;
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0; /* overlong, beyond Unicode, or a surrogate */
	if (cp)
		*cp = c;
	return len;
}

int utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] >= 0x01 && p[i] < 0x80) { /* ASCII, most of any text here */
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i, NULL);
		if (k == 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

int utf8_is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

int utf8_field_check(const char *s, char *why, size_t whycap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	uint32_t c;

	while (i < n) {
		k = utf8_seq(p + i, n - i, &c);
		if (k == 0) {
			(void)snprintf(why, whycap, "invalid UTF-8 at byte %zu", i + 1);
			return -1;
		}
		if (utf8_is_control(c)) {
			(void)snprintf(why, whycap, "a control character (U+%04X)", (unsigned)c);
			return -1;
		}
		i += k;
	}
	return 0;
}

size_t utf8_field_clean(const char *s, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0, k;
	uint32_t c;

	if (cap == 0)
		return 0;
	while (i < n) {
		k = utf8_seq(p + i, n - i, &c);
		if (k == 0) {
			i++; /* a stray byte */
			continue;
		}
		if (c == '\t' || c == '\r' || c == '\n') {
			if (o + 2 > cap)
				break;
			out[o++] = ' ';
		} else if (!utf8_is_control(c)) {
			if (o + k + 1 > cap)
				break;
			memcpy(out + o, p + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return o;
}

size_t utf8_cut(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;

	if (n <= max)
		return n;
	while (i < max) {
		k = utf8_seq(p + i, n - i, NULL);
		if (k == 0)
			k = 1; /* a stray byte is its own unit */
		if (i + k > max)
			break;
		i += k;
	}
	return i;
}

char *utf8_term(const char *s, char *out, size_t cap, int keep_nl)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0, k;
	uint32_t c;

	if (cap == 0)
		return out;
	while (i < n) {
		char esc[8 * 4 + 1];
		const char *piece = (const char *)p + i;
		size_t plen;

		k = utf8_seq(p + i, n - i, &c);
		if (k == 0 || (utf8_is_control(c) && !(keep_nl && (c == '\n' || c == '\t')))) {
			size_t j, m = k ? k : 1;

			for (j = 0; j < m; j++)
				(void)snprintf(esc + 4 * j, 5, "\\x%02X", p[i + j]);
			piece = esc;
			plen = 4 * m;
			k = m;
		} else {
			plen = k;
		}
		if (o + plen + 1 > cap)
			break;
		memcpy(out + o, piece, plen);
		o += plen;
		i += k;
	}
	out[o] = '\0';
	return out;
}
