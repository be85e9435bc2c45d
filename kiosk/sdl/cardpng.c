/* cardpng.c - ticket cards to PNG off-screen (see cardpng.h). */
#include "cardpng.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdlib.h>

#include "io/atomicfile.h"
#include "ui_sdl.h"

struct cardpng {
	SDL_Surface *surf;
	SDL_Renderer *ren;
	struct ui_sdl *ui;
	SDL_Texture *logo;
	int logo_w, logo_h;
	struct ui_list list;   /* big: lives in the heap object */
};

int cardpng_open(struct cardpng **out, const char *font_dir, const char *logo, char err[KERR_LEN])
{
	struct cardpng *cp = calloc(1, sizeof *cp);

	*out = NULL;
	if (!cp)
		return kerr(err, "out of memory");
	if (TTF_Init() != 0) {
		kerr(err, "cannot start SDL_ttf: %s", TTF_GetError());
		free(cp);
		return -1;
	}
	if ((IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG) & IMG_INIT_PNG) == 0) {
		kerr(err, "cannot start SDL_image: %s", IMG_GetError());
		TTF_Quit();
		free(cp);
		return -1;
	}
	cp->surf = SDL_CreateRGBSurfaceWithFormat(0, CARD_W, CARD_H, 32, SDL_PIXELFORMAT_RGB888);
	if (!cp->surf || !(cp->ren = SDL_CreateSoftwareRenderer(cp->surf))) {
		kerr(err, "cannot draw off-screen: %s", SDL_GetError());
		goto fail;
	}
	if (ui_sdl_new(&cp->ui, cp->ren, font_dir, err) != 0)
		goto fail;
	if (logo) {
		SDL_Surface *s = IMG_Load(logo);

		if (!s) {
			kerr(err, "cannot read the logo '%s': %s", logo, IMG_GetError());
			goto fail;
		}
		cp->logo_w = s->w;
		cp->logo_h = s->h;
		cp->logo = SDL_CreateTextureFromSurface(cp->ren, s);
		SDL_FreeSurface(s);
		if (!cp->logo) {
			kerr(err, "cannot use the logo '%s': %s", logo, SDL_GetError());
			goto fail;
		}
		ui_sdl_set_image(cp->ui, CARD_IMAGE_LOGO, cp->logo, cp->logo_w, cp->logo_h);
	}
	*out = cp;
	return 0;
fail:
	cardpng_close(cp);
	return -1;
}

int cardpng_write(struct cardpng *cp, const struct card_info *c, const char *qr_png,
		  const char *path, char err[KERR_LEN])
{
	struct card_info ci = *c;
	struct atomicfile af;
	SDL_Surface *q = IMG_Load(qr_png);
	SDL_Texture *qt;
	SDL_RWops *rw;
	int rc;

	if (!q)
		return kerr(err, "cannot read the QR '%s': %s", qr_png, IMG_GetError());
	qt = SDL_CreateTextureFromSurface(cp->ren, q);
	if (!qt) {
		kerr(err, "cannot use the QR '%s': %s", qr_png, SDL_GetError());
		SDL_FreeSurface(q);
		return -1;
	}
	/* Modules stay sharp: scaled by whole pixels, never blurred. */
	(void)SDL_SetTextureScaleMode(qt, SDL_ScaleModeNearest); /* a hint: blur only softens */
	ui_sdl_set_image(cp->ui, CARD_IMAGE_QR, qt, q->w, q->h);
	SDL_FreeSurface(q);
	ci.has_logo = cp->logo != NULL;
	ui_list_init(&cp->list, CARD_W, CARD_H);
	card_draw(&ci, &cp->list);
	rc = ui_sdl_draw(cp->ui, &cp->list, err);
	SDL_RenderPresent(cp->ren);
	ui_sdl_set_image(cp->ui, CARD_IMAGE_QR, NULL, 0, 0);
	SDL_DestroyTexture(qt);
	if (rc != 0)
		return -1;
	if (atomicfile_open(&af, path, 0600, err) != 0)
		return -1;
	rw = SDL_RWFromFP(af.fp, SDL_FALSE);
	if (!rw || IMG_SavePNG_RW(cp->surf, rw, 0) != 0) {
		kerr(err, "cannot write '%s': %s", path, rw ? IMG_GetError() : SDL_GetError());
		if (rw)
			SDL_RWclose(rw);
		atomicfile_abort(&af);
		return -1;
	}
	SDL_RWclose(rw); /* frees the RWops; af.fp stays open (SDL_FALSE) */
	return atomicfile_commit(&af, 0, err);
}

void cardpng_close(struct cardpng *cp)
{
	if (!cp)
		return;
	ui_sdl_free(cp->ui);
	if (cp->logo)
		SDL_DestroyTexture(cp->logo);
	if (cp->ren)
		SDL_DestroyRenderer(cp->ren);
	if (cp->surf)
		SDL_FreeSurface(cp->surf);
	IMG_Quit();
	TTF_Quit();
	free(cp);
}
