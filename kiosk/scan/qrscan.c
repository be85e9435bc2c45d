/* qrscan.c - zbar behind our preprocessing passes, for files and for video.
 * Adapter: the only module that talks to zbar. Image maths lives in the pure
 * core (qrprep.c), charset detection too (qrtext.c). */
#include "qrscan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <zbar.h>

#include "core/qrtext.h"

/* ------------------------------------------------------------------ */
/* State                                                               */

enum { SLOT_WORK, SLOT_HALF, SLOT_TURNED, SLOT_SCALED, SLOT_OP, SLOT_ZBAR, SLOT_N };

/* How many frames the last hit's region stays worth a look. */
#define ROI_FRAMES 30
/* Images smaller than this on their short side are not worth a pass. */
#define MIN_SIDE 40
/* Nor are scaled images larger than this (memory and time). */
#define MAX_SCALED_PIXELS (8L * 1024 * 1024)
/* A still image bigger than this gets its first pass at full size and the
 * others on a copy shrunk to this size: a 12 Mpx phone photo without a code
 * took 9.5 s through every pass at full size. */
#define STILL_WORK_PIXELS (2L * 1024 * 1024)

struct qrscan {
	zbar_image_scanner_t *zs;
	qrscan_accept_fn accept;
	void *actx;
	int max_passes;  /* 0: all */
	uint8_t *buf[SLOT_N];
	size_t cap[SLOT_N];
	void *scratch;
	size_t scratch_cap;
	/* video */
	unsigned step;
	struct qrprep_rect last;
	struct pass_ref { int num, den, op, arg, ks; } last_pass; /* the pass that read it */
	int last_age;  /* frames since the last hit; > ROI_FRAMES: none */
};

struct qrscan *qrscan_new(char err[KERR_LEN])
{
	struct qrscan *s = calloc(1, sizeof *s);

	if (!s) {
		kerr(err, "cannot create QR scanner: out of memory");
		return NULL;
	}
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
}

void qrscan_set_max_passes(struct qrscan *s, int n)
{
	s->max_passes = n < 0 ? 0 : n;
}

void qrscan_reset(struct qrscan *s)
{
	s->step = 0;
	s->last_age = ROI_FRAMES + 1;
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
static int slot_img(struct qrscan *s, int i, int w, int h, struct qrprep_img *out,
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

/* ------------------------------------------------------------------ */
/* One zbar run                                                        */

/* How a pass image maps back to the caller's coordinates. */
struct map {
	int ox, oy;       /* offset of the pass image's source region */
	double fx, fy;    /* turned-image pixels per pass pixel */
	int rot, bw, bh;  /* the source (bw x bh) was turned by rot degrees */
	int ks, kw, kh;   /* ... or keystoned (struct pass) into kw x kh */
};

static int has_text(const struct qrscan_hit *hits, int n, const char *t, size_t len)
{
	for (int i = 0; i < n; i++)
		if (hits[i].len == len && memcmp(hits[i].text, t, len) == 0)
			return 1;
	return 0;
}

/* Scan im (must be contiguous: stride == w) and append accepted, new texts
 * to hits[*n..max). Returns the number appended, or -1 with err. */
static int zscan(struct qrscan *s, const struct qrprep_img *im, const struct map *m,
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
		if (has_text(hits, *n, h->text, h->len))
			continue;
		if (s->accept && !s->accept(s->actx, h->text, h->len))
			continue;
		h->charset = cs;
		h->pass = pass;
		h->box.x0 = h->box.y0 = 1 << 30;
		h->box.x1 = h->box.y1 = -1;
		np = zbar_symbol_get_loc_size(sym);
		for (unsigned i = 0; i < np; i++) {
			double px = zbar_symbol_get_loc_x(sym, i) * m->fx;
			double py = zbar_symbol_get_loc_y(sym, i) * m->fy;
			if (m->rot)
				qrprep_unrotate_point(m->bw, m->bh, m->rot, px, py, &px, &py);
			if (m->ks)
				qrprep_unkeystone_point(m->bw, m->bh, m->kw, m->kh, m->ks / 100,
							m->ks % 100, px, py, &px, &py);
			int x = m->ox + (int)px;
			int y = m->oy + (int)py;
			if (x < h->box.x0) h->box.x0 = x;
			if (y < h->box.y0) h->box.y0 = y;
			if (x + 1 > h->box.x1) h->box.x1 = x + 1;
			if (y + 1 > h->box.y1) h->box.y1 = y + 1;
		}
		if (np == 0)
			h->box.x0 = h->box.y0 = h->box.x1 = h->box.y1 = 0;
		(*n)++;
		added++;
	}
	zbar_image_destroy(z);
	return added;
}

/* ------------------------------------------------------------------ */
/* Passes                                                              */

enum op {
	OP_NONE,
	OP_INVERT,
	OP_NORMALIZE,
	OP_THRESHOLD,      /* arg: window as a fraction 1/arg of the short side */
	OP_THRESHOLD_INV,
	OP_SHARPEN,        /* arg: amount/16 */
	OP_FLATTEN,        /* arg: window as 1/arg of the short side */
	OP_BLUR_THRESHOLD, /* denoise, then threshold with window 1/arg */
	OP_BLUR,           /* arg: box radius; joins broken or textured modules */
	OP_UNSHARP,        /* arg: box radius, amount 2x: heavier defocus */
};

struct pass {
	const char *name;
	int num, den;      /* scale */
	enum op op;
	int arg;
	int density;       /* zbar scans every density-th line; 0 means 1 */
	int rot;           /* degrees to turn the image first */
	int ks;            /* keystone first: 0 none, else edge * 100 + percent */
};

/* Cheapest and most likely first: most readable photos read on the first
 * pass; each later pass fixes one kind of trouble. The costly turned (45
 * degrees) and keystoned (tilt) passes come last. Passes that share a turn
 * and a scale sit together, so that image is computed once. */
static const struct pass still_passes[] = {
	{"plain", 1, 1, OP_NONE, 0, 1, 0, 0},
	{"invert", 1, 1, OP_INVERT, 0, 1, 0, 0},
	{"normalize", 1, 1, OP_NORMALIZE, 0, 1, 0, 0},
	{"half", 1, 2, OP_NONE, 0, 1, 0, 0},
	{"half-invert", 1, 2, OP_INVERT, 0, 1, 0, 0},
	{"half-threshold", 1, 2, OP_THRESHOLD, 12, 1, 0, 0},
	{"threshold", 1, 1, OP_THRESHOLD, 12, 1, 0, 0},
	{"threshold-invert", 1, 1, OP_THRESHOLD_INV, 12, 1, 0, 0},
	{"threshold-fine", 1, 1, OP_THRESHOLD, 30, 1, 0, 0},
	{"sharpen", 1, 1, OP_SHARPEN, 24, 1, 0, 0},
	{"flatten", 1, 1, OP_FLATTEN, 6, 1, 0, 0},
	{"double", 2, 1, OP_NONE, 0, 1, 0, 0},
	{"double-threshold", 2, 1, OP_THRESHOLD, 12, 1, 0, 0},
	{"quarter", 1, 4, OP_NONE, 0, 1, 0, 0},
	{"third", 1, 3, OP_NONE, 0, 1, 0, 0},
	{"half-sharpen", 1, 2, OP_SHARPEN, 24, 1, 0, 0},
	{"blur-threshold", 1, 1, OP_BLUR_THRESHOLD, 12, 1, 0, 0},
	{"unsharp-2", 1, 1, OP_UNSHARP, 2, 1, 0, 0},
	{"unsharp-3", 1, 1, OP_UNSHARP, 3, 1, 0, 0},
	{"blur", 1, 1, OP_BLUR, 1, 1, 0, 0},
	{"blur-2", 1, 1, OP_BLUR, 2, 1, 0, 0},
	{"half-blur", 1, 2, OP_BLUR, 1, 1, 0, 0},
	{"triple", 3, 1, OP_NONE, 0, 1, 0, 0},
	{"two-thirds", 2, 3, OP_NONE, 0, 1, 0, 0},
	{"two-thirds-threshold", 2, 3, OP_THRESHOLD, 12, 1, 0, 0},
	{"four-fifths", 4, 5, OP_NONE, 0, 1, 0, 0},
	{"five-fourths", 5, 4, OP_NONE, 0, 1, 0, 0},
	{"turn-45", 1, 1, OP_NONE, 0, 1, 45, 0},
	{"turn-45-invert", 1, 1, OP_INVERT, 0, 1, 45, 0},
	{"turn-45-blur", 1, 1, OP_BLUR, 1, 1, 45, 0},
	{"turn-45-threshold", 1, 1, OP_THRESHOLD, 12, 1, 45, 0},
	{"turn-45-half", 1, 2, OP_NONE, 0, 1, 45, 0},
	{"turn-45-double", 2, 1, OP_NONE, 0, 1, 45, 0},
	{"keystone-top-15", 1, 1, OP_NONE, 0, 1, 0, 15},
	{"keystone-bottom-15", 1, 1, OP_NONE, 0, 1, 0, 115},
	{"keystone-left-15", 1, 1, OP_NONE, 0, 1, 0, 215},
	{"keystone-right-15", 1, 1, OP_NONE, 0, 1, 0, 315},
	{"keystone-top-30", 1, 1, OP_NONE, 0, 1, 0, 30},
	{"keystone-bottom-30", 1, 1, OP_NONE, 0, 1, 0, 130},
	{"keystone-left-30", 1, 1, OP_NONE, 0, 1, 0, 230},
	{"keystone-right-30", 1, 1, OP_NONE, 0, 1, 0, 330},
};

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

	if (p->op == OP_NONE) {
		*out = *src;
		return 0;
	}
	if (slot_img(s, SLOT_OP, src->w, src->h, out, err) != 0)
		return -1;
	switch (p->op) {
	case OP_NONE:
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
		    slot_img(s, SLOT_ZBAR, src->w, src->h, &tmp, err) != 0)
			return -1;
		qrprep_box_blur(src, &tmp, 1, s->scratch);
		qrprep_threshold(&tmp, out, window_of(src, p->arg), 4, s->scratch);
		break;
	}
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
	if (slot_img(s, slot, v->w, v->h, out, err) != 0)
		return -1;
	for (int y = 0; y < v->h; y++)
		memcpy(out->px + (size_t)y * out->stride, v->px + (size_t)y * v->stride,
		       (size_t)v->w);
	return 0;
}

/* Which turned and scaled image the scaled slot holds, so that passes
 * sharing a turn and a scale compute it once. */
struct cache {
	struct qrprep_img img;
	int num, den, rot, ks, valid;
};

/* Run pass p on the view src (ox, oy: where src sits in the caller's
 * image): turn, then scale, then the step, then zbar. */
static int run_pass(struct qrscan *s, const struct pass *p, const struct qrprep_img *src, int ox,
		    int oy, struct cache *c, struct qrscan_hit *hits, int *n, int max,
		    char err[KERR_LEN])
{
	struct qrprep_img from = *src, base, im;
	struct map m;
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
			if (slot_img(s, SLOT_TURNED, rw, rh, &from, err) != 0)
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
	if ((long)sw * sh > MAX_SCALED_PIXELS)
		return 0;
	if (c->valid && c->num == p->num && c->den == p->den && c->rot == p->rot &&
	    c->ks == p->ks) {
		base = c->img;
	} else if (p->num == p->den) {
		if (contiguous(s, SLOT_SCALED, &from, &base, err) != 0)
			return -1;
	} else {
		if (slot_img(s, SLOT_SCALED, sw, sh, &base, err) != 0)
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
	return zscan(s, &im, &m, p->name, p->density, hits, n, max, err);
}

int qrscan_image(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		 struct qrscan_hit *hits, int max_hits, char err[KERR_LEN])
{
	struct qrprep_img src = {(uint8_t *)grey, w, h, stride}, work = src;
	struct cache c = {0};
	size_t npass = sizeof still_passes / sizeof still_passes[0];
	int n = 0;

	if (w <= 0 || h <= 0 || stride < w || max_hits <= 0)
		return kerr(err, "QR scanner: bad image %dx%d stride %d", w, h, stride);
	if (s->max_passes > 0 && (size_t)s->max_passes < npass)
		npass = (size_t)s->max_passes;
	for (size_t i = 0; i < npass; i++) {
		if (i == 1 && (long)w * h > STILL_WORK_PIXELS) {
			/* shrink once, by the area average, for all later passes */
			double f = sqrt((double)STILL_WORK_PIXELS / ((double)w * h));
			int ww = (int)(w * f), wh = (int)(h * f);
			if (slot_img(s, SLOT_WORK, ww < 1 ? 1 : ww, wh < 1 ? 1 : wh, &work, err) != 0)
				return -1;
			qrprep_resize(&src, &work);
			c.valid = 0;
		}
		int r = run_pass(s, &still_passes[i], &work, 0, 0, &c, hits, &n, max_hits, err);
		if (r < 0)
			return -1;
		if (n > 0) {
			/* boxes of the shrunk copy back to the caller's pixels */
			for (int k = 0; k < n && work.px != src.px; k++) {
				hits[k].box.x0 = (int)((long)hits[k].box.x0 * w / work.w);
				hits[k].box.x1 = (int)((long)hits[k].box.x1 * w / work.w);
				hits[k].box.y0 = (int)((long)hits[k].box.y0 * h / work.h);
				hits[k].box.y1 = (int)((long)hits[k].box.y1 * h / work.h);
			}
			return n;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Video                                                               */

/* One cheap step per frame. At 1280x720 a half-size zbar run costs a few ms
 * and a full-size one about four times that; the schedule keeps every step
 * within the budget (tests/bench_qrframe.c) and visits each trouble in turn.
 * Every other frame gets the plain half-size step, which reads most codes,
 * so an easy code is read within two frames; the others take turns between.
 * The full-size pass scans every third line only. Keystone steps warp the
 * half-size frame (a ticket tilted away, the usual way a phone is held). */
static const struct pass frame_half = {"half", 1, 2, OP_NONE, 0, 1, 0, 0};
static const struct pass frame_passes[] = {
	{"half-invert", 1, 2, OP_INVERT, 0, 1, 0, 0},
	{"half-keystone-bottom", 1, 2, OP_NONE, 0, 1, 0, 130},
	{"two-thirds-threshold", 2, 3, OP_THRESHOLD, 12, 1, 0, 0},
	{"half-keystone-top", 1, 2, OP_NONE, 0, 1, 0, 30},
	{"half-threshold", 1, 2, OP_THRESHOLD, 12, 1, 0, 0},
	{"plain", 1, 1, OP_NONE, 0, 3, 0, 0},
	{"half-normalize", 1, 2, OP_NORMALIZE, 0, 1, 0, 0},
	{"quarter", 1, 4, OP_NONE, 0, 1, 0, 0},
	{"half-sharpen", 1, 2, OP_SHARPEN, 24, 1, 0, 0},
	{"half-flatten", 1, 2, OP_FLATTEN, 6, 1, 0, 0},
};

/* Keystone pass p on the view v (at ox, oy in the frame), warped straight
 * into a dw x dh image: one pass over the pixels, and zbar gets an image no
 * bigger than the view, where warping to full resolution cost 16-30 ms. */
static int keystone_scan(struct qrscan *s, const struct pass *p, const struct qrprep_img *v,
			 int ox, int oy, int dw, int dh, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct qrprep_img out;
	struct map m;
	int n = 0;

	if (slot_img(s, SLOT_HALF, dw, dh, &out, err) != 0)
		return -1;
	qrprep_keystone(v, &out, p->ks / 100, p->ks % 100, 255);
	m.ox = ox;
	m.oy = oy;
	m.fx = m.fy = 1.0;
	m.rot = 0;
	m.ks = p->ks;
	m.kw = dw;
	m.kh = dh;
	m.bw = v->w;
	m.bh = v->h;
	if (zscan(s, &out, &m, p->name, p->density, hit, &n, 1, err) < 0)
		return -1;
	return n;
}

/* The region of the last hit, with the step that read it (a dark-mode
 * screen stays dark, a dim one stays dim, a tilt stays tilted). */
static int frame_roi(struct qrscan *s, const struct qrprep_img *src, struct qrscan_hit *hit,
		     char err[KERR_LEN])
{
	struct qrprep_rect roi;
	struct qrprep_img v;
	struct cache c = {0};
	struct pass p = {"roi", s->last_pass.num, s->last_pass.den, (enum op)s->last_pass.op,
			 s->last_pass.arg, 1, 0, s->last_pass.ks};
	int fs, rs, n = 0;

	if (qrprep_roi(&s->last, src->w, src->h, 25, &roi) != 0)
		return 0;
	v = qrprep_crop(src, &roi);
	fs = src->w < src->h ? src->w : src->h;
	rs = v.w < v.h ? v.w : v.h;
	/* windows sized as a fraction of the image must cover the same pixels
	 * in the crop as they did in the whole frame */
	if (p.op == OP_THRESHOLD || p.op == OP_THRESHOLD_INV || p.op == OP_FLATTEN ||
	    p.op == OP_BLUR_THRESHOLD) {
		p.arg = (int)((long)p.arg * rs / fs);
		if (p.arg < 1)
			p.arg = 1;
	}
	if (p.ks)
		return keystone_scan(s, &p, &v, roi.x0, roi.y0, v.w, v.h, hit, err);
	if (run_pass(s, &p, &v, roi.x0, roi.y0, &c, hit, &n, 1, err) < 0)
		return -1;
	return n;
}

/* One scheduled step on the whole frame. */
static int frame_step(struct qrscan *s, const struct pass *p, const struct qrprep_img *src,
		      struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct cache c = {0};
	int n = 0, hw, hh;

	if (!p->ks) {
		if (run_pass(s, p, src, 0, 0, &c, hit, &n, 1, err) < 0)
			return -1;
		return n;
	}
	qrprep_scaled_size(src->w, src->h, p->num, p->den, &hw, &hh);
	return keystone_scan(s, p, src, 0, 0, hw, hh, hit, err);
}

int qrscan_frame(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		 struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct qrprep_img src = {(uint8_t *)grey, w, h, stride};
	const struct pass *p;
	int n;

	if (w <= 0 || h <= 0 || stride < w)
		return kerr(err, "QR scanner: bad frame %dx%d stride %d", w, h, stride);
	/* One step per frame keeps the budget. While the code stays in view the
	 * region step reads it every frame; once it misses, region and schedule
	 * take turns until the region is ROI_FRAMES old. */
	if (s->last_age < ROI_FRAMES && ++s->last_age % 2 == 1) {
		n = frame_roi(s, &src, hit, err);
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		goto found;
	}
	if (s->step % 2 == 0)
		p = &frame_half;
	else
		p = &frame_passes[(s->step / 2) % (sizeof frame_passes / sizeof frame_passes[0])];
	s->step++;
	n = frame_step(s, p, &src, hit, err);
	if (n <= 0)
		return n;
	/* the region is cropped from the full frame, so it keeps the step but
	 * not the scale of a keystoned half frame */
	s->last_pass.num = p->ks ? 1 : p->num;
	s->last_pass.den = p->ks ? 1 : p->den;
	s->last_pass.op = p->op;
	s->last_pass.arg = p->arg;
	s->last_pass.ks = p->ks;
found:
	s->last = hit->box;
	s->last_age = 0;
	return 1;
}
