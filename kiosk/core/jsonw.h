/* jsonw.h - the one JSON writer of journal bodies, into a fixed buffer:
 * objects, arrays and nesting, keys in the order given. Bodies are hashed
 * into the journal forever, so the bytes for a given sequence of calls never
 * change: no spaces, integers in decimal, strings escaped as put_string does.
 * Pure: libc only; allocates nothing. */
#ifndef KIOSK_JSONW_H
#define KIOSK_JSONW_H

#include <stddef.h>
#include <stdint.h>

#define JSONW_DEPTH 8   /* objects and arrays open at once, the body included */

struct jsonw {
	char *buf;      /* borrowed */
	size_t cap;
	size_t len;
	int overflow;   /* set once anything did not fit or the calls were unbalanced:
			 * the text is then unusable */
	int depth;      /* open objects and arrays; 1 (the body) after _init */
	unsigned char first[JSONW_DEPTH];   /* nothing written yet at that level */
	char close[JSONW_DEPTH];            /* '}' or ']' for that level */
};

/* Start the body's "{" in buf[cap]. */
void jsonw_init(struct jsonw *w, char *buf, size_t cap);
/* Add "key": "value" (escaped; control characters, DEL and bytes that are not
 * strict UTF-8 (core/utf8.h) are written as \u00XX, so a body is valid text).
 * NULL value writes null. Inside an array, key is NULL (a bare element);
 * inside an object a NULL key makes the text unusable. */
void jsonw_str(struct jsonw *w, const char *key, const char *value);
void jsonw_int(struct jsonw *w, const char *key, int64_t value);
/* Open an object or an array as member key (NULL inside an array); close
 * the innermost one with jsonw_close. Deeper than JSONW_DEPTH overflows. */
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
void jsonw_close(struct jsonw *w);
/* Close the body with "}". Returns 0, or -1 if anything overflowed or an
 * object or array was left open. */
int jsonw_end(struct jsonw *w);

#endif
