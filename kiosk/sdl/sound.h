/* sound.h - the verdict sounds (WAV files in assets/sounds) through SDL audio.
 * Adapter: SDL2. With no audio device the kiosk is silent, never broken. */
#ifndef KIOSK_SOUND_H
#define KIOSK_SOUND_H

#include "core/kerr.h"

enum sound_id { SOUND_OK, SOUND_USED, SOUND_REJECTED, SOUND_COUNT };

struct sound;

/* Open the default audio device and load the WAVs from dir. Returns 1 and
 * *out when sound works, 0 (with *out NULL and err saying why) when the kiosk
 * must stay silent: no device or no files is not an error. */
int sound_open(struct sound **out, const char *dir, char err[KERR_LEN]);
/* Stop whatever plays and play id. Best effort: a failure is only logged
 * once by the caller if it wants; the door never waits for a sound. */
void sound_play(struct sound *s, enum sound_id id);
/* NULL is fine. */
void sound_close(struct sound *s);

#endif
