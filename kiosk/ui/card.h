/* card.h - a ticket card to send to a guest's phone: the event, when and
 * where in Bengali, the guest's name, the QR big enough to scan from a phone
 * screen, the seller's logo if given. A draw list like any screen; the SDL
 * adapter (sdl/cardpng.c) renders it off-screen to a PNG. Pure: libc only. */
#ifndef KIOSK_CARD_H
#define KIOSK_CARD_H

#include "ui_draw.h"

#define CARD_W 1080
#define CARD_H 1560
#define CARD_IMAGE_QR 1
#define CARD_IMAGE_LOGO 2

struct card_info {
	const char *event;   /* borrowed UTF-8, as are the others */
	const char *when;    /* "৫ ডিসেম্বর ২০২৬, ১৫:০০" or "" */
	const char *venue;   /* "" when none */
	const char *name;
	const char *type;    /* shown under the name ("" hides it) */
	int has_logo;
};

/* The card into l (initialised by the caller for CARD_W x CARD_H). */
void card_draw(const struct card_info *c, struct ui_list *l);

#endif
