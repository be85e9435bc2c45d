/* catalog.h - the product catalog's CSV: which column holds what (English or
 * Bengali headers) and one row checked: seller, product, price in taka (held
 * as poisha), optional stock, image path and tags. Pure: libc only (with csv
 * and money); the caller reads files and stores entries. */
#ifndef KIOSK_CATALOG_H
#define KIOSK_CATALOG_H

#include <stdint.h>

#include "csv.h"
#include "kerr.h"

#define CATALOG_ID_LEN 20        /* "p" + 16 hex + NUL, rounded up */
#define CATALOG_TEXT_MAX 200     /* bytes of a seller or product name */
#define CATALOG_TAGS_MAX 8       /* tags of one product */
#define CATALOG_TAG_MAX 48       /* bytes of one tag */
#define CATALOG_STOCK_MAX 1000000

struct catalog_cols {
	int seller, product, price, stock, image, tags, category;
};

/* What kind of product, so feedback asks the right question: food is
 * tasted, clothes and crafts are seen and tried on. */
enum catalog_kind { CATALOG_KIND_OTHER, CATALOG_KIND_FOOD, CATALOG_KIND_CLOTHES,
		    CATALOG_KIND_CRAFT, CATALOG_KIND_COUNT };

/* "food", "clothes", "craft", "" (other). */
const char *catalog_kind_code(enum catalog_kind k);
/* A category as sellers write it, English or Bengali ("Food", "খাবার",
 * "আচার", "শাড়ি", "পোশাক", "হস্তশিল্প", "craft", ...); anything else is
 * CATALOG_KIND_OTHER. */
enum catalog_kind catalog_kind_parse(const char *text);

/* One product. Strings point into the CSV buffer (trimmed in place), valid as
 * long as it; never NULL ("" when absent). */
struct catalog_row {
	long line;
	const char *seller;
	const char *product;
	int64_t price_poisha;
	int64_t stock;                 /* -1: not counted */
	const char *image;             /* a path as written, or "" */
	enum catalog_kind kind;        /* from an optional category column */
	int ntags;
	char tag[CATALOG_TAGS_MAX][CATALOG_TAG_MAX]; /* trimmed, lowercase ASCII */
	char id[CATALOG_ID_LEN];       /* catalog_item_id(seller, product) */
};

/* Map the header: seller, product, price are needed. Headers match in English
 * and Bengali, ignoring ASCII case, '_'/'-'/' ' and a trailing ':' or unit
 * ("price (taka)", "দাম (টাকা)"). Returns 0, or -1 with err naming what is missing. */
int catalog_header(const struct csv_record *hdr, struct catalog_cols *cols, char err[KERR_LEN]);

/* Check one data record (trims its fields in place). Returns 1 and fills row;
 * 0 for a blank row; -1 with err = "line N: <reason>". Tags are split on ',',
 * ';' or '|'. A price is taka as people write it: "250", "1,250.50", "৳১২৫০". */
int catalog_row_parse(const struct catalog_cols *cols, const struct csv_record *rec,
		      struct catalog_row *row, char err[KERR_LEN]);

/* The stable id of a product: the same seller and product name (after
 * trimming and squeezing spaces, ASCII case ignored) give the same id on
 * every device, so importing the file twice or on two kiosks makes one item. */
void catalog_item_id(const char *seller, const char *product, char out[CATALOG_ID_LEN]);

#endif
