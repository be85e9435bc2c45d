/* zxing_scan.c - `zxing-scan FILE...`: the peer's still-image decoder as a
 * score-decoder adapter (PATH<TAB>ESCAPED_TEXT per code), loading images
 * through our own imgload so both sides pay the same decoding cost. Bench
 * only: tests/bench_scan.sh builds it when libzxing-dev is installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/qrtext.h"
#include "scan/imgload.h"
#include "tests/bench_zxing.h"

#define TEXTS_CAP (64 * 1024)

int main(int argc, char **argv)
{
	static char texts[TEXTS_CAP], line[4 * TEXTS_CAP];
	char err[KERR_LEN];
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		struct imgload img = {0};
		const char *t = texts;
		int n;

		if (imgload_file(&img, argv[i], err) != 0) {
			fprintf(stderr, "zxing-scan: %s\n", err);
			rc = 3;
			continue;
		}
		n = zxing_read(img.px, img.w, img.h, img.w, texts, sizeof texts, 8);
		imgload_release(&img);
		for (int k = 0; k < n; k++, t += strlen(t) + 1)
			if (qrtext_escape(t, strlen(t), line, sizeof line, err) >= 0)
				printf("%s\t%s\n", argv[i], line);
		(void)fflush(stdout);
	}
	return rc;
}
