/* run_sdl.c - the SDL front end shared by the door and the shop modes: fonts
 * lookup, library start, window or canvas, presenting, screenshots, waiting.
 * Adapter: SDL2, SDL2_ttf, SDL2_image; must not depend on any screen. */
#include "run_sdl.h"

#include <SDL_image.h>
#include <qrencode.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/sharedir.h"
#include "io/trace.h"

/* 1 if the variable is set to something (DISPLAY= counts as unset). */
static int env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

/* ------------------------------------------------------------- resources */

const char *run_sdl_find_dir(const char *env, const char *sub, const char *file, char *buf,
			     size_t cap)
{
	return share_find_dir(env, sub, file, buf, cap);
}

int run_sdl_parse_window(struct cli *c, const char *s, int *w, int *h)
{
	char x;

	if (sscanf(s, "%d%c%d", w, &x, h) != 3 || (x != 'x' && x != 'X') || *w < 200 || *h < 200 ||
	    *w > 8192 || *h > 8192) {
		cli_error(c, "run: --window wants WIDTHxHEIGHT, e.g. 1280x720 (got '%s')", s);
		return -1;
	}
	return 0;
}

int run_sdl_parse_count(struct cli *c, const char *opt, const char *s, int max, int *out)
{
	long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (*p - '0');
	if (p == s || *p || v > max) {
		cli_error(c, "run: %s wants a whole number from 0 to %d (got '%s')", opt, max, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* ------------------------------------------------------------- libraries */

int run_sdl_libs_open(const char *shot, int img_flags, const char *sdl_hint, char err[KERR_LEN])
{
	/* SIGINT/SIGTERM end the process as usual; only the window's close
	 * request is a guest's "quit", which opens the PIN pad. */
	(void)SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1"); /* hints only fail on NULL names */
	/* With no session bus (a console kiosk, a test's X server) SDL's D-Bus
	 * client forks dbus-launch to start one that nobody else would use: a
	 * fork of this whole process at every start, and a stray daemon. */
	if (!env_set("DBUS_SESSION_BUS_ADDRESS"))
		(void)setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 0);
	if (shot && !env_set("SDL_VIDEODRIVER") && !env_set("DISPLAY") && !env_set("WAYLAND_DISPLAY"))
		(void)SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
		(void)snprintf(err, KERR_LEN, "cannot start SDL: %s%s%s", SDL_GetError(),
			       sdl_hint ? " " : "", sdl_hint ? sdl_hint : "");
		return -1;
	}
	if (TTF_Init() != 0) {
		(void)snprintf(err, KERR_LEN, "cannot start SDL_ttf: %s", TTF_GetError());
		SDL_Quit();
		return -1;
	}
	if ((IMG_Init(img_flags | IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
		(void)snprintf(err, KERR_LEN, "cannot start SDL_image: %s", IMG_GetError());
		TTF_Quit();
		SDL_Quit();
		return -1;
	}
	return 0;
}

void run_sdl_libs_close(void)
{
	IMG_Quit();
	TTF_Quit();
	SDL_Quit();
}

/* --------------------------------------------------------------- display */

static int open_window(struct run_sdl *d, struct cli *c, int w, int h, int fullscreen,
		       Uint32 ren_flags, const char *win_hint)
{
	const char *drv = SDL_GetCurrentVideoDriver();

	/* On a desktop (X11, Wayland) draw in software into the window's shared
	 * memory: the screens are static and small to draw, and loading the GL
	 * stack (Mesa, LLVM) would triple the kiosk's memory for nothing.
	 * SDL_RENDER_DRIVER and SDL_FRAMEBUFFER_ACCELERATION in the environment
	 * still win. KMS/DRM needs GL for any output, so it keeps SDL's choice. */
	if (drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0)) {
		/* A refused hint only means SDL's default renderer: still correct. */
		(void)SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
		(void)SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	}
	if (fullscreen) {
		SDL_DisplayMode dm;

		/* Sized to the display and borderless, so it covers the screen even
		 * where no window manager honours the full-screen request. */
		if (SDL_GetDesktopDisplayMode(0, &dm) == 0) {
			w = dm.w;
			h = dm.h;
		}
	}
	d->win = SDL_CreateWindow("kiosk", fullscreen ? 0 : SDL_WINDOWPOS_CENTERED,
				  fullscreen ? 0 : SDL_WINDOWPOS_CENTERED, w, h,
				  fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS : 0);
	if (!d->win) {
		cli_error(c, "cannot open a window: %s%s%s", SDL_GetError(), win_hint ? " " : "",
			  win_hint ? win_hint : "");
		return -1;
	}
	d->ren = SDL_CreateRenderer(d->win, -1, ren_flags);
	if (!d->ren)
		d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE);
	if (!d->ren) {
		cli_error(c, "cannot draw in the window: %s", SDL_GetError());
		return -1;
	}
	{
		SDL_RendererInfo info;

		d->keeps_pixels = SDL_GetRendererInfo(d->ren, &info) == 0 && info.name &&
				  strcmp(info.name, "software") == 0;
	}
	/* Keep Alt-Tab and the like inside the kiosk. The cursor stays visible:
	 * a volunteer on a laptop taps Search with the touchpad. */
	if (fullscreen)
		SDL_SetWindowKeyboardGrab(d->win, SDL_TRUE);
	{
		float ddpi = 0;
		int i = SDL_GetWindowDisplayIndex(d->win);

		if (i < 0 || SDL_GetDisplayDPI(i, &ddpi, NULL, NULL) != 0)
			ddpi = 0; /* unknown: the metrics fall back to 96 dpi */
		d->dpi = ddpi;
	}
	return 0;
}

int run_sdl_open(struct run_sdl *d, struct cli *c, int w, int h, int fullscreen,
		 const char *shot, Uint32 ren_flags, const char *win_hint, const char *font_dir)
{
	char err[KERR_LEN];

	memset(d, 0, sizeof *d);
	if (shot) {
		/* Off-screen: a surface and a software renderer, no window and no
		 * display needed, the same pixels on every machine. */
		d->target = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
		if (!d->target) {
			cli_error(c, "cannot make the off-screen canvas: %s", SDL_GetError());
			return -1;
		}
		d->ren = SDL_CreateSoftwareRenderer(d->target);
		if (!d->ren) {
			cli_error(c, "cannot render off-screen: %s", SDL_GetError());
			return -1;
		}
		d->dpi = UI_DEFAULT_DPI;
	} else if (open_window(d, c, w, h, fullscreen, ren_flags, win_hint) != 0) {
		return -1;
	}
	if (ui_sdl_new(&d->ui, d->ren, font_dir, err) != 0) {
		d->ui = NULL;
		cli_error(c, "%s", err);
		return -1;
	}
	run_sdl_update_size(d, c);
	return 0;
}

void run_sdl_close(struct run_sdl *d)
{
	if (d->ui)
		ui_sdl_free(d->ui);
	if (d->ren)
		SDL_DestroyRenderer(d->ren);
	if (d->win)
		SDL_DestroyWindow(d->win);
	SDL_FreeSurface(d->target);
	d->ui = NULL;
	d->ren = NULL;
	d->win = NULL;
	d->target = NULL;
}

void run_sdl_update_size(struct run_sdl *d, struct cli *c)
{
	int w = 0, h = 0;

	if (d->target) {
		w = d->target->w;
		h = d->target->h;
	} else if (SDL_GetRendererOutputSize(d->ren, &w, &h) != 0) {
		cli_error(c, "cannot read the window size: %s", SDL_GetError());
		SDL_GetWindowSize(d->win, &w, &h);
	}
	d->w = w;
	d->h = h;
	d->force = 1;
}

void run_sdl_window_event(struct run_sdl *d, struct cli *c, const SDL_WindowEvent *we)
{
	if (we->event == SDL_WINDOWEVENT_SIZE_CHANGED)
		run_sdl_update_size(d, c);
	else if (we->event == SDL_WINDOWEVENT_EXPOSED)
		d->force = 1;
}

/* --------------------------------------------------------------- drawing */

struct ui_list *run_sdl_next(struct run_sdl *d, struct ui_metrics *m)
{
	struct ui_list *l = &d->list[!d->cur];

	*m = ui_metrics_compute(d->w, d->h, d->dpi);
	ui_list_init(l, d->w, d->h);
	return l;
}

static void grow(SDL_Rect *u, int *have, const struct ui_cmd *c)
{
	/* Text is centred on its box and may stand out of it by up to its own
	 * size; a margin that wide covers it. */
	int m = c->kind == UI_TEXT ? c->size + 2 : 2;
	SDL_Rect r = {c->r.x - m, c->r.y - m, c->r.w + 2 * m, c->r.h + 2 * m};

	if (*have)
		SDL_UnionRect(u, &r, u);
	else
		*u = r;
	*have = 1;
}

static int cmd_same(const struct ui_list *a, const struct ui_cmd *x, const struct ui_list *b,
		    const struct ui_cmd *y)
{
	if (x->kind != y->kind || x->kind == UI_IMAGE || memcmp(&x->r, &y->r, sizeof x->r) ||
	    memcmp(&x->color, &y->color, sizeof x->color) || x->size != y->size ||
	    x->bold != y->bold || x->align != y->align)
		return 0;
	return x->kind != UI_TEXT || strcmp(ui_cmd_text(a, x), ui_cmd_text(b, y)) == 0;
}

/* The part of the window that differs between the frame on screen and l:
 * 1 and *out, or 0 when it is most of the window (draw it all). */
static int changed_part(const struct run_sdl *d, const struct ui_list *l, SDL_Rect *out)
{
	const struct ui_list *o = &d->list[d->cur];
	int i, have = 0, n = l->ncmd < o->ncmd ? l->ncmd : o->ncmd;

	if (!d->keeps_pixels || !d->have_frame || d->force || o->w != l->w || o->h != l->h)
		return 0;
	for (i = 0; i < n; i++)
		if (!cmd_same(o, &o->cmd[i], l, &l->cmd[i])) {
			grow(out, &have, &o->cmd[i]);
			grow(out, &have, &l->cmd[i]);
		}
	for (i = n; i < o->ncmd; i++)
		grow(out, &have, &o->cmd[i]);
	for (i = n; i < l->ncmd; i++)
		grow(out, &have, &l->cmd[i]);
	if (!have) { /* only touch targets moved: one pixel redrawn keeps it simple */
		*out = (SDL_Rect){0, 0, 1, 1};
		return 1;
	}
	return (int64_t)out->w * out->h < (int64_t)l->w * l->h / 2;
}

int run_sdl_present(struct run_sdl *d, struct cli *c, const char *trace_head)
{
	int next = !d->cur;
	const struct ui_list *l = &d->list[next];
	char err[KERR_LEN];
	SDL_Rect part;
	int partial;

	if (d->have_frame && !d->force && ui_list_is_same(l, &d->list[d->cur]))
		return 0;
	/* A software renderer keeps the last frame's pixels: redraw only the
	 * part that changed (a search's results, not its keyboard), every
	 * command clipped to it, in order, so the result is the same picture. */
	partial = changed_part(d, l, &part);
	d->force = 0;
	if (partial && SDL_RenderSetClipRect(d->ren, &part) != 0)
		partial = 0;
	/* A screen that starts by painting all of itself needs no clearing
	 * first (a full-window fill saved per frame). */
	if (!partial && !(l->ncmd > 0 && l->cmd[0].kind == UI_FILL && l->cmd[0].color.a == 255 &&
			  l->cmd[0].r.x <= 0 && l->cmd[0].r.y <= 0 &&
			  l->cmd[0].r.x + l->cmd[0].r.w >= d->w &&
			  l->cmd[0].r.y + l->cmd[0].r.h >= d->h) &&
	    (SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255) != 0 || SDL_RenderClear(d->ren) != 0)) {
		cli_error(c, "cannot clear the screen: %s", SDL_GetError());
		return -1;
	}
	if (ui_sdl_draw(d->ui, l, err) != 0 && !d->draw_error_logged) {
		/* Draw what can be drawn; say once what could not. */
		cli_error(c, "%s", err);
		d->draw_error_logged = 1;
	}
	if (partial)
		(void)SDL_RenderSetClipRect(d->ren, NULL); /* NULL cannot fail */
	SDL_RenderPresent(d->ren);
	d->cur = next;
	if (trace_is_on())
		run_sdl_trace_screen(trace_head, l);
	if (!d->have_frame)
		trace_event("first_frame", NULL);
	d->have_frame = 1;
	return 1;
}

void run_sdl_trace_screen(const char *head, const struct ui_list *l)
{
	char line[16384];
	size_t o = (size_t)snprintf(line, sizeof line, "%s", head);

	for (int i = 0; i < l->ntarget && o < sizeof line - 64; i++) {
		const struct ui_rect *t = &l->target[i].r;

		o += (size_t)snprintf(line + o, sizeof line - o, " %d:%d,%d,%d,%d", l->target[i].id,
				      t->x, t->y, t->w, t->h);
	}
	trace_event("screen", line);
}

int run_sdl_save_png(struct run_sdl *d, struct cli *c, const char *path)
{
	if (IMG_SavePNG(d->target, path) != 0) {
		cli_error(c, "cannot write '%s': %s", path, IMG_GetError());
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ events */

int64_t run_sdl_shot_left(Uint64 start, int after_ms)
{
	return (int64_t)start + after_ms - (int64_t)SDL_GetTicks64();
}

void run_sdl_wait(int timeout_ms, void (*handle)(void *ctx, const SDL_Event *ev), void *ctx)
{
	SDL_Event ev;

	/* Sleep until something happens: no CPU while nobody touches. */
	if (timeout_ms < 0 ? SDL_WaitEvent(&ev) : SDL_WaitEventTimeout(&ev, timeout_ms)) {
		handle(ctx, &ev);
		while (SDL_PollEvent(&ev))
			handle(ctx, &ev);
	}
}

SDL_Texture *run_sdl_qr(struct run_sdl *d, struct cli *c, const char *text, int *side_out)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	SDL_Surface *s;
	SDL_Texture *t = NULL;
	int quiet = 4, side;

	if (!q) {
		cli_error(c, "cannot make the QR code of '%s'", text);
		return NULL;
	}
	side = q->width + 2 * quiet;
	s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_ARGB8888);
	if (s) {
		uint32_t white = SDL_MapRGB(s->format, 255, 255, 255), black = SDL_MapRGB(s->format, 0, 0, 0);

		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) {
				int mx = x - quiet, my = y - quiet, on = mx >= 0 && my >= 0 &&
					mx < q->width && my < q->width && (q->data[my * q->width + mx] & 1);

				((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x] = on ? black : white;
			}
		t = SDL_CreateTextureFromSurface(d->ren, s);
		SDL_FreeSurface(s);
	}
	QRcode_free(q);
	if (!t) {
		cli_error(c, "cannot show the QR code: %s", SDL_GetError());
		return NULL;
	}
	/* Nearest-neighbour keeps the modules sharp when scaled up; a refusal
	 * only blurs the edges a little. */
	(void)SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
	*side_out = side;
	return t;
}
