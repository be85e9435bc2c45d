/* ui_layout.c - window-derived metrics. Pure: libc only. */
#include "ui_layout.h"

#include <math.h>

static int maxi(int a, int b)
{
	return a > b ? a : b;
}

struct ui_metrics ui_metrics_compute(int w, int h, double dpi)
{
	struct ui_metrics m;
	int s = w < h ? w : h; /* the short side sets the type: portrait and landscape read alike */

	if (!(dpi >= 50.0 && dpi <= 600.0))
		dpi = UI_DEFAULT_DPI;
	m.w = w;
	m.h = h;
	m.landscape = w >= h;
	m.px_per_mm = dpi / 25.4;
	m.target = (int)ceil(UI_TARGET_MM * m.px_per_mm);
	m.pad = maxi(s / 60, 4);
	/* Buttons are a comfortable 1.25 targets high, more on big screens. */
	m.bar = maxi(m.target * 5 / 4, s / 9);
	m.text_small = maxi(s / 24, 16);
	m.text_body = maxi(s / 18, 20);
	m.text_big = maxi(s / 10, 30);
	m.text_huge = maxi(s / 6, 44);
	return m;
}

int ui_is_touchable(const struct ui_metrics *m, struct ui_rect r)
{
	return r.w >= m->target && r.h >= m->target;
}
