/* cmd_courier.c - `kiosk courier import` (a courier's delivery-status
 * export: what became of each parcel) and `kiosk customers show PHONE` (a
 * customer's orders, meetups and parcels: is cash on delivery safe?).
 * Front end over courier, csv, deliveries and shop. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "core/courier.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/phone.h"
#include "io/dfile.h"
#include "store/deliveries.h"
#include "store/shop.h"
#include "store/store.h"

#define SHOW_BAD 20

static const char import_usage[] =
	"usage: kiosk courier import FILE.csv [--courier steadfast|pathao|redx]\n"
	"\n"
	"Read a courier's delivery-status export (the parcel list of the merchant\n"
	"panel saved as CSV) and keep what became of each parcel: delivered, returned\n"
	"or cancelled (anything else is still on its way). Columns are found by their\n"
	"header: the consignment or tracking id (consignment_id, tracking_id), our\n"
	"order number as invoice (invoice, merchant_order_id, merchant_invoice_id),\n"
	"the customer's phone (recipient_phone, customer_phone, phone) and the status\n"
	"(delivery_status, order_status, current_status, status). Each courier's\n"
	"status words are read from its own table (Steadfast partial_delivered,\n"
	"Pathao Paid Return, RedX agent-returning, ...). A parcel without a phone\n"
	"takes the phone of our order with that invoice number; parcels of unknown\n"
	"customers are counted and skipped. Importing the same file twice changes\n"
	"nothing. A bad row is named by its line and nothing is imported.\n"
	"See `kiosk customers show PHONE`. Exit 0 imported, 3 bad input.\n";

struct parcels {
	struct courier_row *rows;
	int n, cap;
};

static int keep(struct parcels *p, const struct courier_row *r)
{
	if (p->n == p->cap) {
		int cap = p->cap ? p->cap * 2 : 256;
		struct courier_row *n = cap > (1 << 22) ? NULL : realloc(p->rows, (size_t)cap * sizeof *n);

		if (!n)
			return -1;
		p->rows = n;
		p->cap = cap;
	}
	p->rows[p->n++] = *r;
	return 0;
}

int cmd_courier_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"courier", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum courier_name hint = COURIER_COUNT;
	struct parcels p = {0};
	struct store *st = NULL;
	struct csv csv;
	struct csv_record rec;
	struct courier_cols cols;
	char err[KERR_LEN], *buf = NULL;
	size_t len;
	long bad = 0, added = 0, same = 0, unknown = 0, count[CST_COUNT] = {0};
	int opt, r, rc = EXIT_ERROR;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (courier_parse(optarg, &hint) != 0 || hint == COURIER_OTHER) {
				cli_error(c, "courier import: --courier '%s' is not steadfast, pathao"
					  " or redx", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(import_usage, stdout); return EXIT_OK;
		default: fputs(import_usage, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(c, "courier import: give one FILE.csv (see --help)");
		return EXIT_USAGE;
	}
	if (dfile_read_all(argv[optind], &buf, &len, err) != 0) {
		cli_error(c, "courier import: %s", err);
		return EXIT_ERROR;
	}
	csv_init(&csv, buf, len);
	r = csv_next(&csv, &rec, err);
	if (r <= 0 || courier_header(&rec, hint, &cols, err) != 0) {
		cli_error(c, "courier import: %s: %s", argv[optind],
			  r == 0 ? "the file is empty" : err);
		goto out;
	}
	while ((r = csv_next(&csv, &rec, err)) > 0) {
		struct courier_row row;
		int v = courier_row_parse(&cols, &rec, &row, err);

		if (v == 0)
			continue;
		if (v < 0) {
			if (bad++ < SHOW_BAD)
				fprintf(stderr, "%s: %s\n", argv[optind], err);
			continue;
		}
		if (keep(&p, &row) != 0) {
			cli_error(c, "courier import: out of memory");
			goto out;
		}
	}
	if (r < 0) {
		cli_error(c, "courier import: %s: %s (nothing imported)", argv[optind], err);
		goto out;
	}
	if (bad) {
		cli_error(c, "courier import: %ld bad row(s); nothing imported", bad);
		goto out;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		goto out;
	if (store_begin(st, err) != 0) {
		cli_error(c, "courier import: %s", err);
		goto out;
	}
	for (int i = 0; i < p.n; i++) {
		int v = deliveries_record(st, &p.rows[i], cli_now_ms(), err);

		if (v < 0) {
			store_rollback(st);
			cli_error(c, "courier import: %s (nothing imported)", err);
			goto out;
		}
		added += v == 1;
		same += v == 0;
		unknown += v == 2;
		if (v != 2)
			count[p.rows[i].status]++;
	}
	if (store_commit(st, err) != 0) {
		cli_error(c, "courier import: %s (nothing imported)", err);
		goto out;
	}
	printf("%s: %d parcel(s): %ld delivered, %ld returned, %ld cancelled, %ld on the way;"
	       " %ld new, %ld unchanged, %ld of unknown customers skipped\n",
	       courier_code(cols.courier), p.n, count[CST_DELIVERED], count[CST_RETURNED],
	       count[CST_CANCELLED], count[CST_PENDING], added, same, unknown);
	rc = EXIT_OK;
out:
	store_close(st);
	free(p.rows);
	free(buf);
	return rc;
}

static const char show_usage[] =
	"usage: kiosk customers show PHONE\n"
	"\n"
	"What is known of a customer by their mobile number (any common form:\n"
	"01712345678, +880 1712-345678, Bengali digits), as \"key: value\" lines:\n"
	"phone, name (of the newest order, else the roster), orders (that stand),\n"
	"meetups (roster rows), delivered, returned, cancelled and on_the_way\n"
	"(parcels by what the couriers said, `kiosk courier import`), and cod_risk:\n"
	"new (no finished parcel), low, or high (returned and cancelled are a third\n"
	"or more of the finished parcels). Exit 0 known, 1 not known, 3 bad input.\n";

int cmd_customers_show(struct cli *c, int argc, char **argv)
{
	struct shop_customer cu;
	struct store *st = NULL;
	char phone[PHONE_LEN], err[KERR_LEN];
	long n[CST_COUNT];
	int found, rc = EXIT_ERROR;

	if (cli_wants_help(argc, argv)) {
		fputs(show_usage, stdout);
		return EXIT_OK;
	}
	if (argc != 2) {
		cli_error(c, "customers show: give one PHONE (see --help)");
		return EXIT_USAGE;
	}
	if (phone_normalise(argv[1], phone) != 0) {
		cli_error(c, "customers show: '%s' is not a Bangladeshi mobile number", argv[1]);
		return EXIT_ERROR;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if ((found = shop_customer_find(st, phone, 1, &cu, err)) < 0 ||
	    deliveries_counts(st, phone, n, err) != 0) {
		cli_error(c, "customers show: %s", err);
		goto out;
	}
	printf("phone: %s\nname: %s\norders: %d\nmeetups: %d\ndelivered: %ld\nreturned: %ld\n"
	       "cancelled: %ld\non_the_way: %ld\ncod_risk: %s\n", phone, found ? cu.name : "",
	       found ? cu.orders : 0, found ? cu.meetups : 0, n[CST_DELIVERED], n[CST_RETURNED],
	       n[CST_CANCELLED], n[CST_PENDING],
	       courier_risk_code(courier_risk_of(n[CST_DELIVERED], n[CST_RETURNED],
						 n[CST_CANCELLED])));
	rc = found || n[CST_DELIVERED] || n[CST_RETURNED] || n[CST_CANCELLED] || n[CST_PENDING]
		     ? EXIT_OK : EXIT_USED;
out:
	store_close(st);
	return rc;
}

static const char delivery_usage[] =
	"usage: kiosk catalog delivery [--inside-dhaka TAKA] [--outside TAKA]\n"
	"\n"
	"Set the delivery charge an order adds to its total, by the customer's\n"
	"district: inside Dhaka district, or outside it (taka: 60, 120.50, ৳১২০).\n"
	"A delivery_charges entry, so every desk charges the same; orders taken\n"
	"before keep theirs. Without options, prints the charges as \"key: value\".\n"
	"Exit 0, 3 bad input (nothing changed).\n";

int cmd_catalog_delivery(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"inside-dhaka", required_argument, NULL, 'i'}, {"outside", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	const char *in_text = NULL, *out_text = NULL;
	int64_t inside, outside;
	struct store *st = NULL;
	char err[KERR_LEN], a[MONEY_PLAIN_MAX], b[MONEY_PLAIN_MAX];
	int opt, rc = EXIT_ERROR;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'i': in_text = optarg; break;
		case 'o': out_text = optarg; break;
		case 'h': fputs(delivery_usage, stdout); return EXIT_OK;
		default: fputs(delivery_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cli_error(c, "catalog delivery: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (deliveries_charges_get(st, &inside, &outside, err) != 0) {
		cli_error(c, "catalog delivery: %s", err);
		goto out;
	}
	if ((in_text && (money_parse(in_text, &inside) != 0 || inside < 0 ||
			 inside > ORDER_TOTAL_MAX)) ||
	    (out_text && (money_parse(out_text, &outside) != 0 || outside < 0 ||
			  outside > ORDER_TOTAL_MAX))) {
		cli_error(c, "catalog delivery: '%s' is not an amount in taka",
			  in_text && (money_parse(in_text, &inside) != 0 || inside < 0) ? in_text
											: out_text);
		goto out;
	}
	if ((in_text || out_text) && deliveries_charges_set(st, inside, outside, cli_now_ms(), err) != 0) {
		cli_error(c, "catalog delivery: %s", err);
		goto out;
	}
	money_format_plain(inside, a);
	money_format_plain(outside, b);
	printf("inside_dhaka: %s\noutside: %s\n", a, b);
	rc = EXIT_OK;
out:
	store_close(st);
	return rc;
}
