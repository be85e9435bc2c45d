/* cmd_scan.c - `kiosk scan FILE...`: decode QR codes in image files and print
 * "PATH<TAB>TEXT" per code. Front end: uses imgload and qrscan; never needs
 * the data directory or the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "scan/imgload.h"
#include "scan/qrscan.h"
#include "core/qrtext.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: kiosk scan [--verbose] [--thorough] FILE...\n"
		"Decode the QR codes in PNG, JPEG and WebP files. Prints one line per code:\n"
		"  PATH<TAB>TEXT\n"
		"PATH exactly as given; in TEXT a backslash, newline, CR and TAB are written\n"
		"as \\\\ \\n \\r \\t, and every other control character (NUL, ESC, BEL,\n"
		"DEL, the C1 controls) as \\xHH per byte, so the whole text shows and none\n"
		"drives the terminal. Texts are UTF-8 (Shift_JIS, GB18030 and Latin-1 codes are\n"
		"converted). A code printed within another gets its line too. A file with no\n"
		"code prints nothing.\n"
		"  --verbose  on stderr, which pass read each code and its character set, and\n"
		"             how many passes a file without a code got\n"
		"  --thorough every preprocessing pass on every file, however long it takes;\n"
		"             without it an image with nothing finder-like gives up after\n"
		"             plain zbar, and the others get a budget of passes\n"
		"Exit: 0 every file was read (even without a code), 3 some file could not be\n"
		"read (one line on stderr each; the others are still decoded), 4 usage.\n");
}

/* Decode one file and print its codes. Returns 0 when the file was read
 * (codes or not), -1 when it could not be read or scanned (err says why). */
static int scan_one(struct qrscan *qs, const char *path, struct qrscan_hit *hits, char *line,
		    size_t line_cap, int verbose, char err[KERR_LEN])
{
	struct imgload img = {0};
	int n;

	if (imgload_file(&img, path, err) != 0)
		return -1;
	n = qrscan_image(qs, img.px, img.w, img.h, img.w, hits, QRSCAN_MAX_HITS, err);
	imgload_release(&img);
	if (n < 0)
		return -1;
	if (n == 0 && verbose)
		fprintf(stderr, "%s: no code after %d passes\n", path, qrscan_passes_run(qs));
	for (int i = 0; i < n; i++) {
		if (qrtext_escape(hits[i].text, hits[i].len, line, line_cap, err) < 0)
			return -1; /* cannot happen: line holds 4x the longest text */
		printf("%s\t%s\n", path, line);
		if (verbose)
			fprintf(stderr, "%s: pass %s, %s\n", path, hits[i].pass,
				qrtext_charset_name(hits[i].charset));
	}
	return 0;
}

int cmd_scan(struct cli *c, int argc, char **argv)
{
	struct qrscan *qs = NULL;
	struct qrscan_hit *hits = NULL;
	char *line = NULL;
	size_t line_cap = 4 * QRSCAN_TEXT_MAX;
	char err[KERR_LEN];
	int i, first = 1, verbose = 0, thorough = 0, rc = EXIT_OK;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
			verbose = 1;
			continue;
		}
		if (strcmp(argv[i], "--thorough") == 0) {
			thorough = 1;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_error(c, "scan: unknown option '%s' (see kiosk scan --help)", argv[i]);
			return EXIT_USAGE;
		}
		break;
	}
	first = i;
	if (first >= argc) {
		cli_error(c, "scan: no image files given (see kiosk scan --help)");
		return EXIT_USAGE;
	}
	qs = qrscan_new(err);
	hits = malloc(QRSCAN_MAX_HITS * sizeof *hits);
	line = malloc(line_cap + 1);
	if (!qs || !hits || !line) {
		cli_error(c, "scan: %s", qs ? "out of memory" : err);
		rc = EXIT_ERROR;
		goto out;
	}
	qrscan_set_thorough(qs, thorough);
	for (i = first; i < argc; i++) {
		if (scan_one(qs, argv[i], hits, line, line_cap, verbose, err) != 0) {
			cli_error(c, "%s", err);
			rc = EXIT_ERROR;
		}
		/* flush per file so a consumer sees results as they come and a
		 * write error is found while we can still report it */
		if (fflush(stdout) != 0) {
			cli_error(c, "scan: cannot write the results: standard output failed");
			rc = EXIT_ERROR;
			goto out;
		}
	}
out:
	free(line);
	free(hits);
	qrscan_free(qs);
	return rc;
}
