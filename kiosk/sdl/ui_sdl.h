/* ui_sdl.h - draws a ui_list with SDL2 and SDL2_ttf: the fonts (Noto Sans
 * Bengali shaped as "Beng" through HarfBuzz, Noto Sans for Latin and signs the
 * Bengali font lacks), script runs, and a cache of rendered text textures.
 * Adapter: SDL2, SDL2_ttf. Only the thread that owns the renderer may call. */
#ifndef KIOSK_UI_SDL_H
#define KIOSK_UI_SDL_H

#include <SDL.h>

#include "core/kerr.h"
#include "ui/ui_draw.h"

#define UI_SDL_IMAGES_MAX 256 /* the camera preview, a receipt QR, product pictures */
#define UI_SDL_TEXT_CACHE 256
/* Rendered text kept for reuse, in bytes of pixels: names of 100s of guests
 * at 1920x1080 must not grow the kiosk past its memory budget. */
#define UI_SDL_CACHE_BYTES (16u << 20)
#define UI_SDL_FONTS_MAX 48

struct ui_sdl;

/* Load the four Noto fonts from font_dir into memory and prepare drawing on
 * ren (borrowed: it must outlive the returned object). TTF_Init must have
 * been called. Returns 0 and *out (free with ui_sdl_free), or -1 with err. */
int ui_sdl_new(struct ui_sdl **out, SDL_Renderer *ren, const char *font_dir,
	       char err[KERR_LEN]);
void ui_sdl_free(struct ui_sdl *u);

/* Let UI_IMAGE commands with this id draw tex (borrowed; NULL removes it).
 * w and h are its size in pixels, for letterboxing. */
void ui_sdl_set_image(struct ui_sdl *u, int id, SDL_Texture *tex, int w, int h);

/* Draw every command of l (does not clear or present). Draws what it can:
 * returns 0, or -1 with err naming the first command that failed. */
int ui_sdl_draw(struct ui_sdl *u, const struct ui_list *l, char err[KERR_LEN]);

/* Render one line to a new ARGB surface (for tests of the shaping); the caller
 * frees it with SDL_FreeSurface. Returns NULL with err on failure. */
SDL_Surface *ui_sdl_render_line(struct ui_sdl *u, const char *text, int size, int bold,
				SDL_Color color, char err[KERR_LEN]);

#endif
