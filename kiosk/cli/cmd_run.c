/* cmd_run.c - `kiosk run`: the door on screen. Owns the SDL window and the
 * event loop, turns input (USB scanner by scancode, camera codes, touches)
 * into store calls, and hands the results to the pure door screens.
 * Front end: may use everything; decides nothing a screen shows. */
#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sdl/camera.h"
#include "store/checkin.h"
#include "sync/bgsync.h"
#include "cli.h"
#include "commands.h"
#include "store/doorq.h"
#include "door_worker.h"
#include "core/phone.h"
#include "store/pin.h"
#include "run_shop.h"
#include "ui/screen_door.h"
#include "sdl/sound.h"
#include "store/store.h"
#include "store/visits.h"
#include "io/trace.h"
#include "run_sdl.h"
#include "sdl/ui_sdl.h"
#include "core/verdict.h"
#include "core/wedge.h"

static const char usage[] =
	"usage: kiosk run [--mode door|feedback|orders] [--window WxH | --fullscreen] [--door NAME]\n"
	"                 [--camera DEV | --frames DIR|FILE.y4m [--fps N]] [--lang bn|en]\n"
	"                 [--screenshot FILE.png [--after-ms N]] [--scan CODE]\n"
	"                 [--show ready|search|walkin|pin|menu|undo] [--type TEXT] [--station NAME]\n"
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
	"  --frames PATH      play a folder of images, one image or a .y4m video as the camera\n"
	"  --fps N            playback rate for --frames (default: the video's, 2 for images)\n"
	"  --lang bn|en       screen language (default bn)\n"
	"  --screenshot FILE  render off-screen (no display needed), save a PNG after\n"
	"                     --after-ms milliseconds (default 300) and exit\n"
	"  --scan CODE        handle CODE as if scanned at start (demos, screenshots)\n"
	"  --show SCREEN      start on that screen; --type TEXT types into its field\n"
	"                     (walkin: NAME|PHONE fills both, NAME|PHONE| also registers)\n"
	"Environment: KIOSK_TRACE=FILE logs event times; SDL_VIDEODRIVER=kmsdrm runs\n"
	"without a desktop.\n";

#define CAMERA_DEFAULT "/dev/video0"
/* A missing or unplugged camera is looked for again this often, so plugging
 * it back in is enough (a stat() every few seconds costs nothing). */
#define CAMERA_RETRY_MS 3000
/* How long the door's writes wait for another process's write lock: a store
 * held locked gives a prompt red "not saved" instead of a long "checking..."
 * (the store's own default is 5 s). Both the check-in thread's handle and
 * the screen's use it. */
#define DOOR_BUSY_MS 1000

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
	int64_t cam_retry;        /* key_clock() time of the next attempt; 0: none */
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
	int pending;              /* jobs handed to the worker, not answered yet */
	int trace_verdict;        /* trace the next presented frame as the verdict */
	int trace_results;        /* trace the next presented frame as search results */
	int trace_checking;       /* "checking..." not traced yet in this wait */
	enum door_screen last_screen;
	int quit;
};

static struct run R;

/* --------------------------------------------------------------- helpers */

static void refresh_counts(struct run *r)
{
	char err[KERR_LEN];
	struct door_status *s = &r->door.status;
	int i;

	if (visits_status(r->st, s, err) != 0) {
		cli_error(r->cli, "%s", err); /* the door still works; the count is stale */
		return;
	}
	r->door.checked_in = s->admitted;
	r->door.inside = s->inside;
	r->door.expected = s->expected;
	r->door.walkins = s->walkins;
	r->door.collected = 0;
	for (i = 0; i < s->nstations; i++)
		if (strcmp(s->station[i].name, r->door.station) == 0)
			r->door.collected = s->station[i].admitted;
}

static const char *type_label(const struct run *r, const char *type)
{
	if (!type[0] || strcmp(type, "general") == 0)
		return ui_str(S_TYPE_GENERAL, r->door.lang);
	if (strcasecmp(type, "vip") == 0)
		return ui_str(S_TYPE_VIP, r->door.lang);
	return type; /* an organizer's own type name is shown as written */
}

/* Show the result of a check-in (rc from checkin_perform/_attendee). */
static void show_result(struct run *r, int rc, const struct checkin_result *res,
			const char *err)
{
	int64_t now = cli_now_ms();

	if (rc != 0) {
		/* Nothing was journaled: never green. */
		door_show_verdict(&r->door, DOOR_ERROR, "", "", err, 0, "", now);
		sound_play(r->snd, SOUND_REJECTED);
	} else if (res->verdict == VERDICT_OK) {
		door_show_verdict(&r->door, DOOR_OK, res->name, type_label(r, res->ticket_type), NULL,
				  0, "", now);
		sound_play(r->snd, SOUND_OK);
	} else if (res->verdict == VERDICT_USED) {
		door_show_verdict(&r->door, DOOR_USED, res->name, type_label(r, res->ticket_type), NULL,
				  res->first_at_ms, res->first_door, now);
		sound_play(r->snd, SOUND_USED);
	} else {
		door_show_verdict(&r->door, DOOR_REJECTED, res->name, "",
				  reason_text(res->reason, ui_lang_code(r->door.lang)), 0, "", now);
		sound_play(r->snd, SOUND_REJECTED);
	}
	if (r->door.scan == DOOR_SCAN_EXIT)
		door_verdict_kind(&r->door, DOOR_V_EXIT);
	else if (r->door.scan == DOOR_SCAN_STATION)
		door_verdict_kind(&r->door, DOOR_V_STATION);
	else if (rc == 0 && res->verdict == VERDICT_OK && res->reentry)
		door_verdict_kind(&r->door, DOOR_V_REENTRY);
	{
		static const char *const kinds[] = {"entry", "reentry", "exit", "station"};

		trace_event("verdict_kind", kinds[r->door.v_kind]);
	}
	r->trace_verdict = 1;
}

/* An answer of the check-in thread (or of an inline run): show it. d may be
 * NULL (no memory for an answer: nothing was written). Takes d. */
static void handle_done(struct run *r, struct door_done *d)
{
	int64_t now = cli_now_ms();

	if (r->pending > 0 && --r->pending == 0)
		door_set_checking(&r->door, 0, now);
	if (!d) {
		door_show_verdict(&r->door, DOOR_ERROR, "", "", "out of memory", 0, "", now);
		sound_play(r->snd, SOUND_REJECTED);
		r->trace_verdict = 1;
		return;
	}
	if (d->job.kind != DOOR_JOB_WALKIN) {
		show_result(r, d->rc, &d->res, d->err);
	} else if (d->rc == 0 && d->walkin_known) {
		/* The number is on the roster: ask, never add a second person. */
		trace_event("walkin_known", d->known.id);
		door_walkin_known(&r->door, &d->known);
	} else if (d->rc != 0) {
		door_show_verdict(&r->door, DOOR_ERROR, "", "", d->err, 0, "", now);
		sound_play(r->snd, SOUND_REJECTED);
		r->trace_verdict = 1;
	} else {
		door_show_verdict(&r->door, DOOR_OK, d->job.name, ui_str(S_WALKIN_DONE, r->door.lang),
				  NULL, 0, "", now);
		sound_play(r->snd, SOUND_OK);
		r->trace_verdict = 1;
	}
	if (d->counts_ok) {
		r->door.checked_in = d->checked_in;
		r->door.expected = d->expected;
		r->door.walkins = d->walkins;
	}
	refresh_counts(r); /* inside, exits and stations (store/visits.c) */
	free(d);
}

/* The worker thread's callback: hand the answer to the screen's thread. */
static void worker_done(void *ctx, struct door_done *d)
{
	struct run *r = ctx;
	SDL_Event ev;
	int i;

	memset(&ev, 0, sizeof ev);
	ev.type = r->done_event;
	ev.user.data1 = d;
	/* The queue holds thousands of events; a full one drains in moments. */
	for (i = 0; i < 500; i++) {
		if (SDL_PushEvent(&ev) == 1)
			return;
		SDL_Delay(10);
	}
	/* Never shown: the screen stays on "checking..." until the next answer,
	 * and the entry (if any) is in the journal and the menu. */
	free(d);
}

/* Hand a check-in or walk-in to the worker; the screen shows "checking..."
 * if it takes longer than DOOR_CHECKING_SHOW_MS. Without a worker (it could
 * not start), run it here. */
static void submit(struct run *r, struct door_job *job)
{
	int64_t now = cli_now_ms();

	job->at_ms = now;
	if (!r->worker.running) {
		struct door_done *d = malloc(sizeof *d);

		if (d)
			door_worker_run(r->st, r->door_name, job, d);
		handle_done(r, d);
		return;
	}
	if (door_worker_submit(&r->worker, job) != 0) {
		door_show_verdict(&r->door, DOOR_ERROR, "", "", ui_str(S_TOO_MANY_SCANS, r->door.lang),
				  0, "", now);
		sound_play(r->snd, SOUND_REJECTED);
		r->trace_verdict = 1;
		return;
	}
	if (r->pending++ == 0) {
		door_set_checking(&r->door, 1, now);
		r->trace_checking = 1;
	}
}

static void handle_scan(struct run *r, const char *code, const char *source)
{
	struct door_job job;

	trace_event(source, code);
	if (!door_takes_scans(&r->door))
		return; /* someone is typing a search or a PIN: not a guest's scan */
	if (!scan_debounce_take(&r->debounce, code, (int64_t)SDL_GetTicks64())) {
		trace_event("debounced", code);
		return;
	}
	memset(&job, 0, sizeof job);
	job.kind = r->door.scan == DOOR_SCAN_EXIT ? DOOR_JOB_EXIT
		   : r->door.scan == DOOR_SCAN_STATION ? DOOR_JOB_STATION : DOOR_JOB_SCAN;
	(void)snprintf(job.text, sizeof job.text, "%s", code); /* longer than any kept code */
	(void)snprintf(job.name, sizeof job.name, "%s", r->door.station);
	submit(r, &job);
}

/* The menu's line about sync: target, last push, entries waiting, or why not. */
static void sync_line(struct run *r)
{
	struct sync_state st;
	char when[32], n[32];
	int last = 0;
	enum ui_lang l = r->door.lang;

	if (!bgsync_snapshot(&r->bg, &st, &last)) {
		char err[KERR_LEN];

		/* No step has finished (or no thread: screenshots): what the
		 * store itself says about the last push is still true. */
		memset(&st, 0, sizeof st);
		if (sync_state_read(r->st, &st, err) != 0) {
			(void)snprintf(r->door.sync_line, sizeof r->door.sync_line, "%s",
				       ui_str(S_SYNC_NOT_YET, l));
			return;
		}
	}
	if (!st.target[0]) {
		(void)snprintf(r->door.sync_line, sizeof r->door.sync_line, "%s", ui_str(S_SYNC_NO_TARGET, l));
		return;
	}
	if (ui_fmt_count(st.waiting, l, n, sizeof n) < 0)
		(void)snprintf(n, sizeof n, "?");
	if (last < 0 && st.last_error[0]) {
		(void)snprintf(r->door.sync_line, sizeof r->door.sync_line, ui_str(S_SYNC_FAILED, l), n,
			       st.last_error);
		return;
	}
	if (!st.last_push_ms || ui_fmt_clock(st.last_push_ms, r->door.tz_off_min, l, when, sizeof when) < 0)
		(void)snprintf(when, sizeof when, "%s", ui_str(S_SYNC_NEVER, l));
	(void)snprintf(r->door.sync_line, sizeof r->door.sync_line, ui_str(S_SYNC_STATE, l), when, n);
	if (st.double_entries > 0) {
		char d[32], more[DOOR_TEXT_MAX];
		size_t len = strlen(r->door.sync_line);

		if (ui_fmt_count(st.double_entries, l, d, sizeof d) < 0)
			(void)snprintf(d, sizeof d, "?");
		(void)snprintf(more, sizeof more, ui_str(S_DOUBLE_ENTRIES, l), d);
		(void)snprintf(r->door.sync_line + len, sizeof r->door.sync_line - len, " · %s", more);
	}
}

static void load_menu(struct run *r)
{
	char err[KERR_LEN];
	int n = doorq_recent(r->st, r->door.recent, DOOR_RECENT_MAX, err);

	if (n < 0) {
		cli_error(r->cli, "%s", err);
		n = 0;
	}
	r->door.nrecent = n;
	refresh_counts(r);
	sync_line(r);
	bgsync_kick(&r->bg); /* the organizer is looking: try a push now */
}

static void do_action(struct run *r, struct door_action a)
{
	char err[KERR_LEN] = "";
	int64_t now = cli_now_ms();

	switch (a.kind) {
	case DOOR_ACT_NONE:
		break;
	case DOOR_ACT_LANG:
		/* The organizer's choice outlives a restart (a device setting, not
		 * a journal entry); failing to keep it only means bn next time. */
		if (store_meta_set(r->st, "door_lang", ui_lang_code(r->door.lang), err) != 0)
			cli_error(r->cli, "%s", err);
		break;
	case DOOR_ACT_SEARCH: {
		struct door_person found[DOOR_RESULTS_MAX];
		int n = doorq_search(r->st, r->door.query, found, DOOR_RESULTS_MAX, err);

		if (n < 0) {
			cli_error(r->cli, "%s", err);
			n = 0;
		}
		door_set_results(&r->door, found, n);
		r->trace_results = 1;
		break;
	}
	case DOOR_ACT_CHECKIN:
	case DOOR_ACT_CHECKIN_KNOWN: {
		struct door_job job;

		memset(&job, 0, sizeof job);
		job.kind = DOOR_JOB_ATTENDEE;
		(void)snprintf(job.text, sizeof job.text, "%s",
			       a.kind == DOOR_ACT_CHECKIN ? r->door.result[a.index].id : r->door.w_known.id);
		submit(r, &job);
		break;
	}
	case DOOR_ACT_WALKIN: {
		char phone[PHONE_LEN];
		struct door_job job;
		const char *name = r->door.w_name;

		while (*name == ' ')
			name++;
		if (!*name) {
			door_walkin_error(&r->door, S_NEED_NAME);
			break;
		}
		if (phone_normalise(r->door.w_phone, phone) != 0) {
			door_walkin_error(&r->door, S_BAD_PHONE);
			break;
		}
		/* The worker asks the roster first (visits_walkin): a known number
		 * comes back as a question, never as a second person. */
		memset(&job, 0, sizeof job);
		job.kind = DOOR_JOB_WALKIN;
		(void)snprintf(job.name, sizeof job.name, "%s", name);
		memcpy(job.phone, phone, sizeof job.phone);
		submit(r, &job);
		break;
	}
	case DOOR_ACT_PIN: {
		int64_t until = 0;
		int res = pin_check(r->st, r->door.pin, now, &until, err);

		if (res == -1)
			cli_error(r->cli, "%s", err);
		trace_event("pin", res == 1 ? "ok" : res == 0 ? "wrong" : res == -2 ? "locked" : "error");
		a = door_pin_result(&r->door, res, until, now);
		if (a.kind == DOOR_ACT_MENU)
			load_menu(r);
		break;
	}
	case DOOR_ACT_MENU:
		load_menu(r);
		break;
	case DOOR_ACT_UNDO: {
		const struct door_recent *u = &r->door.recent[a.index];

		if (doorq_undo(r->st, u->device_id, u->seq,
			       door_undo_reason_name((enum door_undo_reason)r->door.undo_reason), now,
			       err) != 0) {
			(void)snprintf(r->door.menu_msg, sizeof r->door.menu_msg, "%s", err);
		} else {
			char name[DOOR_TEXT_MAX];

			(void)snprintf(name, sizeof name, "%s", u->name);
			(void)snprintf(r->door.menu_msg, sizeof r->door.menu_msg,
				       ui_str(S_UNDONE, r->door.lang), name);
			trace_event("undo", name);
		}
		load_menu(r);
		break;
	}
	case DOOR_ACT_QUIT:
		r->quit = 1;
		break;
	case DOOR_ACT_MODE:
		trace_event("mode", r->door.scan == DOOR_SCAN_EXIT ? "exit"
				    : r->door.scan == DOOR_SCAN_STATION ? "station" : "entry");
		refresh_counts(r);
		break;
	}
}

/* A physical key as the scanner means it: by position (scancode), so a
 * Bengali or other layout does not change the code. Shift or Caps Lock
 * selects upper case. Returns 0 for keys a scanner does not send. */
static char scancode_char(SDL_Scancode sc, Uint16 mod)
{
	int upper = ((mod & KMOD_SHIFT) != 0) != ((mod & KMOD_CAPS) != 0);
	int shift = (mod & KMOD_SHIFT) != 0;

	if (sc >= SDL_SCANCODE_A && sc <= SDL_SCANCODE_Z)
		return (char)((upper ? 'A' : 'a') + (sc - SDL_SCANCODE_A));
	if (sc >= SDL_SCANCODE_1 && sc <= SDL_SCANCODE_9)
		return shift ? 0 : (char)('1' + (sc - SDL_SCANCODE_1));
	if (sc >= SDL_SCANCODE_KP_1 && sc <= SDL_SCANCODE_KP_9)
		return (char)('1' + (sc - SDL_SCANCODE_KP_1));
	switch (sc) {
	case SDL_SCANCODE_0:
		return shift ? 0 : '0';
	case SDL_SCANCODE_KP_0:
		return '0';
	case SDL_SCANCODE_MINUS:
		return shift ? '_' : '-';
	case SDL_SCANCODE_PERIOD:
		return '.';
	case SDL_SCANCODE_SLASH:
		return '/';
	case SDL_SCANCODE_EQUALS:
		return shift ? '+' : '=';
	case SDL_SCANCODE_SPACE:
		return ' ';
	default:
		return 0;
	}
}

/* The clock of key events' timestamps (32-bit SDL ticks), so the pause that
 * ends a scan is measured on one clock whether a key or a timeout ends it. */
static int64_t key_clock(void)
{
	return (int64_t)SDL_GetTicks();
}

static void set_text_input(struct run *r)
{
	if (r->door.screen == r->last_screen)
		return;
	/* Typing screens take text through the layout; scan screens must not,
	 * or an input method could swallow the scanner's keys. */
	if (door_takes_scans(&r->door) || r->door.screen == DOOR_MENU)
		SDL_StopTextInput();
	else
		SDL_StartTextInput();
	if (r->door.screen == DOOR_READY)
		refresh_counts(r);
	r->last_screen = r->door.screen;
}

static void handle_key(struct run *r, const SDL_KeyboardEvent *k)
{
	char code[WEDGE_CODE_MAX];
	SDL_Scancode sc = k->keysym.scancode;
	int64_t now = cli_now_ms();

	if (sc == SDL_SCANCODE_ESCAPE) {
		door_escape(&r->door, now);
		return;
	}
	if (door_takes_scans(&r->door)) {
		if (sc == SDL_SCANCODE_RETURN || sc == SDL_SCANCODE_KP_ENTER) {
			if (wedge_enter(&r->wedge, code))
				handle_scan(r, code, "scan_key");
			return;
		}
		{
			char c = scancode_char(sc, k->keysym.mod);

			if (c && wedge_char(&r->wedge, c, (int64_t)k->timestamp, code))
				handle_scan(r, code, "scan_key");
		}
		return;
	}
	if (sc == SDL_SCANCODE_BACKSPACE) {
		if (r->door.screen == DOOR_SEARCH)
			trace_event("search_key", NULL);
		do_action(r, door_backspace(&r->door, now));
	}
	else if (sc == SDL_SCANCODE_RETURN || sc == SDL_SCANCODE_KP_ENTER)
		do_action(r, door_enter(&r->door, now));
}

/* --------------------------------------------------------------- drawing */

static void upload_preview(struct run *r)
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

static int render(struct run *r)
{
	/* For KIOSK_TRACE: which screen is up, in which language. */
	static const char *const names[DOOR_SCREEN_COUNT] = {"ready", "verdict", "search",
							     "walkin", "pin", "menu"};
	struct ui_metrics m;
	struct ui_list *l = run_sdl_next(&r->d, &m);
	char head[64];
	int rc;

	door_draw(&r->door, &m, cli_now_ms(), l);
	(void)snprintf(head, sizeof head, "%s %s", names[r->door.screen], ui_lang_code(r->door.lang));
	rc = run_sdl_present(&r->d, r->cli, head);
	if (rc <= 0)
		return rc;
	if (r->trace_checking && door_shows_checking(&r->door, cli_now_ms())) {
		trace_event("checking_frame", NULL);
		r->trace_checking = 0;
	}
	if (r->trace_results && r->door.screen == DOOR_SEARCH) {
		char n[16];

		(void)snprintf(n, sizeof n, "%d", r->door.nresult);
		trace_event("results_frame", n);
		r->trace_results = 0;
	}
	if (r->trace_verdict) {
		static const char *const outcomes[] = {"ok", "used", "rejected", "error"};

		trace_event("verdict_frame", outcomes[r->door.outcome]);
		r->trace_verdict = 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ events */

static void handle_event(void *ctx, const SDL_Event *ev)
{
	struct run *r = ctx;
	int64_t now = cli_now_ms();

	if (ev->type == r->done_event && r->done_event != 0) {
		handle_done(r, ev->user.data1);
		return;
	}
	if (ev->type == r->cam_event && r->cam_event != 0) {
		if (ev->user.code == CAMERA_EV_CODE) {
			handle_scan(r, ev->user.data1, "scan_camera");
			free(ev->user.data1);
		} else if (ev->user.code == CAMERA_EV_FRAME) {
			if (r->cam) /* not a frame of a camera closed since */
				upload_preview(r);
		} else if (ev->user.code == CAMERA_EV_LOST) {
			cli_error(r->cli, "%s", ev->user.data1 ? (char *)ev->user.data1 : "camera lost");
			free(ev->user.data1);
			r->door.camera = DOOR_CAMERA_NONE;
			r->door.has_preview = 0;
			if (r->cam_dev[0] && r->cam) {
				camera_close(r->cam);
				r->cam = NULL;
				r->cam_retry = key_clock() + CAMERA_RETRY_MS;
			}
		}
		return;
	}
	switch (ev->type) {
	case SDL_QUIT:
		/* Alt-F4 or the window's close button: guests get the PIN pad. */
		if (r->door.screen != DOOR_PIN && r->door.screen != DOOR_MENU)
			door_escape(&r->door, now);
		break;
	case SDL_KEYDOWN:
		handle_key(r, &ev->key);
		break;
	case SDL_TEXTINPUT:
		if (r->door.screen == DOOR_SEARCH)
			trace_event("search_key", NULL);
		if (!door_takes_scans(&r->door))
			do_action(r, door_type(&r->door, ev->text.text, now));
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (ev->button.button == SDL_BUTTON_LEFT) {
			int id = ui_hit(&r->d.list[r->d.cur], ev->button.x, ev->button.y);

			if (id >= 0)
				do_action(r, door_press(&r->door, id, now));
		}
		break;
	case SDL_WINDOWEVENT:
		run_sdl_window_event(&r->d, r->cli, &ev->window);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------- setup */

static int open_camera(struct run *r, const char *camera, const char *frames, int fps,
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
		r->cam_retry = key_clock() + CAMERA_RETRY_MS;
		return 0;
	}
	r->door.camera = DOOR_CAMERA_ON;
	return 0;
}

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
	if (strcmp(show, "search") == 0)
		id = DOOR_T_SEARCH;
	else if (strcmp(show, "walkin") == 0)
		id = DOOR_T_WALKIN;
	else if (strcmp(show, "pin") == 0 || strcmp(show, "menu") == 0 || strcmp(show, "undo") == 0)
		id = DOOR_T_MENU;
	else
		return -1;
	do_action(r, door_press(&r->door, id, now));
	if (strcmp(show, "menu") == 0 || strcmp(show, "undo") == 0) {
		/* For screenshots: the menu as the organizer sees it after the PIN;
		 * undo: its question about the latest check-in, a reason picked. */
		(void)door_pin_result(&r->door, 1, 0, now);
		load_menu(r);
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
		do_action(r, door_type(&r->door, p, now));
		if (submit)
			do_action(r, door_enter(&r->door, now));
	}
	return 0;
}

/* The check-in thread with its own store handle. If it cannot start, the
 * door still works, with check-ins on this thread as before. */
static void start_worker(struct run *r)
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
	if (store_set_busy_ms(st, DOOR_BUSY_MS, err) != 0 ||
	    door_worker_start(&r->worker, st, r->door_name, worker_done, r, err) != 0) {
		cli_error(r->cli, "check-ins on the screen's thread: %s", err);
		store_close(st);
	}
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

/* ------------------------------------------------------------------- main */

/* Look for the camera again (plugged in late, or back after unplugging). */
static void retry_camera(struct run *r)
{
	char err[KERR_LEN];
	struct stat sb;

	r->cam_retry = key_clock() + CAMERA_RETRY_MS;
	if (stat(r->cam_dev, &sb) != 0 ||
	    camera_open_v4l2(&r->cam, r->cam_dev, r->cam_event, err) != 0)
		return;
	trace_event("camera_back", r->cam_dev);
	r->door.camera = DOOR_CAMERA_ON;
	r->cam_retry = 0;
}

static int loop(struct run *r, const char *shot, int after_ms)
{
	Uint64 start = SDL_GetTicks64();
	char code[WEDGE_CODE_MAX];

	while (!r->quit) {
		int64_t now = cli_now_ms();
		int timeout = -1, t;

		(void)door_tick(&r->door, now); /* the draw list shows whether it changed */
		if (wedge_poll(&r->wedge, key_clock(), code))
			handle_scan(r, code, "scan_key");
		set_text_input(r);
		if (render(r) != 0)
			return EXIT_ERROR;
		if (shot) {
			int64_t left = run_sdl_shot_left(start, after_ms);

			/* A --scan's verdict is what the picture is for: wait for
			 * the answer, unless the screen already says "checking...". */
			if (left <= 0 && r->pending && !door_shows_checking(&r->door, now))
				left = 1;
			if (left <= 0) {
				r->d.force = 1;
				if (render(r) != 0 || run_sdl_save_png(&r->d, r->cli, shot) != 0)
					return EXIT_ERROR;
				return EXIT_OK;
			}
			timeout = (int)left;
		}
		if (r->cam_retry && key_clock() >= r->cam_retry)
			retry_camera(r);
		if (r->cam_retry) {
			t = (int)(r->cam_retry - key_clock());
			if (t < 0)
				t = 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		t = door_wake_ms(&r->door, now);
		if (t >= 0 && (timeout < 0 || t < timeout))
			timeout = t;
		t = wedge_timeout_ms(&r->wedge, key_clock());
		if (t >= 0 && (timeout < 0 || t < timeout))
			timeout = t;
		/* No CPU while the door is idle. */
		run_sdl_wait(timeout, handle_event, r);
	}
	return EXIT_OK;
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
	const char *show = NULL, *type = NULL, *lang = "bn", *station = NULL;
	int win_w = 1280, win_h = 720, windowed = 0, fullscreen = 0, fps = 0, after_ms = 300;
	int explicit_camera = 0, lang_given = 0, rc = EXIT_ERROR, opt;
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
		case 'r': fps = atoi(optarg); break;
		case 'd': (void)snprintf(r->door_name, sizeof r->door_name, "%s", optarg); break;
		case 'l': lang = optarg; lang_given = 1; break;
		case 's': shot = optarg; break;
		case 'a': after_ms = atoi(optarg); break;
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
	    strcmp(show, "undo") != 0) {
		cli_error(c, "run: --show wants ready, search, walkin, pin, menu or undo (got '%s')", show);
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
	if (after_ms < 0 || fps < 0) {
		cli_error(c, "run: --after-ms and --fps must not be negative");
		return EXIT_USAGE;
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
		for (i = 0; i < s.nstations; i++)
			found |= strcmp(s.station[i].name, station) == 0;
		if (!found) {
			cli_error(c, "run: no station '%s' (add it with 'kiosk station add')", station);
			goto out_store;
		}
		(void)snprintf(r->door.station, sizeof r->door.station, "%s", station);
		r->door.scan = DOOR_SCAN_STATION;
	}
	wedge_init(&r->wedge);
	scan_debounce_init(&r->debounce);
	r->last_screen = DOOR_SCREEN_COUNT;

	if (run_sdl_libs_open(shot, IMG_INIT_PNG,
			      "(no display? on a console try SDL_VIDEODRIVER=kmsdrm; for a picture use "
			      "--screenshot)", err) != 0) {
		cli_error(c, "%s", err);
		goto out_store;
	}
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
	/* Without --camera: /dev/video0, looked for again later if it is not
	 * there yet. --camera none: no camera and no looking. */
	if (!camera && !frames && !shot)
		camera = CAMERA_DEFAULT;
	if (open_camera(r, camera, frames, fps, explicit_camera) != 0)
		goto out_display;
	if (!shot && sounds[0] && !sound_open(&r->snd, sounds, err))
		fprintf(stderr, "kiosk: silent: %s\n", err); /* no audio is fine */
	/* Sync never blocks the door: it runs beside it (not for screenshots). */
	if (!shot && bgsync_start(&r->bg, c->data_dir, err) != 0)
		fprintf(stderr, "kiosk: no background sync: %s\n", err);
	start_worker(r);
	refresh_counts(r);
	if (show)
		(void)show_screen(r, show, type); /* the name was checked with the options */
	if (scan)
		handle_scan(r, scan, "scan_arg");
	rc = loop(r, shot, after_ms);
	trace_event("exit", NULL);
	stop_worker(r);
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
