/* ui_sdl.c - the draw-list renderer: fonts, script runs, text cache.
 * Adapter: SDL2 + SDL2_ttf; decides nothing about what a screen shows. */
#include "ui_sdl.h"

#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui_text.h"

#define MIN_TEXT_PX 10

/* One font file held in memory so opening another size reads no file. */
struct font_file {
	void *data;
	size_t len;
};

struct font_slot {
	TTF_Font *font;
	int face, bold, size;
	unsigned long used;
};

struct text_slot {
	uint64_t hash;
	char *text;          /* owned copy, compared on a hash hit */
	int size, bold, maxw;
	SDL_Color color;
	SDL_Texture *tex;    /* owned */
	int w, h;
	unsigned long used;
};

struct ui_sdl {
	SDL_Renderer *ren;
	struct font_file file[UI_FACE_COUNT][2]; /* [face][bold] */
	TTF_Font *probe[UI_FACE_COUNT];          /* for glyph coverage questions */
	struct font_slot fonts[UI_SDL_FONTS_MAX];
	struct text_slot texts[UI_SDL_TEXT_CACHE];
	unsigned long clock;                     /* use counter for LRU eviction */
	size_t cache_bytes;                      /* pixels held by texts[] */
	struct {
		SDL_Texture *tex;
		int w, h;
	} image[UI_SDL_IMAGES_MAX];
};

static void drop_text(struct ui_sdl *u, struct text_slot *s);

static const char *const font_names[UI_FACE_COUNT][2] = {
	{"NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"},
	{"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"},
};

/* ------------------------------------------------------------------ fonts */

static int load_file(const char *path, struct font_file *f, char err[KERR_LEN])
{
	size_t len;
	void *data = SDL_LoadFile(path, &len);

	if (!data)
		return kerr(err, "cannot read font '%s': %s", path, SDL_GetError());
	f->data = data;
	f->len = len;
	return 0;
}

static TTF_Font *open_font(struct ui_sdl *u, int face, int bold, int size, char err[KERR_LEN])
{
	const struct font_file *f = &u->file[face][bold];
	SDL_RWops *rw = SDL_RWFromConstMem(f->data, (int)f->len);
	TTF_Font *font;

	if (!rw) {
		kerr(err, "cannot read font memory: %s", SDL_GetError());
		return NULL;
	}
	font = TTF_OpenFontRW(rw, 1, size);
	if (!font) {
		kerr(err, "cannot open font %s at %d px: %s", font_names[face][bold], size,
		     TTF_GetError());
		return NULL;
	}
	/* Without the script HarfBuzz guesses per run and Bengali conjuncts fall
	 * apart (visible hasanta, vowel signs on the wrong side). */
	if (TTF_SetFontScriptName(font, face == UI_FACE_BENGALI ? "Beng" : "Latn") != 0 ||
	    TTF_SetFontDirection(font, TTF_DIRECTION_LTR) != 0) {
		kerr(err, "cannot set the script of %s: %s", font_names[face][bold], TTF_GetError());
		TTF_CloseFont(font);
		return NULL;
	}
	return font;
}

/* The font for (face, bold, size), opened on first use; the least recently
 * used one is closed when all slots are taken. */
static TTF_Font *get_font(struct ui_sdl *u, int face, int bold, int size, char err[KERR_LEN])
{
	int i, slot = 0;

	for (i = 0; i < UI_SDL_FONTS_MAX; i++) {
		struct font_slot *s = &u->fonts[i];

		if (s->font && s->face == face && s->bold == bold && s->size == size) {
			s->used = ++u->clock;
			return s->font;
		}
		if (!s->font || (u->fonts[slot].font && s->used < u->fonts[slot].used))
			slot = i;
	}
	if (u->fonts[slot].font)
		TTF_CloseFont(u->fonts[slot].font);
	u->fonts[slot].font = open_font(u, face, bold, size, err);
	if (!u->fonts[slot].font)
		return NULL;
	u->fonts[slot].face = face;
	u->fonts[slot].bold = bold;
	u->fonts[slot].size = size;
	u->fonts[slot].used = ++u->clock;
	return u->fonts[slot].font;
}

static int has_glyph(void *ctx, enum ui_face face, uint32_t cp)
{
	struct ui_sdl *u = ctx;

	return TTF_GlyphIsProvided32(u->probe[face], cp) != 0;
}

int ui_sdl_new(struct ui_sdl **out, SDL_Renderer *ren, const char *font_dir,
	       char err[KERR_LEN])
{
	struct ui_sdl *u = calloc(1, sizeof *u);
	char path[4096];
	int f, b;

	if (!u)
		return kerr(err, "out of memory for the screen");
	u->ren = ren;
	for (f = 0; f < UI_FACE_COUNT; f++) {
		for (b = 0; b < 2; b++) {
			(void)snprintf(path, sizeof path, "%s/%s", font_dir, font_names[f][b]);
			if (load_file(path, &u->file[f][b], err) != 0)
				goto fail;
		}
		u->probe[f] = open_font(u, f, 0, 16, err);
		if (!u->probe[f])
			goto fail;
	}
	*out = u;
	return 0;
fail:
	ui_sdl_free(u);
	return -1;
}

void ui_sdl_free(struct ui_sdl *u)
{
	int i, f;

	if (!u)
		return;
	for (i = 0; i < UI_SDL_TEXT_CACHE; i++)
		drop_text(u, &u->texts[i]);
	for (i = 0; i < UI_SDL_FONTS_MAX; i++)
		if (u->fonts[i].font)
			TTF_CloseFont(u->fonts[i].font);
	for (f = 0; f < UI_FACE_COUNT; f++) {
		if (u->probe[f])
			TTF_CloseFont(u->probe[f]);
		SDL_free(u->file[f][0].data);
		SDL_free(u->file[f][1].data);
	}
	free(u);
}

void ui_sdl_set_image(struct ui_sdl *u, int id, SDL_Texture *tex, int w, int h)
{
	if (id < 0 || id >= UI_SDL_IMAGES_MAX)
		return;
	u->image[id].tex = tex;
	u->image[id].w = w;
	u->image[id].h = h;
}

/* ------------------------------------------------------------------- text */

/* Render text at size: each script run with its own font, composed on one
 * baseline. Returns a new surface or NULL with err. */
static SDL_Surface *render_runs(struct ui_sdl *u, const char *text, int size, int bold,
				SDL_Color color, char err[KERR_LEN])
{
	struct ui_run runs[UI_RUNS_MAX];
	SDL_Surface *part[UI_RUNS_MAX] = {0};
	int adv[UI_RUNS_MAX] = {0}, asc[UI_RUNS_MAX] = {0};
	int n = ui_text_runs(text, has_glyph, u, runs, UI_RUNS_MAX);
	int i, w = 0, max_asc = 0, max_desc = 0, x = 0;
	SDL_Surface *out = NULL;
	char piece[1024];

	for (i = 0; i < n; i++) {
		TTF_Font *font = get_font(u, runs[i].face, bold, size, err);
		size_t len = runs[i].len < sizeof piece - 1 ? runs[i].len : sizeof piece - 1;
		int pw = 0, ph = 0;

		if (!font)
			goto done;
		memcpy(piece, text + runs[i].start, len);
		piece[len] = '\0';
		if (TTF_SizeUTF8(font, piece, &pw, &ph) != 0) {
			kerr(err, "cannot measure '%s': %s", piece, TTF_GetError());
			goto done;
		}
		/* A run of spaces renders to nothing on some versions; keep its advance. */
		part[i] = TTF_RenderUTF8_Blended(font, piece, color);
		adv[i] = part[i] && part[i]->w > pw ? part[i]->w : pw;
		asc[i] = TTF_FontAscent(font);
		if (asc[i] > max_asc)
			max_asc = asc[i];
		if (-TTF_FontDescent(font) > max_desc)
			max_desc = -TTF_FontDescent(font);
		w += adv[i];
	}
	if (w <= 0)
		w = 1;
	out = SDL_CreateRGBSurfaceWithFormat(0, w, max_asc + max_desc > 0 ? max_asc + max_desc : 1,
					     32, SDL_PIXELFORMAT_ARGB8888);
	if (!out) {
		kerr(err, "cannot make a text surface: %s", SDL_GetError());
		goto done;
	}
	if (SDL_FillRect(out, NULL, SDL_MapRGBA(out->format, color.r, color.g, color.b, 0)) != 0) {
		kerr(err, "cannot clear a text surface: %s", SDL_GetError());
		SDL_FreeSurface(out);
		out = NULL;
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (part[i]) {
			SDL_Rect dst = {x, max_asc - asc[i], part[i]->w, part[i]->h};

			/* Runs do not overlap: copy their alpha instead of blending
			 * onto the transparent background. */
			if (SDL_SetSurfaceBlendMode(part[i], SDL_BLENDMODE_NONE) != 0 ||
			    SDL_BlitSurface(part[i], NULL, out, &dst) != 0) {
				kerr(err, "cannot compose text: %s", SDL_GetError());
				SDL_FreeSurface(out);
				out = NULL;
				goto done;
			}
		}
		x += adv[i];
	}
done:
	for (i = 0; i < n; i++)
		SDL_FreeSurface(part[i]); /* NULL is fine */
	return out;
}

SDL_Surface *ui_sdl_render_line(struct ui_sdl *u, const char *text, int size, int bold,
				SDL_Color color, char err[KERR_LEN])
{
	return render_runs(u, text, size, bold, color, err);
}

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void drop_text(struct ui_sdl *u, struct text_slot *s)
{
	if (s->tex) {
		SDL_DestroyTexture(s->tex);
		u->cache_bytes -= (size_t)s->w * (size_t)s->h * 4;
	}
	free(s->text);
	memset(s, 0, sizeof *s);
}

/* Evict least recently used texts until the cache is under its byte budget. */
static void trim_cache(struct ui_sdl *u)
{
	while (u->cache_bytes > UI_SDL_CACHE_BYTES) {
		int i, old = -1;

		for (i = 0; i < UI_SDL_TEXT_CACHE; i++)
			if (u->texts[i].tex && (old < 0 || u->texts[i].used < u->texts[old].used))
				old = i;
		if (old < 0)
			return;
		drop_text(u, &u->texts[old]);
	}
}

/* The cached texture of text at size, shrunk until it fits maxw. */
static struct text_slot *get_text(struct ui_sdl *u, const char *text, int size, int bold,
				  SDL_Color color, int maxw, char err[KERR_LEN])
{
	uint64_t h = fnv(text);
	int i, slot = 0, tries;
	struct text_slot *s;
	SDL_Surface *surf = NULL;
	int sz = size;

	for (i = 0; i < UI_SDL_TEXT_CACHE; i++) {
		s = &u->texts[i];
		if (s->tex && s->hash == h && s->size == size && s->bold == bold &&
		    s->maxw == maxw && memcmp(&s->color, &color, sizeof color) == 0 &&
		    strcmp(s->text, text) == 0) {
			s->used = ++u->clock;
			return s;
		}
		if (!s->tex || (u->texts[slot].tex && s->used < u->texts[slot].used))
			slot = i;
	}
	/* Shrink proportionally, then check again: shaping is not quite linear. */
	for (tries = 0; tries < 6; tries++) {
		surf = render_runs(u, text, sz, bold, color, err);
		if (!surf)
			return NULL;
		if (surf->w <= maxw || sz <= MIN_TEXT_PX)
			break;
		{
			int next = sz * maxw / surf->w;

			if (next >= sz)
				next = sz - 1;
			sz = next < MIN_TEXT_PX ? MIN_TEXT_PX : next;
		}
		SDL_FreeSurface(surf);
		surf = NULL;
	}
	if (!surf)
		surf = render_runs(u, text, sz, bold, color, err);
	if (!surf)
		return NULL;
	s = &u->texts[slot];
	drop_text(u, s);
	s->text = strdup(text);
	s->tex = SDL_CreateTextureFromSurface(u->ren, surf);
	s->w = surf->w;
	s->h = surf->h;
	SDL_FreeSurface(surf);
	if (s->tex)
		u->cache_bytes += (size_t)s->w * (size_t)s->h * 4;
	if (!s->tex || !s->text) {
		kerr(err, "cannot make a text texture: %s", s->tex ? "out of memory" : SDL_GetError());
		drop_text(u, s);
		return NULL;
	}
	if (SDL_SetTextureBlendMode(s->tex, SDL_BLENDMODE_BLEND) != 0) {
		kerr(err, "cannot blend text: %s", SDL_GetError());
		drop_text(u, s);
		return NULL;
	}
	s->hash = h;
	s->size = size;
	s->bold = bold;
	s->maxw = maxw;
	s->color = color;
	s->used = ++u->clock;
	trim_cache(u); /* s is the newest: evicted last, and only if alone over budget */
	return s->tex ? s : NULL;
}

/* ---------------------------------------------------------------- drawing */

static int set_color(SDL_Renderer *ren, struct ui_color c)
{
	return SDL_SetRenderDrawColor(ren, c.r, c.g, c.b, c.a);
}

static int draw_cmd(struct ui_sdl *u, const struct ui_list *l, const struct ui_cmd *c,
		    char err[KERR_LEN])
{
	SDL_Rect r = {c->r.x, c->r.y, c->r.w, c->r.h};

	switch (c->kind) {
	case UI_FILL:
		if (set_color(u->ren, c->color) != 0 || SDL_RenderFillRect(u->ren, &r) != 0)
			return kerr(err, "cannot fill: %s", SDL_GetError());
		return 0;
	case UI_DISC: {
		/* One span per row: x^2/a^2 + y^2/b^2 <= 1, centred in r. */
		double a = r.w / 2.0, b = r.h / 2.0, cx = r.x + a, cy = r.y + b;

		if (set_color(u->ren, c->color) != 0)
			return kerr(err, "cannot draw a disc: %s", SDL_GetError());
		for (int y = 0; y < r.h; y++) {
			double dy = (y + 0.5 - b) / b, k = 1.0 - dy * dy;
			int half = k > 0 ? (int)(a * sqrt(k) + 0.5) : 0;
			SDL_Rect span = {(int)(cx - half), r.y + y, 2 * half, 1};

			(void)cy;
			if (half > 0 && SDL_RenderFillRect(u->ren, &span) != 0)
				return kerr(err, "cannot draw a disc: %s", SDL_GetError());
		}
		return 0;
	}
	case UI_FRAME: {
		int t = c->size > 0 ? c->size : 1;
		SDL_Rect e[4] = {{r.x, r.y, r.w, t}, {r.x, r.y + r.h - t, r.w, t},
				 {r.x, r.y, t, r.h}, {r.x + r.w - t, r.y, t, r.h}};

		if (set_color(u->ren, c->color) != 0 || SDL_RenderFillRects(u->ren, e, 4) != 0)
			return kerr(err, "cannot draw a frame: %s", SDL_GetError());
		return 0;
	}
	case UI_TEXT: {
		SDL_Color col = {c->color.r, c->color.g, c->color.b, c->color.a};
		struct text_slot *s = get_text(u, ui_cmd_text(l, c), c->size, c->bold, col,
					       r.w > 1 ? r.w : 1, err);
		SDL_Rect dst;

		if (!s)
			return -1;
		dst.w = s->w;
		dst.h = s->h;
		dst.y = r.y + (r.h - s->h) / 2;
		dst.x = c->align == UI_LEFT ? r.x
			: c->align == UI_RIGHT ? r.x + r.w - s->w
					       : r.x + (r.w - s->w) / 2;
		if (SDL_RenderCopy(u->ren, s->tex, NULL, &dst) != 0)
			return kerr(err, "cannot draw text: %s", SDL_GetError());
		return 0;
	}
	case UI_IMAGE: {
		SDL_Rect dst;

		if (c->image < 0 || c->image >= UI_SDL_IMAGES_MAX || !u->image[c->image].tex ||
		    u->image[c->image].w <= 0 || u->image[c->image].h <= 0)
			return 0; /* no picture yet: the screen painted a background */
		/* Letterbox: keep the aspect ratio inside r. */
		if ((int64_t)r.w * u->image[c->image].h > (int64_t)r.h * u->image[c->image].w) {
			dst.h = r.h;
			dst.w = (int)((int64_t)r.h * u->image[c->image].w / u->image[c->image].h);
		} else {
			dst.w = r.w;
			dst.h = (int)((int64_t)r.w * u->image[c->image].h / u->image[c->image].w);
		}
		dst.x = r.x + (r.w - dst.w) / 2;
		dst.y = r.y + (r.h - dst.h) / 2;
		if (SDL_RenderCopy(u->ren, u->image[c->image].tex, NULL, &dst) != 0)
			return kerr(err, "cannot draw the preview: %s", SDL_GetError());
		return 0;
	}
	}
	return 0;
}

int ui_sdl_draw(struct ui_sdl *u, const struct ui_list *l, char err[KERR_LEN])
{
	int i, rc = 0;
	char e[KERR_LEN];

	if (SDL_SetRenderDrawBlendMode(u->ren, SDL_BLENDMODE_NONE) != 0)
		return kerr(err, "cannot set the blend mode: %s", SDL_GetError());
	for (i = 0; i < l->ncmd; i++) {
		if (draw_cmd(u, l, &l->cmd[i], e) != 0 && rc == 0) {
			rc = -1;
			kerr(err, "%s", e);
		}
	}
	return rc;
}
