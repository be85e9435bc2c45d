/* sound.c - verdict sounds through SDL audio. Adapter: SDL2 only. */
#include "sound.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sound {
	SDL_AudioDeviceID dev;
	SDL_AudioSpec spec;
	SDL_AudioCVT cvt;
	struct {
		Uint8 *buf;   /* in the device's format; owned */
		Uint32 len;
	} clip[SOUND_COUNT];
};

static const char *const names[SOUND_COUNT] = {"ok.wav", "used.wav", "rejected.wav"};

/* Load one WAV and convert it to the device format. */
static int load(struct sound *s, const char *dir, int i, char err[KERR_LEN])
{
	char path[4096];
	SDL_AudioSpec spec;
	Uint8 *buf;
	Uint32 len;
	SDL_AudioCVT cvt;
	int rc;

	(void)snprintf(path, sizeof path, "%s/%s", dir, names[i]);
	if (!SDL_LoadWAV(path, &spec, &buf, &len))
		return kerr(err, "cannot load '%s': %s", path, SDL_GetError());
	rc = SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, s->spec.format,
			       s->spec.channels, s->spec.freq);
	if (rc < 0) {
		SDL_FreeWAV(buf);
		return kerr(err, "cannot convert '%s': %s", path, SDL_GetError());
	}
	cvt.len = (int)len;
	cvt.buf = malloc((size_t)len * (size_t)(cvt.len_mult > 0 ? cvt.len_mult : 1));
	if (!cvt.buf) {
		SDL_FreeWAV(buf);
		return kerr(err, "out of memory for '%s'", path);
	}
	memcpy(cvt.buf, buf, len);
	SDL_FreeWAV(buf);
	if (rc > 0 && SDL_ConvertAudio(&cvt) != 0) {
		free(cvt.buf);
		return kerr(err, "cannot convert '%s': %s", path, SDL_GetError());
	}
	s->clip[i].buf = cvt.buf;
	s->clip[i].len = rc > 0 ? (Uint32)cvt.len_cvt : len;
	return 0;
}

int sound_open(struct sound **out, const char *dir, char err[KERR_LEN])
{
	struct sound *s;
	SDL_AudioSpec want;
	int i;

	*out = NULL;
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		kerr(err, "no audio: %s", SDL_GetError());
		return 0;
	}
	s = calloc(1, sizeof *s);
	if (!s) {
		kerr(err, "out of memory for sound");
		return 0;
	}
	memset(&want, 0, sizeof want);
	want.freq = 22050;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = 1024;
	s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &s->spec, SDL_AUDIO_ALLOW_ANY_CHANGE);
	if (s->dev == 0) {
		kerr(err, "no audio device: %s", SDL_GetError());
		free(s);
		return 0;
	}
	for (i = 0; i < SOUND_COUNT; i++) {
		if (load(s, dir, i, err) != 0) {
			sound_close(s);
			return 0;
		}
	}
	SDL_PauseAudioDevice(s->dev, 0);
	*out = s;
	return 1;
}

void sound_play(struct sound *s, enum sound_id id)
{
	if (!s || id < 0 || id >= SOUND_COUNT)
		return;
	SDL_ClearQueuedAudio(s->dev);
	/* Best effort: a sound that cannot be queued must not hold up the door. */
	(void)SDL_QueueAudio(s->dev, s->clip[id].buf, s->clip[id].len);
}

void sound_close(struct sound *s)
{
	int i;

	if (!s)
		return;
	if (s->dev)
		SDL_CloseAudioDevice(s->dev);
	for (i = 0; i < SOUND_COUNT; i++)
		free(s->clip[i].buf);
	free(s);
}
