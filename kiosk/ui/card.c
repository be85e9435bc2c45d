/* card.c - the ticket card's layout (see card.h). Pure: libc only. */
#include "card.h"

#include "ui_layout.h"

static const struct ui_color WHITE = {0xFF, 0xFF, 0xFF, 0xFF};
static const struct ui_color FG = {0x11, 0x11, 0x11, 0xFF};
static const struct ui_color MUTED = {0x44, 0x44, 0x44, 0xFF};
static const struct ui_color ACCENT = {0x0B, 0x3D, 0x91, 0xFF};

void card_draw(const struct card_info *c, struct ui_list *l)
{
	struct ui_rect rest = {0, 0, CARD_W, CARD_H}, band, qr;
	const int pad = 48;

	ui_fill(l, rest, WHITE);
	band = ui_cut_top(&rest, 300);
	ui_fill(l, band, ACCENT);
	band = ui_inset(band, pad);
	if (c->has_logo) {
		ui_fill(l, ui_cut_left(&band, band.h), WHITE);
		ui_image(l, (struct ui_rect){band.x - band.h, band.y, band.h, band.h}, CARD_IMAGE_LOGO);
		(void)ui_cut_left(&band, pad);
	}
	ui_text(l, ui_cut_top(&band, band.h * 11 / 20), c->event, 76, 1, WHITE, UI_LEFT);
	ui_text(l, band, c->when, 48, 0, WHITE, UI_LEFT);
	rest = ui_inset(rest, pad);
	if (c->venue[0])
		ui_text(l, ui_cut_top(&rest, 80), c->venue, 44, 0, FG, UI_CENTER);
	/* 870 px for up to 53 modules with the quiet zone: 16 px a module, plenty
	 * for a phone held to a webcam. */
	qr = ui_cut_top(&rest, 870);
	qr = (struct ui_rect){qr.x + (qr.w - 870) / 2, qr.y, 870, 870};
	ui_image(l, qr, CARD_IMAGE_QR);
	(void)ui_cut_top(&rest, 24);
	ui_text(l, ui_cut_top(&rest, 110), c->name, 84, 1, FG, UI_CENTER);
	if (c->type[0])
		ui_text(l, ui_cut_top(&rest, 60), c->type, 40, 0, MUTED, UI_CENTER);
	ui_text(l, ui_cut_bottom(&rest, 60), "দরজায় এই QR কোডটি দেখান · Show this QR code at the door",
		36, 0, MUTED, UI_CENTER);
}
