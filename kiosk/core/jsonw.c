/* jsonw.c - the JSON writer of journal bodies, into a fixed buffer.
 * Pure: libc only. */
#include "jsonw.h"
#include "utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void put(struct jsonw *w, const char *s, size_t n)
{
	if (w->overflow || w->len + n + 1 > w->cap) {
		w->overflow = 1;
		return;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static void put_string(struct jsonw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];

	put(w, "\"", 1);
	size_t left = strlen(s);

	while (*p) {
		/* A run of printable ASCII as it is, in one piece (a sealed
		 * field is hundreds of such bytes). */
		const unsigned char *run = p;
		size_t n;

		while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			p++;
		if (p > run) {
			put(w, (const char *)run, (size_t)(p - run));
			left -= (size_t)(p - run);
			continue;
		}
		/* Strict (RFC 3629): a surrogate or overlong form in a body would
		 * make PostgreSQL refuse every push of the journal for good. */
		n = utf8_seq(p, left, NULL);

		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			put(w, esc, 2);
			p++;
			left--;
		} else if (*p < 0x20 || *p == 0x7f || n == 0) {
			(void)snprintf(esc, sizeof esc, "\\u%04x", *p);
			put(w, esc, 6);
			p++;
			left--;
		} else {
			put(w, (const char *)p, n);
			p += n;
			left -= n;
		}
	}
	put(w, "\"", 1);
}

/* Start a value at the current level: the comma before all but the first,
 * then "key": inside an object (where a key is required) or nothing inside
 * an array (where a key is refused). */
static void key(struct jsonw *w, const char *k)
{
	int top = w->depth - 1;

	if (top < 0) {
		w->overflow = 1; /* after jsonw_end */
		return;
	}
	if (!w->first[top])
		put(w, ",", 1);
	w->first[top] = 0;
	if ((w->close[top] == '}') != (k != NULL)) {
		w->overflow = 1;
		return;
	}
	if (k) {
		put_string(w, k);
		put(w, ":", 1);
	}
}

static void open_level(struct jsonw *w, char open, char close)
{
	if (w->depth >= JSONW_DEPTH) {
		w->overflow = 1;
		return;
	}
	put(w, &open, 1);
	w->first[w->depth] = 1;
	w->close[w->depth] = close;
	w->depth++;
}

void jsonw_init(struct jsonw *w, char *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->overflow = 0;
	w->depth = 0;
	if (cap > 0)
		buf[0] = '\0';
	open_level(w, '{', '}');
}

void jsonw_str(struct jsonw *w, const char *k, const char *value)
{
	key(w, k);
	if (value)
		put_string(w, value);
	else
		put(w, "null", 4);
}

void jsonw_int(struct jsonw *w, const char *k, int64_t value)
{
	char num[32];
	int n = snprintf(num, sizeof num, "%" PRId64, value);

	key(w, k);
	put(w, num, (size_t)n);
}

void jsonw_object(struct jsonw *w, const char *k)
{
	key(w, k);
	open_level(w, '{', '}');
}

void jsonw_array(struct jsonw *w, const char *k)
{
	key(w, k);
	open_level(w, '[', ']');
}

void jsonw_close(struct jsonw *w)
{
	if (w->depth <= 1) { /* the body is closed by jsonw_end */
		w->overflow = 1;
		return;
	}
	w->depth--;
	put(w, &w->close[w->depth], 1);
}

int jsonw_end(struct jsonw *w)
{
	if (w->depth != 1)
		w->overflow = 1;
	else
		put(w, "}", 1);
	w->depth = 0;
	return w->overflow ? -1 : 0;
}
