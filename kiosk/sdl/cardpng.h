/* cardpng.h - ticket cards (ui/card.h) rendered off-screen with SDL2's
 * software renderer and SDL2_ttf (HarfBuzz-shaped Bengali, as on the door
 * screen) and saved as PNG files. No window, no display needed.
 * Adapter: SDL2, SDL2_ttf, SDL2_image. One thread. */
#ifndef KIOSK_CARDPNG_H
#define KIOSK_CARDPNG_H

#include "core/kerr.h"
#include "ui/card.h"

struct cardpng;

/* Fonts from font_dir; logo (a PNG or JPEG file, or NULL) drawn on every
 * card. Initialises SDL_ttf and SDL_image (cardpng_close ends them). Returns
 * 0 and *out, or -1 with err. */
int cardpng_open(struct cardpng **out, const char *font_dir, const char *logo, char err[KERR_LEN]);

/* Render c with the QR image qr_png (the ticket's own QR PNG) into path,
 * atomically. Returns 0, or -1 with err (nothing written). */
int cardpng_write(struct cardpng *cp, const struct card_info *c, const char *qr_png,
		  const char *path, char err[KERR_LEN]);

void cardpng_close(struct cardpng *cp);

#endif
