/* csvw.c - RFC 4180 CSV writer into memory or a caller's sink. Pure: libc only. */
#include "csvw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(struct csvw *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (w->len + n + 1 > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		char *b;

		while (w->len + n + 1 > cap) {
			if (cap > ((size_t)-1) / 2) {
				w->failed = 1;
				return;
			}
			cap *= 2;
		}
		if (!(b = realloc(w->buf, cap))) {
			w->failed = 1;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

void csvw_init(struct csvw *w, int bom)
{
	memset(w, 0, sizeof *w);
	put(w, "", 0); /* an empty text even with nothing written */
	if (bom)
		put(w, "\xEF\xBB\xBF", 3);
}

static void field(struct csvw *w, const char *text, int guard)
{
	const char *t = text ? text : "";

	/* OWASP's list: a spreadsheet also runs a formula after a leading TAB or CR. */
	int lead = guard && *t && strchr("=+-@\t\r", *t);

	if (w->col++ > 0)
		put(w, ",", 1);
	if (!strpbrk(t, ",\"\r\n")) {
		if (lead)
			put(w, "'", 1);
		put(w, t, strlen(t));
		return;
	}
	/* The guard goes inside the quotes, or the field would not be RFC 4180. */
	put(w, lead ? "\"'" : "\"", lead ? 2 : 1);
	for (const char *q; (q = strchr(t, '"')); t = q + 1) {
		put(w, t, (size_t)(q - t));
		put(w, "\"\"", 2);
	}
	put(w, t, strlen(t));
	put(w, "\"", 1);
}

void csvw_field(struct csvw *w, const char *text) { field(w, text, 0); }
void csvw_text(struct csvw *w, const char *text) { field(w, text, 1); }

void csvw_int(struct csvw *w, long long v)
{
	char num[32];

	(void)snprintf(num, sizeof num, "%lld", v); /* 21 bytes at most */
	field(w, num, 0);
}

void csvw_set_sink(struct csvw *w, int (*sink)(void *ctx, const char *buf, size_t len),
		   void *ctx)
{
	w->sink = sink;
	w->sink_ctx = ctx;
}

int csvw_flush(struct csvw *w)
{
	if (!w->failed && w->sink && w->len > 0) {
		if (w->sink(w->sink_ctx, w->buf, w->len) != 0)
			w->failed = 1;
		w->len = 0;
		w->buf[0] = '\0';
	}
	return w->failed ? -1 : 0;
}

void csvw_end_row(struct csvw *w)
{
	put(w, "\r\n", 2);
	w->col = 0;
	if (w->sink && w->len >= CSVW_SINK_AT)
		(void)csvw_flush(w); /* a failure stays in w->failed */
}

void csvw_release(struct csvw *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}
