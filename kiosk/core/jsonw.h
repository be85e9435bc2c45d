/* jsonw.h - a small JSON object writer into a fixed buffer (journal bodies).
 * Pure: libc only; allocates nothing. Keys are written in the order given. */
#ifndef KIOSK_JSONW_H
#define KIOSK_JSONW_H

#include <stddef.h>
#include <stdint.h>

struct jsonw {
	char *buf;      /* borrowed */
	size_t cap;
	size_t len;
	int overflow;   /* set once anything did not fit; the text is then unusable */
	int first;      /* no member written yet */
};

/* Start "{" in buf[cap]. */
void jsonw_init(struct jsonw *w, char *buf, size_t cap);
/* Add "key": "value" (escaped; invalid UTF-8 bytes are written as \u00XX). NULL value writes null. */
void jsonw_str(struct jsonw *w, const char *key, const char *value);
void jsonw_int(struct jsonw *w, const char *key, int64_t value);
/* Close with "}". Returns 0, or -1 if anything overflowed. */
int jsonw_end(struct jsonw *w);

#endif
