/* run_sdl.h - what the door (cmd_run.c) and the shop modes (run_shop.c) share
 * of their SDL front end: finding the fonts, starting SDL and its libraries,
 * the window or off-screen canvas, presenting a draw list, screenshots and
 * waiting for events. Adapter: SDL2, SDL2_ttf, SDL2_image; knows no screen.
 * Every call but run_sdl_find_dir and the run_sdl_parse_* belongs to the one
 * thread that called run_sdl_libs_open (SDL's main thread). */
#ifndef KIOSK_RUN_SDL_H
#define KIOSK_RUN_SDL_H

#include <SDL.h>
#include <stddef.h>

#include "cli.h"
#include "core/kerr.h"
#include "ui/ui_draw.h"
#include "ui/ui_layout.h"
#include "sdl/ui_sdl.h"

/* The display and the two draw lists. Big: the caller keeps it in static
 * storage (inside its own run struct). Every pointer is owned by it and freed
 * by run_sdl_close. */
struct run_sdl {
	SDL_Window *win;          /* NULL off-screen */
	SDL_Renderer *ren;
	SDL_Surface *target;      /* --screenshot: the off-screen canvas */
	struct ui_sdl *ui;
	double dpi;
	int w, h;
	struct ui_list list[2];
	int cur;                  /* list[cur] is on screen */
	int have_frame;           /* list[cur] was drawn at least once */
	int force;                /* redraw even if the list is the same (preview, expose) */
	int draw_error_logged;    /* a draw failure is said once, not every frame */
	int keeps_pixels;         /* the renderer draws into the window's own surface
				   * (software): what a frame leaves stays for the next */
};

/* share_find_dir (io/sharedir.h): $env, the source tree, the installed copy,
 * the compiled-in prefix, then sub relative; NULL if none holds file. */
const char *run_sdl_find_dir(const char *env, const char *sub, const char *file, char *buf,
			     size_t cap);

/* --window's "WxH", both in 200..8192: 0, else -1 told through c and *w, *h
 * undefined. */
int run_sdl_parse_window(struct cli *c, const char *s, int *w, int *h);

/* A count option's value (--fps, --after-ms): decimal digits only, 0..max:
 * 0, else -1 told through c (a typo like "3OO" is not taken as 3). */
int run_sdl_parse_count(struct cli *c, const char *opt, const char *s, int max, int *out);

/* Start SDL (video, events), SDL_ttf and SDL_image with img_flags (PNG at
 * least). With shot and no display in the environment, the dummy driver.
 * SDL leaves SIGINT/SIGTERM alone. sdl_hint (may be NULL) is appended to the
 * message when SDL itself cannot start. Returns 0, or -1 with err and nothing
 * left started. */
int run_sdl_libs_open(const char *shot, int img_flags, const char *sdl_hint, char err[KERR_LEN]);
/* Stop what run_sdl_libs_open started. */
void run_sdl_libs_close(void);

/* Zero d, then open a w x h canvas (shot) or a window (full screen sized to
 * the display when fullscreen), its renderer (ren_flags, falling back to
 * software) and the ui_sdl drawer with the fonts of font_dir, and read the
 * size. win_hint (may be NULL) is appended to the message when no window
 * opens. Returns 0, or -1 with the reason told through c; either way
 * run_sdl_close(d) frees what was opened. */
int run_sdl_open(struct run_sdl *d, struct cli *c, int w, int h, int fullscreen,
		 const char *shot, Uint32 ren_flags, const char *win_hint, const char *font_dir);
void run_sdl_close(struct run_sdl *d);

/* Read the output size again (window resized) and force the next frame. */
void run_sdl_update_size(struct run_sdl *d, struct cli *c);

/* A window event: a new size is read, an exposed window redrawn. */
void run_sdl_window_event(struct run_sdl *d, struct cli *c, const SDL_WindowEvent *we);

/* The draw list to fill for the next frame, cleared to the output size, and
 * in *m the metrics of that size. */
struct ui_list *run_sdl_next(struct run_sdl *d, struct ui_metrics *m);

/* Show the list run_sdl_next returned, unless it equals the one on screen
 * (and nothing forces a redraw). Draws what it can and says once, through c,
 * what it could not. Once shown, traces it (run_sdl_trace_screen with
 * trace_head) and, the first time, "first_frame". Returns 1 when presented,
 * 0 when unchanged, -1 when the screen cannot be cleared (told through c). */
int run_sdl_present(struct run_sdl *d, struct cli *c, const char *trace_head);

/* With KIOSK_TRACE: a "screen" line of head and every touch target of l as
 * id:x,y,w,h, so a test can press them through the X server. */
void run_sdl_trace_screen(const char *head, const struct ui_list *l);

/* Save the off-screen canvas as a PNG: 0, or -1 told through c. */
int run_sdl_save_png(struct run_sdl *d, struct cli *c, const char *path);

/* Milliseconds until a screenshot taken after_ms from start is due (<= 0:
 * now). start is SDL_GetTicks64() at the loop's start. */
int64_t run_sdl_shot_left(Uint64 start, int after_ms);

/* Sleep until an event comes or timeout_ms pass (< 0: no limit), then hand
 * it and every event already queued to handle(ctx, ev). */
void run_sdl_wait(int timeout_ms, void (*handle)(void *ctx, const SDL_Event *ev), void *ctx);

/* The QR code of text as a texture of d's renderer, one pixel per module
 * and a 4-module quiet zone (*side pixels square); NULL after saying why. */
SDL_Texture *run_sdl_qr(struct run_sdl *d, struct cli *c, const char *text, int *side);

#endif
