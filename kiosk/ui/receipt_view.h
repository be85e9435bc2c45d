/* receipt_view.h - a receipt drawn for paper: a receipt printer's width
 * (58 mm: 384 dots, 80 mm: 576 dots at 203 dpi), black on white, the lines
 * of receipt_lines() and the order number's QR at the foot.
 * Pure: libc only (with ui_draw and core/receipt). */
#ifndef KIOSK_RECEIPT_VIEW_H
#define KIOSK_RECEIPT_VIEW_H

#include "core/receipt.h"
#include "ui_draw.h"
#include "ui_strings.h"

#define RECEIPT_DOTS_58 384
#define RECEIPT_DOTS_80 576

/* The height in dots the receipt needs at width dots. */
int receipt_view_height(const struct receipt *r, enum ui_lang lang, int width);

/* Draw r into l (initialised to width x receipt_view_height()); the QR is
 * image qr_image, which the adapter sets to the order number's code. */
void receipt_view_draw(const struct receipt *r, enum ui_lang lang, int width, int qr_image,
		       struct ui_list *l);

#endif
