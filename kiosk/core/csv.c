/* csv.c - RFC 4180 reader over a caller's buffer, unquoting in place.
 * Pure: libc only; allocates nothing and must not depend on files or locale
 * (the caller reads the file; this only splits bytes). */
#include "csv.h"
#include "utf8.h"

#include <string.h>

void csv_init(struct csv *c, char *buf, size_t len)
{
	c->buf = buf;
	c->len = len;
	c->pos = 0;
	c->line = 1;
	c->sep = ',';
	/* Excel and Google Sheets put a UTF-8 BOM in front; it is not part of the first name. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c->pos = 3;
}

void csv_set_separator(struct csv *c, char sep)
{
	c->sep = sep;
}

char csv_guess_separator(const char *buf, size_t len)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (i = 0; i < len && (quoted || (buf[i] != '\n' && buf[i] != '\r')); i++) {
		if (buf[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			comma += buf[i] == ',', semi += buf[i] == ';', tab += buf[i] == '\t';
	}
	if (tab > comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

static int is_eol(char ch)
{
	return ch == '\n' || ch == '\r';
}

/* Step r over the line end at b[r] (LF, CRLF or a lone CR) and count it. */
static size_t skip_eol(struct csv *c, size_t r)
{
	if (c->buf[r] == '\r' && r + 1 < c->len && c->buf[r + 1] == '\n')
		r++;
	c->line++;
	return r + 1;
}

/* After an error the reader stays at the end: a caller that keeps asking
 * gets 0 rather than records from the middle of a broken field. */
static int fail(struct csv *c, char err[KERR_LEN], long line, const char *what)
{
	c->pos = c->len;
	return kerr(err, "line %ld: %s", line, what);
}

/* Every field is strict UTF-8 text without NUL (utf8.h): a NUL would cut the
 * value short without a word, and invalid bytes must not reach the journal. */
static int check_field(struct csv *c, struct csv_record *rec, const char *end,
		       char err[KERR_LEN])
{
	const char *f = rec->field[rec->n - 1];
	size_t bad;

	if (utf8_valid(f, (size_t)(end - f), &bad))
		return 0;
	c->pos = c->len;
	if (f[bad] == '\0')
		return kerr(err, "line %ld: field %d holds a NUL byte", rec->line, rec->n);
	return kerr(err, "line %ld: field %d is not valid UTF-8 text (byte %zu)", rec->line, rec->n,
		    bad + 1);
}

int csv_next(struct csv *c, struct csv_record *rec, char err[KERR_LEN])
{
	char *b = c->buf;
	size_t len = c->len, r = c->pos;

	while (r < len && is_eol(b[r])) /* empty lines are not records */
		r = skip_eol(c, r);
	if (r >= len) {
		c->pos = len;
		return 0;
	}
	rec->line = c->line;
	rec->n = 0;
	for (;;) {
		size_t w = r; /* unquoted text is written back from the field's start */

		if (rec->n == CSV_MAX_FIELDS) {
			c->pos = c->len;
			return kerr(err, "line %ld: more than %d fields", c->line, CSV_MAX_FIELDS);
		}
		rec->field[rec->n++] = b + w;
		if (r < len && b[r] == '"') {
			long opened = c->line;

			for (r++;; r++) {
				if (r >= len)
					return fail(c, err, opened, "quoted field is not closed");
				if (b[r] == '"') {
					if (r + 1 < len && b[r + 1] == '"') {
						b[w++] = '"'; /* "" stands for one quote */
						r++;
						continue;
					}
					r++;
					break;
				}
				/* Newlines inside quotes are data, but still lines of the file. */
				if (b[r] == '\n' || (b[r] == '\r' && !(r + 1 < len && b[r + 1] == '\n')))
					c->line++;
				b[w++] = b[r];
			}
			if (r < len && b[r] != c->sep && !is_eol(b[r]))
				return fail(c, err, c->line, "text after a closing quote");
		} else {
			/* A quote inside an unquoted field is kept as it is, as
			 * spreadsheets do, rather than refusing the whole file. */
			while (r < len && b[r] != c->sep && !is_eol(b[r]))
				r++;
			w = r;
		}
		/* Look at the terminator before the NUL may overwrite it (w <= r). */
		if (check_field(c, rec, b + w, err) != 0)
			return -1;
		if (r < len && b[r] == c->sep) {
			b[w] = '\0';
			r++;
			continue;
		}
		if (r < len)
			r = skip_eol(c, r);
		b[w] = '\0'; /* at the end of input this is buf[len], which csv_init allows */
		break;
	}
	c->pos = r;
	return 1;
}
