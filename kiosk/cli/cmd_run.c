/* cmd_run.c - `kiosk run`: the door on screen. Owns the SDL window and the
 * event run_door_loop, turns input (USB scanner by scancode, camera codes, touches)
 * into store calls, and hands the results to the pure door screens.
 * Front end: may use everything; decides nothing a screen shows. */
#include <SDL.h>
#include <SDL_image.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"

#include "run_shop.h"
#include "io/trace.h"
#include "run_door.h"
#include "store/search.h"
#include "store/vault.h"
#include "store/visits.h"
#include "core/place.h"

static const char usage[] =
	"usage: kiosk run [--mode door|feedback|orders] [--window WxH | --fullscreen] [--door NAME]\n"
	"                 [--camera DEV | --frames DIR|FILE.y4m|FILE.mjpg [--fps N]] [--lang bn|en]\n"
	"                 [--screenshot FILE.png [--after-ms N]] [--scan CODE]\n"
	"                 [--show ready|search|walkin|pin|menu|undo|locked] [--type TEXT]\n"
	"                 [--station NAME]\n"
	"Open a kiosk screen. door (default): scan tickets (USB scanner or camera), search\n"
	"by phone or name, register walk-ins. feedback: guests rate products and sellers.\n"
	"orders: the seller's order desk. Escape or closing the window asks for the\n"
	"organizer PIN.\n"
	"  --mode MODE        door, feedback or orders (see kiosk run --mode orders --help)\n"
	"  --window WxH       a window of that size instead of full screen\n"
	"  --fullscreen       full screen (the default without --window)\n"
	"  --door NAME        the door's name in the journal (default 'door 1'); a door set\n"
	"                     with 'kiosk door set NAME --exit' opens in exit mode\n"
	"  --station NAME     serve station NAME (kiosk station add): each guest once\n"
	"  --camera DEV       V4L2 camera (default /dev/video0 when present; 'none': off)\n"
	"  --frames PATH      play a folder of images, one image, a .y4m video or a Motion-JPEG\n"
	"                     file (.mjpg: JPEGs back to back, as an MJPEG camera sends) as the camera\n"
	"  --fps N            playback rate for --frames (default: the video's, 30 for .mjpg,\n"
	"                     2 for images)\n"
	"  --lang bn|en       screen language (default bn)\n"
	"  --screenshot FILE  render off-screen (no display needed), save a PNG after\n"
	"                     --after-ms milliseconds (default 300) and exit\n"
	"  --scan CODE        handle CODE as if scanned at start (demos, screenshots)\n"
	"  --show SCREEN      start on that screen; --type TEXT types into its field\n"
	"                     (walkin: NAME|PHONE fills both, NAME|PHONE| also registers)\n"
	"The guest list is encrypted: the door opens it with the passphrase in\n"
	"KIOSK_PASSPHRASE_FILE. Without it the door starts locked and asks for the\n"
	"organizer's unlock card ('kiosk unlock-card'), scanned like a ticket (camera\n"
	"or USB scanner); any other code is refused. --show locked: that screen.\n"
	"Environment: KIOSK_TRACE=FILE logs event times; SDL_VIDEODRIVER=kmsdrm runs\n"
	"without a desktop.\n";

/* How long the door's writes wait for another process's write lock: a store
 * held locked gives a prompt red "not saved" instead of a long "checking..."
 * (the store's own default is 5 s). Both the check-in thread's handle and
 * the screen's use it. */
#define DOOR_BUSY_MS 1000

static struct run R;

/* ------------------------------------------------------------------- setup */


static void load_meta(struct run *r)
{
	char buf[DOOR_TEXT_MAX];

	if (store_meta_get(r->st, "event_name", buf, sizeof buf) > 0)
		(void)snprintf(r->door.event_name, sizeof r->door.event_name, "%s", buf);
	if (store_meta_get(r->st, "tz_offset_min", buf, sizeof buf) > 0)
		r->door.tz_off_min = atoi(buf);
}

static int show_screen(struct run *r, const char *show, const char *type)
{
	int64_t now = cli_now_ms();
	int id = -1;

	if (strcmp(show, "ready") == 0)
		return 0;
	if (strcmp(show, "locked") == 0) {
		door_lock(&r->door, now);
		return 0;
	}
	if (strcmp(show, "search") == 0)
		id = DOOR_T_SEARCH;
	else if (strcmp(show, "walkin") == 0)
		id = DOOR_T_WALKIN;
	else if (strcmp(show, "pin") == 0 || strcmp(show, "menu") == 0 || strcmp(show, "undo") == 0)
		id = DOOR_T_MENU;
	else
		return -1;
	run_door_action(r, door_press(&r->door, id, now));
	if (strcmp(show, "menu") == 0 || strcmp(show, "undo") == 0) {
		/* For screenshots: the menu as the organizer sees it after the PIN;
		 * undo: its question about the latest check-in, a reason picked. */
		(void)door_pin_result(&r->door, 1, 0, now);
		run_door_load_menu(r);
		if (strcmp(show, "undo") == 0 && r->door.nrecent > 0) {
			(void)door_press(&r->door, DOOR_T_UNDO, now);
			(void)door_press(&r->door, DOOR_T_REASON + DOOR_UNDO_TWICE, now);
		}
	}
	if (type) {
		const char *p = type;
		char phone[32] = "";
		int submit = 0;

		/* Walk-in: "NAME|PHONE" fills both fields; "NAME|PHONE|" also
		 * presses Register (a known phone then asks its question). */
		if (r->door.screen == DOOR_WALKIN && strchr(type, '|')) {
			const char *bar = strchr(type, '|');

			(void)snprintf(r->door.w_name, sizeof r->door.w_name, "%.*s",
				       (int)(bar - type), type);
			(void)snprintf(phone, sizeof phone, "%s", bar + 1);
			if (strchr(phone, '|')) {
				*strchr(phone, '|') = '\0';
				submit = 1;
			}
			p = phone;
			r->door.w_focus = 1;
			r->door.kb = UI_KB_DIGITS;
		}
		run_door_action(r, door_type(&r->door, p, now));
		if (submit)
			run_door_action(r, door_enter(&r->door, now));
	}
	return 0;
}

/* The check-in thread with its own store handle. If it cannot start, the
 * door still works, with check-ins on this thread as before. */
void run_door_start_worker(struct run *r)
{
	char err[KERR_LEN];
	struct store *st = NULL;

	r->done_event = SDL_RegisterEvents(1);
	if (r->done_event == (uint32_t)-1) {
		r->done_event = 0;
		cli_error(r->cli, "check-ins on the screen's thread: no SDL event left");
		return;
	}
	if (cli_open_store(r->cli, &st, 0) != 0)
		return; /* cli_open_store said why */
	/* The worker writes check-ins: the screen's key, and its own signer. */
	if (vault_is_unlocked(r->st) && vault_share(st, r->st, err) != 0) {
		cli_error(r->cli, "check-ins on the screen's thread: %s", err);
		store_close(st);
		return;
	}
	(void)cli_sign_appends(r->cli, st);
	if (store_set_busy_ms(st, DOOR_BUSY_MS, err) != 0 ||
	    door_worker_start(&r->worker, st, r->door_name, run_door_worker_done, r, err) != 0) {
		cli_error(r->cli, "check-ins on the screen's thread: %s", err);
		store_close(st);
	}
}

/* The search index: for a picture, built here (the picture may show a
 * search); a live door builds it beside the screen once the first frame is
 * up (run_door_late_start), so starting never waits for the roster. */
static void start_search(struct run *r, int shot)
{
	char err[KERR_LEN];

	if (shot) {
		if (search_index_build(r->st, &r->search, err) != 0)
			cli_error(r->cli, "search: %s", err); /* the picture says "loading" */
		return;
	}
	r->index_event = SDL_RegisterEvents(1);
	if (r->index_event == (uint32_t)-1) {
		r->index_event = 0;
		cli_error(r->cli, "search: no SDL event left");
		return;
	}
}

void run_door_late_start(struct run *r)
{
	char err[KERR_LEN];

	run_door_index_start(r);
	if (r->sounds[0] && !sound_open(&r->snd, r->sounds, err))
		fprintf(stderr, "kiosk: silent: %s\n", err); /* no audio is fine */
	/* Sync never blocks the door: it runs beside it. */
	if (bgsync_start(&r->bg, r->cli->data_dir, err) != 0)
		fprintf(stderr, "kiosk: no background sync: %s\n", err);
	trace_event("late_start", NULL);
}

/* Let a build in flight finish, then free what nobody will use. */
static void stop_search(struct run *r)
{
	SDL_Event ev;

	door_index_join(&r->indexer);
	while (r->index_event &&
	       SDL_PeepEvents(&ev, 1, SDL_GETEVENT, r->index_event, r->index_event) == 1) {
		search_index_free(ev.user.data1);
		free(ev.user.data2);
	}
	search_index_free(r->search);
	r->search = NULL;
}

/* Finish the queued jobs, then free the answers nobody will show. */
static void stop_worker(struct run *r)
{
	SDL_Event ev;

	door_worker_stop(&r->worker);
	if (!r->done_event)
		return;
	while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, r->done_event, r->done_event) == 1)
		free(ev.user.data1);
}

int cmd_run(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"mode", required_argument, NULL, 'm'},   {"window", required_argument, NULL, 'w'},
		{"fullscreen", no_argument, NULL, 'f'},   {"camera", required_argument, NULL, 'c'},
		{"frames", required_argument, NULL, 'F'}, {"fps", required_argument, NULL, 'r'},
		{"door", required_argument, NULL, 'd'},   {"lang", required_argument, NULL, 'l'},
		{"screenshot", required_argument, NULL, 's'},
		{"after-ms", required_argument, NULL, 'a'}, {"scan", required_argument, NULL, 'S'},
		{"show", required_argument, NULL, 'v'},   {"type", required_argument, NULL, 't'},
		{"station", required_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
	};
	struct run *r = &R;
	const char *mode = "door", *camera = NULL, *frames = NULL, *shot = NULL, *scan = NULL;
	const char *show = NULL, *type = NULL, *lang = "bn", *station = NULL, *door = NULL;
	char station_name[PLACE_NAME_MAX + 1];
	int win_w = 1280, win_h = 720, windowed = 0, fullscreen = 0, fps = 0, after_ms = 300;
	int explicit_camera = 0, lang_given = 0, rc = EXIT_ERROR, opt, locked = 0;
	enum ui_lang ul;
	char err[KERR_LEN], fonts[4096], sounds[4096];

	/* The feedback and orders modes have their own loop (run_shop.c). */
	if (run_shop_wants(argc, argv))
		return run_shop(c, argc, argv);
	memset(r, 0, sizeof *r);
	r->cli = c;
	optind = 1;
	opterr = 0; /* one line of our own instead of getopt's */
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'm': mode = optarg; break;
		case 'w':
			if (run_sdl_parse_window(c, optarg, &win_w, &win_h) != 0)
				return EXIT_USAGE;
			windowed = 1;
			break;
		case 'f': fullscreen = 1; break;
		case 'c': camera = optarg; explicit_camera = 1; break;
		case 'F': frames = optarg; break;
		case 'r':
			if (run_sdl_parse_count(c, "--fps", optarg, 240, &fps) != 0)
				return EXIT_USAGE;
			break;
		case 'd': door = optarg; break;
		case 'l': lang = optarg; lang_given = 1; break;
		case 's': shot = optarg; break;
		case 'a':
			if (run_sdl_parse_count(c, "--after-ms", optarg, 3600 * 1000, &after_ms) != 0)
				return EXIT_USAGE;
			break;
		case 'S': scan = optarg; break;
		case 'v': show = optarg; break;
		case 't': type = optarg; break;
		case 'T': station = optarg; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		case ':':
			cli_error(c, "run: %s needs a value (see 'kiosk run --help')", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			cli_error(c, "run: unknown option '%s' (see 'kiosk run --help')", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error(c, "run: unexpected argument '%s' (see 'kiosk run --help')", argv[optind]);
		return EXIT_USAGE;
	}
	if (strcmp(mode, "door") != 0) {
		cli_error(c, "run: --mode wants door, feedback or orders (got '%s')", mode);
		return EXIT_USAGE;
	}
	if (ui_lang_parse(lang, &ul) != 0) {
		cli_error(c, "run: --lang wants bn or en (got '%s')", lang);
		return EXIT_USAGE;
	}
	if (show && strcmp(show, "ready") != 0 && strcmp(show, "search") != 0 &&
	    strcmp(show, "walkin") != 0 && strcmp(show, "pin") != 0 && strcmp(show, "menu") != 0 &&
	    strcmp(show, "undo") != 0 && strcmp(show, "locked") != 0) {
		cli_error(c, "run: --show wants ready, search, walkin, pin, menu, undo or locked (got '%s')",
			  show);
		return EXIT_USAGE;
	}
	if (show && (strcmp(show, "menu") == 0 || strcmp(show, "undo") == 0) && !shot) {
		/* The menu skips the PIN only for a picture, never for a live screen. */
		cli_error(c, "run: --show menu only with --screenshot");
		return EXIT_USAGE;
	}
	if (camera && frames) {
		cli_error(c, "run: use --camera or --frames, not both");
		return EXIT_USAGE;
	}
	/* The names are checked here, before a window opens: a door named
	 * with a control character would start and then refuse every guest
	 * ("not saved") when the store checks the name. */
	if (door) {
		char place[PLACE_NAME_MAX + 1];
		if (place_name_parse(door, place, err) != 0) {
			cli_error(c, "run: --door: %s", err);
			return EXIT_ERROR;
		}
		_Static_assert(sizeof place <= sizeof r->door_name, "door name fits");
		(void)snprintf(r->door_name, sizeof r->door_name, "%s", place);
	}
	if (station && place_name_parse(station, station_name, err) != 0) {
		cli_error(c, "run: --station: %s", err);
		return EXIT_ERROR;
	}
	if (fullscreen && windowed) {
		cli_error(c, "run: use --window or --fullscreen, not both");
		return EXIT_USAGE;
	}
	if (trace_open(getenv("KIOSK_TRACE"), err) != 0) {
		cli_error(c, "%s", err);
		return EXIT_ERROR;
	}
	trace_event("start", NULL);
	if (!run_sdl_find_dir("KIOSK_FONTS", "fonts", "NotoSansBengali-Regular.ttf", fonts, sizeof fonts)) {
		cli_error(c, "run: cannot find the fonts (NotoSansBengali-Regular.ttf); set KIOSK_FONTS=DIR");
		return EXIT_ERROR;
	}
	if (!run_sdl_find_dir("KIOSK_SOUNDS", "assets/sounds", "ok.wav", sounds, sizeof sounds))
		sounds[0] = '\0';

	if (cli_open_store(c, &r->st, 0) != 0)
		return EXIT_ERROR;
	trace_event("start_store", NULL);
	/* No passphrase at hand: the door starts locked and waits for the
	 * unlock card (issue 14). A screenshot of the locked screen needs none. */
	{
		const char *pf = getenv("KIOSK_PASSPHRASE_FILE");
		int set = vault_is_set(r->st);

		locked = set > 0 && (!pf || !*pf || (show && strcmp(show, "locked") == 0));
		if (!locked && cli_unlock(c, r->st) != 0)
			goto out_store;
	}
	/* The screen's own writes (PIN tries, undo, the language) wait no longer
	 * than a check-in for a store held locked: the screen freezes for at
	 * most that long, and says why. */
	if (store_set_busy_ms(r->st, DOOR_BUSY_MS, err) != 0)
		cli_error(c, "%s", err); /* the default wait stays: slower, not wrong */
	if (!lang_given) {
		char saved[8];

		if (store_meta_get(r->st, "door_lang", saved, sizeof saved) > 0)
			(void)ui_lang_parse(saved, &ul); /* a bad value keeps Bengali */
	}
	door_init(&r->door, ul);
	if (!r->door_name[0])
		(void)snprintf(r->door_name, sizeof r->door_name, "door 1");
	_Static_assert(sizeof r->door.door_name == sizeof r->door_name, "door name sizes");
	memcpy(r->door.door_name, r->door_name, sizeof r->door_name);
	load_meta(r);
	{
		struct door_config cfg;

		if (visits_door_get(r->st, r->door_name, &cfg, err) != 0) {
			cli_error(c, "run: %s", err);
			goto out_store;
		}
		if (cfg.mode == DOOR_MODE_EXIT)
			r->door.scan = DOOR_SCAN_EXIT;
		r->door.self_service = cfg.self_service;
	}
	if (station) {
		struct door_status s;
		int i, found = 0;

		if (visits_status(r->st, &s, err) != 0) {
			cli_error(c, "run: %s", err);
			goto out_store;
		}
		/* as checkin --station: ASCII case folded ('raffle' serves
		 * station 'Raffle'), the name as it was added */
		for (i = 0; i < s.nstations && !found; i++)
			if (strcasecmp(s.station[i].name, station_name) == 0) {
				found = 1;
				(void)snprintf(r->door.station, sizeof r->door.station, "%s",
					       s.station[i].name);
			}
		if (!found) {
			cli_error(c, "run: no station '%s' (add it with 'kiosk station add')", station_name);
			goto out_store;
		}
		r->door.scan = DOOR_SCAN_STATION;
	}
	wedge_init(&r->wedge);
	r->wedge.whole = run_door_code_whole;
	scan_debounce_init(&r->debounce);
	r->last_screen = DOOR_SCREEN_COUNT;

	if (run_sdl_libs_open(shot, IMG_INIT_PNG,
			      "(no display? on a console try SDL_VIDEODRIVER=kmsdrm; for a picture use "
			      "--screenshot)", err) != 0) {
		cli_error(c, "%s", err);
		goto out_store;
	}
	trace_event("start_sdl", NULL);
	{
		const char *drv = SDL_GetCurrentVideoDriver();

		/* With no display SDL falls back to an invisible off-screen driver:
		 * a door nobody can see must say so instead of waiting forever. */
		if (!shot && !getenv("SDL_VIDEODRIVER") && drv &&
		    (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0)) {
			cli_error(c, "run: no display (set DISPLAY, or SDL_VIDEODRIVER=kmsdrm on a "
				  "console; for a picture use --screenshot FILE.png)");
			goto out_libs;
		}
	}
	if (!windowed && !shot) {
		/* Full screen takes the display's size; this is only the window SDL
		 * starts from (and what a failed switch would leave). */
		win_w = 800;
		win_h = 480;
	}
	if (run_sdl_open(&r->d, c, win_w, win_h, !windowed && !shot, shot, SDL_RENDERER_PRESENTVSYNC,
			 "(no display? on a console try SDL_VIDEODRIVER=kmsdrm; for a picture use "
			 "--screenshot)", fonts) != 0)
		goto out_display;
	trace_event("start_window", NULL);
	/* Without --camera: /dev/video0, looked for again later if it is not
	 * there yet. --camera none: no camera and no looking. */
	if (!camera && !frames && !shot)
		camera = CAMERA_DEFAULT;
	if (run_camera_open(r, camera, frames, fps, explicit_camera) != 0)
		goto out_display;
	/* Sounds, background sync and the search index wait for the first
	 * frame (run_door_late_start); a picture needs none of them. A locked
	 * door starts its check-in thread and its index once the unlock card
	 * is scanned (the names are sealed until then). */
	if (!shot) {
		(void)snprintf(r->sounds, sizeof r->sounds, "%s", sounds);
		r->late_start = 1;
	}
	if (!locked)
		run_door_start_worker(r);
	start_search(r, shot != NULL && !locked);
	run_door_refresh_counts(r);
	if (locked)
		door_lock(&r->door, cli_now_ms());
	trace_event("start_ready", NULL);
	if (show)
		(void)show_screen(r, show, type); /* the name was checked with the options */
	if (scan)
		run_door_scan(r, scan, "scan_arg");
	rc = run_door_loop(r, shot, after_ms);
	trace_event("exit", NULL);
	stop_worker(r);
	stop_search(r);
	bgsync_stop(&r->bg);
	sound_close(r->snd);
	if (r->cam && camera_dropped(r->cam) > 0 && trace_is_on()) {
		char n[32];

		(void)snprintf(n, sizeof n, "%llu", (unsigned long long)camera_dropped(r->cam));
		trace_event("frames_dropped", n);
	}
	camera_close(r->cam);
	if (r->preview)
		SDL_DestroyTexture(r->preview);
	free(r->grey);
out_display:
	run_sdl_close(&r->d);
out_libs:
	run_sdl_libs_close();
out_store:
	store_close(r->st);
	trace_close();
	return rc;
}
