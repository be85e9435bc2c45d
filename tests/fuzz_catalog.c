/* fuzz_catalog.c - libFuzzer target for the catalog CSV rows as `kiosk
 * catalog import` reads them: header matching and catalog_row_parse over
 * every record, plus district search and TrxID checks on each field (the
 * other parsers that take typed text). Checks what must hold: prices are
 * whole poisha in range, tags are few and short, ids stable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/csv.h"
#include "core/districts.h"
#include "core/order.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	struct csv c;
	struct csv_record rec;
	struct catalog_cols cols;
	struct catalog_row row;
	char err[KERR_LEN], id[CATALOG_ID_LEN], trx[ORDER_TRX_MAX];
	int have_header = 0, hits[8];

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	csv_init(&c, buf, size);
	while (csv_next(&c, &rec, err) == 1) {
		for (int i = 0; i < rec.n; i++) {
			int n = district_search(rec.field[i], hits, 8);

			if (n < 0 || n > DISTRICT_COUNT)
				abort();
			for (int k = 0; k < n && k < 8; k++)
				if (hits[k] < 0 || hits[k] >= DISTRICT_COUNT)
					abort();
			for (int m = 0; m < PAY_COUNT; m++)
				if (pay_trx_check((enum pay_method)m, rec.field[i], trx, err) == 0 &&
				    strlen(trx) >= ORDER_TRX_MAX)
					abort();
		}
		if (!have_header) {
			have_header = catalog_header(&rec, &cols, err) == 0;
			continue;
		}
		if (catalog_row_parse(&cols, &rec, &row, err) != 1)
			continue;
		if (row.price_poisha < 0 || row.price_poisha > 100000000LL || row.stock < -1 ||
		    row.stock > CATALOG_STOCK_MAX || row.ntags < 0 || row.ntags > CATALOG_TAGS_MAX ||
		    !row.seller[0] || !row.product[0])
			abort();
		for (int t = 0; t < row.ntags; t++)
			if (!row.tag[t][0] || strlen(row.tag[t]) >= CATALOG_TAG_MAX)
				abort();
		catalog_item_id(row.seller, row.product, id);
		if (strcmp(id, row.id) != 0)
			abort();
	}
	free(buf);
	return 0;
}
