/* utf8.h - the one boundary for text from outside (CSV, scanner, keyboard,
 * bundles, command-line arguments): strict UTF-8 as RFC 3629 defines it (no
 * surrogates, no overlong forms, nothing above U+10FFFF) and no NUL; control
 * characters for fields a person typed; the escape for terminals; cuts on
 * character boundaries. Pure: libc only. */
#ifndef KIOSK_UTF8_H
#define KIOSK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the valid, non-NUL UTF-8 sequence at s[0..n), or 0 when
 * the bytes there are not one (n == 0 too). *cp gets the code point if cp. */
size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp);

/* 1 if s[0..n) is valid UTF-8 text without NUL, else 0 and *bad (if bad) is
 * the offset of the first byte that is not. */
int utf8_valid(const char *s, size_t n, size_t *bad);

/* 1 if code point c is a control character: C0 (U+0000..U+001F), DEL, C1
 * (U+0080..U+009F), or a bidirectional override/isolate (U+202A..U+202E,
 * U+2066..U+2069) that can disguise a name. */
int utf8_is_control(uint32_t c);

/* For a field a person typed (a name, a phone, a product): 0 when s is valid
 * text without control characters; otherwise -1 and *why says what, in a
 * few English words ("a control character (U+001B)", "invalid UTF-8 at byte 3"). */
int utf8_field_check(const char *s, char *why, size_t whycap);

/* Make typed text fit utf8_field_check, for a screen where a refusal would
 * only puzzle a guest: copy s into out[cap] with TAB, CR and LF turned into a
 * space and other control characters and invalid bytes left out. Always
 * terminated; truncated on a character boundary. Returns the length. */
size_t utf8_field_clean(const char *s, char *out, size_t cap);

/* The longest prefix of s no longer than max bytes that ends on a character
 * boundary (a Bengali letter is never cut in half). */
size_t utf8_cut(const char *s, size_t max);

/* Copy s into out[cap] for a terminal: control characters and bytes that are
 * not valid UTF-8 become \xHH (tab and newline kept when keep_nl), so a name
 * cannot clear the screen or set the title. Always terminated; truncated on a
 * character boundary. Returns out. */
char *utf8_term(const char *s, char *out, size_t cap, int keep_nl);

#endif
