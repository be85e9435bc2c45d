/* ui_draw.h - the immediate-mode draw list shared by every kiosk screen:
 * screens append filled rectangles, frames, text and images plus touch
 * targets; an adapter (ui_sdl.c) draws the list. Pure: libc only, no SDL.
 * A list owns all its text (copied into its arena), so it can be compared with
 * the previous frame's list to skip redrawing when nothing changed. */
#ifndef KIOSK_UI_DRAW_H
#define KIOSK_UI_DRAW_H

#include <stddef.h>
#include <stdint.h>

#define UI_CMDS_MAX 600
#define UI_TARGETS_MAX 160
#define UI_TEXT_ARENA 24576

struct ui_rect {
	int x, y, w, h;
};

struct ui_color {
	uint8_t r, g, b, a;
};

enum ui_cmd_kind {
	UI_FILL,    /* solid rectangle */
	UI_FRAME,   /* outline, `size` pixels thick */
	UI_TEXT,    /* one line, shrunk by the adapter until it fits r.w */
	UI_IMAGE,   /* adapter image `image` (e.g. the camera preview), letterboxed into r */
	UI_DISC,    /* the filled ellipse inscribed in r (a circle when r is square) */
};

enum ui_align { UI_LEFT, UI_CENTER, UI_RIGHT };

struct ui_cmd {
	enum ui_cmd_kind kind;
	struct ui_rect r;
	struct ui_color color;
	int size;          /* UI_TEXT: pixel height of the font; UI_FRAME: thickness */
	int bold;          /* UI_TEXT */
	enum ui_align align; /* UI_TEXT: horizontal; always centred vertically */
	size_t text;       /* UI_TEXT: offset into ui_list.arena (offsets, not
			    * pointers, so two lists compare with memcmp) */
	int image;         /* UI_IMAGE */
};

/* A touch target: a rectangle the user can press, with the screen's id. */
struct ui_target {
	struct ui_rect r;
	int id;
};

/* One frame's draw list. Large (tens of KB): keep it static or in a parent
 * struct, not on a small stack. ui_list_init allocates nothing. */
struct ui_list {
	int w, h;                 /* the window it was laid out for */
	int ncmd;
	struct ui_cmd cmd[UI_CMDS_MAX];
	int ntarget;
	struct ui_target target[UI_TARGETS_MAX];
	size_t arena_len;
	char arena[UI_TEXT_ARENA];
	int overflow;             /* set once something did not fit; what fit is kept */
};

/* Start an empty list for a w x h window. */
void ui_list_init(struct ui_list *l, int w, int h);

void ui_fill(struct ui_list *l, struct ui_rect r, struct ui_color c);
/* A filled circle (ellipse) inscribed in r: faces and round marks. */
void ui_disc(struct ui_list *l, struct ui_rect r, struct ui_color col);
void ui_frame(struct ui_list *l, struct ui_rect r, struct ui_color c, int thickness);
/* One line of UTF-8 text, copied. Empty or NULL text adds nothing. */
void ui_text(struct ui_list *l, struct ui_rect r, const char *text, int size, int bold,
	     struct ui_color c, enum ui_align align);
void ui_image(struct ui_list *l, struct ui_rect r, int image);
/* Register a touch target with id (>= 0) over r; later targets win on overlap. */
void ui_target(struct ui_list *l, struct ui_rect r, int id);
/* A button: background, border, centred label and a touch target. */
void ui_button(struct ui_list *l, int id, struct ui_rect r, const char *label, int size,
	       struct ui_color bg, struct ui_color fg);

/* The text of a UI_TEXT command (valid while the list lives). */
const char *ui_cmd_text(const struct ui_list *l, const struct ui_cmd *c);

/* The id of the topmost target under (x, y), or -1 when there is none. */
int ui_hit(const struct ui_list *l, int x, int y);

/* 1 if the two lists would draw the same pixels (same size, commands, text). */
int ui_list_is_same(const struct ui_list *a, const struct ui_list *b);

/* Rectangle helpers for layouts: cut a strip off one side of *r and return it
 * (the rest stays in *r; a cut larger than r takes all of it). */
struct ui_rect ui_cut_top(struct ui_rect *r, int h);
struct ui_rect ui_cut_bottom(struct ui_rect *r, int h);
struct ui_rect ui_cut_left(struct ui_rect *r, int w);
struct ui_rect ui_cut_right(struct ui_rect *r, int w);
struct ui_rect ui_inset(struct ui_rect r, int d);
/* Cell i (row-major) of a cols x rows grid over r with gap pixels between cells. */
struct ui_rect ui_grid(struct ui_rect r, int cols, int rows, int i, int gap);
/* A rectangle of size w x h centred in r. */
struct ui_rect ui_center(struct ui_rect r, int w, int h);

#endif
