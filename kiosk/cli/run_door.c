/* run_door.c - the door on screen while it runs: input (USB scanner by
 * scancode, camera codes, touches, keys) turned into store calls through the
 * check-in worker, its answers handed to the pure door screen, the drawing
 * and the event loop. cmd_run.c starts and stops it.
 * Front end: may use everything; decides nothing a screen shows. */

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/ticket.h"
#include "store/checkin.h"
#include "store/doorq.h"
#include "store/pin.h"
#include "store/search.h"
#include "store/store.h"
#include "store/vault.h"
#include "store/visits.h"
#include "io/trace.h"
#include "run_door.h"

/* --------------------------------------------------------------- helpers */

void run_door_refresh_counts(struct run *r)
{
	char err[KERR_LEN];
	struct door_status *s = &r->door.status;
	int i;

	/* The door_counts projection: admitted, inside, exits, expected,
	 * walk-ins, per door; stations by their index (store/visits.c). */
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
	run_door_refresh_counts(r); /* inside, exits and stations too */
	free(d);
}

/* The worker thread's callback: hand the answer to the screen's thread. */
void run_door_worker_done(void *ctx, struct door_done *d)
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

/* ------------------------------------------------------------ the search */

/* Post to the screen's thread, the way the worker does (a full queue drains
 * in moments). Returns 1 posted, 0 not. */
static int post(uint32_t type, void *data1, char *data2)
{
	SDL_Event ev;
	int i;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.user.data1 = data1;
	ev.user.data2 = data2;
	for (i = 0; i < 500; i++) {
		if (SDL_PushEvent(&ev) == 1)
			return 1;
		SDL_Delay(10);
	}
	return 0;
}

void run_door_index_done(void *ctx, struct search_index *ix, const char *err)
{
	struct run *r = ctx;
	char *msg = ix ? NULL : strdup(err && *err ? err : "cannot index the roster");

	if (!post(r->index_event, ix, msg)) {
		search_index_free(ix); /* the next search asks again */
		free(msg);
	}
}

void run_door_index_start(struct run *r)
{
	char err[KERR_LEN];
	struct store *st = NULL;

	/* A locked door cannot read the names: the card's scan starts it. */
	if (r->indexer.running || !r->index_event || door_is_locked(&r->door))
		return;
	if (cli_open_store(r->cli, &st, 0) != 0)
		return; /* cli_open_store said why; the next search asks again */
	/* Sealed names (issue 14) need the key on the builder's handle too. */
	if (vault_is_unlocked(r->st) && vault_share(st, r->st, err) != 0) {
		cli_error(r->cli, "search: %s", err);
		store_close(st);
		return;
	}
	if (door_index_start(&r->indexer, st, run_door_index_done, r, err) != 0) {
		cli_error(r->cli, "search: %s", err);
		store_close(st);
	}
}

/* The indexer's answer: the new index replaces the old one, and a search
 * typed while it was built is answered now. */
static void index_arrived(struct run *r, const SDL_Event *ev)
{
	door_index_join(&r->indexer);
	if (!ev->user.data1) {
		cli_error(r->cli, "search: %s", (char *)ev->user.data2);
		free(ev->user.data2);
		return;
	}
	search_index_free(r->search);
	r->search = ev->user.data1;
	if (r->door.screen == DOOR_SEARCH && r->door.query[0])
		run_door_action(r, (struct door_action){DOOR_ACT_SEARCH, 0});
}

static void search(struct run *r)
{
	struct door_person found[DOOR_RESULTS_MAX];
	char err[KERR_LEN];
	int n = 0;

	r->trace_results = 1;
	if (!r->search) {
		door_set_loading(&r->door, r->door.query[0] != 0);
		run_door_index_start(r);
		return;
	}
	/* Guests added since (a walk-in here, a pull, an import): one index
	 * lookup when there are none. Many at once: build anew beside. */
	n = search_index_refresh(r->st, r->search, err);
	if (n < 0)
		cli_error(r->cli, "%s", err);
	else if (n == 1)
		run_door_index_start(r);
	n = search_index_find(r->st, r->search, r->door.query, found, DOOR_RESULTS_MAX, err);
	if (n < 0) {
		cli_error(r->cli, "%s", err);
		n = 0;
	}
	/* At a station the mark is "has collected here", not "is inside":
	 * a few indexed reads, one per result shown. */
	for (int i = 0; i < n && r->door.scan == DOOR_SCAN_STATION; i++) {
		int64_t at;
		int c = checkin_station_collected(r->st, r->door.station, found[i].id, &at, err);

		if (c < 0)
			cli_error(r->cli, "%s", err);
		found[i].is_in = c > 0;
	}
	door_set_results(&r->door, found, n);
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

/* A scan while the door is locked: the unlock card opens the data key;
 * anything else is not it. */
static void scan_unlock(struct run *r, const char *code)
{
	char err[KERR_LEN];
	int res = vault_is_card_text(code) ? vault_unlock_card(r->st, code, err) : 1;

	door_unlock_result(&r->door, res, cli_now_ms());
	if (res != 0) {
		if (res < 0)
			cli_error(r->cli, "unlock card: %s", err);
		trace_event("unlock_refused", NULL);
		sound_play(r->snd, SOUND_REJECTED);
		return;
	}
	trace_event("unlocked", NULL);
	(void)cli_sign_appends(r->cli, r->st);
	run_door_start_worker(r);
	run_door_index_start(r); /* the roster can be read now */
	run_door_refresh_counts(r);
	sound_play(r->snd, SOUND_OK);
}

int run_door_code_whole(const char *code)
{
	struct ticket t;

	return ticket_decode(code, &t) == 0;
}

void run_door_scan(struct run *r, const char *code, const char *source)
{
	struct door_job job;

	/* Neither a card's secret nor a guest's vCard goes to the trace log. */
	trace_code(source, code);
	if (!door_takes_scans(&r->door))
		return; /* someone is typing a search or a PIN: not a guest's scan */
	if (!scan_debounce_take(&r->debounce, code, (int64_t)SDL_GetTicks64())) {
		trace_code("debounced", code);
		return;
	}
	if (door_is_locked(&r->door)) {
		scan_unlock(r, code);
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

void run_door_load_menu(struct run *r)
{
	char err[KERR_LEN];
	int n = doorq_recent(r->st, r->door.recent, DOOR_RECENT_MAX, err);

	if (n < 0) {
		cli_error(r->cli, "%s", err);
		n = 0;
	}
	r->door.nrecent = n;
	run_door_refresh_counts(r);
	sync_line(r);
	bgsync_kick(&r->bg); /* the organizer is looking: try a push now */
}

void run_door_action(struct run *r, struct door_action a)
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
	case DOOR_ACT_SEARCH:
		search(r);
		break;
	case DOOR_ACT_CHECKIN:
	case DOOR_ACT_CHECKIN_KNOWN: {
		struct door_job job;

		memset(&job, 0, sizeof job);
		job.kind = DOOR_JOB_ATTENDEE;
		/* a station's search serves the guest found there (a walk-in has
		 * no ticket to scan) */
		if (a.kind == DOOR_ACT_CHECKIN && r->door.scan == DOOR_SCAN_STATION) {
			job.kind = DOOR_JOB_STATION_ATTENDEE;
			(void)snprintf(job.name, sizeof job.name, "%s", r->door.station);
		}
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
			run_door_load_menu(r);
		break;
	}
	case DOOR_ACT_MENU:
		run_door_load_menu(r);
		break;
	case DOOR_ACT_UNDO: {
		const struct door_recent *u = &r->door.recent[a.index];

		if (doorq_undo(r->st, u->device_id, u->seq,
			       door_undo_reason_name((enum door_undo_reason)r->door.undo_reason), now,
			       err) != 0) {
			(void)snprintf(r->door.menu_msg, sizeof r->door.menu_msg, "%s", err);
		} else {
			char name[DOOR_TEXT_MAX], entry[DOOR_ID_MAX + 24];

			(void)snprintf(name, sizeof name, "%s", u->name);
			(void)snprintf(r->door.menu_msg, sizeof r->door.menu_msg,
				       ui_str(S_UNDONE, r->door.lang), name);
			/* The entry, not the guest's name: a trace file is on disk
			 * (issue 14). */
			(void)snprintf(entry, sizeof entry, "%s:%lld", u->device_id, (long long)u->seq);
			trace_event("undo", entry);
		}
		run_door_load_menu(r);
		break;
	}
	case DOOR_ACT_QUIT:
		r->quit = 1;
		break;
	case DOOR_ACT_MODE:
		trace_event("mode", r->door.scan == DOOR_SCAN_EXIT ? "exit"
				    : r->door.scan == DOOR_SCAN_STATION ? "station" : "entry");
		run_door_refresh_counts(r);
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

int64_t run_key_clock(void)
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
		run_door_refresh_counts(r);
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
				run_door_scan(r, code, "scan_key");
			return;
		}
		{
			char c = scancode_char(sc, k->keysym.mod);

			if (c && wedge_char(&r->wedge, c, (int64_t)k->timestamp, code))
				run_door_scan(r, code, "scan_key");
		}
		return;
	}
	if (sc == SDL_SCANCODE_BACKSPACE) {
		if (r->door.screen == DOOR_SEARCH)
			trace_event("search_key", NULL);
		run_door_action(r, door_backspace(&r->door, now));
	}
	else if (sc == SDL_SCANCODE_RETURN || sc == SDL_SCANCODE_KP_ENTER)
		run_door_action(r, door_enter(&r->door, now));
}

/* --------------------------------------------------------------- drawing */


static int render(struct run *r)
{
	/* For KIOSK_TRACE: which screen is up, in which language. */
	static const char *const names[DOOR_SCREEN_COUNT] = {"ready", "verdict", "search",
							     "walkin", "pin", "menu", "locked"};
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
	if (ev->type == r->index_event && r->index_event != 0) {
		index_arrived(r, ev);
		return;
	}
	if (ev->type == r->cam_event && r->cam_event != 0) {
		if (ev->user.code == CAMERA_EV_CODE) {
			run_door_scan(r, ev->user.data1, "scan_camera");
			free(ev->user.data1);
		} else if (ev->user.code == CAMERA_EV_FRAME) {
			if (r->cam) /* not a frame of a camera closed since */
				run_camera_preview(r);
		} else if (ev->user.code == CAMERA_EV_LOST) {
			cli_error(r->cli, "%s", ev->user.data1 ? (char *)ev->user.data1 : "camera lost");
			free(ev->user.data1);
			r->door.camera = DOOR_CAMERA_NONE;
			r->door.has_preview = 0;
			if (r->cam_dev[0] && r->cam) {
				camera_close(r->cam);
				r->cam = NULL;
				r->cam_retry = run_key_clock() + CAMERA_RETRY_MS;
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
			run_door_action(r, door_type(&r->door, ev->text.text, now));
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (ev->button.button == SDL_BUTTON_LEFT) {
			int id = ui_hit(&r->d.list[r->d.cur], ev->button.x, ev->button.y);

			if (id >= 0)
				run_door_action(r, door_press(&r->door, id, now));
		}
		break;
	case SDL_WINDOWEVENT:
		run_sdl_window_event(&r->d, r->cli, &ev->window);
		break;
	default:
		break;
	}
}

/* -------------------------------------------------------------------- loop */

int run_door_loop(struct run *r, const char *shot, int after_ms)
{
	Uint64 start = SDL_GetTicks64();
	char code[WEDGE_CODE_MAX];

	while (!r->quit) {
		int64_t now = cli_now_ms();
		int timeout = -1, t;

		(void)door_tick(&r->door, now); /* the draw list shows whether it changed */
		if (wedge_poll(&r->wedge, run_key_clock(), code))
			run_door_scan(r, code, "scan_key");
		set_text_input(r);
		if (render(r) != 0)
			return EXIT_ERROR;
		if (r->late_start && r->d.have_frame) {
			r->late_start = 0;
			run_door_late_start(r);
		}
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
		if (r->cam_retry && run_key_clock() >= r->cam_retry)
			run_camera_retry(r);
		if (r->cam_retry) {
			t = (int)(r->cam_retry - run_key_clock());
			if (t < 0)
				t = 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		t = door_wake_ms(&r->door, now);
		if (t >= 0 && (timeout < 0 || t < timeout))
			timeout = t;
		t = wedge_timeout_ms(&r->wedge, run_key_clock());
		if (t >= 0 && (timeout < 0 || t < timeout))
			timeout = t;
		/* No CPU while the door is idle. */
		run_sdl_wait(timeout, handle_event, r);
	}
	return EXIT_OK;
}
