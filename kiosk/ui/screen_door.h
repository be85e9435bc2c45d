/* screen_door.h - the door mode's screens as a pure state machine: what is
 * shown (ready, verdict, search, walk-in, PIN, organizer menu), what a touch
 * does, and the draw list of each screen. Pure: libc only; the adapter
 * (cmd_run.c) does every store call and feeds the results back in.
 * Single-threaded: only the UI thread touches a struct door. */
#ifndef KIOSK_SCREEN_DOOR_H
#define KIOSK_SCREEN_DOOR_H

#include <stdint.h>

#include "core/door_rows.h"
#include "ui_draw.h"
#include "ui_kb.h"
#include "ui_layout.h"
#include "ui_strings.h"

#define DOOR_PIN_MAX 12

/* How long each verdict stays before the ready screen returns. */
#define DOOR_OK_MS 3000
#define DOOR_USED_MS 5000
#define DOOR_REJECTED_MS 6000
#define DOOR_ERROR_MS 8000
/* A check-in that takes longer than this shows "checking..." until its
 * verdict: quicker ones go straight to the verdict without a flash. */
#define DOOR_CHECKING_SHOW_MS 100
/* Search, walk-in, PIN and menu fall back to ready after this long untouched,
 * so a half-typed search never blocks the next guest. */
#define DOOR_IDLE_MS 60000

/* The image id of the camera preview in the draw list. */
#define DOOR_IMAGE_PREVIEW 1

enum door_screen {
	DOOR_READY,
	DOOR_VERDICT,
	DOOR_SEARCH,
	DOOR_WALKIN,
	DOOR_PIN,
	DOOR_MENU,
	DOOR_LOCKED,    /* started without the passphrase: waits for the unlock card */
	DOOR_SCREEN_COUNT
};

enum door_outcome { DOOR_OK, DOOR_USED, DOOR_REJECTED, DOOR_ERROR };

/* Why a check-in is undone (asked before every undo). */
enum door_undo_reason { DOOR_UNDO_WRONG, DOOR_UNDO_TWICE, DOOR_UNDO_LEFT, DOOR_UNDO_REASONS };

enum door_camera { DOOR_CAMERA_NONE, DOOR_CAMERA_ON };

/* What a scan does at this door: let in, let out, or serve at a station. */
enum door_scan { DOOR_SCAN_ENTRY, DOOR_SCAN_EXIT, DOOR_SCAN_STATION };

/* Which kind of verdict is shown (the words differ, the colours follow the outcome). */
enum door_vkind { DOOR_V_ENTRY, DOOR_V_REENTRY, DOOR_V_EXIT, DOOR_V_STATION };

/* Touch target ids. */
enum {
	DOOR_T_BACK = 1,
	DOOR_T_SEARCH,
	DOOR_T_WALKIN,
	DOOR_T_MENU,
	DOOR_T_LANG,
	DOOR_T_OK,
	DOOR_T_FIELD_NAME,
	DOOR_T_FIELD_PHONE,
	DOOR_T_REGISTER,
	DOOR_T_LEAVE,
	DOOR_T_CLEAR,
	DOOR_T_MODE,
	DOOR_T_YES,
	DOOR_T_NO,
	DOOR_T_UNDO_CONFIRM,
	DOOR_T_REASON = 300,   /* + enum door_undo_reason */
	DOOR_T_RESULT = 100,   /* + index */
	DOOR_T_UNDO = 200,     /* + index */
	DOOR_T_KEY = 1000,     /* + key index */
};

struct door {
	enum ui_lang lang;
	int tz_off_min;
	char event_name[DOOR_TEXT_MAX];
	char door_name[DOOR_ID_MAX];
	int64_t checked_in, expected, walkins;  /* checked_in: admitted at least once */
	int64_t inside;                 /* guests inside now */
	int64_t collected;              /* DOOR_SCAN_STATION: guests served here */
	enum door_scan scan;
	char station[DOOR_ID_MAX];      /* DOOR_SCAN_STATION: its name; "" when none */
	struct door_status status;      /* DOOR_MENU: per door and station */
	int self_service;               /* search and walk-in need the PIN (door set --self-service) */
	enum door_camera camera;
	int has_preview;        /* a preview image is available to draw */

	enum door_screen screen;
	int64_t touched_ms;     /* last touch, for DOOR_IDLE_MS */
	/* A check-in or walk-in is being written off the screen's thread: touches
	 * and typing wait, and "checking..." covers the screen from
	 * checking_since_ms + DOOR_CHECKING_SHOW_MS until the verdict. */
	int checking;
	int64_t checking_since_ms;

	/* DOOR_VERDICT */
	enum door_outcome outcome;
	char v_name[DOOR_TEXT_MAX];
	char v_type[DOOR_ID_MAX];
	char v_detail[DOOR_TEXT_MAX];  /* rejection reason or error line */
	int64_t v_first_at_ms;
	char v_first_door[DOOR_ID_MAX];
	int64_t v_until_ms;
	enum door_vkind v_kind;
	int64_t v_at_ms;               /* when the verdict was shown (exit time) */

	/* DOOR_SEARCH */
	char query[DOOR_QUERY_MAX];
	enum ui_kb kb;
	struct door_person result[DOOR_RESULTS_MAX];
	int nresult;
	int loading;            /* the search is not ready yet: "loading..." */

	/* DOOR_WALKIN */
	char w_name[DOOR_QUERY_MAX];
	char w_phone[32];
	int w_focus;            /* 0 name, 1 phone */
	int w_msg;              /* an enum ui_str, or -1 */
	int w_has_known;        /* the phone is on the roster: ask before anything */
	struct door_person w_known;

	/* DOOR_PIN */
	enum door_screen pin_then;      /* where the right PIN leads: the menu, or search/walk-in */
	char pin[DOOR_PIN_MAX + 1];
	int pin_msg;            /* an enum ui_str, or -1 */
	int64_t pin_locked_until_ms;

	/* DOOR_MENU */
	struct door_recent recent[DOOR_RECENT_MAX];
	int nrecent;
	char menu_msg[DOOR_TEXT_MAX];
	int undo_pending;       /* recent[] index asked about, or -1 */
	int undo_reason;        /* enum door_undo_reason picked, or -1 */
	char sync_line[DOOR_TEXT_MAX]; /* background sync: last push, waiting ("" hides) */

	/* DOOR_LOCKED */
	int lock_msg;           /* an enum ui_str (S_NOT_CARD ...), or -1 */
};

/* What the adapter must do after a touch or key. */
enum door_act {
	DOOR_ACT_NONE,      /* nothing (maybe a redraw) */
	DOOR_ACT_SEARCH,    /* query changed: fill result[] with door_set_results */
	DOOR_ACT_CHECKIN,   /* check in result[index] by id */
	DOOR_ACT_WALKIN,    /* register w_name / w_phone */
	DOOR_ACT_PIN,       /* check pin; then door_pin_result */
	DOOR_ACT_MENU,      /* menu opened: fill recent[] and counts */
	DOOR_ACT_UNDO,      /* undo recent[index] for undo_reason (asked and confirmed) */
	DOOR_ACT_LANG,      /* language switched: the adapter may persist it */
	DOOR_ACT_QUIT,      /* leave kiosk mode (only reachable from the menu) */
	DOOR_ACT_MODE,      /* scan mode changed in the menu (entry, exit, station) */
	DOOR_ACT_CHECKIN_KNOWN, /* check in w_known by id (the walk-in's phone was known) */
};

struct door_action {
	enum door_act kind;
	int index;
};

/* The data is locked (issue 14): show DOOR_LOCKED until door_unlock_result
 * says a scanned unlock card opened it. Scans go to the adapter as usual
 * (door_takes_scans); touches do nothing but switch the language. */
void door_lock(struct door *d, int64_t now_ms);
/* 1 while the door waits for its unlock card. */
int door_is_locked(const struct door *d);
/* What a scan on the locked screen did: 0 unlocked (the ready screen), 1 not
 * the card (say so), -1 an error (say so; stay locked). */
void door_unlock_result(struct door *d, int result, int64_t now_ms);

/* Start on the ready screen in lang. Allocates nothing. */
void door_init(struct door *d, enum ui_lang lang);

/* Append the current screen to l (initialised by the caller for m->w x m->h). */
void door_draw(const struct door *d, const struct ui_metrics *m, int64_t now_ms,
	       struct ui_list *l);

/* A press on target id (from ui_hit). Returns what the adapter must do. */
struct door_action door_press(struct door *d, int id, int64_t now_ms);

/* Text from a physical keyboard on a typing screen (PIN: digits only).
 * Returns DOOR_ACT_SEARCH when the search query changed. */
struct door_action door_type(struct door *d, const char *utf8, int64_t now_ms);
/* Backspace and Enter on a typing screen (Enter submits the PIN or the walk-in). */
struct door_action door_backspace(struct door *d, int64_t now_ms);
struct door_action door_enter(struct door *d, int64_t now_ms);

/* Escape, Alt-F4 or a close request: guests get the PIN pad, never an exit. */
void door_escape(struct door *d, int64_t now_ms);

/* Show a verdict until now_ms + its dwell time. detail is the reason or error
 * line (may be NULL); first_* describe an earlier entry for DOOR_USED. */
void door_show_verdict(struct door *d, enum door_outcome o, const char *name,
		       const char *type, const char *detail, int64_t first_at_ms,
		       const char *first_door, int64_t now_ms);

/* Machine word of an undo reason for the journal ("wrong_person", ...). */
const char *door_undo_reason_name(enum door_undo_reason r);

/* Say which kind of scan the verdict just shown answers (after
 * door_show_verdict; it starts as DOOR_V_ENTRY). */
void door_verdict_kind(struct door *d, enum door_vkind kind);

/* A check-in was handed to the store's thread (on = 1) or all such have
 * answered (on = 0). */
void door_set_checking(struct door *d, int on, int64_t now_ms);
/* 1 if the screen shows "checking..." now. */
int door_shows_checking(const struct door *d, int64_t now_ms);

/* Search results (n <= DOOR_RESULTS_MAX; more are cut). */
void door_set_results(struct door *d, const struct door_person *p, int n);
/* The search cannot answer yet (its index is still being built): the
 * results say "loading..." instead of "nobody found". 1 or 0; results set
 * with door_set_results clear it. */
void door_set_loading(struct door *d, int on);

/* The PIN check's answer: 1 right (the menu opens and DOOR_ACT_MENU is
 * returned, or the search or walk-in a self-service door asked the PIN for),
 * 0 wrong, -2 locked until locked_until_ms, -1 failed. */
struct door_action door_pin_result(struct door *d, int result, int64_t locked_until_ms,
				   int64_t now_ms);

/* Walk-in validation failed: show msg (an enum ui_str) on the walk-in screen. */
void door_walkin_error(struct door *d, int msg);

/* The walk-in's phone belongs to p: ask "this number belongs to NAME: check
 * them in?" (Yes: DOOR_ACT_CHECKIN_KNOWN; No: back to the form). */
void door_walkin_known(struct door *d, const struct door_person *p);

/* Time passes: verdicts end, idle screens fall back. Returns 1 if the screen
 * changed. */
int door_tick(struct door *d, int64_t now_ms);

/* Milliseconds until door_tick may change something (or a countdown on
 * screen changes), or -1 for never: the event loop sleeps that long. */
int door_wake_ms(const struct door *d, int64_t now_ms);

/* 1 if a scanner key burst should count as a scan on this screen (not while
 * the guest types into a field). */
int door_takes_scans(const struct door *d);

#endif
