/* cmd_receipt.c - `kiosk orders receipt`: the receipt a guest keeps, as text,
 * as a message with a wa.me link, as a PNG for a 58/80 mm receipt printer, and
 * printed through CUPS (lp). Front end over receipt, receipt_view, payments
 * and the off-screen SDL canvas of run_sdl. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "cli.h"
#include "commands.h"
#include "core/receipt.h"
#include "run_sdl.h"
#include "sdl/ui_sdl.h"
#include "store/payments.h"
#include "store/store.h"
#include "ui/receipt_view.h"

#define QR_IMAGE 1

static const char usage[] =
	"usage: kiosk orders receipt ORDERNO [--lang bn|en] [--message] [--png FILE.png]\n"
	"        [--width 58|80] [--print] [--printer NAME]\n"
	"\n"
	"The receipt of an order that stands: seller, items with quantities and prices,\n"
	"delivery charge, total, the payment and its status (a wallet payment as\n"
	"matched by `kiosk payments list`), the district and the address with all but\n"
	"its first part hidden, the order number and its QR. Prints the lines (Bengali\n"
	"by default). --message prints the message to send instead, then a wa.me link\n"
	"that opens it in WhatsApp for the customer's number. --png writes the receipt\n"
	"as a picture the width of a receipt printer's paper (58 mm: 384 dots, 80 mm:\n"
	"576 dots). --print sends that picture to the device's receipt printer through\n"
	"CUPS (lp); --printer NAME names the CUPS queue and keeps it as this device's\n"
	"printer. Exit 0, 3 unknown order or a print that failed.\n";

/* Render r at width dots into path (PNG), off-screen. Returns 0 or -1 (said). */
static int write_png(struct cli *c, const struct receipt *r, enum ui_lang lang, int width,
		     const char *path)
{
	struct run_sdl d;
	struct ui_metrics m;
	struct ui_list *l;
	SDL_Texture *qr = NULL;
	char err[KERR_LEN], fonts[4096];
	int h = receipt_view_height(r, lang, width), side = 0, rc = -1;

	if (getenv("KIOSK_FONTS"))
		(void)snprintf(fonts, sizeof fonts, "%s", getenv("KIOSK_FONTS"));
	else if (!run_sdl_find_dir("KIOSK_FONTS", "fonts", "NotoSansBengali-Regular.ttf", fonts,
				   sizeof fonts)) {
		cli_error(c, "orders receipt: cannot find the fonts; set KIOSK_FONTS=DIR");
		return -1;
	}
	if (run_sdl_libs_open(path, IMG_INIT_PNG, NULL, err) != 0) {
		cli_error(c, "orders receipt: %s", err);
		return -1;
	}
	if (run_sdl_open(&d, c, width, h, 0, path, 0, NULL, fonts) != 0)
		goto out;
	if ((qr = run_sdl_qr(&d, c, r->order_no, &side)))
		ui_sdl_set_image(d.ui, QR_IMAGE, qr, side, side);
	l = run_sdl_next(&d, &m);
	receipt_view_draw(r, lang, width, QR_IMAGE, l);
	if (run_sdl_present(&d, c, "receipt") < 0 || run_sdl_save_png(&d, c, path) != 0)
		goto out;
	rc = 0;
out:
	if (qr)
		SDL_DestroyTexture(qr);
	run_sdl_close(&d);
	run_sdl_libs_close();
	return rc;
}

/* lp -d PRINTER -o media=... FILE: CUPS takes the job or says why. */
static int print_png(struct cli *c, const char *printer, const char *path, int width_mm,
		     int height_mm)
{
	char media[64];
	pid_t pid;
	int status;

	(void)snprintf(media, sizeof media, "media=Custom.%dx%dmm", width_mm, height_mm);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		cli_error(c, "orders receipt: cannot start lp: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		char *args[] = {"lp", "-s", "-d", (char *)printer, "-o", media, "-o", "fit-to-page",
				(char *)path, NULL};

		execvp("lp", args);
		fprintf(stderr, "kiosk: orders receipt: cannot run lp (cups-client): %s\n",
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		cli_error(c, "orders receipt: printer '%s' did not take the receipt (lp failed)",
			  printer);
		return -1;
	}
	return 0;
}

int cmd_orders_receipt(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"lang", required_argument, NULL, 'l'}, {"message", no_argument, NULL, 'm'},
		{"png", required_argument, NULL, 'p'}, {"width", required_argument, NULL, 'w'},
		{"print", no_argument, NULL, 'P'}, {"printer", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	static struct receipt r;
	static char text[RECEIPT_TEXT_MAX], link[RECEIPT_TEXT_MAX * 3 + 128];
	enum ui_lang lang = UI_BN;
	const char *png = NULL, *printer = NULL;
	char err[KERR_LEN], saved[256], tmp[64] = "";
	int opt, message = 0, print = 0, width_mm = 58, found, rc = EXIT_ERROR;
	struct store *st = NULL;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (ui_lang_parse(optarg, &lang) != 0) {
				cli_error(c, "orders receipt: --lang is bn or en");
				return EXIT_USAGE;
			}
			break;
		case 'm': message = 1; break;
		case 'p': png = optarg; break;
		case 'w':
			width_mm = atoi(optarg);
			if (width_mm != 58 && width_mm != 80) {
				cli_error(c, "orders receipt: --width is 58 or 80 (mm)");
				return EXIT_USAGE;
			}
			break;
		case 'P': print = 1; break;
		case 'n': printer = optarg; print = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(c, "orders receipt: give one ORDERNO (see --help)");
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	if ((found = payments_receipt_load(st, argv[optind], &r, err)) <= 0) {
		if (found < 0)
			cli_error(c, "orders receipt: %s", err);
		else
			cli_error(c, "orders receipt: no order '%s' that stands", argv[optind]);
		goto out;
	}
	if (print) {
		/* The receipt printer is a setting of this device. */
		if (printer) {
			if (store_meta_set(st, "printer", printer, err) != 0) {
				cli_error(c, "orders receipt: %s", err);
				goto out;
			}
		} else if (store_meta_get(st, "printer", saved, sizeof saved) <= 0) {
			cli_error(c, "orders receipt: no receipt printer yet: give --printer NAME"
				  " (a CUPS queue, see lpstat -p)");
			goto out;
		} else {
			printer = saved;
		}
	}
	if (receipt_text(&r, lang == UI_BN, text, sizeof text) < 0) {
		cli_error(c, "orders receipt: the receipt is too long");
		goto out;
	}
	if (message) {
		if (receipt_wa_link(&r, lang == UI_BN, link, sizeof link) < 0) {
			cli_error(c, "orders receipt: the message is too long for a link");
			goto out;
		}
		printf("%s\n\n%s\n", text, link);
	} else if (!png && !print) {
		printf("%s\n", text);
	}
	if (print && !png) {
		int fd;

		(void)snprintf(tmp, sizeof tmp, "/tmp/kiosk-receipt-XXXXXX.png");
		if ((fd = mkstemps(tmp, 4)) < 0) {
			cli_error(c, "orders receipt: cannot make a temporary file: %s", strerror(errno));
			tmp[0] = '\0';
			goto out;
		}
		(void)close(fd);
		png = tmp;
	}
	if (png) {
		int width = width_mm == 80 ? RECEIPT_DOTS_80 : RECEIPT_DOTS_58;

		if (write_png(c, &r, lang, width, png) != 0)
			goto out;
		if (print) {
			/* 203 dots per inch: 8 dots a millimetre. */
			int h_mm = receipt_view_height(&r, lang, width) / 8 + 1;

			if (print_png(c, printer, png, width_mm, h_mm) != 0)
				goto out;
			printf("sent receipt %s to printer %s\n", r.order_no, printer);
		} else {
			printf("wrote receipt %s to %s\n", r.order_no, png);
		}
	}
	rc = EXIT_OK;
out:
	if (tmp[0])
		(void)unlink(tmp);
	store_close(st);
	return rc;
}
