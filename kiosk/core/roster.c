/* roster.c - roster CSV columns and rows: header matching, trimming, phone
 * normalisation and the checks an import makes before anything is stored.
 * Pure: libc only (csv, phone); must not depend on the store or files. */
#include "roster.h"
#include "utf8.h"

#include <string.h>

/* Header words are compared in this normalised form: lowercase ASCII, one
 * space between words. Longer headers are questions, never one of ours. */
#define HEADER_MAX 64

enum field { F_NAME, F_PHONE, F_EMAIL, F_TYPE, F_CODE, F_COUNT };

/* Google Forms writes the question as the header, so the common phrasings
 * in both languages are listed, already normalised. */
static const struct {
	const char *word;
	enum field f;
} aliases[] = {
	{"name", F_NAME}, {"full name", F_NAME}, {"your name", F_NAME},
	{"attendee name", F_NAME}, {"attendee", F_NAME}, {"guest name", F_NAME},
	{"customer name", F_NAME}, {"customer", F_NAME}, {"buyer name", F_NAME},
	{"buyer", F_NAME}, {"ক্রেতার নাম", F_NAME}, {"গ্রাহকের নাম", F_NAME},
	{"customer phone", F_PHONE}, {"customer mobile", F_PHONE}, {"contact", F_PHONE},
	{"contact no", F_PHONE}, {"whatsapp", F_PHONE}, {"whatsapp number", F_PHONE},
	{"phone/mobile", F_PHONE}, {"mobile/phone", F_PHONE}, {"cell", F_PHONE},
	{"ক্রেতার মোবাইল", F_PHONE}, {"ক্রেতার ফোন", F_PHONE}, {"গ্রাহকের মোবাইল", F_PHONE},
	{"যোগাযোগ", F_PHONE}, {"যোগাযোগ নম্বর", F_PHONE},
	{"নাম", F_NAME}, {"পূর্ণ নাম", F_NAME}, {"পুরো নাম", F_NAME}, {"আপনার নাম", F_NAME},
	{"phone", F_PHONE}, {"phone number", F_PHONE}, {"phone no", F_PHONE},
	{"mobile", F_PHONE}, {"mobile number", F_PHONE}, {"mobile no", F_PHONE},
	{"contact number", F_PHONE}, {"your phone number", F_PHONE},
	{"মোবাইল", F_PHONE}, {"মোবাইল নম্বর", F_PHONE}, {"মোবাইল নাম্বার", F_PHONE},
	{"ফোন", F_PHONE}, {"ফোন নম্বর", F_PHONE}, {"ফোন নাম্বার", F_PHONE},
	{"email", F_EMAIL}, {"email address", F_EMAIL}, {"e mail", F_EMAIL},
	{"ইমেইল", F_EMAIL}, {"ই মেইল", F_EMAIL}, {"ইমেইল ঠিকানা", F_EMAIL},
	{"ticket type", F_TYPE}, {"type", F_TYPE}, {"category", F_TYPE},
	{"টিকিটের ধরন", F_TYPE}, {"টিকিটের ধরণ", F_TYPE}, {"ধরন", F_TYPE},
	{"code", F_CODE}, {"ticket code", F_CODE}, {"ticket id", F_CODE},
	{"ticket number", F_CODE}, {"ticket no", F_CODE},
	{"কোড", F_CODE}, {"টিকিট কোড", F_CODE}, {"টিকিট নম্বর", F_CODE},
};

/* ------------------------------------------------------------- whitespace */

/* Length of the whitespace at s: ASCII spaces and line ends, and the
 * no-break space (U+00A0) that spreadsheets paste in. 0 if none. */
static size_t space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	return 0;
}

/* Trim s in place; returns the new start. */
static char *trim(char *s)
{
	size_t n, k, end = 0;

	while ((n = space_at(s)) > 0)
		s += n;
	/* end: just past the last byte that is not whitespace */
	for (k = 0; s[k] != '\0';) {
		n = space_at(s + k);
		if (n == 0) {
			k++;
			end = k;
		} else {
			k += n;
		}
	}
	s[end] = '\0';
	return s;
}

static int is_blank(const char *s)
{
	size_t n;

	while ((n = space_at(s)) > 0)
		s += n;
	return *s == '\0';
}

/* Make every run of whitespace inside s one space (a name typed over two
 * lines in a form still shows on one). s is already trimmed. */
static void squeeze(char *s)
{
	char *w = s;

	while (*s != '\0') {
		size_t n = space_at(s);

		if (n == 0) {
			*w++ = *s++;
			continue;
		}
		while ((n = space_at(s)) > 0)
			s += n;
		*w++ = ' ';
	}
	*w = '\0';
}

/* ----------------------------------------------------------------- header */

/* Normalised copy of a header cell into out[HEADER_MAX]; -1 if too long. */
static int header_key(const char *cell, char out[HEADER_MAX])
{
	size_t o = 0, n;
	int space = 0;

	while ((n = space_at(cell)) > 0)
		cell += n;
	for (; *cell != '\0'; cell++) {
		char c = *cell;

		if ((n = space_at(cell)) > 0 || c == '_' || c == '-') {
			space = 1;
			cell += n > 1 ? n - 1 : 0;
			continue;
		}
		if (space && o > 0) {
			if (o + 1 >= HEADER_MAX)
				return -1;
			out[o++] = ' ';
		}
		space = 0;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (o + 1 >= HEADER_MAX)
			return -1;
		out[o++] = c;
	}
	if (o > 0 && (out[o - 1] == ':' || out[o - 1] == '.')) /* "Name:", "Mobile No." */
		o--;
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return 0;
}

/* Columns found by their headers; -1 where none. */
static void detect(const struct csv_record *hdr, int col[F_COUNT])
{
	for (int f = 0; f < F_COUNT; f++)
		col[f] = -1;
	for (int i = 0; i < hdr->n; i++) {
		char key[HEADER_MAX];

		if (header_key(hdr->field[i], key) < 0)
			continue;
		for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
			if (strcmp(key, aliases[a].word) == 0) {
				if (col[aliases[a].f] < 0)
					col[aliases[a].f] = i;
				break;
			}
	}
}

static int finish(const struct csv_record *hdr, const int col[F_COUNT], struct roster_cols *cols,
		  char err[KERR_LEN])
{
	if (col[F_NAME] < 0)
		return kerr(err, "line %ld: no name column (a header such as "
			    "\"Name\", \"Full name\" or \"নাম\"; or --map name=COLUMN)", hdr->line);
	/* Without either, no guest could be checked in except by a name search. */
	if (col[F_PHONE] < 0 && col[F_CODE] < 0)
		return kerr(err, "line %ld: no phone or code column (a header such as "
			    "\"Phone\", \"Mobile\", \"মোবাইল\" or \"Code\"; or --map phone=COLUMN)",
			    hdr->line);
	cols->name = col[F_NAME];
	cols->phone = col[F_PHONE];
	cols->email = col[F_EMAIL];
	cols->type = col[F_TYPE];
	cols->code = col[F_CODE];
	return 0;
}

int roster_header(const struct csv_record *hdr, struct roster_cols *cols, char err[KERR_LEN])
{
	int col[F_COUNT];

	detect(hdr, col);
	return finish(hdr, col, cols, err);
}

/* Column of hdr named by text: its header (compared as headers are) or its
 * 1-based number. -1 if none. */
static int column_named(const struct csv_record *hdr, const char *text, size_t n)
{
	char want[HEADER_MAX], key[HEADER_MAX], raw[HEADER_MAX];
	size_t k;
	int num = 0;

	if (n == 0 || n >= HEADER_MAX)
		return -1;
	memcpy(raw, text, n);
	raw[n] = '\0';
	for (k = 0; k < n && raw[k] >= '0' && raw[k] <= '9' && num < 1000; k++)
		num = num * 10 + (raw[k] - '0');
	if (k == n)
		return num >= 1 && num <= hdr->n ? num - 1 : -1;
	if (header_key(raw, want) < 0)
		return -1;
	for (int i = 0; i < hdr->n; i++)
		if (header_key(hdr->field[i], key) == 0 && strcmp(key, want) == 0)
			return i;
	return -1;
}

int roster_header_map(const struct csv_record *hdr, const char *map, struct roster_cols *cols,
		      char err[KERR_LEN])
{
	static const char *const names[F_COUNT] = {"name", "phone", "email", "type", "code"};
	int col[F_COUNT];
	const char *p = map;

	detect(hdr, col);
	while (p && *p) {
		const char *comma = strchr(p, ','), *eq = strchr(p, '=');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		int f, c;

		if (!eq || eq > p + len)
			return kerr(err, "--map wants FIELD=COLUMN pairs (got '%.*s')", (int)len, p);
		for (f = 0; f < F_COUNT; f++)
			if (strlen(names[f]) == (size_t)(eq - p) && strncmp(p, names[f], (size_t)(eq - p)) == 0)
				break;
		if (f == F_COUNT)
			return kerr(err, "--map: unknown field '%.*s' (name, phone, email, type, code)",
				    (int)(eq - p), p);
		c = column_named(hdr, eq + 1, len - (size_t)(eq - p) - 1);
		if (c < 0)
			return kerr(err, "--map: no column '%.*s' in the header (give its header or its number)",
				    (int)(len - (size_t)(eq - p) - 1), eq + 1);
		col[f] = c;
		p = comma ? comma + 1 : NULL;
	}
	return finish(hdr, col, cols, err);
}

/* -------------------------------------------------------------------- row */

/* The trimmed cell at column i; "" when the column is absent or the row is short. */
static const char *cell(const struct csv_record *rec, int i)
{
	if (i < 0 || i >= rec->n)
		return "";
	return trim(rec->field[i]);
}

int roster_row(const struct roster_cols *cols, const struct csv_record *rec,
	       struct roster_row *row, char err[KERR_LEN])
{
	struct roster_row r;
	const char *phone;
	char *name;
	int blank = 1;

	for (int i = 0; i < rec->n && blank; i++)
		blank = is_blank(rec->field[i]);
	if (blank)
		return 0;

	memset(&r, 0, sizeof r);
	r.line = rec->line;
	if (cols->name < 0 || cols->name >= rec->n ||
	    (name = trim(rec->field[cols->name]))[0] == '\0')
		return kerr(err, "line %ld: empty name", rec->line);
	squeeze(name);
	r.name = name;
	r.email = cell(rec, cols->email);
	if (cols->type >= 0 && cols->type < rec->n) {
		/* One canonical spelling: "VIP", "Vip" and "vip" are one type. */
		char *t = trim(rec->field[cols->type]);

		squeeze(t);
		for (char *p = t; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		r.type = t;
	} else {
		r.type = "";
	}
	if (r.type[0] == '\0')
		r.type = ROSTER_TYPE_DEFAULT;
	r.code = cell(rec, cols->code);
	phone = cell(rec, cols->phone);
	/* Meta lead forms write phones as "p:+8801712345678". */
	if ((phone[0] == 'p' || phone[0] == 'P') && phone[1] == ':')
		phone += 2;
	if (phone[0] != '\0') {
		if (phone_normalise(phone, r.phone) < 0)
			return kerr(err, "line %ld: phone '%.40s' is not a Bangladeshi mobile number",
				    rec->line, phone);
		r.has_phone = 1;
	}
	{
		/* Typed by people: no control characters (an ESC in a name
		 * would drive the organizer's terminal), nothing but text. */
		static const char *const what[] = {"name", "email", "ticket type", "code"};
		const char *val[] = {r.name, r.email, r.type, r.code};
		char why[64];

		for (int i = 0; i < 4; i++)
			if (utf8_field_check(val[i], why, sizeof why) != 0)
				return kerr(err, "line %ld: %s holds %s", rec->line, what[i], why);
	}
	if (!r.has_phone && r.code[0] == '\0')
		return kerr(err, "line %ld: neither phone nor code for '%.60s'", rec->line, r.name);
	*row = r;
	return 1;
}
