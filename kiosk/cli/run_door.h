/* run_door.h - what the door's setup (cmd_run.c), its running loop
 * (run_door.c) and its camera side (run_camera.c) share: the loop's state
 * and their entry points. Private to kiosk/cli.
 * Front end: SDL, the camera, the store, the pure door screen. */
#ifndef KIOSK_RUN_DOOR_H
#define KIOSK_RUN_DOOR_H

#include <SDL.h>
#include <stdint.h>

#include "cli.h"
#include "core/wedge.h"
#include "door_index.h"
#include "door_worker.h"
#include "run_sdl.h"
#include "sdl/camera.h"
#include "sdl/sound.h"
#include "sync/bgsync.h"
#include "ui/screen_door.h"

#define CAMERA_DEFAULT "/dev/video0"
/* A missing or unplugged camera is looked for again this often, so plugging
 * it back in is enough (a stat() every few seconds costs nothing). */
#define CAMERA_RETRY_MS 3000

/* Everything the loop holds. Big (two draw lists): lives in static storage. */
struct run {
	struct cli *cli;
	struct store *st;
	struct door door;
	char door_name[DOOR_ID_MAX];

	struct run_sdl d;         /* window, renderer, draw lists */

	struct wedge wedge;
	struct scan_debounce debounce;

	struct camera *cam;
	char cam_dev[256];        /* V4L2 device to (re)open; "" for none or --frames */
	int64_t cam_retry;        /* run_key_clock() time of the next attempt; 0: none */
	uint32_t cam_event;
	SDL_Texture *preview;
	int pw, ph;
	uint8_t *grey;
	size_t grey_cap;
	uint64_t serial;

	struct sound *snd;
	struct bgsync bg;         /* background push to the sync target */
	struct door_worker worker; /* check-ins and walk-ins, off this thread */
	uint32_t done_event;      /* the worker's answers, as SDL user events */
	struct search_index *search; /* the roster's index; NULL until built */
	struct door_index indexer; /* builds it off this thread */
	uint32_t index_event;     /* the indexer's answer, as an SDL user event */
	int late_start;           /* once the first frame is up: run_door_late_start */
	char sounds[4096];        /* the sounds' folder ("" none), opened late */
	int pending;              /* jobs handed to the worker, not answered yet */
	int trace_verdict;        /* trace the next presented frame as the verdict */
	int trace_results;        /* trace the next presented frame as search results */
	int trace_checking;       /* "checking..." not traced yet in this wait */
	enum door_screen last_screen;
	int quit;
};

/* Start the check-in thread (its own store handle, sharing the screen's key);
 * the door still works without it. A locked door starts it once unlocked. */
void run_door_start_worker(struct run *r);

/* Act on what the door screen asked for (a check-in, a search, ...). */
void run_door_action(struct run *r, struct door_action a);
/* 1 when a scanner's burst is a whole ticket (struct wedge's whole): a
 * ticket's length and version leave nothing to come, so it is taken after
 * WEDGE_GAP_MS without an Enter, where another burst waits WEDGE_HOLD_MS. */
int run_door_code_whole(const char *code);
/* Handle code as scanned; source is its trace event ("scan_key", "scan_camera"). */
void run_door_scan(struct run *r, const char *code, const char *source);
/* Read the organizer menu's figures into the screen. */
void run_door_load_menu(struct run *r);
/* Read the counts shown on the ready screen. */
void run_door_refresh_counts(struct run *r);
/* What waits for the first frame, so nothing delays it: the search index
 * (built beside the screen), the sounds and background sync (cmd_run.c). */
void run_door_late_start(struct run *r);
/* Build the search index in the background (no-op while a build runs). */
void run_door_index_start(struct run *r);
/* The indexer's callback (its thread): posts an SDL event. */
void run_door_index_done(void *ctx, struct search_index *ix, const char *err);
/* The check-in worker's answer callback (its thread): posts an SDL event. */
void run_door_worker_done(void *ctx, struct door_done *d);
/* Run until quit (or, with shot, until after_ms then save the PNG).
 * Returns the exit code. */
int run_door_loop(struct run *r, const char *shot, int after_ms);

/* The clock of key events' timestamps (32-bit SDL ticks), so the pause that
 * ends a scan is measured on one clock whether a key or a timeout ends it. */
int64_t run_key_clock(void);

/* Open the camera (--camera DEV, or --frames PATH at fps) and register its
 * SDL event. A camera that is not there is looked for again later (a message
 * on screen; explicit_camera also says it on stderr); a --frames failure is
 * fatal. Returns 0, or -1 told through r->cli. */
int run_camera_open(struct run *r, const char *camera, const char *frames, int fps,
		    int explicit_camera);
/* Look for the camera again (plugged in late, or back after unplugging). */
void run_camera_retry(struct run *r);
/* Put the camera's newest frame into the preview texture the door draws. */
void run_camera_preview(struct run *r);

#endif
