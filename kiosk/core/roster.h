/* roster.h - which CSV column holds what, and one attendee row checked and
 * normalised, for `kiosk attendees import`. Pure: libc only (with csv and
 * phone); must not touch the store or files: the caller reads and stores. */
#ifndef KIOSK_ROSTER_H
#define KIOSK_ROSTER_H

#include "csv.h"
#include "kerr.h"
#include "phone.h"

#define ROSTER_TYPE_DEFAULT "general"

/* Column index of each field in the CSV, or -1 when the file has no such column. */
struct roster_cols {
	int name, phone, email, type, code;
};

/* One attendee. The strings point into the CSV buffer (trimmed in place) or
 * at static text, so they stay valid as long as that buffer; never NULL
 * ("" when absent; type is ROSTER_TYPE_DEFAULT when absent). */
struct roster_row {
	long line;              /* line of the file the row started on */
	const char *name;       /* never empty; runs of spaces and newlines made one space */
	const char *email;
	const char *type;          /* lower case (ASCII): the canonical spelling */
	const char *code;       /* a ticket code from another system, or "" */
	char phone[PHONE_LEN];  /* "+8801XXXXXXXXX" when has_phone, else "" */
	int has_phone;
};

/* Map a header record to columns, matched after trimming and ignoring ASCII
 * case, '_' vs '-' vs ' ' and a trailing ':', in English and Bengali; Google
 * Forms headers ("Timestamp", "Email address", ...) included. Unknown columns
 * are ignored; of two columns for one field the first wins. Returns 0, or -1
 * with err ("line 1: no name column ...") when there is no name column, or
 * neither a phone nor a code column. */
int roster_header(const struct csv_record *hdr, struct roster_cols *cols, char err[KERR_LEN]);

/* roster_header, then the columns named in map ("name=full_name,phone=3":
 * FIELD=COLUMN pairs, FIELD one of name, phone, email, type, code, COLUMN a
 * header as written or a 1-based column number) replace the ones found.
 * Returns 0, or -1 with err (a bad pair, a column not in the header, or
 * still no name / phone-or-code column). */
int roster_header_map(const struct csv_record *hdr, const char *map, struct roster_cols *cols,
		      char err[KERR_LEN]);

/* Check and normalise one data record. Trims its fields in place (writes NULs
 * into the CSV buffer). Returns 1 and fills row; 0 for a blank row (every field
 * empty, as spreadsheets export ",,,,") that should be skipped, row untouched;
 * -1 with err = "line N: <reason>" (empty name; phone 'x' is not a Bangladeshi
 * mobile number; neither phone nor code), row untouched. A phone written
 * "p:+8801..." (Meta lead forms) is read without its "p:". */
int roster_row(const struct roster_cols *cols, const struct csv_record *rec,
	       struct roster_row *row, char err[KERR_LEN]);

#endif
