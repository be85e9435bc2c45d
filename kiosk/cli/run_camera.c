/* run_camera.c - the door's camera: opening it (a V4L2 device or --frames
 * playback), looking for it again when it is gone, and its newest frame as
 * the preview texture. Front end: SDL, sdl/camera. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/trace.h"
#include "run_door.h"

void run_camera_preview(struct run *r)
{
	int w = 0, h = 0, rc, stride;

	rc = camera_latest(r->cam, r->grey, r->grey_cap, &w, &h, &r->serial);
	if (rc < 0) {
		uint8_t *p = realloc(r->grey, (size_t)w * (size_t)h);

		if (!p)
			return;
		r->grey = p;
		r->grey_cap = (size_t)w * (size_t)h;
		rc = camera_latest(r->cam, r->grey, r->grey_cap, &w, &h, &r->serial);
	}
	if (rc != 1 || w < 2 || h < 2)
		return;
	stride = w; /* camera_latest packs rows at the frame's full width */
	w &= ~1; /* 4:2:0 textures need even sizes; the odd last column is dropped */
	h &= ~1;
	if (!r->preview || r->pw != w || r->ph != h) {
		if (r->preview) {
			/* The renderer must not keep a pointer to the old texture. */
			ui_sdl_set_image(r->d.ui, DOOR_IMAGE_PREVIEW, NULL, 0, 0);
			r->door.has_preview = 0;
			SDL_DestroyTexture(r->preview);
		}
		r->pw = r->ph = 0;
		r->preview = SDL_CreateTexture(r->d.ren, SDL_PIXELFORMAT_IYUV,
					       SDL_TEXTUREACCESS_STREAMING, w, h);
		if (!r->preview) {
			cli_error(r->cli, "cannot make the preview: %s", SDL_GetError());
			return;
		}
		r->pw = w;
		r->ph = h;
	}
	{
		/* Grey: luma from the camera, neutral chroma. */
		size_t cw = (size_t)w / 2, csize = cw * ((size_t)h / 2);
		uint8_t *chroma = malloc(csize);

		if (!chroma)
			return;
		memset(chroma, 128, csize);
		if (SDL_UpdateYUVTexture(r->preview, NULL, r->grey, stride, chroma, (int)cw, chroma,
					 (int)cw) != 0)
			cli_error(r->cli, "cannot update the preview: %s", SDL_GetError());
		free(chroma);
	}
	ui_sdl_set_image(r->d.ui, DOOR_IMAGE_PREVIEW, r->preview, r->pw, r->ph);
	r->door.has_preview = 1;
	r->d.force = 1;
}

int run_camera_open(struct run *r, const char *camera, const char *frames, int fps,
		    int explicit_camera)
{
	char err[KERR_LEN];
	int rc;

	r->cam_event = SDL_RegisterEvents(1);
	if (r->cam_event == (uint32_t)-1) {
		cli_error(r->cli, "cannot register camera events");
		r->cam_event = 0;
		return -1;
	}
	if (frames) {
		rc = camera_open_frames(&r->cam, frames, fps, r->cam_event, err);
	} else if (camera && strcmp(camera, "none") != 0) {
		(void)snprintf(r->cam_dev, sizeof r->cam_dev, "%s", camera); /* paths are short */
		rc = camera_open_v4l2(&r->cam, camera, r->cam_event, err);
	} else {
		return 0;
	}
	if (rc != 0) {
		/* --frames is for tests: its failure is fatal. A camera that is
		 * not there is a message on screen; the USB scanner still works. */
		if (frames) {
			cli_error(r->cli, "%s", err);
			return -1;
		}
		if (explicit_camera)
			cli_error(r->cli, "%s", err);
		r->cam = NULL;
		r->cam_retry = run_key_clock() + CAMERA_RETRY_MS;
		return 0;
	}
	r->door.camera = DOOR_CAMERA_ON;
	return 0;
}

void run_camera_retry(struct run *r)
{
	char err[KERR_LEN];
	struct stat sb;

	r->cam_retry = run_key_clock() + CAMERA_RETRY_MS;
	if (stat(r->cam_dev, &sb) != 0 ||
	    camera_open_v4l2(&r->cam, r->cam_dev, r->cam_event, err) != 0)
		return;
	trace_event("camera_back", r->cam_dev);
	r->door.camera = DOOR_CAMERA_ON;
	r->cam_retry = 0;
}
