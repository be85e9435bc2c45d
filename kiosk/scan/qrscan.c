/* qrscan.c - zbar behind our preprocessing passes, for files and for video:
 * the scanner's lifecycle and buffers, one zbar run, one pass (turn, scale,
 * step, zbar). Still images are in qrscan_still.c, video in qrscan_frame.c.
 * Adapter: the only module that talks to zbar. Image maths lives in the pure
 * core (qrprep.c), charset detection too (qrtext.c). */
#include "qrscan_pass.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <zbar.h>

#include "core/qrtext.h"
#include "qrdecode.h"

/* The accept callback, never on two threads at once. */
static int call_accept(struct qrscan *s, const char *text, size_t len)
{
	int r;

	if (!s->accept_lock)
		return s->accept(s->actx, text, len);
	(void)pthread_mutex_lock(s->accept_lock);
	r = s->accept(s->actx, text, len);
	(void)pthread_mutex_unlock(s->accept_lock);
	return r;
}

struct qrscan *qrscan_new(char err[KERR_LEN])
{
	struct qrscan *s = calloc(1, sizeof *s);

	if (!s) {
		kerr(err, "cannot create QR scanner: out of memory");
		return NULL;
	}
	s->frame_max = 1;
	s->zs = zbar_image_scanner_create();
	if (!s->zs) {
		free(s);
		kerr(err, "cannot create QR scanner: zbar failed");
		return NULL;
	}
	/* QR only: other symbologies only add false positives at a ticket door.
	 * BINARY: zbar applies an ECI it knows and otherwise hands us the raw
	 * bytes; its own charset guess misreads Shift_JIS and UTF-8 (qrtext.c). */
	if (zbar_image_scanner_set_config(s->zs, 0, ZBAR_CFG_ENABLE, 0) != 0 ||
	    zbar_image_scanner_set_config(s->zs, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1) != 0 ||
	    zbar_image_scanner_set_config(s->zs, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1) != 0) {
		zbar_image_scanner_destroy(s->zs);
		free(s);
		kerr(err, "cannot configure zbar for QR codes");
		return NULL;
	}
	s->last_age = ROI_FRAMES + 1;
	return s;
}

void qrscan_free(struct qrscan *s)
{
	if (!s)
		return;
	qrscan_helper_stop(s);
	qrscan_fuse_free(s);
	zbar_image_scanner_destroy(s->zs);
	for (int i = 0; i < SLOT_N; i++)
		free(s->buf[i]);
	free(s->scratch);
	free(s);
}

void qrscan_set_accept(struct qrscan *s, qrscan_accept_fn fn, void *ctx)
{
	s->accept = fn;
	s->actx = ctx;
	qrscan_helper_set_accept(s);
}

void qrscan_set_thorough(struct qrscan *s, int on)
{
	s->thorough = on != 0;
}

int qrscan_passes_run(const struct qrscan *s)
{
	return s->passes_run;
}

long qrscan_scanned_px(const struct qrscan *s)
{
	return s->scanned_px;
}

void qrscan_set_warp(struct qrscan *s, int on)
{
	s->no_warp = !on; /* the warp runs on the calling thread only */
}

long qrscan_warped_px(const struct qrscan *s)
{
	return s->warped_px;
}

int qrscan_fused_tried(const struct qrscan *s)
{
	return s->fused_tried;
}

void qrscan_frame_steps(const struct qrscan *s, const char **first, const char **second)
{
	*first = s->ran[0];
	*second = s->ran[1];
}

void qrscan_set_max_passes(struct qrscan *s, int n)
{
	s->max_passes = n < 0 ? 0 : n;
}

void qrscan_reset(struct qrscan *s)
{
	s->step = 0;
	s->blind = 0;
	s->code_frames = 0;
	s->prev_likely = 0;
	s->unread = 0;
	s->late_fired = 0;
	s->late_empty = 0;
	s->view_set = 0;
	s->view_rested = 0;
	s->last_age = ROI_FRAMES + 1;
	qrscan_fuse_stop(s);
}

static int grow(void **p, size_t *cap, size_t need, char err[KERR_LEN])
{
	void *n;

	if (need <= *cap)
		return 0;
	n = realloc(*p, need);
	if (!n)
		return kerr(err, "QR scanner: out of memory for %zu bytes", need);
	*p = n;
	*cap = need;
	return 0;
}

/* A contiguous w x h image in working slot i. */
int qrscan_slot(struct qrscan *s, int i, int w, int h, struct qrprep_img *out,
		    char err[KERR_LEN])
{
	if (grow((void **)&s->buf[i], &s->cap[i], (size_t)w * (size_t)h, err) != 0)
		return -1;
	out->px = s->buf[i];
	out->w = w;
	out->h = h;
	out->stride = w;
	return 0;
}

static int need_scratch(struct qrscan *s, int w, int h, char err[KERR_LEN])
{
	return grow(&s->scratch, &s->scratch_cap, qrprep_scratch_size(w, h), err);
}

int qrscan_need_scratch(struct qrscan *s, int w, int h, char err[KERR_LEN])
{
	return need_scratch(s, w, h, err);
}

int qrscan_need_work(struct qrscan *s, size_t bytes, char err[KERR_LEN])
{
	return grow(&s->scratch, &s->scratch_cap, bytes, err);
}

/* ------------------------------------------------------------------ */
/* One zbar run                                                        */

int qrscan_has_text(const struct qrscan_hit *hits, int n, const char *t, size_t len)
{
	for (int i = 0; i < n; i++)
		if (hits[i].len == len && memcmp(hits[i].text, t, len) == 0)
			return 1;
	return 0;
}

/* The point (px, py) of a pass's image back in the caller's pixels, by
 * the pass's map m, added to box. */
static void box_add(const struct map *m, double px, double py, struct qrprep_rect *box)
{
	px *= m->fx;
	py *= m->fy;
	if (m->rot)
		qrprep_unrotate_point(m->bw, m->bh, m->rot, px, py, &px, &py);
	if (m->ks)
		qrprep_unkeystone_point(m->bw, m->bh, m->kw, m->kh, m->ks / 100, m->ks % 100, px, py,
					&px, &py);
	if (m->tri)
		qrprep_code_unwarp_point(m->tri, m->wk, m->wmod, m->wmargin, m->wn, px, py, &px, &py);
	int x = m->ox + (int)px;
	int y = m->oy + (int)py;
	if (x < box->x0) box->x0 = x;
	if (y < box->y0) box->y0 = y;
	if (x + 1 > box->x1) box->x1 = x + 1;
	if (y + 1 > box->y1) box->y1 = y + 1;
}

/* Scan im (must be contiguous: stride == w) and append accepted, new texts
 * to hits[*n..max). Returns the number appended, or -1 with err. */
int qrscan_zbar(struct qrscan *s, const struct qrprep_img *im, const struct map *m,
		 const char *pass, int density, struct qrscan_hit *hits, int *n, int max,
		 char err[KERR_LEN])
{
	zbar_image_t *z;
	const zbar_symbol_t *sym;
	int added = 0, rc;

	if (density < 1)
		density = 1;
	/* Fewer scan lines cost less; a finder pattern is 7 modules tall, so
	 * every other line still crosses it several times. */
	if (zbar_image_scanner_set_config(s->zs, 0, ZBAR_CFG_X_DENSITY, density) != 0 ||
	    zbar_image_scanner_set_config(s->zs, 0, ZBAR_CFG_Y_DENSITY, density) != 0)
		return kerr(err, "cannot set zbar scan density %d", density);
	s->scanned_px += 2L * im->w * im->h / density;

	z = zbar_image_create();
	if (!z)
		return kerr(err, "QR scanner: out of memory");
	zbar_image_set_format(z, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(z, (unsigned)im->w, (unsigned)im->h);
	/* borrowed: no cleanup handler, zbar never frees our buffer */
	zbar_image_set_data(z, im->px, (unsigned long)im->w * (unsigned long)im->h, NULL);
	rc = zbar_scan_image(s->zs, z);
	if (rc < 0) {
		zbar_image_destroy(z);
		return kerr(err, "zbar could not scan a %dx%d image", im->w, im->h);
	}
	for (sym = zbar_image_first_symbol(z); sym && *n < max; sym = zbar_symbol_next(sym)) {
		struct qrscan_hit *h = &hits[*n];
		const unsigned char *data = (const unsigned char *)zbar_symbol_get_data(sym);
		unsigned dlen = zbar_symbol_get_data_length(sym);
		char cerr[KERR_LEN];
		int cs;
		unsigned np;

		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE || !data || dlen == 0)
			continue;
		cs = qrtext_to_utf8(data, dlen, h->text, QRSCAN_TEXT_MAX, &h->len, cerr);
		if (cs < 0)
			continue; /* cannot happen within QRSCAN_TEXT_MAX; a bad read is no read */
		if (qrscan_has_text(hits, *n, h->text, h->len))
			continue;
		if (s->accept && !call_accept(s, h->text, h->len))
			continue;
		h->charset = cs;
		h->pass = pass;
		h->box.x0 = h->box.y0 = 1 << 30;
		h->box.x1 = h->box.y1 = -1;
		np = zbar_symbol_get_loc_size(sym);
		for (unsigned i = 0; i < np; i++)
			box_add(m, zbar_symbol_get_loc_x(sym, i), zbar_symbol_get_loc_y(sym, i), &h->box);
		if (np == 0)
			h->box.x0 = h->box.y0 = h->box.x1 = h->box.y1 = 0;
		(*n)++;
		added++;
	}
	zbar_image_destroy(z);
	return added;
}

/* The warp: WARP_MODULE_PX pixels a module (a code of version 10 is then
 * 228 pixels square, a few percent of a half-size frame's pixels),
 * WARP_MARGIN modules of quiet zone, and no bigger than WARP_MAX_SIDE. */
#define WARP_MODULE_PX 4
#define WARP_MARGIN 4
#define WARP_MAX_SIDE 1000

/* The warped code's quiet zone (the band of m pixels round its c x c
 * pixels in im) painted as its paper: the grey of its light modules (the
 * 90th percentile of the code's pixels, its ink the 10th: a code is
 * about half light). A code is printed with a quiet zone, but one cut near
 * its edge, or on a card darker than its light modules, shows zbar the
 * background there, which runs the finders' outer dark ring on and hides
 * their 1:1:3:1:1
 * (qr-real's qrcode-2/#1086.png, a module of white round it, on the
 * bench's grey: warped with the grey round it zbar read it on no frame but
 * by luck, with its paper round it at the first). Plain white would not
 * do: a light-on-green code inverted (qrcode-2/#709.webp) has its light
 * modules at 76 and read with them, not with white round it. Returns 1,
 * or 0 and im as it was when the band is light already (under a tenth of
 * it darker than halfway from the code's ink to its paper: nothing to
 * paint, so no zbar run for it). */
static int paper_margin(struct qrprep_img *im, int m, int c)
{
	const struct qrprep_rect code = {m, m, m + c, m + c};
	long band = 0, dark = 0;
	int paper, ink;

	if (c <= 0 || m <= 0 || m + c > im->w || m + c > im->h)
		return 0;
	qrprep_contrast(im, &code, 2, 100, 900, &ink, &paper);
	for (int y = 0; y < im->h; y += 2)
		for (int x = 0; x < im->w; x += 2) {
			if (y >= m && y < m + c && x >= m && x < m + c)
				continue;
			band++;
			dark += 2 * im->px[(size_t)y * im->stride + x] < ink + paper;
		}
	if (dark * 10 < band)
		return 0;
	for (int y = 0; y < im->h; y++) {
		uint8_t *row = im->px + (size_t)y * im->stride;
		if (y < m || y >= m + c) {
			memset(row, paper, (size_t)im->w);
			continue;
		}
		memset(row, paper, (size_t)m);
		memset(row + m + c, paper, (size_t)(im->w - m - c));
	}
	return 1;
}

/* The mean of im's 2 x 2 pixels from (x, y). */
static int mean4(const struct qrprep_img *im, int x, int y)
{
	const uint8_t *p = im->px + (size_t)y * im->stride + x;

	return (p[0] + p[1] + p[im->stride] + p[im->stride + 1] + 2) / 4;
}

/* The middle of the 10th and 90th percentiles of nn samples whose
 * histogram is hist: the grey between a code's dark and light modules (a
 * code is about half dark). */
static int mid_grey(const int hist[256], long nn)
{
	long acc = 0;
	int lo = 0, hi = 255;

	for (int g = 0; g < 256; g++)
		if ((acc += hist[g]) * 10 >= nn) {
			lo = g;
			break;
		}
	acc = 0;
	for (int g = 255; g >= 0; g--)
		if ((acc += hist[g]) * 10 >= nn) {
			hi = g;
			break;
		}
	return (lo + hi + 1) / 2;
}

/* The mean of im's 2 x 2 pixels round the point (x, y) (pixel k spans
 * k .. k + 1), clamped into im. */
static int mean4_at(const struct qrprep_img *im, double x, double y)
{
	int x0 = (int)floor(x + 0.5) - 1, y0 = (int)floor(y + 0.5) - 1;

	x0 = x0 < 0 ? 0 : x0 > im->w - 2 ? im->w - 2 : x0;
	y0 = y0 < 0 ? 0 : y0 > im->h - 2 ? im->h - 2 : y0;
	return mean4(im, x0, y0);
}

/* The modules of a code n modules across into v (n * n bytes, row by
 * row): each the mean of the 2 x 2 pixels of im round its centre, which H
 * maps from module units (0 the code's corner) to im's pixels. Returns the
 * grey between dark and light (mid_grey). */
static int sample_through(const struct qrprep_img *im, const double H[9], int n, uint8_t *v)
{
	int hist[256] = {0};

	for (int j = 0; j < n; j++)
		for (int i = 0; i < n; i++) {
			double x, y;
			qrprep_map_point(H, i + 0.5, j + 0.5, &x, &y);
			v[j * n + i] = (uint8_t)mean4_at(im, x, y);
			hist[v[j * n + i]]++;
		}
	return mid_grey(hist, (long)n * n);
}

/* The modules of the warped code in im (n modules across, mp pixels each,
 * a margin of them round it), where the warp put them (sample_through). */
static int sample_modules(const struct qrprep_img *im, int mp, int margin, int n, uint8_t *v)
{
	const double H[9] = {mp, 0, margin * mp, 0, mp, margin * mp, 0, 0, 1};

	return sample_through(im, H, n, v);
}

/* The modules of a code of version 2 or more sampled again (into v, n x n)
 * through the four points the warp and the code tell: the three finders'
 * centres where the warp put them, and the bottom right alignment pattern
 * where it is, found within a module and a half of its place by its 5 x 5
 * rings against grey t. A slant the look's triple did not tell (the
 * finders' sizes misjudged by a pixel, a bent card) leaves the far corner's
 * modules a module off, past a block's correction: qr-real's
 * qrcode-4/41.webp, read at the fourth frame, not the first, without it.
 * Returns the new grey between dark and light, or -1 when the pattern is
 * where the warp put it, or not found (v untouched). */
static int resample_by_alignment(const struct qrprep_img *im, int mp, int margin, int n, int t,
				 uint8_t *v)
{
	double from[8], to[8], H[9], best_du = 0, best_dv = 0, ca = n - 6.5;
	long best = 0, nominal = 0;

	if (n < 25)
		return -1; /* version 1 has no alignment pattern */
	for (int sv = -6; sv <= 6; sv++)
		for (int su = -6; su <= 6; su++) {
			double du = su * 0.25, dv = sv * 0.25;
			long score = 0;
			for (int y = -2; y <= 2; y++)
				for (int x = -2; x <= 2; x++) {
					int r = abs(x) > abs(y) ? abs(x) : abs(y);
					int g = mean4_at(im, (margin + ca + du + x) * mp,
							 (margin + ca + dv + y) * mp);
					score += r == 1 ? g - t : t - g;
				}
			if (su == 0 && sv == 0)
				nominal = score;
			if (score > best) {
				best = score;
				best_du = du;
				best_dv = dv;
			}
		}
	/* found, and better placed than the warp has it */
	if (best <= 0 || best <= nominal || (best_du == 0 && best_dv == 0))
		return -1;
	{
		const double u[4][2] = {{3.5, 3.5}, {n - 3.5, 3.5}, {3.5, n - 3.5}, {ca, ca}};
		for (int k = 0; k < 4; k++) {
			from[2 * k] = u[k][0];
			from[2 * k + 1] = u[k][1];
			to[2 * k] = (margin + u[k][0] + (k == 3 ? best_du : 0)) * mp;
			to[2 * k + 1] = (margin + u[k][1] + (k == 3 ? best_dv : 0)) * mp;
		}
	}
	if (qrprep_homography(from, to, H) != 0)
		return -1;
	return sample_through(im, H, n, v);
}

/* The modules v (against grey t, n across) of the code warped by m read by
 * our own decoder (qrdecode.c) into hit as pass name: where zbar, given
 * the warp, decodes nothing from a code whose modules are there. In
 * qr-real: a mode zbar lacks (qrcode-2/33.png, China Mobile's, in the
 * Hanzi mode of GB/T 18284), round dots zbar's line scanner takes for no
 * finder (qrcode-2/#258.webp, a TikTok code), blurred modules whose grid
 * the warp holds (qrcode-4/41.webp, qrcode-6/15.webp). dark: n * n bytes
 * of work memory. Returns 1, or 0. */
static int own_decode(struct qrscan *s, const uint8_t *v, int t, int n, uint8_t *dark,
		      const struct map *m, const char *name, struct qrscan_hit *hit)
{
	uint8_t bytes[QRSCAN_TEXT_MAX / 3]; /* any text qrtext_*_to_utf8 fits in QRSCAN_TEXT_MAX */
	char cerr[KERR_LEN];
	long len;
	int cs, stated;

	for (int i = 0; i < n * n; i++)
		dark[i] = v[i] < t;
	len = qrdecode(dark, n, bytes, sizeof bytes, &stated);
	if (len <= 0)
		return 0;
	cs = qrtext_stated_to_utf8(stated, bytes, (size_t)len, hit->text, QRSCAN_TEXT_MAX, &hit->len,
				   cerr);
	if (cs < 0 || (s->accept && !call_accept(s, hit->text, hit->len)))
		return 0;
	hit->charset = cs;
	hit->pass = name;
	hit->box.x0 = hit->box.y0 = 1 << 30;
	hit->box.x1 = hit->box.y1 = -1;
	/* the code's four corners in the warp */
	for (int k = 0; k < 4; k++)
		box_add(m, (m->wmargin + (k & 1) * n) * m->wmod, (m->wmargin + (k >> 1) * n) * m->wmod,
			&hit->box);
	return 1;
}

int qrscan_warp(struct qrscan *s, const char *name, const struct qrprep_img *f,
		const struct qrprep_finder tri[3], int mods, double k, int inv, const char *paper,
		const char *own, const char *soft, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct qrprep_img out = {0}, sharp;
	struct map m = {0};
	int side, n = 0;

	if (qrprep_code_warp(f, tri, k, WARP_MODULE_PX, WARP_MARGIN, WARP_MAX_SIDE, NULL, &side,
			     &mods, 0) != 0)
		return 0;
	if (qrscan_slot(s, SLOT_HALF, side, side, &out, err) != 0)
		return -1;
	/* outside the image: paper (light, or dark before the inversion) */
	(void)qrprep_code_warp(f, tri, k, WARP_MODULE_PX, WARP_MARGIN, WARP_MAX_SIDE, &out, &side,
			       &mods, inv ? 0 : 255);
	if (inv)
		qrprep_invert(&out, &out);
	m.fx = m.fy = 1.0;
	m.tri = tri;
	m.wk = k;
	m.wmod = WARP_MODULE_PX;
	m.wmargin = WARP_MARGIN;
	m.wn = mods;
	if (qrscan_zbar(s, &out, &m, name, 1, hit, &n, 1, err) < 0)
		return -1;
	if (n > 0)
		return n;
	if (paper && paper_margin(&out, WARP_MARGIN * WARP_MODULE_PX, mods * WARP_MODULE_PX)) {
		/* a try of its own, after the plain one: painted exactly at the
		 * code's edge, the paper cuts into the outer modules of a code
		 * the triple places half a module off (qr-real's qrcode-6/14.png
		 * and fix-traceline.webp, read by the plain warp, not so) */
		s->passes_run++;
		if (qrscan_zbar(s, &out, &m, paper, 1, hit, &n, 1, err) < 0)
			return -1;
		if (n > 0)
			return n;
	}
	if (own && mods >= QRDECODE_MIN_N && mods <= QRDECODE_MAX_N && (mods - 17) % 4 == 0) {
		/* the modules the warp put in their places, read by our own
		 * decoder: no zbar run, a few microseconds */
		uint8_t *v;
		int t;
		if (qrscan_need_work(s, 2 * (size_t)mods * mods, err) != 0)
			return -1;
		v = s->scratch;
		t = sample_modules(&out, WARP_MODULE_PX, WARP_MARGIN, mods, v);
		if (own_decode(s, v, t, mods, v + (size_t)mods * mods, &m, own, hit))
			return 1;
		t = resample_by_alignment(&out, WARP_MODULE_PX, WARP_MARGIN, mods, t, v);
		if (t >= 0 && own_decode(s, v, t, mods, v + (size_t)mods * mods, &m, own, hit))
			return 1;
	}
	if (!soft)
		return 0;
	/* soft edges (defocus, a smear): unsharp-masked over a module, three
	 * times the difference; on the bench's defocus of level 2 the plain
	 * warp read none of three frames, this all three */
	if (qrscan_slot(s, SLOT_OP, side, side, &sharp, err) != 0 ||
	    qrscan_need_scratch(s, side, side, err) != 0)
		return -1;
	qrprep_unsharp(&out, &sharp, WARP_MODULE_PX, 48, s->scratch);
	s->passes_run++;
	if (qrscan_zbar(s, &sharp, &m, soft, 1, hit, &n, 1, err) < 0)
		return -1;
	return n;
}

/* The middle of a read code's box that may hold a code within it: a
 * NESTED_INSET-th of the box off each side leaves out the outer code's
 * finder centres (3.5 modules in of 21 or more) */
#define NESTED_INSET 5
/* ... and a box smaller than this across holds none worth a look */
#define NESTED_MIN_SIDE 60

int qrscan_nested(struct qrscan *s, const struct qrprep_img *f, struct qrscan_hit *hits, int n,
		  int max, char err[KERR_LEN])
{
	const int read = n;

	for (int i = 0; i < read && n < max && !s->no_warp; i++) {
		const struct qrprep_rect *b = &hits[i].box;
		int dx = (b->x1 - b->x0) / NESTED_INSET, dy = (b->y1 - b->y0) / NESTED_INSET;
		struct qrprep_rect r = {b->x0 + dx, b->y0 + dy, b->x1 - dx, b->y1 - dy};
		struct qrprep_img mid;
		struct qrprep_look lk;
		struct qrscan_hit *h = &hits[n];
		int got;

		if (b->x1 - b->x0 < NESTED_MIN_SIDE || b->y1 - b->y0 < NESTED_MIN_SIDE)
			continue;
		r.x0 = r.x0 < 0 ? 0 : r.x0;
		r.y0 = r.y0 < 0 ? 0 : r.y0;
		r.x1 = r.x1 > f->w ? f->w : r.x1;
		r.y1 = r.y1 > f->h ? f->h : r.y1;
		if (r.x1 - r.x0 < NESTED_MIN_SIDE / 2 || r.y1 - r.y0 < NESTED_MIN_SIDE / 2)
			continue;
		mid = qrprep_crop(f, &r);
		qrprep_look(&mid, 1, &lk);
		if (lk.code_timing < WARP_TIMING)
			continue;
		s->passes_run++;
		got = qrscan_warp(s, "nested", &mid, lk.code, lk.code_n, 1.0, lk.code_inv,
				  "nested-paper", "nested-decode", NULL, h, err);
		if (got < 0)
			return -1;
		if (got == 0 || qrscan_has_text(hits, n, h->text, h->len))
			continue;
		h->box.x0 += r.x0;
		h->box.x1 += r.x0;
		h->box.y0 += r.y0;
		h->box.y1 += r.y0;
		n++;
	}
	return n;
}

static int window_of(const struct qrprep_img *im, int frac)
{
	int side = im->w < im->h ? im->w : im->h;
	int r = side / frac / 2;

	return r < 2 ? 2 : r;
}

/* Make the pass image of p from src (already scaled) into *out. */
static int apply_op(struct qrscan *s, const struct pass *p, const struct qrprep_img *src,
		    struct qrprep_img *out, char err[KERR_LEN])
{
	struct qrprep_img tmp;
	enum op op = p->op;
	int inv = 0;

	/* a smear is undone before the pass (qrscan_deblur.c) */
	if (op == OP_NONE || op == OP_DEBLUR) {
		*out = *src;
		return 0;
	}
	if (op == OP_NORMALIZE_INV || op == OP_SHARPEN_INV || op == OP_UNSHARP_INV) {
		inv = 1;
		op = op == OP_NORMALIZE_INV ? OP_NORMALIZE : op == OP_SHARPEN_INV ? OP_SHARPEN : OP_UNSHARP;
	}
	if (qrscan_slot(s, SLOT_OP, src->w, src->h, out, err) != 0)
		return -1;
	switch (op) {
	case OP_NORMALIZE_INV:
	case OP_SHARPEN_INV:
	case OP_UNSHARP_INV:
		break;
	case OP_NONE:
	case OP_DEBLUR:
		break;
	case OP_INVERT:
		qrprep_invert(src, out);
		break;
	case OP_NORMALIZE:
		qrprep_normalize(src, out, 10, 990);
		break;
	case OP_THRESHOLD:
	case OP_THRESHOLD_INV:
		if (need_scratch(s, src->w, src->h, err) != 0)
			return -1;
		qrprep_threshold(src, out, window_of(src, p->arg), 4, s->scratch);
		if (p->op == OP_THRESHOLD_INV)
			qrprep_invert(out, out);
		break;
	case OP_SHARPEN:
		qrprep_sharpen(src, out, p->arg);
		break;
	case OP_FLATTEN:
		if (need_scratch(s, src->w, src->h, err) != 0)
			return -1;
		qrprep_flatten(src, out, window_of(src, p->arg), 32, s->scratch);
		break;
	case OP_UNSHARP:
		if (need_scratch(s, src->w, src->h, err) != 0)
			return -1;
		qrprep_unsharp(src, out, p->arg, 32, s->scratch);
		break;
	case OP_BLUR:
		if (need_scratch(s, src->w, src->h, err) != 0)
			return -1;
		qrprep_box_blur(src, out, p->arg, s->scratch);
		break;
	case OP_BLUR_THRESHOLD:
		if (need_scratch(s, src->w, src->h, err) != 0 ||
		    qrscan_slot(s, SLOT_ZBAR, src->w, src->h, &tmp, err) != 0)
			return -1;
		qrprep_box_blur(src, &tmp, 1, s->scratch);
		qrprep_threshold(&tmp, out, window_of(src, p->arg), 4, s->scratch);
		break;
	}
	if (inv)
		qrprep_invert(out, out);
	return 0;
}

/* A contiguous copy of a strided view (zbar wants stride == w). */
static int contiguous(struct qrscan *s, int slot, const struct qrprep_img *v,
		      struct qrprep_img *out, char err[KERR_LEN])
{
	if (v->stride == v->w) {
		*out = *v;
		return 0;
	}
	if (qrscan_slot(s, slot, v->w, v->h, out, err) != 0)
		return -1;
	for (int y = 0; y < v->h; y++)
		memcpy(out->px + (size_t)y * out->stride, v->px + (size_t)y * v->stride,
		       (size_t)v->w);
	return 0;
}

/* Run pass p on the view src (ox, oy: where src sits in the caller's
 * image): turn, then scale, then the step, then zbar. */
int qrscan_run_pass(struct qrscan *s, const struct pass *p, const struct qrprep_img *src, int ox,
		    int oy, struct cache *c, struct qrscan_hit *hits, int *n, int max,
		    char err[KERR_LEN])
{
	struct qrprep_img from = *src, base, im;
	struct map m = {0};
	int sw, sh;

	if (p->rot || p->ks) {
		int rw, rh;
		if (p->rot)
			qrprep_rotated_size(src->w, src->h, p->rot, &rw, &rh);
		else
			qrprep_keystone_size(src->w, src->h, p->ks / 100, p->ks % 100, &rw, &rh);
		if ((long)rw * rh > MAX_SCALED_PIXELS)
			return 0;
		if (!(c->valid && c->rot == p->rot && c->ks == p->ks)) {
			if (qrscan_slot(s, SLOT_TURNED, rw, rh, &from, err) != 0)
				return -1;
			/* white corners, as if the code lay on a bigger sheet */
			if (p->rot)
				qrprep_rotate(src, &from, p->rot, 255);
			else
				qrprep_keystone(src, &from, p->ks / 100, p->ks % 100, 255);
		} else {
			from.px = s->buf[SLOT_TURNED];
			from.w = rw;
			from.h = rh;
			from.stride = rw;
		}
	}
	qrprep_scaled_size(from.w, from.h, p->num, p->den, &sw, &sh);
	if ((sw < MIN_SIDE || sh < MIN_SIDE) && !(p->num == 1 && p->den == 1))
		return 0;
	/* a scaled image this big costs too much memory and time; the
	 * caller's own image as it is (a still image's first pass: a 12 Mpx
	 * phone photo of a ticket) is scanned whatever its size */
	if ((long)sw * sh > MAX_SCALED_PIXELS && !(p->num == p->den && !p->rot && !p->ks))
		return 0;
	if (c->valid && c->num == p->num && c->den == p->den && c->rot == p->rot &&
	    c->ks == p->ks) {
		base = c->img;
	} else if (p->num == p->den) {
		if (contiguous(s, SLOT_SCALED, &from, &base, err) != 0)
			return -1;
	} else {
		if (qrscan_slot(s, SLOT_SCALED, sw, sh, &base, err) != 0)
			return -1;
		qrprep_resize(&from, &base);
	}
	c->img = base;
	c->num = p->num;
	c->den = p->den;
	c->rot = p->rot;
	c->ks = p->ks;
	c->valid = 1;
	if (apply_op(s, p, &base, &im, err) != 0)
		return -1;
	m.ox = ox;
	m.oy = oy;
	m.fx = (double)from.w / im.w;
	m.fy = (double)from.h / im.h;
	m.rot = p->rot;
	m.ks = p->ks;
	m.kw = from.w;
	m.kh = from.h;
	m.bw = src->w;
	m.bh = src->h;
	return qrscan_zbar(s, &im, &m, p->name, p->density, hits, n, max, err);
}
