/* qrsynth.c - render QR module matrices as degraded camera views.
 * Pure core: libc and qrprep; used by tests and benches, never by the door. */
#include "qrsynth.h"

#include <math.h>
#include <string.h>

#include "scan/qrprep.h"

#define QUIET 4

uint32_t qrsynth_rand(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

static uint8_t clamp255(double v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
}

/* 1 if the code-plane point (u, v) in modules (quiet zone included) is dark. */
static int dark_at(const uint8_t *m, int n, double u, double v)
{
	int x = (int)floor(u) - QUIET, y = (int)floor(v) - QUIET;

	return x >= 0 && y >= 0 && x < n && y < n && m[y * n + x];
}

int qrsynth_render(const uint8_t *modules, int n, const struct qrsynth *p, uint8_t *out, int w,
		   int h, void *scratch)
{
	int total = n + 2 * QUIET;
	double a = p->angle_deg * M_PI / 180.0, ca = cos(a), sa = sin(a);
	double half = total / 2.0;
	uint32_t rng = p->seed ? p->seed : 1;
	struct qrprep_img img = {out, w, h, w};
	uint8_t *tmp = (uint8_t *)scratch + qrprep_scratch_size(w, h);
	struct qrprep_img t = {tmp, w, h, w};

	if (n <= 0 || w <= 0 || h <= 0 || p->module_px <= 0)
		return -1;
	/* Inverse mapping with 2x2 supersampling: image point -> undo shift and
	 * scale -> undo rotation -> undo perspective -> module coordinates. */
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			int dark = 0, inside = 0;
			for (int s = 0; s < 4; s++) {
				double px = (x + 0.25 + 0.5 * (s & 1) - p->cx) / p->module_px;
				double py = (y + 0.25 + 0.5 * (s >> 1) - p->cy) / p->module_px;
				double rx = ca * px + sa * py, ry = -sa * px + ca * py;
				double vn = ry / half;                  /* -1..1 inside */
				double den = 1.0 - p->tilt * vn;
				double v, u;
				if (den <= 0.05)
					continue;
				v = vn / den;                           /* y = v/(1+t v) inverted */
				u = rx / half * (1.0 + p->tilt * v);
				if (fabs(u) <= 1.0 && fabs(v) <= 1.0) {
					inside++;
					dark += dark_at(modules, n, (u + 1) * half, (v + 1) * half);
				}
			}
			/* paper is white, ink is near black; outside is background */
			double paper = 235, ink = 25;
			double val = (inside * ((4 - dark) * paper + dark * ink) / 4.0 +
				      (4 - inside) * p->background) / 4.0;
			out[(size_t)y * w + x] = clamp255(val);
		}
	}
	if (p->finger) {
		/* a fingertip over the bottom-right corner (the one without a
		 * finder pattern), as a hand holding a phone or a print does */
		double fx = p->cx + 0.40 * total * p->module_px, fy = p->cy + 0.42 * total * p->module_px;
		double rx = 0.11 * total * p->module_px, ry = 0.20 * total * p->module_px;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double dx = (x - fx) / rx, dy = (y - fy) / ry;
				if (dx * dx + dy * dy <= 1.0)
					out[(size_t)y * w + x] = (uint8_t)(120 + 30 * dy);
			}
	}
	if (p->invert)
		qrprep_invert(&img, &img);
	for (int i = 0; i < 3 && p->defocus > 0; i++) {
		qrprep_box_blur(&img, &t, p->defocus, scratch);
		memcpy(out, tmp, (size_t)w * h);
	}
	if (p->motion > 1) {
		for (int y = 0; y < h; y++) {
			uint8_t *row = out + (size_t)y * w, *o = tmp + (size_t)y * w;
			for (int x = 0; x < w; x++) {
				int sum = 0, k = 0;
				for (int d = 0; d < p->motion; d++) {
					int xx = x - p->motion / 2 + d;
					if (xx >= 0 && xx < w) {
						sum += row[xx];
						k++;
					}
				}
				o[x] = (uint8_t)(sum / k);
			}
		}
		memcpy(out, tmp, (size_t)w * h);
	}
	for (size_t i = 0; i < (size_t)w * h; i++) {
		double v = out[i];
		if (p->dim > 0 && p->dim != 100)
			v = 40 + (v - 40) * p->dim / 100.0; /* dim room: less light, less range */
		if (p->glare > 0) {
			double dx = (double)((int)(i % w) - (p->cx - 0.15 * total * p->module_px));
			double dy = (double)((int)(i / w) - (p->cy - 0.10 * total * p->module_px));
			double r = 0.22 * total * p->module_px;
			v += p->glare * exp(-(dx * dx + dy * dy) / (2 * r * r));
		}
		if (p->noise > 0)
			v += (int)(qrsynth_rand(&rng) % (2u * p->noise + 1)) - p->noise;
		out[i] = clamp255(v);
	}
	return 0;
}
