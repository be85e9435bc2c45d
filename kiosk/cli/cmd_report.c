/* cmd_report.c - `kiosk report --out DIR`: the organizer's after-meetup report
 * (index.html + CSVs). Front end over report.c (figures) and report_write.c
 * (files); reads the store, never writes it. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "store/report.h"
#include "io/report_write.h"
#include "io/sharedir.h"
#include "store/store.h"

static const char usage[] =
	"usage: kiosk report --out DIR [--lang bn|en] [--event ID] [--no-font]\n"
	"\n"
	"Write the after-meetup report into DIR (created if missing):\n"
	"  index.html          one self-contained page (inline CSS and SVG charts,\n"
	"                      no network), prints on A4\n"
	"  summary.csv         registered, came, no-shows, walk-ins, double entries,\n"
	"                      peak, returning guests, feedback and order totals\n"
	"  arrivals.csv        arrivals per door in 10-minute bars\n"
	"  doors.csv, double_entries.csv, no_shows.csv, rejections.csv\n"
	"  returning.csv       new and returning guests per meetup, matched by phone\n"
	"  feedback_products.csv, feedback_tags.csv, feedback_comments.csv\n"
	"                      faces, tags and comments per seller and product\n"
	"  orders_sellers.csv, orders_payments.csv\n"
	"                      orders, money and cash on delivery per seller and method\n"
	"  courier.csv         this meetup's orders to deliver (orders export columns)\n"
	"  payments_unmatched.csv\n"
	"                      the wallet orders and payments `payments list` does not\n"
	"                      call matched\n"
	"  cod_risky.csv       cash-on-delivery orders of customers whose parcels often\n"
	"                      came back\n"
	"  devices.csv         whose journals are in, up to which entry, what is missing\n"
	"  walkin_duplicates.csv\n"
	"                      one phone registered as a walk-in more than once (doors\n"
	"                      that could not see each other) or also on the roster:\n"
	"                      counted once, as the guest on the row with is_guest 1\n"
	"CSVs are UTF-8 with a BOM, RFC 4180, with English column names, ASCII digits\n"
	"and times in the event's zone (ISO 8601), whatever the page's language.\n"
	"\n"
	"  --out DIR     where to write; a folder with an earlier report is replaced\n"
	"                whole (old or new, never a mix); in one with other files (or\n"
	"                the top of a stick) each file is replaced on its own\n"
	"  --lang L      the page's language: bn (default) or en\n"
	"  --event ID    report on another event of this store (see returning.csv)\n"
	"  --no-font     do not embed the Bengali font (page ~280 KB smaller; Bengali\n"
	"                then needs a Bengali font on the reader's machine)\n";

#define FONT_FILE "NotoSansBengali-Regular.ttf"

/* The shipped Bengali font: $KIOSK_FONT_DIR, then where share_find_dir
 * looks (the source tree, the installed copy, the compiled-in prefix), then
 * Debian's. Returns path or NULL; a missing font only means the page relies
 * on installed fonts. */
static const char *find_font(char *buf, size_t cap)
{
	char dir[PATH_MAX];

	if ((share_find_dir("KIOSK_FONT_DIR", "fonts", FONT_FILE, dir, sizeof dir) ||
	     (access("/usr/share/fonts/truetype/noto/" FONT_FILE, R_OK) == 0 &&
	      snprintf(dir, sizeof dir, "/usr/share/fonts/truetype/noto") > 0)) &&
	    (size_t)snprintf(buf, cap, "%s/%s", dir, FONT_FILE) < cap)
		return buf;
	return NULL;
}

static void on_progress(void *ctx, int step, int steps)
{
	struct progress *p = ctx;

	(void)steps;
	/* KIOSK_REPORT_TIMING=1: a monotonic stamp per step on stderr, to find
	 * which query a slow store spends its time in (see tests/bench_report.sh). */
	if (getenv("KIOSK_REPORT_TIMING")) {
		struct timespec ts;

		(void)clock_gettime(CLOCK_MONOTONIC, &ts); /* cannot fail for MONOTONIC */
		fprintf(stderr, "report step %d/%d at %lld ms\n", step, REPORT_STEPS,
			(long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
	}
	progress_step(p, step);
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'}, {"lang", required_argument, NULL, 'l'},
		{"event", required_argument, NULL, 'e'}, {"no-font", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},      {NULL, 0, NULL, 0},
	};
	const char *out = NULL, *lang = "bn", *event = NULL;
	char err[KERR_LEN], font[PATH_MAX];
	struct report_write_opts wo = {0};
	struct store *st = NULL;
	struct report r;
	struct progress p;
	int opt, no_font = 0, rc;
	struct stat sb;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'l': lang = optarg; break;
		case 'e': event = optarg; break;
		case 'F': no_font = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default:
			cli_error(c, "report: unknown option or missing value '%s' (see 'kiosk report --help')",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	/* Usage, like every other command: exit 4. */
	if (optind < argc) {
		cli_error(c, "report: unexpected argument '%s' (see 'kiosk report --help')", argv[optind]);
		return EXIT_USAGE;
	}
	if (!out || !*out) {
		cli_error(c, "report: --out DIR is required");
		return EXIT_USAGE;
	}
	if (strcmp(lang, "bn") != 0 && strcmp(lang, "en") != 0) {
		cli_error(c, "report: --lang must be bn or en, not '%s'", lang);
		return EXIT_USAGE;
	}
	if (stat(out, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			cli_error(c, "report: '%s' is not a directory", out);
			return EXIT_ERROR;
		}
	} else if (errno != ENOENT) {
		cli_error(c, "report: cannot look at '%s': %s", out, strerror(errno));
		return EXIT_ERROR;
	} /* report_write creates it, private, only once the report is whole */
	if (cli_open_unlocked(c, &st, CLI_STORE_READ) != 0)
		return EXIT_ERROR;
	if (cli_unlock(c, st) != 0) {
		store_close(st);
		return EXIT_ERROR;
	}
	progress_start(&p, "report", REPORT_STEPS);
	if (report_collect(&r, st, event, cli_now_ms(), on_progress, &p, err) != 0) {
		progress_end(&p);
		cli_error(c, "report: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	store_close(st);
	progress_end(&p);
	wo.lang = lang;
	wo.font_path = no_font ? NULL : find_font(font, sizeof font);
	rc = report_write(&r, out, &wo, err);
	if (rc < 0) {
		cli_error(c, "report: %s", err);
		report_release(&r);
		return EXIT_ERROR;
	}
	if (rc > 0)
		fprintf(stderr, "%s: report: %s, so its files were replaced one by one, not as a whole "
				"folder (a folder of its own is replaced whole)\n", c->prog, err);
	printf("report written to %s/index.html: %lld came of %lld registered, %lld walk-in(s), "
	       "%lld double entr%s\n",
	       out, (long long)r.checked_in, (long long)r.registered, (long long)r.walkins,
	       (long long)r.double_entries, r.double_entries == 1 ? "y" : "ies");
	if (r.walkin_duplicates > 0)
		printf("walk-ins registered again under a phone already held: %lld (each counted once"
		       " with that guest; see walkin_duplicates.csv)\n", (long long)r.walkin_duplicates);
	if (r.station_twice > 0)
		printf("station visits of a guest served before: %lld (devices offline from each"
		       " other; each guest counted once)\n", (long long)r.station_twice);
	report_release(&r);
	if (fflush(stdout) != 0)
		return EXIT_ERROR;
	return EXIT_OK;
}
