/* ui_text.c - script runs of a UTF-8 line. Pure: libc only. */
#include "ui_text.h"

#include <string.h>

void ui_utf8_copy(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (cap == 0)
		return;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--; /* src[n] is now the first byte of the cut code point */
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

size_t ui_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i;
	uint32_t c;

	if (n == 0) {
		*cp = 0;
		return 0;
	}
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*cp = c;
	return len;
}

/* Which face a code point needs: a face, or -1 for "either" (spaces, digits,
 * punctuation shared by both scripts). */
static int face_of(uint32_t cp)
{
	/* Bengali block, plus the dandas and the joiners that shape conjuncts. */
	if ((cp >= 0x0980 && cp <= 0x09FF) || cp == 0x0964 || cp == 0x0965 ||
	    cp == 0x200C || cp == 0x200D)
		return UI_FACE_BENGALI;
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F))
		return UI_FACE_LATIN;
	return -1;
}

int ui_text_runs(const char *line, ui_has_glyph_fn has_glyph, void *ctx,
		 struct ui_run *runs, int max)
{
	size_t n = strlen(line), i = 0;
	int nrun = 0;
	int cur = -1; /* face of the open run, -1 before the first decided char */

	if (max <= 0)
		return 0;
	while (i < n) {
		uint32_t cp;
		size_t len = ui_utf8_next(line + i, n - i, &cp);
		int f = face_of(cp);

		if (f < 0) {
			/* Shared character: keep it in the open run when that face
			 * draws it, so "১৫:৪২" or "Door 1" stays one run. */
			if (cur >= 0 && has_glyph(ctx, (enum ui_face)cur, cp))
				f = cur;
			else if (has_glyph(ctx, UI_FACE_BENGALI, cp))
				f = cur >= 0 ? cur : UI_FACE_BENGALI;
			else
				f = UI_FACE_LATIN;
			/* A face that lacks it loses it, whatever the run. */
			if (!has_glyph(ctx, (enum ui_face)f, cp))
				f = f == UI_FACE_LATIN ? UI_FACE_BENGALI : UI_FACE_LATIN;
			if (!has_glyph(ctx, (enum ui_face)f, cp))
				f = cur >= 0 ? cur : UI_FACE_LATIN; /* nobody has it: stay */
		}
		if (nrun == 0 || (f != cur && nrun < max)) {
			runs[nrun].start = i;
			runs[nrun].len = 0;
			runs[nrun].face = (enum ui_face)f;
			nrun++;
			cur = f;
		}
		runs[nrun - 1].len += len;
		i += len;
	}
	return nrun;
}
