/* kerr.c - one-line error messages. Pure: libc only. */
#include "kerr.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Drop what a byte limit cut off: a UTF-8 lead byte whose continuation bytes
 * stop short (from "%.60s" or the KERR_LEN limit), so a Bengali letter is
 * never shown cut in half. Other bytes stay for the terminal escape. */
static void drop_cut_sequences(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t r = 0, w = 0, n = strlen(s);

	while (r < n) {
		size_t k = utf8_seq(p + r, n - r, NULL), j;

		if (k == 0 && p[r] >= 0xC2 && p[r] <= 0xF4) {
			size_t want = p[r] >= 0xF0 ? 4 : p[r] >= 0xE0 ? 3 : 2;

			for (j = 1; j < want && r + j < n && (p[r + j] & 0xC0) == 0x80; j++)
				;
			if (j < want) { /* a cut sequence: leave it out */
				r += j;
				continue;
			}
		}
		if (k == 0)
			k = 1;
		memmove(p + w, p + r, k);
		w += k;
		r += k;
	}
	p[w] = '\0';
}

int kerr(char err[KERR_LEN], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err, KERR_LEN, fmt, ap); /* truncation is fine for a message */
	va_end(ap);
	drop_cut_sequences(err);
	return -1;
}
