/* csvw.h - the one RFC 4180 CSV writer (fields quoted when they hold a comma,
 * quote, CR or LF; CRLF line ends; text typed by people formula-guarded) for
 * every CSV we write: the exports, the report's tables, the tickets' codes.csv.
 * Into a growing buffer in memory, or streamed to a sink the caller gives.
 * Pure: libc only (malloc); the sink does the I/O. */
#ifndef KIOSK_CSVW_H
#define KIOSK_CSVW_H

#include <stddef.h>

struct csvw {
	char *buf;        /* owned; NUL-terminated; free with csvw_release */
	size_t len, cap;
	int col;          /* fields written on the current row */
	int failed;       /* an allocation or the sink failed: the text is unusable */
	/* Optional sink (csvw_set_sink): whole rows are handed to it. */
	int (*sink)(void *ctx, const char *buf, size_t len);
	void *sink_ctx;
};

/* Start empty; with bom 1 the text begins with the UTF-8 BOM spreadsheet
 * programs need to read Bengali as UTF-8. Allocates (may set failed). */
void csvw_init(struct csvw *w, int bom);
/* Add a field as is (quoted if needed). */
void csvw_field(struct csvw *w, const char *text);
/* Add a field typed by a guest or seller: a leading = + - @ TAB or CR gets a
 * ' before it (OWASP's CSV injection list), so a spreadsheet shows the text instead of running it as a formula. */
void csvw_text(struct csvw *w, const char *text);
/* Add a number as a field. */
void csvw_int(struct csvw *w, long long v);
/* End the row with CRLF. With a sink, rows are passed on once they fill
 * CSVW_SINK_AT bytes. */
void csvw_end_row(struct csvw *w);

#define CSVW_SINK_AT 65536

/* Stream instead of holding the whole text: from now on whole rows go to
 * sink(ctx, buf, len), which returns 0, or -1 (then failed is set and
 * nothing more is passed on). Text already written goes with the next rows. */
void csvw_set_sink(struct csvw *w, int (*sink)(void *ctx, const char *buf, size_t len),
		   void *ctx);
/* Pass what is held to the sink. Returns 0, or -1 if anything failed. */
int csvw_flush(struct csvw *w);
/* Free the buffer. */
void csvw_release(struct csvw *w);

#endif
