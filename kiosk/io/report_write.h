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

/* Write every file into dir, a folder 0700 with files 0600. The report folder
 * changes from the old report to the new one whole or not at all: the new one
 * is written into a folder beside it ("PARENT/.DIR.report-new.PID"), which
 * then swaps places with dir in one rename (RENAME_EXCHANGE; where the file
 * system cannot, dir moves aside to ".DIR.report-old.PID" first and a kill
 * between the two renames is undone by the next run), and the old report is
 * removed. What a killed run leaves beside dir goes with the next run. A
 * dir that cannot be replaced whole (it holds the user's own files, it is a
 * mount point such as the top of a stick, or '.') gets each file replaced on
 * its own instead (the user's files stay): then 1, and err says why. A
 * symlink to a folder: that folder is replaced. CSVs use ASCII digits, ISO
 * 8601 times with the event's offset and English column names in both
 * languages, so scripts and spreadsheets read them the same way. Returns 0
 * (replaced whole), 1 (file by file), or -1 with err (dir then is as it was
 * when replaced whole; a file-by-file write may have replaced some files). */
int report_write(const struct report *r, const char *dir, const struct report_write_opts *o,
		 char err[KERR_LEN]);

#endif
