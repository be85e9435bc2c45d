/* bench_qrframe.c - camera-path cost: qrscan_frame() on 1280x720 grey frames
 * with and without a code in view. Prints p50/p95/max ms per frame and how
 * many frames read the code. Frames are synthetic (tests/support/qrsynth.c, fixed
 * seeds) so the figure does not depend on a camera. Numbers, not asserts. */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan/qrprep.h"
#include "scan/qrscan.h"
#include "support/qrsynth.h"

#define FW 1280
#define FH 720
#define FRAMES 240

static double now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts); /* cannot fail for MONOTONIC */
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Render `frames` views: the code (if m) drifts a little from frame to frame
 * as in a hand, with sensor noise that changes every frame. */
static int run(const char *label, const uint8_t *m, int n, const struct qrsynth *base,
	       uint8_t *px, void *scratch)
{
	char err[KERR_LEN];
	struct qrscan *s = qrscan_new(err);
	struct qrscan_hit *hit = malloc(sizeof *hit);
	static double t[FRAMES];
	uint8_t blank[1] = {0};
	int reads = 0, first = -1;

	if (!s || !hit) {
		fprintf(stderr, "bench_qrframe: %s\n", s ? "out of memory" : err);
		free(hit);
		qrscan_free(s);
		return -1;
	}
	for (int f = 0; f < FRAMES; f++) {
		struct qrsynth p = *base;
		double t0;
		int r;
		p.cx += (f % 7) - 3;
		p.cy += (f % 5) - 2;
		p.seed = (uint32_t)f + 1;
		if (qrsynth_render(m ? m : blank, m ? n : 1, &p, px, FW, FH, scratch) != 0) {
			fprintf(stderr, "bench_qrframe: cannot render\n");
			break;
		}
		t0 = now_ms();
		r = qrscan_frame(s, px, FW, FH, FW, hit, err);
		t[f] = now_ms() - t0;
		if (r < 0) {
			fprintf(stderr, "bench_qrframe: %s\n", err);
			break;
		}
		if (r == 1) {
			reads++;
			if (first < 0)
				first = f;
		}
	}
	qsort(t, FRAMES, sizeof t[0], cmp);
	printf("qrframe %-22s 1280x720: p50 %.1f ms, p95 %.1f ms, max %.1f ms; read in %d/%d frames"
	       " (first at frame %d)\n",
	       label, t[FRAMES / 2], t[FRAMES * 95 / 100], t[FRAMES - 1], reads, FRAMES, first);
	free(hit);
	qrscan_free(s);
	return 0;
}

int main(void)
{
	const char *code = "T1MZXW6YTBOI5DCMRTGQ2TMNZYHE4DAMJSGM2DKNRXHA4TAMJSGM2DKNRXHA4TAMJSGM2DKNRXHA4TAMJSGM2DKNRXHA4TAMJSGM2DKNRXHA4TAMJSGM2DK";
	QRcode *q = QRcode_encodeString(code, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	uint8_t *px = malloc((size_t)FW * FH), *m;
	void *scratch = malloc(qrprep_scratch_size(FW, FH) + (size_t)FW * FH);
	struct qrsynth easy = {.angle_deg = 8, .module_px = 6, .cx = 640, .cy = 360,
			       .background = 110, .noise = 6};
	struct qrsynth hard = {.angle_deg = 33, .module_px = 4.5, .cx = 600, .cy = 380,
			       .background = 70, .noise = 14, .defocus = 1, .dim = 45,
			       .glare = 70};
	struct qrsynth dark = {.angle_deg = 20, .module_px = 7, .cx = 700, .cy = 300,
			       .background = 200, .noise = 6, .invert = 1};
	struct qrsynth tilt = {.angle_deg = 4, .tilt = 0.22, .module_px = 9, .cx = 640, .cy = 360,
			       .background = 110, .noise = 6};
	struct qrsynth none = {.module_px = 40, .cx = 640, .cy = 360, .background = 110,
			       .noise = 6};
	int rc = 0;

	if (!q || !px || !scratch) {
		fprintf(stderr, "bench_qrframe: out of memory\n");
		return 1;
	}
	m = malloc((size_t)q->width * q->width);
	if (!m)
		return 1;
	for (int i = 0; i < q->width * q->width; i++)
		m[i] = q->data[i] & 1;
	/* "none": a blank card where the code would be, so edges are in view */
	rc |= run("no code", NULL, 0, &none, px, scratch);
	rc |= run("code in view", m, q->width, &easy, px, scratch);
	rc |= run("code, dim+blur+glare", m, q->width, &hard, px, scratch);
	rc |= run("code, dark mode", m, q->width, &dark, px, scratch);
	rc |= run("code, steep tilt", m, q->width, &tilt, px, scratch);
	QRcode_free(q);
	free(m);
	free(scratch);
	free(px);
	return rc ? 1 : 0;
}
