/* cmd_pay.c - `kiosk payments import|list`: the wallet money a seller
 * received, read from SMS text, an SMS backup or a statement, and matched
 * against the wallet orders. Front end over paymsg, paymatch and payments. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "core/money.h"
#include "core/paymatch.h"
#include "core/paymsg.h"
#include "io/dfile.h"
#include "store/payments.h"
#include "store/store.h"

#define SHOW_BAD 20

/* ========================================================= payments import */

static const char import_usage[] =
	"usage: kiosk payments import FILE [--wallet bkash|nagad|rocket]\n"
	"\n"
	"Read the money a seller's bKash, Nagad or Rocket wallet received and keep\n"
	"one payment per TrxID, so wallet orders can be matched (kiosk payments list).\n"
	"FILE is one of:\n"
	"  - the wallet's \"money received\" SMS messages pasted as text, one message\n"
	"    per block (blocks separated by an empty line), or one per line when\n"
	"    each line is a whole message;\n"
	"  - an Android SMS backup (SMS Backup & Restore's XML: <smses><sms\n"
	"    address=\"bKash\" body=\"...\" type=\"1\" .../>); other senders are skipped;\n"
	"  - a merchant statement CSV whose header names a transaction ID column\n"
	"    (TrxID, TxnID, Transaction ID) and an amount column (optional: from/\n"
	"    sender, date, type, wallet). --wallet says the wallet when the CSV has no\n"
	"    wallet column (else each TrxID's shape tells it).\n"
	"Messages that are not money received (money sent, cash out, offers) are\n"
	"skipped. A money-received message that cannot be read is reported with its\n"
	"line and nothing is imported. Importing the same file twice changes nothing.\n"
	"Exit 0 imported, 3 bad input.\n";

struct import_ctx {
	struct paymsg *pays;
	int n, cap;
	long bad;
	const char *path;
	int oom;
};

static int on_pay(void *ctx, const struct paymsg *p, long line)
{
	struct import_ctx *x = ctx;

	(void)line;
	if (x->n == x->cap) {
		int cap = x->cap ? x->cap * 2 : 256;
		struct paymsg *n = cap > (1 << 24) ? NULL : realloc(x->pays, (size_t)cap * sizeof *n);

		if (!n) {
			x->oom = 1;
			return -1;
		}
		x->pays = n;
		x->cap = cap;
	}
	x->pays[x->n++] = *p;
	return 0;
}

static void on_bad(void *ctx, long line, const char *why)
{
	struct import_ctx *x = ctx;

	if (x->bad++ < SHOW_BAD)
		fprintf(stderr, "%s: line %ld: %s\n", x->path, line, why);
}

int cmd_payments_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"wallet", required_argument, NULL, 'w'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const source[] = {"sms", "xml", "csv"};
	enum pay_method wallet = PAY_COUNT;
	struct import_ctx x = {0};
	struct paymsg_counts counts;
	struct store *st = NULL;
	char err[KERR_LEN], *buf = NULL;
	size_t len;
	long added = 0, known = 0;
	int opt, rc = EXIT_ERROR;
	enum paymsg_format fmt;
	struct progress pr;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'w':
			if (pay_parse(optarg, &wallet) != 0 ||
			    (wallet != PAY_BKASH && wallet != PAY_NAGAD && wallet != PAY_ROCKET)) {
				cli_error(c, "payments import: --wallet '%s' is not bkash, nagad or rocket",
					  optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(import_usage, stdout); return EXIT_OK;
		default: fputs(import_usage, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(c, "payments import: give one FILE (see --help)");
		return EXIT_USAGE;
	}
	x.path = argv[optind];
	if (dfile_read_all(x.path, &buf, &len, err) != 0) {
		cli_error(c, "payments import: %s", err);
		return EXIT_ERROR;
	}
	fmt = paymsg_detect(buf, len);
	if (paymsg_parse_file(buf, len, wallet, on_pay, on_bad, &x, &counts, err) != 0) {
		cli_error(c, "payments import: %s: %s (nothing imported)", x.path,
			  x.oom ? "out of memory" : err);
		goto out;
	}
	if (counts.bad > 0) {
		if (counts.bad > SHOW_BAD)
			fprintf(stderr, "%s: ... and %ld more\n", x.path, counts.bad - SHOW_BAD);
		cli_error(c, "payments import: %ld message(s) could not be read; nothing imported",
			  counts.bad);
		goto out;
	}
	if (counts.payments == 0) {
		cli_error(c, "payments import: %s: no money-received message of bKash, Nagad or"
			  " Rocket (%ld other message(s))", x.path, counts.skipped);
		goto out;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		goto out;
	if (store_begin(st, err) != 0) {
		cli_error(c, "payments import: %s", err);
		goto out;
	}
	progress_start(&pr, "payments", x.n);
	for (int i = 0; i < x.n; i++) {
		int has = payments_has(st, x.pays[i].trx, err);

		if (has < 0 || (!has && payments_append(st, &x.pays[i], source[fmt], cli_now_ms(),
							err) != 0)) {
			progress_end(&pr);
			store_rollback(st);
			cli_error(c, "payments import: %s (nothing imported)", err);
			goto out;
		}
		if (has)
			known++;
		else
			added++;
		progress_step(&pr, i + 1);
	}
	progress_end(&pr);
	if (store_commit(st, err) != 0) {
		cli_error(c, "payments import: %s (nothing imported)", err);
		goto out;
	}
	printf("imported %ld payment(s); %ld already known; %ld other message(s) skipped\n",
	       added, known, counts.skipped);
	rc = EXIT_OK;
out:
	store_close(st);
	free(x.pays);
	free(buf);
	return rc;
}

/* =========================================================== payments list */

static const char list_usage[] =
	"usage: kiosk payments list\n"
	"\n"
	"Match the wallet orders that stand (bKash, Nagad, Rocket) against the\n"
	"payments imported by `kiosk payments import`, by TrxID and amount. Prints one\n"
	"tab-separated line per wallet order (oldest first), then one per payment no\n"
	"order names:\n"
	"  ORDERNO|-  STATUS  AMOUNT  TRXID  PHONE  RECEIVED\n"
	"STATUS is matched (the money arrived), missing (no money with that TrxID,\n"
	"or an earlier order already claimed it), amount_mismatch (it arrived with\n"
	"another amount) or unknown (money no order names). AMOUNT is the order's\n"
	"amount in taka (the payment's for unknown), PHONE the customer's (the\n"
	"payer's for unknown), RECEIVED the amount that arrived, or '-'.\n"
	"Exit 0, or 1 when any line is not matched.\n";

int cmd_payments_list(struct cli *c, int argc, char **argv)
{
	struct payments_book b;
	struct paymatch_slot *slots = NULL;
	struct paymatch_row *rows = NULL;
	struct store *st = NULL;
	char err[KERR_LEN];
	int n, rc = EXIT_ERROR, all_matched = 1;

	if (cli_wants_help(argc, argv)) {
		fputs(list_usage, stdout);
		return EXIT_OK;
	}
	if (argc != 1) {
		cli_error(c, "payments list: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (payments_load(st, &b, err) != 0) {
		cli_error(c, "payments list: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	slots = malloc(((size_t)b.npays + 1) * sizeof *slots);
	rows = malloc(((size_t)b.npays + (size_t)b.norders + 1) * sizeof *rows);
	if (!slots || !rows) {
		cli_error(c, "payments list: out of memory");
		goto out;
	}
	n = paymatch_run(b.orders, b.norders, b.pays, b.npays, slots, rows);
	for (int i = 0; i < n; i++) {
		const struct paymatch_order *o = rows[i].order >= 0 ? &b.orders[rows[i].order] : NULL;
		const struct paymsg *p = rows[i].payment >= 0 ? &b.pays[rows[i].payment] : NULL;
		char amount[MONEY_PLAIN_MAX], got[MONEY_PLAIN_MAX];

		money_format_plain(o ? o->amount_poisha : p->amount_poisha, amount);
		if (p)
			money_format_plain(p->amount_poisha, got);
		else
			(void)snprintf(got, sizeof got, "-");
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", o ? o->order_no : "-",
		       paymatch_status_code(rows[i].status), amount, o ? o->trx : p->trx,
		       o ? o->phone : (p->phone[0] ? p->phone : "-"), got);
		if (rows[i].status != PAYMATCH_MATCHED)
			all_matched = 0;
	}
	rc = all_matched ? EXIT_OK : EXIT_USED;
out:
	free(slots);
	free(rows);
	payments_book_release(&b);
	store_close(st);
	return rc;
}
