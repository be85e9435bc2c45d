/* receipt_view.c - a receipt as a draw list for a receipt printer or a PNG.
 * Pure: libc only. */
#include "receipt_view.h"

static const struct ui_color PAPER = {0xFF, 0xFF, 0xFF, 0xFF};
static const struct ui_color INK = {0x00, 0x00, 0x00, 0xFF};

/* Text size and line height for a width: 58 mm paper gets 20-dot text. */
static int size_of(int width)
{
	return width >= RECEIPT_DOTS_80 ? 26 : width / 19;
}

int receipt_view_height(const struct receipt *r, enum ui_lang lang, int width)
{
	static char lines[RECEIPT_LINES_MAX][RECEIPT_LINE_MAX];
	int n = receipt_lines(r, lang == UI_BN, lines, RECEIPT_LINES_MAX), sz = size_of(width);

	return sz + n * (sz * 3 / 2) + sz + width * 3 / 5 + sz * 2;
}

void receipt_view_draw(const struct receipt *r, enum ui_lang lang, int width, int qr_image,
		       struct ui_list *l)
{
	static char lines[RECEIPT_LINES_MAX][RECEIPT_LINE_MAX];
	int n = receipt_lines(r, lang == UI_BN, lines, RECEIPT_LINES_MAX), sz = size_of(width);
	int lh = sz * 3 / 2, y = sz, side = width * 3 / 5;
	struct ui_rect all = {0, 0, width, receipt_view_height(r, lang, width)};

	ui_fill(l, all, PAPER);
	for (int i = 0; i < n; i++) {
		/* The seller and the total (before payment and delivery) stand out. */
		int bold = (r->event[0] ? i == 1 : i == 0) || i == n - 3;

		ui_text(l, (struct ui_rect){sz / 2, y, width - sz, lh}, lines[i], sz, bold, INK,
			UI_LEFT);
		y += lh;
	}
	y += sz / 2;
	ui_fill(l, (struct ui_rect){sz / 2, y, width - sz, 2}, INK);
	y += sz / 2;
	ui_image(l, (struct ui_rect){(width - side) / 2, y, side, side}, qr_image);
}
