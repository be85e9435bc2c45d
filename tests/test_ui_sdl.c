/* test_ui_sdl.c - the real fonts through SDL2_ttf and HarfBuzz (dummy video
 * driver, software renderer): conjuncts are shaped, not drawn letter by
 * letter; signs the Bengali font lacks are drawn by Noto Sans; the draw list
 * paints the colours it names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "sdl/ui_sdl.h"

static SDL_Surface *canvas;
static SDL_Renderer *ren;
static struct ui_sdl *ui;

static int setup(void **state)
{
	char err[KERR_LEN];

	(void)state;
	SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
		return -1;
	canvas = SDL_CreateRGBSurfaceWithFormat(0, 400, 200, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!canvas || !(ren = SDL_CreateSoftwareRenderer(canvas)))
		return -1;
	if (ui_sdl_new(&ui, ren, "fonts", err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ui_sdl_free(ui);
	SDL_DestroyRenderer(ren);
	SDL_FreeSurface(canvas);
	TTF_Quit();
	SDL_Quit();
	return 0;
}

static int width_of(const char *text)
{
	char err[KERR_LEN];
	SDL_Color black = {0, 0, 0, 255};
	SDL_Surface *s = ui_sdl_render_line(ui, text, 40, 0, black, err);
	int w;

	if (!s)
		fail_msg("%s", err);
	w = s->w;
	SDL_FreeSurface(s);
	return w;
}

/* Count pixels with some ink (alpha) in a rendered line. */
static long ink_of(const char *text)
{
	char err[KERR_LEN];
	SDL_Color black = {0, 0, 0, 255};
	SDL_Surface *s = ui_sdl_render_line(ui, text, 40, 0, black, err);
	long ink = 0;
	int x, y;

	if (!s)
		fail_msg("%s", err);
	for (y = 0; y < s->h; y++)
		for (x = 0; x < s->w; x++)
			if ((((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x] >> 24) > 128)
				ink++;
	SDL_FreeSurface(s);
	return ink;
}

static void test_conjuncts_are_shaped(void **state)
{
	(void)state;
	/* Shaped with the "Beng" script, a conjunct is one narrow glyph; with a
	 * zero-width non-joiner the same letters show a visible hasanta and
	 * stand apart. Unshaped (wrong script), both come out the same width. */
	assert_true(width_of("ক্ষ") < width_of("ক্\u200Cষ") - 10);
	assert_true(width_of("স্ত্র") < width_of("স্\u200Cত্\u200Cর") - 20);
	/* Vowel signs attach: কি and কৌ are narrower than the consonant and the
	 * sign drawn apart (alone, a sign sits on a dotted circle). */
	assert_true(width_of("কি") < width_of("ক") + width_of("ি") - 10);
	assert_true(width_of("কৌ") < width_of("ক") + width_of("ৌ") - 10);
}

static void test_fallback_font(void **state)
{
	(void)state;
	/* U+00B7 is not in Noto Sans Bengali: it must be drawn (by Noto Sans),
	 * not as an empty or boxed glyph. A middle dot is a little ink. */
	assert_true(ink_of("ক·খ") > ink_of("ক খ"));
	assert_true(ink_of("·") > 0);
	assert_true(ink_of("·") < ink_of("ক") / 3);
	/* Latin in a Bengali line has ink too (Noto Sans Bengali has no A-Z). */
	assert_true(ink_of("QR") > 50);
}

static void test_draw_list_colours(void **state)
{
	static struct ui_list l;
	char err[KERR_LEN];
	struct ui_color green = {0x1E, 0x7B, 0x34, 0xFF}, white = {255, 255, 255, 255};
	uint32_t px;

	(void)state;
	ui_list_init(&l, 400, 200);
	ui_fill(&l, (struct ui_rect){0, 0, 400, 200}, green);
	ui_text(&l, (struct ui_rect){0, 0, 200, 200}, "স্বাগতম! Welcome · ক্ষমা", 60, 1, white, UI_LEFT);
	assert_int_equal(ui_sdl_draw(ui, &l, err), 0);
	SDL_RenderPresent(ren);
	px = ((uint32_t *)((uint8_t *)canvas->pixels + 190 * canvas->pitch))[390];
	assert_int_equal(px & 0xFFFFFF, 0x1E7B34);
	/* The long line was shrunk to its box: nothing drawn right of x=200 (the floor is 10 px). */
	{
		int x, y, white_right = 0;

		for (y = 0; y < 200; y++)
			for (x = 202; x < 400; x++)
				if ((((uint32_t *)((uint8_t *)canvas->pixels + y * canvas->pitch))[x] & 0xFFFFFF) != 0x1E7B34)
					white_right++;
		assert_int_equal(white_right, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conjuncts_are_shaped),
		cmocka_unit_test(test_fallback_font),
		cmocka_unit_test(test_draw_list_colours),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
