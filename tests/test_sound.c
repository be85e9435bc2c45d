/* test_sound.c - the shipped verdict sounds load and play on SDL's dummy
 * audio driver, and a missing folder means silence, not failure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <string.h>

#include "sdl/sound.h"

static void test_plays_shipped_sounds(void **state)
{
	struct sound *s;
	char err[KERR_LEN];
	int i;

	(void)state;
	assert_int_equal(SDL_setenv("SDL_AUDIODRIVER", "dummy", 1), 0);
	if (sound_open(&s, "assets/sounds", err) != 1)
		fail_msg("%s", err);
	assert_non_null(s);
	for (i = 0; i < SOUND_COUNT; i++)
		sound_play(s, (enum sound_id)i);
	sound_play(s, SOUND_COUNT); /* out of range: ignored */
	sound_close(s);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

static void test_missing_files_are_silence(void **state)
{
	struct sound *s = (struct sound *)&s;
	char err[KERR_LEN] = "";

	(void)state;
	assert_int_equal(sound_open(&s, "/nonexistent", err), 0);
	assert_null(s);
	assert_non_null(strstr(err, "ok.wav"));
	sound_play(NULL, SOUND_OK); /* silent kiosk: a no-op */
	sound_close(NULL);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plays_shipped_sounds),
		cmocka_unit_test(test_missing_files_are_silence),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	SDL_Quit();
	return rc;
}
