/* fuzz_textenc.c - libFuzzer target for textenc_to_utf8 and the CSV reader
 * with a guessed separator: any bytes; what comes out decodes to itself again, and the reader never runs past it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/textenc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = NULL, *again = NULL, err[KERR_LEN];
	size_t n = 0, m = 0;
	enum textenc enc, enc2;
	struct csv csv;
	struct csv_record rec;
	int guard = 0;

	if (textenc_to_utf8((const char *)data, size, &out, &n, &enc, err) != 0)
		return 0;
	/* What comes out reads back unchanged as UTF-8 (unless it looks like UTF-16). */
	if (textenc_to_utf8(out, n, &again, &m, &enc2, err) == 0 && enc2 == TEXTENC_UTF8 &&
	    (m != n || memcmp(out, again, n) != 0))
		abort();
	free(again);
	csv_init(&csv, out, n);
	csv_set_separator(&csv, csv_guess_separator(out, n));
	while (csv_next(&csv, &rec, err) > 0 && guard++ < 100000)
		;
	free(out);
	return 0;
}
