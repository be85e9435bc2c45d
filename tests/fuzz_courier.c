/* fuzz_courier.c - libFuzzer target for a courier's delivery-status export
 * as `kiosk courier import` reads it: the CSV reader, courier_header in each
 * courier's hint and courier_row_parse over every record. The buffer has
 * exactly len+1 bytes, the most csv_init allows. Every row it accepts has a
 * reference, a known status and an empty or normalised phone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/courier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), err[KERR_LEN];

	if (!buf)
		return 0;
	for (int hint = 0; hint <= COURIER_COUNT; hint++) {
		struct csv csv;
		struct csv_record rec;
		struct courier_cols cols;
		struct courier_row row;
		int r;

		memcpy(buf, data, size);
		csv_init(&csv, buf, size);
		if (csv_next(&csv, &rec, err) <= 0 ||
		    courier_header(&rec, (enum courier_name)hint, &cols, err) != 0)
			continue;
		while ((r = csv_next(&csv, &rec, err)) > 0)
			if (courier_row_parse(&cols, &rec, &row, err) == 1 &&
			    (!row.ref[0] || row.status >= CST_COUNT ||
			     (row.phone[0] && strncmp(row.phone, "+8801", 5) != 0)))
				abort();
	}
	free(buf);
	return 0;
}
