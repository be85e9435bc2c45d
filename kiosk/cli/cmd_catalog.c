/* cmd_catalog.c - `kiosk catalog import|list|adjust`: the products guests
 * order and rate, journaled as catalog_item entries. Front end over catalog,
 * csv, shop and store. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "cli.h"
#include "commands.h"
#include "core/catalog.h"
#include "core/csv.h"
#include "io/dfile.h"
#include "scan/imgload.h"
#include "core/jsonw.h"
#include "core/money.h"
#include "store/shop.h"
#include "store/store.h"

#define SHOW_BAD_ROWS 20

/* ============================================================ catalog import */

static const char import_usage[] =
	"usage: kiosk catalog import [--skip-invalid] FILE.csv\n"
	"\n"
	"Import the products guests can order and give feedback on. The CSV (RFC 4180,\n"
	"UTF-8 with or without BOM) needs seller, product and price columns (price in\n"
	"taka: 250, 1,250.50 or ৳১২৫০); stock, image (a path) and tags (separated by\n"
	"commas, ';' or '|': the feedback tags of that product) are optional.\n"
	"Headers in English or Bengali: Seller/বিক্রেতা, Product/পণ্য, Price/দাম,\n"
	"Stock/স্টক, Image/ছবি, Tags/ট্যাগ. A relative image path is taken from the\n"
	"CSV file's folder; the picture (PNG, JPEG or WebP) must be there and readable,\n"
	"and is copied into the data folder (DATA/pictures), so the kiosk does not\n"
	"depend on the organizer's files.\n"
	"\n"
	"Each product is journaled as a catalog_item entry; a product is known by its\n"
	"seller and name, so importing a changed price or stock updates it and\n"
	"importing the same file twice changes nothing. A product named twice in the\n"
	"file (a seller's same name, ASCII case and spaces aside) is a bad row. A bad\n"
	"row is reported with its line number and nothing is imported, unless\n"
	"--skip-invalid: then the good rows are. Exit 0 imported, 3 bad input.\n";

/* The picture of a row, checked and copied into DATA/pictures under a name
 * made from its content (so the journal holds "pictures/HASH.ext", never the
 * organizer's path, and importing the same picture again changes nothing).
 * With copy 0 only checks. Returns 0 (out_name filled when copy), or -1 with
 * err naming the line. */
static int picture_take(const struct cli *c, const char *csvdir, const struct catalog_row *row,
			int copy, char out_name[96], char err[KERR_LEN])
{
	char path[PATH_MAX + 256], dir[PATH_MAX + 16], dst[PATH_MAX + 128], e2[KERR_LEN], *data = NULL;
	unsigned char h[16];
	char hex[33];
	const char *dot, *ext;
	struct imgload img = {0};
	size_t len;
	int r;

	if (row->image[0] == '/' || !csvdir[0])
		(void)snprintf(path, sizeof path, "%s", row->image);
	else if (snprintf(path, sizeof path, "%s/%s", csvdir, row->image) >= (int)sizeof path)
		return kerr(err, "line %ld: picture path too long", row->line);
	dot = strrchr(row->image, '.');
	ext = dot && !strchr(dot, '/') ? dot + 1 : "";
	if (strcasecmp(ext, "png") && strcasecmp(ext, "jpg") && strcasecmp(ext, "jpeg") &&
	    strcasecmp(ext, "webp"))
		return kerr(err, "line %ld: picture '%s' is not a .png, .jpg or .webp file", row->line,
			    row->image);
	if (dfile_read_all(path, &data, &len, e2) != 0)
		return kerr(err, "line %ld: picture '%s': %s", row->line, row->image,
			    strerror(errno ? errno : EIO));
	if (len > 16 * 1024 * 1024 || imgload_mem(&img, data, (int)len, row->image, 0, e2) != 0) {
		free(data);
		return kerr(err, "line %ld: picture '%s' is not an image the kiosk can show",
			    row->line, row->image);
	}
	imgload_release(&img);
	r = 0;
	if (copy) {
		crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		(void)snprintf(out_name, 96, "pictures/%s.%s", hex,
			       strcasecmp(ext, "jpeg") == 0 ? "jpg" : ext);
		for (char *p = out_name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		(void)snprintf(dir, sizeof dir, "%s/pictures", c->data_dir);
		(void)snprintf(dst, sizeof dst, "%s/%s", c->data_dir, out_name);
		if (dfile_private_dir(dir, err) != 0 || dfile_write(dst, data, len, 0600, 0, err) != 0)
			r = -1;
	}
	free(data);
	return r;
}

/* The products of the file so far, by id (catalog_item_id: a hash in hex),
 * with the line of each: open addressing, slots kept above twice the
 * products. Caller's struct, zeroed to start; free(slot) at the end. */
struct seen_ids {
	struct seen_id { uint64_t h; long line; } *slot;
	size_t cap, n;
};

/* Put id (of line) in s. Returns 0 when new, the line that named it first,
 * or -1 out of memory. */
static long seen_ids_put(struct seen_ids *s, const char *id, long line)
{
	uint64_t h = strtoull(id + 1, NULL, 16) | 1; /* 0 marks an empty slot */
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		struct seen_id *v = calloc(cap, sizeof *v);

		if (!v)
			return -1;
		for (size_t k = 0; k < s->cap; k++)
			if (s->slot[k].h) {
				for (i = (size_t)s->slot[k].h & (cap - 1); v[i].h; i = (i + 1) & (cap - 1))
					;
				v[i] = s->slot[k];
			}
		free(s->slot);
		s->slot = v;
		s->cap = cap;
	}
	for (i = (size_t)h & (s->cap - 1); s->slot[i].h; i = (i + 1) & (s->cap - 1))
		if (s->slot[i].h == h)
			return s->slot[i].line;
	s->slot[i] = (struct seen_id){h, line};
	s->n++;
	return 0;
}

/* One bad row's line on stderr, "FILE: line N: ...", escaped for the
 * terminal; the held-back first one before it when first is not NULL. */
static void put_bad(const char *file, const char *first, const char *why)
{
	for (int i = first ? 0 : 1; i < 2; i++) {
		cli_put_text(stderr, file);
		fputs(": ", stderr);
		cli_put_text(stderr, i ? why : first);
		fputc('\n', stderr);
	}
}

int cmd_catalog_import(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN], first_bad[KERR_LEN], *buf = NULL, csvdir[PATH_MAX], imgname[96];
	size_t len;
	int rc = EXIT_ERROR, r, pass, skip_invalid = 0;
	long bad = 0, added = 0, same = 0;
	struct store *st = NULL;
	struct seen_ids ids = {0};

	if (cli_wants_help(argc, argv)) {
		fputs(import_usage, stdout);
		return EXIT_OK;
	}
	if (argc == 3 && strcmp(argv[1], "--skip-invalid") == 0) {
		skip_invalid = 1;
		argv[1] = argv[2];
		argc = 2;
	} else if (argc == 3 && strcmp(argv[2], "--skip-invalid") == 0) {
		skip_invalid = 1;
		argc = 2;
	}
	if (argc != 2) {
		cli_error(c, "catalog import: give one CSV file (see --help)");
		return EXIT_USAGE;
	}
	if (dfile_read_all(argv[1], &buf, &len, err) != 0) {
		cli_error(c, "catalog import: %s", err);
		return EXIT_ERROR;
	}
	{
		char tmp[4096], *slash;

		(void)snprintf(tmp, sizeof tmp, "%s", argv[1]);
		slash = strrchr(tmp, '/');
		if (slash)
			*slash = '\0';
		if (!realpath(slash ? tmp : ".", csvdir))
			csvdir[0] = '\0'; /* paths stay as written */
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		goto out;
	/* Pass 0 checks every row so a bad file imports nothing; pass 1 writes,
	 * in one transaction. The reader unquotes in place: each pass reads a copy. */
	for (pass = 0; pass < 2; pass++) {
		struct csv csv;
		struct csv_record rec;
		struct catalog_cols cols;
		char *text = malloc(len + 2);
		if (!text) {
			cli_error(c, "catalog import: out of memory");
			goto out;
		}
		memcpy(text, buf, len + 1);
		csv_init(&csv, text, len);
		r = csv_next(&csv, &rec, err);
		if (r <= 0 || catalog_header(&rec, &cols, err) != 0) {
			cli_error(c, "catalog import: %s: %s", argv[1], r == 0 ? "the file is empty" : err);
			free(text);
			goto out;
		}
		if (pass == 1 && store_begin(st, err) != 0) {
			cli_error(c, "catalog import: %s", err);
			free(text);
			goto out;
		}
		ids.n = 0;
		if (ids.slot)
			memset(ids.slot, 0, ids.cap * sizeof *ids.slot);
		while ((r = csv_next(&csv, &rec, err)) > 0) {
			struct catalog_row row;
			int v = catalog_row_parse(&cols, &rec, &row, err), there;
			long first;

			if (v == 0)
				continue;
			/* A missing, unreadable or broken picture is a bad row (the
			 * screen would show a blank tile); a relative path means next
			 * to the CSV file. */
			if (v > 0 && row.image[0] && pass == 0 &&
			    picture_take(c, csvdir, &row, 0, imgname, err) != 0)
				v = -1;
			/* A product named twice (ASCII case and spaces aside) is one
			 * item: the file means one price and stock, not the last row
			 * silently over the others (pass 1 skips the rows pass 0
			 * found so, below, once the picture is taken) */
			if (pass == 0 && v > 0 && (first = seen_ids_put(&ids, row.id, rec.line)) != 0) {
				if (first < 0) {
					cli_error(c, "catalog import: out of memory");
					free(text);
					goto out;
				}
				kerr(err, "line %ld: seller '%s' has product '%s' on line %ld already",
				     rec.line, row.seller, row.product, first);
				v = -1;
			}
			if (v < 0) {
				/* The first is held back: alone, it shares the closing line. */
				if (pass == 0 && bad == 0)
					(void)snprintf(first_bad, sizeof first_bad, "%s", err);
				else if (pass == 0 && bad < SHOW_BAD_ROWS)
					put_bad(argv[1], bad == 1 ? first_bad : NULL, err);
				if (pass == 0)
					bad++;
				continue;
			}
			if (pass == 0)
				continue;
			if (row.image[0]) {
				if (picture_take(c, csvdir, &row, 1, imgname, err) != 0) {
					if (skip_invalid)
						continue;
					goto write_fail;
				}
				row.image = imgname;
			}
			if ((first = seen_ids_put(&ids, row.id, rec.line)) != 0) {
				if (first > 0)
					continue; /* pass 0's bad row */
				(void)kerr(err, "out of memory");
				goto write_fail;
			}
			there = shop_catalog_is_same(st, &row, err);
			if (there < 0)
				goto write_fail;
			if (there) {
				same++;
				continue;
			}
			if (shop_catalog_append(st, &row, cli_now_ms(), err) != 0)
				goto write_fail;
			added++;
		}
		free(text);
		if (r < 0) {
			if (pass == 1)
				store_rollback(st);
			cli_error(c, "catalog import: %s: %s (nothing imported)", argv[1], err);
			goto out;
		}
		if (pass == 0 && bad == 1 && !skip_invalid) {
			cli_error(c, "catalog import: %s: %s; nothing imported (fix it, or pass"
				  " --skip-invalid to import the good rows)", argv[1], first_bad);
			goto out;
		}
		if (pass == 0 && bad == 1)
			put_bad(argv[1], NULL, first_bad);
		if (pass == 0 && bad > 0) {
			if (bad > SHOW_BAD_ROWS)
				fprintf(stderr, "%s: ... and %ld more bad rows\n", argv[1],
					bad - SHOW_BAD_ROWS);
			if (!skip_invalid) {
				cli_error(c, "catalog import: %ld bad row(s); nothing imported (fix them, or"
					  " pass --skip-invalid to import the good rows)", bad);
				goto out;
			}
		}
		continue;
write_fail:
		free(text);
		store_rollback(st);
		cli_error(c, "catalog import: %s (nothing imported)", err);
		goto out;
	}
	if (store_commit(st, err) != 0) {
		cli_error(c, "catalog import: %s (nothing imported)", err);
		goto out;
	}
	printf("imported %ld product(s); %ld unchanged", added, same);
	if (bad)
		printf("; %ld bad row(s) skipped", bad);
	printf("\n");
	rc = EXIT_OK;
out:
	store_close(st);
	free(ids.slot);
	free(buf);
	return rc;
}

/* ============================================================== catalog list */

int cmd_catalog_list(struct cli *c, int argc, char **argv)
{
	static struct shop_item items[4096];
	char err[KERR_LEN], price[MONEY_TEXT_MAX];
	struct store *st;
	int n = cli_open_without_args(c, argc, argv, "catalog list",
				  "usage: kiosk catalog list\n\n"
				  "Print the catalog, one product per line, tab-separated:\n"
				  "SELLER PRODUCT PRICE STOCK-LEFT TAGS (stock '-' when not counted).",
				  &st);

	if (n >= 0)
		return n;
	n = shop_catalog_load(st, items, (int)(sizeof items / sizeof items[0]), err);
	if (n < 0) {
		cli_error(c, "catalog list: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	for (int i = 0; i < n; i++) {
		if (money_format(items[i].price_poisha, "en", price, sizeof price) < 0)
			price[0] = '\0'; /* cannot happen: MONEY_TEXT_MAX holds any amount */
		if (items[i].left >= 0)
			printf("%s\t%s\t%s\t%" PRId64 "\t%s\n", items[i].seller, items[i].product,
			       price, items[i].left, items[i].tags);
		else
			printf("%s\t%s\t%s\t-\t%s\n", items[i].seller, items[i].product, price,
			       items[i].tags);
	}
	store_close(st);
	return EXIT_OK;
}

/* ============================================================ catalog adjust */

int cmd_catalog_adjust(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"seller", required_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static struct shop_item items[4096];
	const char *seller = NULL, *neg = NULL;
	char err[KERR_LEN], body[512], *end;
	struct store *st;
	struct jsonw w;
	long delta;
	int opt, n, found = -1;

	/* getopt would read a negative DELTA ("-2", the documented example) as
	 * options: take it out of argv first. A --seller value stays put. */
	{
		const char *prev = "";
		int k = 1;

		for (int i = 1; i < argc; prev = argv[i++]) {
			if (!neg && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' &&
			    strcmp(prev, "--seller") != 0) {
				neg = argv[i];
				continue;
			}
			argv[k++] = argv[i];
		}
		argv[k] = NULL;
		argc = k;
	}
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 's': seller = optarg; break;
		case 'h':
			puts("usage: kiosk catalog adjust PRODUCT DELTA [--seller SELLER]\n\n"
			     "Change the stock of a counted product by DELTA (+5: more arrived,\n"
			     "-2: broken or given away): a stock_adjusted entry, added to the stock\n"
			     "left whatever order entries of other devices arrive in.");
			return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != (neg ? 1 : 2)) {
		cli_error(c, "catalog adjust: give PRODUCT and DELTA (e.g. -2)");
		return EXIT_USAGE;
	}
	if (!neg)
		neg = argv[optind + 1];
	delta = strtol(neg, &end, 10);
	if (*end || end == neg || delta == 0 || delta < -CATALOG_STOCK_MAX ||
	    delta > CATALOG_STOCK_MAX) {
		cli_error(c, "catalog adjust: DELTA '%s' is not a whole number from -%d to %d, not 0",
			  neg, CATALOG_STOCK_MAX, CATALOG_STOCK_MAX);
		return EXIT_ERROR;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	/* The stock left is read under the write lock and the entry written in
	 * the same transaction: two adjusts (or an order) at once cannot take
	 * the stock below zero. Closing without commit rolls back. */
	if (store_begin(st, err) != 0 ||
	    (n = shop_catalog_load(st, items, (int)(sizeof items / sizeof items[0]), err)) < 0) {
		cli_error(c, "catalog adjust: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	for (int i = 0; i < n; i++)
		if (strcmp(items[i].product, argv[optind]) == 0 &&
		    (!seller || strcmp(items[i].seller, seller) == 0)) {
			if (found >= 0) {
				cli_error(c, "catalog adjust: two sellers have '%s'; give --seller", argv[optind]);
				store_close(st);
				return EXIT_ERROR;
			}
			found = i;
		}
	if (found < 0 || items[found].left < 0) {
		cli_error(c, "catalog adjust: %s '%s'", found < 0 ? "no product" : "stock is not counted for",
			  argv[optind]);
		store_close(st);
		return EXIT_ERROR;
	}
	if (items[found].left + delta < 0) {
		cli_error(c, "catalog adjust: only %" PRId64 " of '%s' left", items[found].left, argv[optind]);
		store_close(st);
		return EXIT_ERROR;
	}
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", items[found].id);
	jsonw_int(&w, "delta", delta);
	if (jsonw_end(&w) != 0 || store_append(st, cli_now_ms(), "stock_adjusted", body, NULL, err) != 0) {
		cli_error(c, "catalog adjust: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	if (store_commit(st, err) != 0) {
		cli_error(c, "catalog adjust: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	store_close(st);
	printf("%s: %" PRId64 " left\n", argv[optind], items[found].left + delta);
	return EXIT_OK;
}
