/* csv.h - RFC 4180 reader over a buffer in memory: quoted fields, doubled quotes,
 * embedded commas and newlines, CRLF or LF, UTF-8 with or without a BOM.
 * Pure: libc only; allocates nothing (fields point into the caller's buffer,
 * which the reader rewrites in place to unquote). */
#ifndef KIOSK_CSV_H
#define KIOSK_CSV_H

#include <stddef.h>

#include "kerr.h"

/* Google Forms and Meta exports carry a column per question: hundreds are
 * normal. 1024 pointers (8 KB a record, on the caller's stack) bound the
 * memory; a wider line is refused with its line number. */
#define CSV_MAX_FIELDS 1024

struct csv {
	char *buf;        /* borrowed; modified in place */
	size_t len;
	size_t pos;
	long line;        /* 1-based line where the next record starts */
	char sep;         /* field separator: ',' unless csv_set_separator */
};

struct csv_record {
	long line;                        /* line on which this record started */
	int n;                            /* number of fields */
	char *field[CSV_MAX_FIELDS];      /* NUL-terminated, point into csv.buf */
};

/* Start reading buf[0..len). Skips a UTF-8 BOM. buf must have room for one
 * more byte at buf[len] (it may be written as a NUL). Allocates nothing. */
void csv_init(struct csv *c, char *buf, size_t len);

/* Split fields at sep instead of ',' (';' from a European Excel, TAB from a
 * Meta lead form). Call after csv_init, before the first csv_next. */
void csv_set_separator(struct csv *c, char sep);

/* The separator a sheet most likely uses: of ',', ';' and TAB, the one met
 * most often outside quotes on the first line of buf[0..len) (',' on a tie
 * or when none is). */
char csv_guess_separator(const char *buf, size_t len);

/* Read the next record. Returns 1 and fills rec; 0 at end of input;
 * -1 on malformed input (unterminated quote, text after a closing quote,
 * too many fields) with err naming the line. Empty lines are skipped.
 * rec's fields stay valid as long as buf does. After -1 the reader is at the
 * end: further calls return 0. */
int csv_next(struct csv *c, struct csv_record *rec, char err[KERR_LEN]);

#endif
