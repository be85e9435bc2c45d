/* ui_layout.h - sizes every screen derives from the window and the display's
 * density: touch targets of at least UI_TARGET_MM, type large enough to read
 * from two metres. Pure: libc only (the DPI arrives as an argument). */
#ifndef KIOSK_UI_LAYOUT_H
#define KIOSK_UI_LAYOUT_H

#include "ui_draw.h"

#define UI_TARGET_MM 9.0
#define UI_DEFAULT_DPI 96.0
/* The range of window sizes the screens are designed and tested for. */
#define UI_MIN_SIDE 480
#define UI_MAX_SIDE 1920

struct ui_metrics {
	int w, h;
	int landscape;   /* w >= h */
	double px_per_mm;
	int target;      /* smallest touch target side in pixels (>= 9 mm) */
	int pad;         /* gap between blocks */
	int bar;         /* height of the top bar and of standard buttons */
	int text_small;  /* font pixel sizes */
	int text_body;
	int text_big;
	int text_huge;
};

/* Compute the metrics for a w x h window on a display of dpi dots per inch
 * (values outside 50..600 are treated as unknown and UI_DEFAULT_DPI is used). */
struct ui_metrics ui_metrics_compute(int w, int h, double dpi);

/* 1 if r is at least m->target pixels in both directions. */
int ui_is_touchable(const struct ui_metrics *m, struct ui_rect r);

#endif
