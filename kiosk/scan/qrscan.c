/* qrscan.c - zbar behind our preprocessing passes, for files and for video.
 * Adapter: the only module that talks to zbar. Image maths lives in the pure
 * core (qrprep.c), charset detection too (qrtext.c). */
#include "qrscan.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <zbar.h>

#include "core/qrtext.h"

/* ------------------------------------------------------------------ */
/* State                                                               */

enum { SLOT_WORK, SLOT_HALF, SLOT_TURNED, SLOT_SCALED, SLOT_OP, SLOT_ZBAR, SLOT_FRAME_HALF, SLOT_N };

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
	int thorough;    /* still images: every pass, no budget */
	int passes_run;  /* by the last qrscan_image() */
	uint8_t *buf[SLOT_N];
	size_t cap[SLOT_N];
	void *scratch;
	size_t scratch_cap;
	/* video */
	unsigned step;
	unsigned blind;  /* the next blind step */
	unsigned code_frames; /* frames in a row the look saw finders in */
	struct qrprep_rect last;
	struct pass_ref { int num, den, op, arg, ks; } last_pass; /* the pass that read it */
	int last_age;  /* frames since the last hit; > ROI_FRAMES: none */
	struct helper *helper;                  /* second core, or NULL */
	const struct qrprep_img *frame_view;    /* the frame, while the helper runs */
	struct qrprep_rect look_box;            /* the look's finders, frame pixels */
	pthread_mutex_t *accept_lock;           /* with a helper: one accept at a time */
};

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

struct helper;
struct pass;
static void helper_stop(struct qrscan *s);
static void helper_set_accept(struct qrscan *s);
static int keystone_scan(struct qrscan *s, const struct pass *p, const struct qrprep_img *v,
			 int ox, int oy, int dw, int dh, struct qrscan_hit *hit, char err[KERR_LEN]);

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
	helper_stop(s);
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
	helper_set_accept(s);
}

void qrscan_set_thorough(struct qrscan *s, int on)
{
	s->thorough = on != 0;
}

int qrscan_passes_run(const struct qrscan *s)
{
	return s->passes_run;
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
		if (s->accept && !call_accept(s, h->text, h->len))
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
	OP_NORMALIZE_INV,  /* the same, then inverted (dark mode) */
	OP_SHARPEN_INV,
	OP_UNSHARP_INV,
};

struct pass {
	const char *name;
	int num, den;      /* scale */
	enum op op;
	int arg;
	int density;       /* zbar scans every density-th line; 0 means 1 */
	int rot;           /* degrees to turn the image first */
	int ks;            /* keystone first: 0 none, else edge * 100 + percent */
	int box;           /* video: only the region the look saw finders in */
};

/* Cheapest and most likely first: most readable photos read on the first
 * pass; each later pass fixes one kind of trouble. The costly turned (45
 * degrees) and keystoned (tilt) passes come last. Passes that share a turn
 * and a scale sit together, so that image is computed once. */
static const struct pass still_passes[] = {
	{"plain", 1, 1, OP_NONE, 0, 1, 0, 0, 0},
	{"invert", 1, 1, OP_INVERT, 0, 1, 0, 0, 0},
	{"normalize", 1, 1, OP_NORMALIZE, 0, 1, 0, 0, 0},
	{"half", 1, 2, OP_NONE, 0, 1, 0, 0, 0},
	{"half-invert", 1, 2, OP_INVERT, 0, 1, 0, 0, 0},
	{"half-threshold", 1, 2, OP_THRESHOLD, 12, 1, 0, 0, 0},
	{"threshold", 1, 1, OP_THRESHOLD, 12, 1, 0, 0, 0},
	{"threshold-invert", 1, 1, OP_THRESHOLD_INV, 12, 1, 0, 0, 0},
	{"threshold-fine", 1, 1, OP_THRESHOLD, 30, 1, 0, 0, 0},
	{"sharpen", 1, 1, OP_SHARPEN, 24, 1, 0, 0, 0},
	{"flatten", 1, 1, OP_FLATTEN, 6, 1, 0, 0, 0},
	{"double", 2, 1, OP_NONE, 0, 1, 0, 0, 0},
	{"double-threshold", 2, 1, OP_THRESHOLD, 12, 1, 0, 0, 0},
	{"quarter", 1, 4, OP_NONE, 0, 1, 0, 0, 0},
	{"third", 1, 3, OP_NONE, 0, 1, 0, 0, 0},
	{"half-sharpen", 1, 2, OP_SHARPEN, 24, 1, 0, 0, 0},
	{"blur-threshold", 1, 1, OP_BLUR_THRESHOLD, 12, 1, 0, 0, 0},
	{"unsharp-2", 1, 1, OP_UNSHARP, 2, 1, 0, 0, 0},
	{"unsharp-3", 1, 1, OP_UNSHARP, 3, 1, 0, 0, 0},
	{"blur", 1, 1, OP_BLUR, 1, 1, 0, 0, 0},
	{"blur-2", 1, 1, OP_BLUR, 2, 1, 0, 0, 0},
	{"half-blur", 1, 2, OP_BLUR, 1, 1, 0, 0, 0},
	{"triple", 3, 1, OP_NONE, 0, 1, 0, 0, 0},
	{"two-thirds", 2, 3, OP_NONE, 0, 1, 0, 0, 0},
	{"two-thirds-threshold", 2, 3, OP_THRESHOLD, 12, 1, 0, 0, 0},
	{"four-fifths", 4, 5, OP_NONE, 0, 1, 0, 0, 0},
	{"five-fourths", 5, 4, OP_NONE, 0, 1, 0, 0, 0},
	{"turn-45", 1, 1, OP_NONE, 0, 1, 45, 0, 0},
	{"turn-45-invert", 1, 1, OP_INVERT, 0, 1, 45, 0, 0},
	{"turn-45-blur", 1, 1, OP_BLUR, 1, 1, 45, 0, 0},
	{"turn-45-threshold", 1, 1, OP_THRESHOLD, 12, 1, 45, 0, 0},
	{"turn-45-half", 1, 2, OP_NONE, 0, 1, 45, 0, 0},
	{"turn-45-double", 2, 1, OP_NONE, 0, 1, 45, 0, 0},
	{"keystone-top-15", 1, 1, OP_NONE, 0, 1, 0, 15, 0},
	{"keystone-bottom-15", 1, 1, OP_NONE, 0, 1, 0, 115, 0},
	{"keystone-left-15", 1, 1, OP_NONE, 0, 1, 0, 215, 0},
	{"keystone-right-15", 1, 1, OP_NONE, 0, 1, 0, 315, 0},
	{"keystone-top-30", 1, 1, OP_NONE, 0, 1, 0, 30, 0},
	{"keystone-bottom-30", 1, 1, OP_NONE, 0, 1, 0, 130, 0},
	{"keystone-left-30", 1, 1, OP_NONE, 0, 1, 0, 230, 0},
	{"keystone-right-30", 1, 1, OP_NONE, 0, 1, 0, 330, 0},
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
	enum op op = p->op;
	int inv = 0;

	if (op == OP_NONE) {
		*out = *src;
		return 0;
	}
	if (op == OP_NORMALIZE_INV || op == OP_SHARPEN_INV || op == OP_UNSHARP_INV) {
		inv = 1;
		op = op == OP_NORMALIZE_INV ? OP_NORMALIZE : op == OP_SHARPEN_INV ? OP_SHARPEN : OP_UNSHARP;
	}
	if (slot_img(s, SLOT_OP, src->w, src->h, out, err) != 0)
		return -1;
	switch (op) {
	case OP_NORMALIZE_INV:
	case OP_SHARPEN_INV:
	case OP_UNSHARP_INV:
		break;
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

/* What a pass costs, in percent of a plain zbar run on the same image:
 * zbar's work grows with the pixels, a turned image has about twice as
 * many, and a step over the pixels adds about a third. */
static int pass_cost(const struct pass *p)
{
	int c = 100 * p->num * p->num / (p->den * p->den);

	if (c < 10)
		c = 10;
	if (p->rot)
		c *= 2;
	if (p->op != OP_NONE || p->ks)
		c += c / 3;
	return c;
}

/* Still images: the steps the look asks for come right after the plain
 * pass; then the list in order, while the budget lasts. */
static const struct pass st_invert = {"invert", 1, 1, OP_INVERT, 0, 1, 0, 0, 0};
static const struct pass st_double = {"double", 2, 1, OP_NONE, 0, 1, 0, 0, 0};
static const struct pass st_half = {"half", 1, 2, OP_NONE, 0, 1, 0, 0, 0};
static const struct pass st_normalize = {"normalize", 1, 1, OP_NORMALIZE, 0, 1, 0, 0, 0};
static const struct pass st_sharpen = {"sharpen", 1, 1, OP_SHARPEN, 24, 1, 0, 0, 0};
/* Budgets in percent of a plain run. zbar alone costs 4-9 times what
 * zxing-cpp does on the same photo, so every step counts. An image with a
 * few triples of finder-like patterns placed as a code's finders are is
 * most likely a code: it gets five more runs. A textured photo (leaves,
 * fabric, a keyboard) shows hundreds of such triples and rarely a code:
 * one more. Scattered finder-like patterns alone: one; none: none.
 * qrscan_set_thorough() lifts the budget: every pass, as long as it takes. */
#define STILL_BUDGET_CODE 500
#define STILL_BUDGET_TEXTURE 100
#define STILL_BUDGET_SOME 100
#define STILL_TRIPLES_MAX 64

int qrscan_image(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		 struct qrscan_hit *hits, int max_hits, char err[KERR_LEN])
{
	struct qrprep_img src = {(uint8_t *)grey, w, h, stride}, work = src, small;
	struct cache c = {0};
	struct qrprep_look lk;
	size_t npass = sizeof still_passes / sizeof still_passes[0];
	const struct pass *order[64];
	int n = 0, norder = 0, budget, spent = 0, sw, sh, big;

	s->passes_run = 0;
	if (w <= 0 || h <= 0 || stride < w || max_hits <= 0)
		return kerr(err, "QR scanner: bad image %dx%d stride %d", w, h, stride);
	s->passes_run = 1;
	if (run_pass(s, &still_passes[0], &work, 0, 0, &c, hits, &n, max_hits, err) < 0)
		return -1;
	if (n > 0 || s->max_passes == 1)
		return n;
	if ((long)w * h > STILL_WORK_PIXELS) {
		/* shrink once, by the area average, for all later passes */
		double f = sqrt((double)STILL_WORK_PIXELS / ((double)w * h));
		int ww = (int)(w * f), wh = (int)(h * f);
		if (slot_img(s, SLOT_WORK, ww < 1 ? 1 : ww, wh < 1 ? 1 : wh, &work, err) != 0)
			return -1;
		qrprep_resize(&src, &work);
		c.valid = 0;
	}
	/* look at a copy no bigger than 640 pixels a side */
	big = work.w > work.h ? work.w : work.h;
	if (big > 640) {
		qrprep_scaled_size(work.w, work.h, 640, big, &sw, &sh);
		if (slot_img(s, SLOT_FRAME_HALF, sw, sh, &small, err) != 0)
			return -1;
		qrprep_resize(&work, &small);
	} else {
		small = work;
	}
	qrprep_look(&small, 2, &lk);
	if (lk.finders + lk.finders_inv == 0 && !s->thorough)
		return 0; /* nothing finder-like: no step would find a code */
	{
		int t = lk.triples > lk.triples_inv ? lk.triples : lk.triples_inv;
		budget = t == 0 ? STILL_BUDGET_SOME
		       : t <= STILL_TRIPLES_MAX ? STILL_BUDGET_CODE : STILL_BUDGET_TEXTURE;
	}
	if (lk.finders_inv > lk.finders || lk.triples_inv > lk.triples)
		order[norder++] = &st_invert;
	/* module sizes in quarter pixels of the look copy, in the work image */
	long m4 = (long)lk.module4 * big / (big > 640 ? 640 : big);
	if (m4 > 0 && m4 <= 10)
		order[norder++] = &st_double;
	if (m4 >= 16)
		order[norder++] = &st_half;
	if (lk.hi - lk.lo < 100)
		order[norder++] = &st_normalize;
	if (lk.sharp >= 0 && lk.sharp < 500)
		order[norder++] = &st_sharpen;
	for (size_t i = 1; i < npass && norder < (int)(sizeof order / sizeof order[0]); i++) {
		int dup = 0;
		for (int k = 0; k < norder; k++)
			dup |= strcmp(order[k]->name, still_passes[i].name) == 0;
		if (!dup)
			order[norder++] = &still_passes[i];
	}
	if (s->max_passes > 1 && norder > s->max_passes - 1)
		norder = s->max_passes - 1;
	for (int i = 0; i < norder; i++) {
		int cost = pass_cost(order[i]);
		if (spent + cost > budget && !s->thorough)
			continue; /* a cheaper one further on may still fit */
		spent += cost;
		s->passes_run++;
		if (run_pass(s, order[i], &work, 0, 0, &c, hits, &n, max_hits, err) < 0)
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

/* Every frame is looked at first (qrprep_look on the half-size frame, a
 * fraction of a zbar run): finder-like patterns light on dark mean a phone
 * in dark mode, so the inverted step goes first; a low contrast asks for
 * the normalised one; soft edges for the sharpened one; tiny modules for
 * the full-size frame. That step runs at once, and when the look saw a
 * code, a second step that attacks another trouble runs in parallel on the
 * second core (qrscan_set_threads). A frame without any finder-like
 * pattern (an empty scene: most frames at a door) gets no zbar run at all,
 * except every third one, which gets one of the blind steps in turn (plain
 * half size first), for codes too blurred for their finders to show. After a hit, the region around it with the step
 * that read it comes first (the code is usually still where it was). */

/* Half-size steps: they run on the half-size frame. */
static const struct pass fp_half = {"half", 1, 2, OP_NONE, 0, 1, 0, 0, 0};
static const struct pass fp_half_inv = {"half-invert", 1, 2, OP_INVERT, 0, 1, 0, 0, 0};
static const struct pass fp_norm = {"half-normalize", 1, 2, OP_NORMALIZE, 0, 1, 0, 0, 0};
static const struct pass fp_norm_inv = {"half-normalize-invert", 1, 2, OP_NORMALIZE_INV, 0, 1, 0, 0, 0};
static const struct pass fp_sharp = {"half-sharpen", 1, 2, OP_SHARPEN, 24, 1, 0, 0, 0};
static const struct pass fp_sharp_inv = {"half-sharpen-invert", 1, 2, OP_SHARPEN_INV, 24, 1, 0, 0, 0};
static const struct pass fp_unsharp = {"half-unsharp", 1, 2, OP_UNSHARP, 2, 1, 0, 0, 0};
static const struct pass fp_unsharp_inv = {"half-unsharp-invert", 1, 2, OP_UNSHARP_INV, 2, 1, 0, 0, 0};
static const struct pass fp_thr = {"half-threshold", 1, 2, OP_THRESHOLD, 12, 1, 0, 0, 0};
static const struct pass fp_thr_inv = {"half-threshold-invert", 1, 2, OP_THRESHOLD_INV, 12, 1, 0, 0, 0};
static const struct pass fp_flat = {"half-flatten", 1, 2, OP_FLATTEN, 6, 1, 0, 0, 0};
static const struct pass fp_ks_bottom = {"half-keystone-bottom", 1, 2, OP_NONE, 0, 1, 0, 130, 0};
static const struct pass fp_ks_top = {"half-keystone-top", 1, 2, OP_NONE, 0, 1, 0, 30, 0};
static const struct pass fp_quarter = {"quarter", 1, 4, OP_NONE, 0, 1, 0, 0, 0};
/* Full size where the look saw finders: small codes (a phone far away) at
 * a fraction of the whole frame's cost. */
static const struct pass fp_box = {"box", 1, 1, OP_NONE, 0, 1, 0, 0, 1};
static const struct pass fp_box_inv = {"box-invert", 1, 1, OP_INVERT, 0, 1, 0, 0, 1};
static const struct pass fp_box_sharp = {"box-sharpen", 1, 1, OP_SHARPEN, 24, 1, 0, 0, 1};

/* The blind steps, one every BLIND_EVERY frames without a finder in sight. */
static const struct pass *const blind_steps[] = {
	&fp_half, &fp_unsharp, &fp_half_inv, &fp_ks_bottom, &fp_norm, &fp_quarter, &fp_ks_top,
	&fp_flat, &fp_thr,
};
#define BLIND_EVERY 3
/* More triples than this is texture (leaves, fabric, print), not a code. */
#define LIKELY_TRIPLES_MAX 64
#define NBLIND (sizeof blind_steps / sizeof blind_steps[0])

/* The second core's job: one pass on a borrowed image. */
struct helper {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_mutex_t accept_lock;   /* both scanners' accept calls */
	int job, done, quit;
	struct qrscan *s;              /* its own zbar and buffers */
	const struct pass *p;
	struct qrprep_img img;
	struct qrscan_hit *hit;
	int n;
	char err[KERR_LEN];
};

/* Run p on the frame: half-size steps on the half-size image h, full-size
 * ones on the frame f. Boxes come back in frame pixels. */
static int frame_pass(struct qrscan *s, const struct pass *p, const struct qrprep_img *f,
		      const struct qrprep_img *h, struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct cache c = {0};
	struct pass q = *p;
	const struct qrprep_img *on = f;
	int n = 0, k = 1;

	if (p->box) {
		struct qrprep_img v = qrprep_crop(f, &s->look_box);
		struct cache c2 = {0};
		if (run_pass(s, &q, &v, s->look_box.x0, s->look_box.y0, &c2, hit, &n, 1, err) < 0)
			return -1;
		return n;
	}
	if (p->den >= 2) {
		on = h;
		q.den = p->den / 2;
		k = 2;
	}
	if (q.ks) {
		int kw, kh;
		qrprep_scaled_size(on->w, on->h, q.num, q.den, &kw, &kh);
		n = keystone_scan(s, &q, on, 0, 0, kw, kh, hit, err);
	} else if (run_pass(s, &q, on, 0, 0, &c, hit, &n, 1, err) < 0) {
		n = -1;
	}
	if (n > 0 && k > 1) {
		hit->box.x0 *= k;
		hit->box.y0 *= k;
		hit->box.x1 *= k;
		hit->box.y1 *= k;
	}
	return n;
}

static void *helper_main(void *arg)
{
	struct qrscan *s = arg;
	struct helper *hp = s->helper;

	(void)pthread_mutex_lock(&hp->lock);
	for (;;) {
		while (!hp->job && !hp->quit)
			(void)pthread_cond_wait(&hp->cond, &hp->lock);
		if (hp->quit)
			break;
		hp->job = 0;
		(void)pthread_mutex_unlock(&hp->lock);
		hp->s->look_box = s->look_box;
		int n = frame_pass(hp->s, hp->p, s->frame_view, &hp->img, hp->hit, hp->err);
		(void)pthread_mutex_lock(&hp->lock);
		hp->n = n;
		hp->done = 1;
		(void)pthread_cond_broadcast(&hp->cond);
	}
	(void)pthread_mutex_unlock(&hp->lock);
	return NULL;
}

/* The helper reads with the caller's accept callback. */
static void helper_set_accept(struct qrscan *s)
{
	if (s->helper)
		qrscan_set_accept(s->helper->s, s->accept, s->actx);
}

static void helper_stop(struct qrscan *s)
{
	struct helper *hp = s->helper;

	if (!hp)
		return;
	(void)pthread_mutex_lock(&hp->lock);
	hp->quit = 1;
	(void)pthread_cond_broadcast(&hp->cond);
	(void)pthread_mutex_unlock(&hp->lock);
	(void)pthread_join(hp->thread, NULL);
	s->accept_lock = NULL;
	(void)pthread_mutex_destroy(&hp->accept_lock);
	(void)pthread_cond_destroy(&hp->cond);
	(void)pthread_mutex_destroy(&hp->lock);
	qrscan_free(hp->s);
	free(hp->hit);
	free(hp);
	s->helper = NULL;
}

void qrscan_set_threads(struct qrscan *s, int n)
{
	struct helper *hp;
	char err[KERR_LEN];
	int locks = 0;

	if (n <= 1) {
		helper_stop(s);
		return;
	}
	if (s->helper)
		return;
	hp = calloc(1, sizeof *hp);
	if (!hp)
		return; /* one thread it is */
	hp->s = qrscan_new(err);
	hp->hit = malloc(sizeof *hp->hit);
	if (hp->s && hp->hit && pthread_mutex_init(&hp->lock, NULL) == 0) {
		locks = 1;
		if (pthread_cond_init(&hp->cond, NULL) == 0 &&
		    (locks = 2, pthread_mutex_init(&hp->accept_lock, NULL) == 0)) {
			locks = 3;
			s->helper = hp;
			s->accept_lock = &hp->accept_lock;
			hp->s->accept_lock = &hp->accept_lock;
			qrscan_set_accept(hp->s, s->accept, s->actx);
			if (pthread_create(&hp->thread, NULL, helper_main, s) == 0)
				return;
			s->helper = NULL;
			s->accept_lock = NULL;
		}
	}
	/* something failed: one thread it is */
	if (locks == 3)
		(void)pthread_mutex_destroy(&hp->accept_lock);
	if (locks >= 2)
		(void)pthread_cond_destroy(&hp->cond);
	if (locks >= 1)
		(void)pthread_mutex_destroy(&hp->lock);
	qrscan_free(hp->s);
	free(hp->hit);
	free(hp);
}

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
			 s->last_pass.arg, 1, 0, s->last_pass.ks, 0};
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

/* The two steps for this frame from what the look saw; *second may be NULL. */
static void choose(struct qrscan *s, const struct qrprep_look *lk, const struct pass **first,
		   const struct pass **second)
{
	int code = lk->finders + lk->finders_inv > 0;
	int inv = lk->finders_inv > lk->finders;
	int dim = lk->hi - lk->lo < 70;
	int soft = lk->sharp >= 0 && lk->sharp < 480;
	int tiny = lk->module4 > 0 && lk->module4 < 10; /* under 2.5 px at half size */
	/* modules under 4 px at half size gain from full size; bigger ones
	 * only cost more there */
	int fine = lk->module4 > 0 && lk->module4 < 16 && !tiny;
	int t = lk->triples > lk->triples_inv ? lk->triples : lk->triples_inv;
	/* three finders placed as a code's are, and not the hundreds of a
	 * textured scene: worth the second core */
	int likely = t > 0 && t <= LIKELY_TRIPLES_MAX;
	const struct pass *by_look, *other;

	*first = *second = NULL;
	if (!code) {
		/* zbar needs finder patterns too, and costs 4-10 ms on a noisy
		 * frame: an empty scene gets only the look, and every third frame
		 * one blind step in turn, for a code too blurred to show its
		 * finders to the look */
		*first = s->step++ % BLIND_EVERY == 0 ? blind_steps[s->blind++ % NBLIND] : NULL;
		s->code_frames = 0;
		return;
	}
	if (tiny)
		by_look = soft ? &fp_box_sharp : inv ? &fp_box_inv : &fp_box;
	else if (soft)
		by_look = inv ? &fp_unsharp_inv : &fp_unsharp;
	else if (dim)
		by_look = inv ? &fp_norm_inv : &fp_norm;
	else
		by_look = inv ? &fp_half_inv : &fp_half;
	/* the other step attacks another trouble, in turn over the frames the
	 * code stays in view: full size where the finders are first (a code
	 * far away, a photo of one: modules the half-size frame blurs) unless
	 * the edges are soft or the light dim */
	switch (s->code_frames++ % 4) {
	case 0:
		if (soft || dim)
			other = dim ? (inv ? &fp_norm_inv : &fp_norm) : inv ? &fp_sharp_inv : &fp_sharp;
		else
			other = !fine ? (inv ? &fp_thr_inv : &fp_thr) : inv ? &fp_box_inv : &fp_box;
		break;
	case 1:
		other = (soft || dim) && fine ? (inv ? &fp_box_inv : &fp_box) : inv ? &fp_thr_inv : &fp_thr;
		break;
	case 2:
		other = &fp_ks_bottom;
		break;
	default:
		other = soft ? (inv ? &fp_sharp_inv : &fp_sharp) : &fp_ks_top;
		break;
	}
	if (likely) {
		*first = by_look;
		*second = other;
	} else {
		/* scattered finder-like patterns: one step a frame, the look's and
		 * the other in turn */
		*first = s->code_frames % 2 ? by_look : other;
	}
}

static void remember(struct qrscan *s, const struct pass *p, const struct qrscan_hit *hit)
{
	/* the region is cropped from the full frame, so it keeps the step but
	 * not the scale of a keystoned half frame */
	s->last_pass.num = p->ks ? 1 : p->num;
	s->last_pass.den = p->ks ? 1 : p->den;
	s->last_pass.op = p->op;
	s->last_pass.arg = p->arg;
	s->last_pass.ks = p->ks;
	s->last = hit->box;
	s->last_age = 0;
}

int qrscan_frame(struct qrscan *s, const uint8_t *grey, int w, int h, int stride,
		 struct qrscan_hit *hit, char err[KERR_LEN])
{
	struct qrprep_img src = {(uint8_t *)grey, w, h, stride}, half;
	struct qrprep_look lk;
	const struct pass *p1, *p2;
	struct helper *hp = s->helper;
	int n, n2 = 0, hw, hh;

	if (w <= 0 || h <= 0 || stride < w)
		return kerr(err, "QR scanner: bad frame %dx%d stride %d", w, h, stride);
	/* the region of the last hit, with its step: cheap, and usually there */
	if (s->last_age < ROI_FRAMES) {
		s->last_age++;
		n = frame_roi(s, &src, hit, err);
		if (n < 0)
			return -1;
		if (n > 0) {
			s->last = hit->box;
			s->last_age = 0;
			return 1;
		}
	}
	qrprep_scaled_size(w, h, 1, 2, &hw, &hh);
	if (slot_img(s, SLOT_FRAME_HALF, hw, hh, &half, err) != 0)
		return -1;
	qrprep_resize(&src, &half);
	qrprep_look(&half, 4, &lk);
	{
		/* the finders' box in frame pixels, grown by half its size (the
		 * code's fourth corner and quiet zone lie beyond the centres) and
		 * by at least 40 modules, in case the look saw one finder only */
		int mpx = lk.module4 / 2 + 1; /* frame pixels per module */
		struct qrprep_rect b = {2 * lk.box.x0 - 40 * mpx, 2 * lk.box.y0 - 40 * mpx,
					2 * lk.box.x1 + 40 * mpx, 2 * lk.box.y1 + 40 * mpx};
		if (b.x0 < 0) b.x0 = 0;
		if (b.y0 < 0) b.y0 = 0;
		if (qrprep_roi(&b, w, h, 25, &s->look_box) != 0 ||
		    s->look_box.x1 - s->look_box.x0 < MIN_SIDE ||
		    s->look_box.y1 - s->look_box.y0 < MIN_SIDE)
			s->look_box = (struct qrprep_rect){0, 0, w, h};
	}
	choose(s, &lk, &p1, &p2);
	if (p2 && hp) {
		(void)pthread_mutex_lock(&hp->lock);
		s->frame_view = &src;
		hp->p = p2;
		hp->img = half;
		hp->done = 0;
		hp->job = 1;
		(void)pthread_cond_broadcast(&hp->cond);
		(void)pthread_mutex_unlock(&hp->lock);
	}
	n = p1 ? frame_pass(s, p1, &src, &half, hit, err) : 0;
	if (p2 && hp) {
		(void)pthread_mutex_lock(&hp->lock);
		while (!hp->done)
			(void)pthread_cond_wait(&hp->cond, &hp->lock);
		n2 = hp->n;
		(void)pthread_mutex_unlock(&hp->lock);
	} else if (p2 && n == 0) {
		/* one core: the second step only when the first read nothing */
		n = frame_pass(s, p2, &src, &half, hit, err);
		if (n > 0)
			p1 = p2;
	}
	if (n < 0)
		return -1;
	if (n > 0) {
		remember(s, p1, hit);
		return 1;
	}
	if (n2 > 0) {
		memcpy(hit, hp->hit, sizeof *hit);
		remember(s, p2, hit);
		return 1;
	}
	return 0;
}
