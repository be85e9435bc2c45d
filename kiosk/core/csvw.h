/* csvw.h - an RFC 4180 CSV writer into a growing buffer in memory (fields
 * quoted when they hold a comma, quote, CR or LF; CRLF line ends), for the
 * exports; the caller writes the buffer to a file atomically.
 * Pure: libc only (malloc). */
#ifndef KIOSK_CSVW_H
#define KIOSK_CSVW_H

#include <stddef.h>

struct csvw {
	char *buf;        /* owned; NUL-terminated; free with csvw_release */
	size_t len, cap;
	int col;          /* fields written on the current row */
	int failed;       /* an allocation failed: the text is unusable */
};

/* Start empty; with bom 1 the text begins with the UTF-8 BOM spreadsheet
 * programs need to read Bengali as UTF-8. Allocates (may set failed). */
void csvw_init(struct csvw *w, int bom);
/* Add a field as is (quoted if needed). */
void csvw_field(struct csvw *w, const char *text);
/* Add a field typed by a guest or seller: a leading = + - @ gets a ' before
 * it, so a spreadsheet shows the text instead of running it as a formula. */
void csvw_text(struct csvw *w, const char *text);
/* End the row with CRLF. */
void csvw_end_row(struct csvw *w);
/* Free the buffer. */
void csvw_release(struct csvw *w);

#endif
