/* report_write.h - turn a collected report into DIR/index.html (one
 * self-contained page: inline CSS and SVG, no network, A4 print) and one CSV
 * per table in it (UTF-8 with BOM, RFC 4180, CRLF).
 * Adapter: files only (atomicfile); no sqlite3, no clock. */
#ifndef KIOSK_REPORT_WRITE_H
#define KIOSK_REPORT_WRITE_H

#include "core/kerr.h"
#include "core/report_data.h"

/* How many rows of a long list (no-shows, double entries) the page shows;
 * the CSV always has them all. */
#define REPORT_PAGE_ROWS 200

struct report_write_opts {
	const char *lang;       /* "bn" (default) or "en": the page's language */
	/* A TrueType file embedded in the page (base64 @font-face) as the Bengali
	 * fallback when the reader's machine has no Bengali font; NULL: none. */
	const char *font_path;
};

/* The CSV files written, in the order the page shows them; NULL-terminated. */
extern const char *const report_csv_files[];

/* Write every file into dir (created 0700 when missing; files 0600). The
 * report appears whole or not at all: written into a temp folder inside dir
 * ("DIR/.report-part-PID", removed on failure or by the next run), then
 * renamed into place, the page last; a dir this call created is removed again
 * on failure. CSVs use ASCII digits, ISO 8601 times with the event's offset
 * and English column names in both languages, so scripts and spreadsheets read
 * them the same way. Returns 0, or -1 with err (nothing of this run stays). */
int report_write(const struct report *r, const char *dir, const struct report_write_opts *o,
		 char err[KERR_LEN]);

#endif
