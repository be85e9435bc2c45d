/* ui_draw.c - the immediate-mode draw list. Pure: libc only; never draws. */
#include "ui_draw.h"

#include <string.h>

void ui_list_init(struct ui_list *l, int w, int h)
{
	l->w = w;
	l->h = h;
	l->ncmd = 0;
	l->ntarget = 0;
	l->arena_len = 0;
	l->overflow = 0;
}

static struct ui_cmd *push(struct ui_list *l, enum ui_cmd_kind kind, struct ui_rect r)
{
	struct ui_cmd *c;

	if (l->ncmd >= UI_CMDS_MAX) {
		l->overflow = 1;
		return NULL;
	}
	c = &l->cmd[l->ncmd++];
	/* Zero the whole command, padding included, so lists compare with memcmp. */
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->r = r;
	return c;
}

void ui_fill(struct ui_list *l, struct ui_rect r, struct ui_color col)
{
	struct ui_cmd *c = push(l, UI_FILL, r);

	if (c)
		c->color = col;
}

void ui_disc(struct ui_list *l, struct ui_rect r, struct ui_color col)
{
	struct ui_cmd *c = push(l, UI_DISC, r);

	if (c)
		c->color = col;
}

void ui_frame(struct ui_list *l, struct ui_rect r, struct ui_color col, int thickness)
{
	struct ui_cmd *c = push(l, UI_FRAME, r);

	if (c) {
		c->color = col;
		c->size = thickness;
	}
}

void ui_text(struct ui_list *l, struct ui_rect r, const char *text, int size, int bold,
	     struct ui_color col, enum ui_align align)
{
	size_t n;
	struct ui_cmd *c;

	if (!text || !*text)
		return;
	n = strlen(text) + 1;
	if (l->arena_len + n > UI_TEXT_ARENA) {
		l->overflow = 1;
		return;
	}
	c = push(l, UI_TEXT, r);
	if (!c)
		return;
	memcpy(l->arena + l->arena_len, text, n);
	c->text = l->arena_len;
	l->arena_len += n;
	c->color = col;
	c->size = size;
	c->bold = bold;
	c->align = align;
}

void ui_image(struct ui_list *l, struct ui_rect r, int image)
{
	struct ui_cmd *c = push(l, UI_IMAGE, r);

	if (c)
		c->image = image;
}

void ui_target(struct ui_list *l, struct ui_rect r, int id)
{
	if (l->ntarget >= UI_TARGETS_MAX) {
		l->overflow = 1;
		return;
	}
	l->target[l->ntarget].r = r;
	l->target[l->ntarget].id = id;
	l->ntarget++;
}

void ui_button(struct ui_list *l, int id, struct ui_rect r, const char *label, int size,
	       struct ui_color bg, struct ui_color fg)
{
	int border = size / 12 > 2 ? size / 12 : 2;

	ui_fill(l, r, bg);
	ui_frame(l, r, fg, border);
	ui_text(l, ui_inset(r, border * 2), label, size, 1, fg, UI_CENTER);
	ui_target(l, r, id);
}

const char *ui_cmd_text(const struct ui_list *l, const struct ui_cmd *c)
{
	return l->arena + c->text;
}

int ui_hit(const struct ui_list *l, int x, int y)
{
	int i;

	for (i = l->ntarget - 1; i >= 0; i--) {
		const struct ui_rect *r = &l->target[i].r;

		if (x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h)
			return l->target[i].id;
	}
	return -1;
}

int ui_list_is_same(const struct ui_list *a, const struct ui_list *b)
{
	return a->w == b->w && a->h == b->h && a->ncmd == b->ncmd &&
	       a->arena_len == b->arena_len && a->ntarget == b->ntarget &&
	       memcmp(a->cmd, b->cmd, (size_t)a->ncmd * sizeof a->cmd[0]) == 0 &&
	       memcmp(a->arena, b->arena, a->arena_len) == 0 &&
	       memcmp(a->target, b->target, (size_t)a->ntarget * sizeof a->target[0]) == 0;
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

struct ui_rect ui_cut_top(struct ui_rect *r, int h)
{
	struct ui_rect c = *r;

	h = clampi(h, 0, r->h);
	c.h = h;
	r->y += h;
	r->h -= h;
	return c;
}

struct ui_rect ui_cut_bottom(struct ui_rect *r, int h)
{
	struct ui_rect c = *r;

	h = clampi(h, 0, r->h);
	c.y = r->y + r->h - h;
	c.h = h;
	r->h -= h;
	return c;
}

struct ui_rect ui_cut_left(struct ui_rect *r, int w)
{
	struct ui_rect c = *r;

	w = clampi(w, 0, r->w);
	c.w = w;
	r->x += w;
	r->w -= w;
	return c;
}

struct ui_rect ui_cut_right(struct ui_rect *r, int w)
{
	struct ui_rect c = *r;

	w = clampi(w, 0, r->w);
	c.x = r->x + r->w - w;
	c.w = w;
	r->w -= w;
	return c;
}

struct ui_rect ui_inset(struct ui_rect r, int d)
{
	if (2 * d > r.w)
		d = r.w / 2;
	if (2 * d > r.h)
		d = r.h / 2;
	r.x += d;
	r.y += d;
	r.w -= 2 * d;
	r.h -= 2 * d;
	return r;
}

struct ui_rect ui_grid(struct ui_rect r, int cols, int rows, int i, int gap)
{
	struct ui_rect c;
	int col = i % cols, row = i / cols;
	/* Edges from integer division of the whole span, so cells tile without
	 * a growing rounding error and the last one ends at the edge. */
	int x0 = r.x + (r.w + gap) * col / cols, x1 = r.x + (r.w + gap) * (col + 1) / cols - gap;
	int y0 = r.y + (r.h + gap) * row / rows, y1 = r.y + (r.h + gap) * (row + 1) / rows - gap;

	c.x = x0;
	c.y = y0;
	c.w = x1 - x0;
	c.h = y1 - y0;
	return c;
}

struct ui_rect ui_center(struct ui_rect r, int w, int h)
{
	struct ui_rect c;

	if (w > r.w)
		w = r.w;
	if (h > r.h)
		h = r.h;
	c.x = r.x + (r.w - w) / 2;
	c.y = r.y + (r.h - h) / 2;
	c.w = w;
	c.h = h;
	return c;
}
