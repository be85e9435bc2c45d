/* fuzz_journal_body.c - libFuzzer target for issue 12's text boundary: any
 * bytes, read as a roster CSV (as `kiosk attendees import` does) and as a code
 * a scanner sent, must never put invalid UTF-8 (surrogates, overlongs,
 * > U+10FFFF, NUL) or a raw control character into a journal body. Each row
 * that passes the roster checks is written the way the import writes it, and
 * the whole input is written the way a scanned code is (jsonw). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/jsonw.h"
#include "core/roster.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void body_must_be_text(const char *body)
{
	const unsigned char *p = (const unsigned char *)body;

	if (!utf8_valid(body, strlen(body), NULL))
		__builtin_trap();
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *code = malloc(size + 1), body[8192], err[KERR_LEN];
	struct csv c;
	struct csv_record rec;
	struct roster_cols cols;
	struct roster_row row;
	struct jsonw w;
	int have_header = 0;

	if (!buf || !code)
		goto out;
	memcpy(buf, data, size);
	memcpy(code, data, size);
	code[size] = '\0';
	/* A scanned code, whatever its bytes. */
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "code", code);
	if (jsonw_end(&w) == 0)
		body_must_be_text(body);
	/* A roster file. */
	csv_init(&c, buf, size);
	while (csv_next(&c, &rec, err) == 1) {
		if (!have_header) {
			if (roster_header(&rec, &cols, err) != 0)
				break;
			have_header = 1;
			continue;
		}
		if (roster_row(&cols, &rec, &row, err) != 1)
			continue;
		jsonw_init(&w, body, sizeof body);
		jsonw_str(&w, "name", row.name);
		jsonw_str(&w, "phone", row.has_phone ? row.phone : NULL);
		jsonw_str(&w, "email", row.email);
		jsonw_str(&w, "type", row.type);
		jsonw_str(&w, "code", row.code);
		if (jsonw_end(&w) == 0)
			body_must_be_text(body);
		/* And the fields themselves are text without control characters. */
		if (utf8_field_check(row.name, err, sizeof err) != 0 ||
		    utf8_field_check(row.type, err, sizeof err) != 0 ||
		    utf8_field_check(row.code, err, sizeof err) != 0)
			__builtin_trap();
	}
out:
	free(buf);
	free(code);
	return 0;
}
