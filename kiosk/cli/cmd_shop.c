/* cmd_shop.c - `kiosk orders export|list|cancel|add` and `kiosk feedback
 * export`: orders and feedback out, orders taken without the screen (the
 * catalog in: cmd_catalog.c). Front end over csvw, order, shop, pin, store. */
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "core/csv.h"
#include "core/csvw.h"
#include "core/districts.h"
#include "io/dfile.h"
#include "core/money.h"
#include "store/pin.h"
#include "store/deliveries.h"
#include "store/shop.h"
#include "store/shop_export.h"
#include "store/store.h"
#include "core/timefmt.h"
#include "core/utf8.h"

#define MAP_COLS_MAX 40

/* ================================================================= shared */

/* The end of a CSV export: the store's walk returned read (0, or -1 with
 * err) and w holds the whole CSV, which goes to path atomically. Returns
 * EXIT_OK after saying how many rows (n of what) were written, else
 * EXIT_ERROR told through c with path untouched. */
static int export_finish(struct cli *c, const char *cmd, int read, char err[KERR_LEN],
			 const struct csvw *w, const char *path, long n, const char *what)
{
	if (read != 0) {
		cli_error(c, "%s: %s", cmd, err);
		return EXIT_ERROR;
	}
	if (w->failed) {
		cli_error(c, "%s: out of memory", cmd);
		return EXIT_ERROR;
	}
	if (dfile_write(path, w->buf, w->len, 0600, 0, err) != 0) {
		cli_error(c, "%s: %s", cmd, err);
		return EXIT_ERROR;
	}
	printf("wrote %ld %s to %s\n", n, what, path);
	return EXIT_OK;
}

/* ============================================================ orders export */

/* The values an order offers to a courier sheet; a mapping names columns
 * after them. */
enum ofield {
	OF_ORDER_NO, OF_NAME, OF_PHONE, OF_PHONE_LOCAL, OF_ADDRESS, OF_DISTRICT,
	OF_DISTRICT_BN, OF_ADDRESS_FULL, OF_COLLECT, OF_TOTAL, OF_ITEMS, OF_QTY, OF_SELLER,
	OF_METHOD, OF_TRX, OF_DATE, OF_COUNT
};

static const char *const ofield_name[OF_COUNT] = {
	"order_no", "name", "phone", "phone_local", "address", "district", "district_bn",
	"address_full", "collect", "total", "items", "quantity", "seller", "method", "trx", "date",
};

struct map {
	int n;
	char column[MAP_COLS_MAX][128];
	int field[MAP_COLS_MAX];            /* an ofield, or -1 for a constant */
	char constant[MAP_COLS_MAX][128];
};

static const struct map default_map = {
	7,
	{"Invoice", "Recipient name", "Phone", "Address", "District", "Amount to collect", "Note"},
	{OF_ORDER_NO, OF_NAME, OF_PHONE_LOCAL, OF_ADDRESS, OF_DISTRICT, OF_COLLECT, OF_ITEMS},
	{""},
};

/* Read a mapping file: header "column,field", then one row per output
 * column: its header text in the courier's sheet, and one of ofield_name or
 * "=TEXT" for a constant (e.g. a parcel weight). */
static int map_load(const char *path, struct map *m, char err[KERR_LEN])
{
	char *buf, e2[KERR_LEN];
	size_t len;
	struct csv csv;
	struct csv_record rec;
	int r;

	if (dfile_read_all(path, &buf, &len, e2) != 0)
		return kerr(err, "%s", e2);
	memset(m, 0, sizeof *m);
	csv_init(&csv, buf, len);
	r = csv_next(&csv, &rec, e2);
	if (r <= 0 || rec.n < 2 || strcmp(rec.field[0], "column") != 0 ||
	    strcmp(rec.field[1], "field") != 0) {
		free(buf);
		return kerr(err, "%s: line 1: the header must be \"column,field\"", path);
	}
	while ((r = csv_next(&csv, &rec, e2)) > 0) {
		int f = -1;

		if (rec.n < 2 || !rec.field[0][0]) {
			free(buf);
			return kerr(err, "%s: line %ld: needs a column and a field", path, rec.line);
		}
		if (m->n == MAP_COLS_MAX) {
			free(buf);
			return kerr(err, "%s: more than %d columns", path, MAP_COLS_MAX);
		}
		if (rec.n < 2 || rec.field[1][0] == '\0') {
			m->constant[m->n][0] = '\0'; /* an empty column the courier fills */
		} else if (rec.field[1][0] == '=') {
			(void)snprintf(m->constant[m->n], sizeof m->constant[0], "%s", rec.field[1] + 1);
		} else {
			for (int i = 0; i < OF_COUNT; i++)
				if (strcmp(rec.field[1], ofield_name[i]) == 0)
					f = i;
			if (f < 0) {
				kerr(err, "%s: line %ld: unknown field '%.40s' (one of order_no, name,"
				     " phone, phone_local, address, district, district_bn, address_full,"
				     " collect, total, items, quantity, seller, method, trx, date,"
				     " or =TEXT)", path, rec.line, rec.field[1]);
				free(buf);
				return -1;
			}
		}
		(void)snprintf(m->column[m->n], sizeof m->column[0], "%s", rec.field[0]);
		m->field[m->n++] = f;
	}
	free(buf);
	if (r < 0)
		return kerr(err, "%s: %s", path, e2);
	if (m->n == 0)
		return kerr(err, "%s: no columns", path);
	return 0;
}

static const char orders_export_usage[] =
	"usage: kiosk orders export --courier FILE.csv [--map MAPPING.csv]\n"
	"\n"
	"Write the orders that stand (not cancelled) as a CSV for a courier's bulk\n"
	"upload: UTF-8 with BOM, RFC 4180. Without --map the columns are Invoice,\n"
	"Recipient name, Phone, Address, District, Amount to collect, Note (the items).\n"
	"A mapping file (header \"column,field\") names each column of the courier's\n"
	"sheet and the order field that fills it: order_no, name, phone (+880...),\n"
	"phone_local (01...), address, district, district_bn, address_full, collect\n"
	"(taka, cash on delivery only, else 0), total, items, quantity, seller, method,\n"
	"trx, date; or =TEXT for a fixed value. Examples: assets/courier/*.csv.\n";

/* One courier export: the columns and the CSV so far. */
struct export {
	const struct map *map;
	struct csvw *w;
	int off_min;
	long n;
};

static void export_order(void *ctx, const struct shop_export_order *o)
{
	struct export *x = ctx;
	const struct map *map = x->map;
	struct csvw *w = x->w;

	for (int i = 0; i < map->n; i++) {
		char buf[600];
		const char *v = buf;
		int d;

		buf[0] = '\0';
		switch (map->field[i]) {
		case -1: v = map->constant[i]; break;
		case OF_ORDER_NO: v = o->order_no; break;
		case OF_NAME: csvw_text(w, o->name); continue;
		case OF_PHONE: v = o->phone; break;
		case OF_PHONE_LOCAL: /* "+880" -> "0..." */
			v = strlen(o->phone) >= 3 ? o->phone + 3 : o->phone;
			break;
		case OF_ADDRESS: csvw_text(w, o->address); continue;
		case OF_DISTRICT: v = o->district; break;
		case OF_DISTRICT_BN:
			d = district_find(o->district);
			v = d >= 0 ? district_at(d)->bn : o->district;
			break;
		case OF_ADDRESS_FULL:
			(void)snprintf(buf, sizeof buf, "%s, %s", o->address, o->district);
			csvw_text(w, buf);
			continue;
		case OF_COLLECT: money_format_plain(o->collect_poisha, buf); break;
		case OF_TOTAL: money_format_plain(o->total_poisha, buf); break;
		case OF_SELLER: csvw_text(w, o->seller); continue;
		case OF_METHOD: v = o->method; break;
		case OF_TRX: v = o->trx; break;
		case OF_DATE:
			if (time_format_iso(o->at_ms, x->off_min, buf, sizeof buf) < 0)
				buf[0] = '\0';
			break;
		case OF_ITEMS: csvw_text(w, o->items); continue;
		case OF_QTY: v = o->qty; break;
		}
		csvw_field(w, v);
	}
	csvw_end_row(w);
	x->n++;
}

int cmd_orders_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"courier", required_argument, NULL, 'c'}, {"map", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	const char *out = NULL, *mapfile = NULL;
	char err[KERR_LEN], tz[16];
	static struct map map;
	struct store *st = NULL;
	struct csvw w;
	struct export x = {&map, &w, 360, 0};
	int opt, rc, read;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': out = optarg; break;
		case 'm': mapfile = optarg; break;
		case 'h': fputs(orders_export_usage, stdout); return EXIT_OK;
		default: fputs(orders_export_usage, stderr); return EXIT_USAGE;
		}
	}
	if (!out || optind != argc) {
		cli_error(c, "orders export: give --courier FILE.csv (see --help)");
		return EXIT_USAGE;
	}
	if (mapfile) {
		if (map_load(mapfile, &map, err) != 0) {
			cli_error(c, "orders export: %s", err);
			return EXIT_ERROR;
		}
	} else {
		map = default_map;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	if (store_meta_get(st, "tz_offset_min", tz, sizeof tz) > 0)
		x.off_min = atoi(tz);
	csvw_init(&w, 1);
	for (int i = 0; i < map.n; i++)
		csvw_field(&w, map.column[i]);
	csvw_end_row(&w);
	read = shop_export_orders(st, export_order, &x, err);
	rc = export_finish(c, "orders export", read, err, &w, out, x.n, "order(s)");
	csvw_release(&w);
	store_close(st);
	return rc;
}

/* ============================================================== orders list */

static void print_order(void *ctx, const struct shop_export_listed *o)
{
	(void)ctx;
	printf("%s\t%s\t%s\t%s\t%s\t%lld\t%lld\t%s\n", o->order_no, o->name, o->phone,
	       o->district, o->method, (long long)o->total_poisha, (long long)o->collect_poisha,
	       o->status);
}

int cmd_orders_list(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN];
	struct store *st;
	int step = cli_open_without_args(c, argc, argv, "orders list",
				     "usage: kiosk orders list\n\n"
				     "Print every order, tab-separated: NUMBER NAME PHONE DISTRICT METHOD\n"
				     "TOTAL-POISHA COLLECT-POISHA STATUS (ok or cancelled).",
				     &st);

	if (step >= 0)
		return step;
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	step = shop_export_order_list(st, print_order, NULL, err);
	store_close(st);
	if (step != 0) {
		cli_error(c, "orders list: cannot read the orders");
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* ============================================================ orders cancel */

int cmd_orders_cancel(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"pin", required_argument, NULL, 'p'}, {"reason", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	const char *pin = NULL, *reason = NULL;
	char err[KERR_LEN], no[ORDER_NO_LEN];
	struct store *st;
	int64_t locked = 0;
	int opt, r;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': pin = optarg; break;
		case 'r': reason = optarg; break;
		case 'h':
			puts("usage: kiosk orders cancel ORDERNO --pin PIN [--reason TEXT]\n\n"
			     "Cancel an order (the organizer PIN set by `kiosk init --pin`): an\n"
			     "order_cancelled entry; its items go back into stock and it leaves the\n"
			     "courier export. Five wrong PINs lock cancelling for a minute.");
			return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !pin) {
		cli_error(c, "orders cancel: give ORDERNO and --pin PIN");
		return EXIT_USAGE;
	}
	if (reason && utf8_field_check(reason, err, KERR_LEN) != 0) {
		cli_error(c, "orders cancel: --reason holds %s", err);
		return EXIT_ERROR;
	}
	(void)snprintf(no, sizeof no, "%s", argv[optind]);
	for (char *p = no; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	if (!order_no_is_valid(no)) {
		cli_error(c, "orders cancel: '%s' is not an order number (its check character is wrong)",
			  argv[optind]);
		return EXIT_ERROR;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	r = pin_check(st, pin, cli_now_ms(), &locked, err);
	if (r != 1) {
		if (r == 0)
			cli_error(c, "orders cancel: wrong PIN");
		else if (r == -2)
			cli_error(c, "orders cancel: too many wrong PINs; locked for %" PRId64 " s",
				  (locked - cli_now_ms() + 999) / 1000);
		else
			cli_error(c, "orders cancel: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	if (shop_order_cancel(st, no, reason, cli_now_ms(), err) != 0) {
		cli_error(c, "orders cancel: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	store_close(st);
	printf("cancelled order %s\n", no);
	return EXIT_OK;
}

/* ========================================================== feedback export */

static void export_feedback(void *ctx, const struct shop_export_feedback *f)
{
	static const char *const face_en[] = {"", "very unhappy", "unhappy", "happy", "very happy"};
	struct export *x = ctx;
	struct csvw *w = x->w;
	char t[64], num[32];

	if (time_format_iso(f->at_ms, x->off_min, t, sizeof t) < 0)
		t[0] = '\0';
	csvw_field(w, t);
	csvw_text(w, f->seller);
	csvw_text(w, f->product);
	(void)snprintf(num, sizeof num, "%d", f->face);
	csvw_field(w, num);
	csvw_field(w, f->face >= 1 && f->face <= 4 ? face_en[f->face] : "");
	csvw_text(w, f->tags);
	csvw_text(w, f->comment);
	csvw_field(w, f->phone);
	csvw_field(w, f->flagged ? "1" : "0");
	csvw_field(w, f->device);
	(void)snprintf(num, sizeof num, "%lld", (long long)f->seq);
	csvw_field(w, num);
	csvw_end_row(w);
	x->n++;
}

int cmd_feedback_export(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN], tz[16];
	struct store *st = NULL;
	struct csvw w;
	struct export x = {NULL, &w, 360, 0};
	int rc, read;

	if (cli_wants_help(argc, argv)) {
		puts("usage: kiosk feedback export FILE.csv\n\n"
		     "Write every feedback as CSV (UTF-8 with BOM, RFC 4180): time, seller,\n"
		     "product (empty: the whole meetup), face (1 very unhappy .. 4 very happy),\n"
		     "face_text, tags, comment, phone, flagged (1: part of a burst of rapid taps,\n"
		     "leave it out of averages), device, seq.");
		return EXIT_OK;
	}
	if (argc != 2) {
		cli_error(c, "feedback export: give one output FILE.csv");
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	if (store_meta_get(st, "tz_offset_min", tz, sizeof tz) > 0)
		x.off_min = atoi(tz);
	csvw_init(&w, 1);
	{
		static const char *const head[] = {"time", "seller", "product", "face", "face_text",
						   "tags", "comment", "phone", "flagged", "device", "seq"};

		for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
			csvw_field(&w, head[i]);
		csvw_end_row(&w);
	}
	read = shop_export_feedback(st, export_feedback, &x, err);
	rc = export_finish(c, "feedback export", read, err, &w, argv[1], x.n, "feedback(s)");
	csvw_release(&w);
	store_close(st);
	return rc;
}

/* =============================================================== orders add */

static const char orders_add_usage[] =
	"usage: kiosk orders add --item PRODUCT=QTY [--item ...] --name NAME --phone PHONE\n"
	"        --district DISTRICT --address TEXT --pay cash|bkash|nagad|rocket|card|cod\n"
	"        [--trx TRXID] [--collect TAKA] [--seller SELLER]\n"
	"\n"
	"Take an order without the screen (a phone order, a script): the same checks\n"
	"as the order desk (stock, Bangladeshi mobile number, one of the 64 districts\n"
	"in English or Bengali, TrxID shape of bKash/Nagad/Rocket), then one `order`\n"
	"entry. Prints the order number. PRODUCT is the product's name (with\n"
	"--seller when two sellers share a name); QTY is a whole number from 1 to 99\n"
	"(ASCII or Bengali digits). --name and --address are text without control\n"
	"characters. --collect: with --pay cod only (else a usage error, exit 4), the\n"
	"amount the courier collects, 0 to the total with delivery (default: the total).\n"
	"A TrxID that an order standing here names already is refused (exit 3): one\n"
	"wallet payment pays one order; cancel the other order to use it again.\n";

int cmd_orders_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"item", required_argument, NULL, 'i'}, {"name", required_argument, NULL, 'n'},
		{"phone", required_argument, NULL, 'p'}, {"district", required_argument, NULL, 'd'},
		{"address", required_argument, NULL, 'a'}, {"pay", required_argument, NULL, 'y'},
		{"trx", required_argument, NULL, 't'}, {"collect", required_argument, NULL, 'c'},
		{"seller", required_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static struct shop_item items[4096];
	struct order_line lines[ORDER_LINES_MAX];
	struct order_draft d = {.lines = lines, .collect_poisha = -1, .method = PAY_COUNT};
	struct order_checked ck;
	const char *want[ORDER_LINES_MAX], *seller = NULL, *pay = NULL;
	char err[KERR_LEN], no[ORDER_NO_LEN];
	int qty[ORDER_LINES_MAX], nwant = 0, opt, n, rc = EXIT_ERROR;
	const char *line_seller = NULL;
	enum order_reason why;
	struct store *st;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'i': {
			char *eq = strrchr(optarg, '=');
			int64_t q;

			/* Strict: "1.5" or "4294967297" is a mistake, never 1. */
			if (!eq || nwant == ORDER_LINES_MAX || count_parse(eq + 1, ORDER_QTY_MAX, &q) != 0 ||
			    q < 1) {
				cli_error(c, "orders add: --item '%s' needs PRODUCT=QTY with QTY a whole"
					  " number from 1 to %d (at most %d items)", optarg,
					  ORDER_QTY_MAX, ORDER_LINES_MAX);
				return EXIT_ERROR;
			}
			qty[nwant] = (int)q;
			*eq = '\0';
			want[nwant++] = optarg;
			break;
		}
		case 'n': d.name = optarg; break;
		case 'p': d.phone = optarg; break;
		case 'd': d.district = optarg; break;
		case 'a': d.address = optarg; break;
		case 'y': pay = optarg; break;
		case 't': d.trx = optarg; break;
		case 'c':
			if (money_parse(optarg, &d.collect_poisha) != 0 || d.collect_poisha < 0) {
				cli_error(c, "orders add: --collect '%s' is not an amount in taka", optarg);
				return EXIT_ERROR;
			}
			break;
		case 's': seller = optarg; break;
		case 'h': fputs(orders_add_usage, stdout); return EXIT_OK;
		default: fputs(orders_add_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc || nwant == 0 || !pay) {
		cli_error(c, "orders add: give --item, the customer and --pay (see --help)");
		return EXIT_USAGE;
	}
	if (pay_parse(pay, &d.method) != 0) {
		cli_error(c, "orders add: unknown payment '%s' (cash, bkash, nagad, rocket, card, cod)", pay);
		return EXIT_ERROR;
	}
	if (d.collect_poisha >= 0 && !pay_rule(d.method)->is_collect) {
		cli_error(c, "orders add: --collect is for --pay cod only");
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	if ((n = shop_catalog_load(st, items, (int)(sizeof items / sizeof items[0]), err)) < 0) {
		cli_error(c, "orders add: %s", err);
		goto out;
	}
	for (int k = 0; k < nwant; k++) {
		int found = -1;

		for (int i = 0; i < n; i++)
			if (strcmp(items[i].product, want[k]) == 0 &&
			    (!seller || strcmp(items[i].seller, seller) == 0)) {
				if (found >= 0) {
					cli_error(c, "orders add: two sellers have '%s'; give --seller", want[k]);
					goto out;
				}
				found = i;
			}
		if (found < 0) {
			cli_error(c, "orders add: no product '%s' in the catalog", want[k]);
			goto out;
		}
		if (line_seller && strcmp(line_seller, items[found].seller) != 0) {
			cli_error(c, "orders add: one order is for one seller ('%s' and '%s')",
				  line_seller, items[found].seller);
			goto out;
		}
		line_seller = items[found].seller;
		memset(&lines[k], 0, sizeof lines[k]);
		(void)snprintf(lines[k].item_id, sizeof lines[k].item_id, "%s", items[found].id);
		(void)snprintf(lines[k].name, sizeof lines[k].name, "%s", items[found].product);
		lines[k].unit_poisha = items[found].price_poisha;
		lines[k].stock = items[found].left;
		lines[k].qty = qty[k];
	}
	d.nlines = nwant;
	{
		int64_t inside, outside;

		/* The delivery charge of the district's zone (catalog delivery). */
		if (deliveries_charges_get(st, &inside, &outside, err) != 0) {
			cli_error(c, "orders add: %s", err);
			goto out;
		}
		d.delivery_poisha = order_delivery_charge(district_find(d.district ? d.district : ""),
							  inside, outside);
	}
	if ((why = order_check(&d, &ck)) != ORDER_OK) {
		err[0] = '\0';
		if (why == ORDER_E_TRX) {
			(void)pay_trx_check(d.method, d.trx, ck.trx, err); /* for its message */
		} else if (why == ORDER_E_TEXT) {
			const char *flag = "--name", *v = d.name;
			char bad[64];

			if (utf8_field_check(d.name, bad, sizeof bad) == 0) {
				flag = "--address";
				v = d.address;
			}
			(void)utf8_field_check(v, bad, sizeof bad);
			(void)snprintf(err, KERR_LEN, "%s holds %s", flag, bad);
		} else if (why == ORDER_E_COLLECT) {
			(void)snprintf(err, KERR_LEN, "--collect is more than the order's total"
				       " (with delivery)");
		}
		cli_error(c, "orders add: %s%s%s", order_reason_text(why, 0), err[0] ? ": " : "", err);
		goto out;
	}
	if (shop_order_append(st, &d, &ck, line_seller, cli_now_ms(), no, err) != 0) {
		cli_error(c, "orders add: %s", err);
		goto out;
	}
	printf("%s\n", no);
	rc = EXIT_OK;
out:
	store_close(st);
	return rc;
}
