/* ui_text.h - splitting a UTF-8 line into runs by script so each run is shaped
 * and drawn with a font that has its glyphs (Bengali text with Noto Sans
 * Bengali and the "Beng" script, Latin and signs such as U+00B7 with Noto Sans).
 * Pure: libc only; which font has which glyph is asked through a callback. */
#ifndef KIOSK_UI_TEXT_H
#define KIOSK_UI_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define UI_RUNS_MAX 32

enum ui_face {
	UI_FACE_BENGALI = 0,   /* Noto Sans Bengali, shaped as script "Beng" */
	UI_FACE_LATIN = 1,     /* Noto Sans */
	UI_FACE_COUNT
};

struct ui_run {
	size_t start, len;     /* byte range in the source line */
	enum ui_face face;
};

/* 1 if face has a glyph for code point cp. */
typedef int (*ui_has_glyph_fn)(void *ctx, enum ui_face face, uint32_t cp);

/* Decode one UTF-8 code point at s (n bytes available). Returns its length
 * (1..4) and *cp; an invalid byte counts as one byte of U+FFFD. */
size_t ui_utf8_next(const char *s, size_t n, uint32_t *cp);

/* Copy src (NULL: "") into dst[cap] with its terminating NUL; a too long text
 * is cut before a whole code point, never inside one. cap 0 writes nothing. */
void ui_utf8_copy(char *dst, size_t cap, const char *src);

/* Split line into at most max runs. Bengali letters go to the Bengali face,
 * Latin letters to the Latin face; spaces, digits and punctuation stay with the
 * run around them when its face has the glyph, else move to the face that has
 * it. Returns the number of runs (the last run takes the rest when max is hit). */
int ui_text_runs(const char *line, ui_has_glyph_fn has_glyph, void *ctx,
		 struct ui_run *runs, int max);

#endif
