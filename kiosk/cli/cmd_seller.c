/* cmd_seller.c - `kiosk catalog seller`: where a seller takes wallet money
 * (bKash, Nagad, Rocket numbers and their printed payment QR, read with
 * zbar). Runs in kiosk-scan, the one program that loads zbar (helper.c).
 * Front end over payments, shop and qrscan. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "core/phone.h"
#include "scan/imgload.h"
#include "scan/qrscan.h"
#include "store/payments.h"
#include "store/shop.h"
#include "store/store.h"

/* ========================================================== catalog seller */

static const char seller_usage[] =
	"usage: kiosk catalog seller SELLER [--bkash NUMBER] [--nagad NUMBER]\n"
	"        [--rocket NUMBER] [--qr IMAGE]\n"
	"\n"
	"Set where SELLER (a seller of the catalog) takes wallet money: the bKash,\n"
	"Nagad and Rocket numbers shown big on the order desk's payment screen, and\n"
	"the seller's own printed payment QR, read from a photo or scan of it (PNG,\n"
	"JPEG, WebP) and shown beside the number. Options not given keep their\n"
	"earlier value; an empty NUMBER clears one. A seller_payment entry, so every\n"
	"device gets it by sync. Without options, prints the settings as\n"
	"\"key: value\" lines. Exit 0, 3 bad input (nothing changed).\n";

/* A BD mobile number in its local form "01XXXXXXXXX" into out, "" for "". */
static int local_number(const char *text, char out[PHONE_LEN])
{
	char norm[PHONE_LEN];

	out[0] = '\0';
	if (!text[0])
		return 0;
	if (phone_normalise(text, norm) != 0)
		return -1;
	(void)snprintf(out, PHONE_LEN, "0%s", norm + 4); /* "+8801..." -> "01..." */
	return 0;
}

static int read_qr(const char *path, char out[SHOP_QR_TEXT_MAX], char err[KERR_LEN])
{
	static struct qrscan_hit hits[QRSCAN_MAX_HITS];
	struct imgload img = {0};
	struct qrscan *qs = qrscan_new(err);
	int n;

	if (!qs)
		return -1;
	if (imgload_file(&img, path, err) != 0) {
		qrscan_free(qs);
		return -1;
	}
	n = qrscan_image(qs, img.px, img.w, img.h, img.w, hits, QRSCAN_MAX_HITS, err);
	imgload_release(&img);
	qrscan_free(qs);
	if (n < 0)
		return -1;
	if (n == 0)
		return kerr(err, "no QR code found in '%s'", path);
	if (n > 1)
		return kerr(err, "'%s' holds %d QR codes; give a picture of the payment QR alone",
			    path, n);
	if (hits[0].len >= SHOP_QR_TEXT_MAX || memchr(hits[0].text, '\0', hits[0].len))
		return kerr(err, "the QR code in '%s' is not a payment QR (too long or binary)", path);
	memcpy(out, hits[0].text, hits[0].len + 1);
	return 0;
}

int cmd_catalog_seller(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"bkash", required_argument, NULL, 'b'}, {"nagad", required_argument, NULL, 'n'},
		{"rocket", required_argument, NULL, 'r'}, {"qr", required_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	static struct shop_item items[4096];
	static struct shop_seller_pay all[256];
	const char *num[PAY_COUNT] = {NULL}, *qr = NULL, *seller;
	struct shop_seller_pay p;
	struct store *st = NULL;
	char err[KERR_LEN];
	int opt, n, known = 0, rc = EXIT_ERROR;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b': num[PAY_BKASH] = optarg; break;
		case 'n': num[PAY_NAGAD] = optarg; break;
		case 'r': num[PAY_ROCKET] = optarg; break;
		case 'q': qr = optarg; break;
		case 'h': fputs(seller_usage, stdout); return EXIT_OK;
		default: fputs(seller_usage, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(c, "catalog seller: give one SELLER (see --help)");
		return EXIT_USAGE;
	}
	seller = argv[optind];
	memset(&p, 0, sizeof p);
	(void)snprintf(p.seller, sizeof p.seller, "%s", seller);
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if ((n = shop_catalog_load(st, items, (int)(sizeof items / sizeof items[0]), err)) < 0) {
		cli_error(c, "catalog seller: %s", err);
		goto out;
	}
	for (int i = 0; i < n && !known; i++)
		known = strcmp(items[i].seller, seller) == 0;
	if (!known) {
		cli_error(c, "catalog seller: no seller '%s' in the catalog", seller);
		goto out;
	}
	if ((n = payments_sellers_load(st, all, (int)(sizeof all / sizeof all[0]), err)) < 0) {
		cli_error(c, "catalog seller: %s", err);
		goto out;
	}
	for (int i = 0; i < n; i++)
		if (strcmp(all[i].seller, seller) == 0)
			p = all[i];
	if (!num[PAY_BKASH] && !num[PAY_NAGAD] && !num[PAY_ROCKET] && !qr) {
		printf("seller: %s\nbkash: %s\nnagad: %s\nrocket: %s\nqr: %s\n", seller,
		       p.number[PAY_BKASH], p.number[PAY_NAGAD], p.number[PAY_ROCKET], p.qr);
		rc = EXIT_OK;
		goto out;
	}
	for (int m = 0; m < PAY_COUNT; m++)
		if (num[m] && local_number(num[m], p.number[m]) != 0) {
			cli_error(c, "catalog seller: --%s '%s' is not a Bangladeshi mobile number",
				  pay_rule((enum pay_method)m)->code, num[m]);
			goto out;
		}
	if (qr && read_qr(qr, p.qr, err) != 0) {
		cli_error(c, "catalog seller: %s", err);
		goto out;
	}
	if (payments_seller_set(st, &p, cli_now_ms(), err) != 0) {
		cli_error(c, "catalog seller: %s", err);
		goto out;
	}
	printf("seller: %s\nbkash: %s\nnagad: %s\nrocket: %s\nqr: %s\n", seller,
	       p.number[PAY_BKASH], p.number[PAY_NAGAD], p.number[PAY_ROCKET], p.qr);
	rc = EXIT_OK;
out:
	store_close(st);
	return rc;
}
