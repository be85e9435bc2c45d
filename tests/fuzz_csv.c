/* fuzz_csv.c - libFuzzer target for the CSV reader and the roster checks over
 * every record, as `kiosk attendees import` runs them. The buffer has exactly
 * len+1 bytes, the most csv_init allows, so any write past it is caught. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	struct csv c;
	struct csv_record rec;
	struct roster_cols cols;
	struct roster_row row;
	char err[KERR_LEN];
	int have_header = 0, rc;
	long last_line = 0;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	csv_init(&c, buf, size);
	while ((rc = csv_next(&c, &rec, err)) == 1) {
		/* Records come in file order and every field lies inside the buffer. */
		if (rec.n < 1 || rec.n > CSV_MAX_FIELDS || rec.line <= last_line)
			abort();
		for (int i = 0; i < rec.n; i++)
			if (rec.field[i] < buf || rec.field[i] + strlen(rec.field[i]) > buf + size)
				abort();
		last_line = rec.line;
		if (!have_header) {
			have_header = roster_header(&rec, &cols, err) == 0;
			continue;
		}
		rc = roster_row(&cols, &rec, &row, err);
		if (rc == 1 && (row.name[0] == '\0' || (!row.has_phone && row.code[0] == '\0')))
			abort();
	}
	if (rc == -1 && strncmp(err, "line ", 5) != 0)
		abort();
	free(buf);
	return 0;
}
