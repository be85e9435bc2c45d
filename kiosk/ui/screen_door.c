/* screen_door.c - the door mode's state machine: screens, keys, PIN,
 * search, walk-in and undo (the draw lists are in screen_door_draw.c).
 * Pure: libc only. */
#include "screen_door.h"

#include <string.h>

#include "ui_text.h"

/* ------------------------------------------------------------------ state */

void door_init(struct door *d, enum ui_lang lang)
{
	memset(d, 0, sizeof *d);
	d->lang = lang;
	d->tz_off_min = 360;
	d->screen = DOOR_READY;
	d->kb = UI_KB_DIGITS;
	d->w_msg = -1;
	d->pin_msg = -1;
	d->pin_then = DOOR_MENU;
	d->undo_pending = -1;
	d->undo_reason = -1;
	d->lock_msg = -1;
	ui_utf8_copy(d->door_name, sizeof d->door_name, "door 1");
}

void door_lock(struct door *d, int64_t now_ms)
{
	d->screen = DOOR_LOCKED;
	d->lock_msg = -1;
	d->touched_ms = now_ms;
}

int door_is_locked(const struct door *d)
{
	return d->screen == DOOR_LOCKED;
}

void door_unlock_result(struct door *d, int result, int64_t now_ms)
{
	if (d->screen != DOOR_LOCKED)
		return;
	d->touched_ms = now_ms;
	if (result == 0) {
		d->lock_msg = -1;
		d->screen = DOOR_READY;
		return;
	}
	d->lock_msg = result == 1 ? S_NOT_CARD : S_UNLOCK_FAILED;
}

static void go(struct door *d, enum door_screen s, int64_t now_ms)
{
	d->screen = s;
	d->touched_ms = now_ms;
	if (s == DOOR_PIN) {
		d->pin[0] = '\0';
		d->pin_msg = -1;
	}
	if (s == DOOR_SEARCH) {
		d->query[0] = '\0';
		d->nresult = 0;
		d->kb = UI_KB_DIGITS;
	}
	if (s == DOOR_WALKIN) {
		d->w_name[0] = '\0';
		d->w_phone[0] = '\0';
		d->w_focus = 0;
		d->w_msg = -1;
		d->w_has_known = 0;
		d->kb = d->lang == UI_BN ? UI_KB_BENGALI : UI_KB_LATIN;
	}
	if (s == DOOR_MENU) {
		d->menu_msg[0] = '\0';
		d->undo_pending = -1;
		d->undo_reason = -1;
	}
}

const char *door_undo_reason_name(enum door_undo_reason r)
{
	static const char *const names[DOOR_UNDO_REASONS] = {"wrong_person", "scanned_twice",
							      "left_event"};

	return (unsigned)r < DOOR_UNDO_REASONS ? names[r] : "other";
}

void door_escape(struct door *d, int64_t now_ms)
{
	if (d->screen == DOOR_LOCKED)
		return; /* no menu without the key: the PIN is inside the encrypted part */
	d->pin_then = DOOR_MENU;
	if (d->screen == DOOR_PIN || d->screen == DOOR_MENU)
		go(d, DOOR_READY, now_ms);
	else
		go(d, DOOR_PIN, now_ms);
}

void door_show_verdict(struct door *d, enum door_outcome o, const char *name,
		       const char *type, const char *detail, int64_t first_at_ms,
		       const char *first_door, int64_t now_ms)
{
	static const int dwell[] = {DOOR_OK_MS, DOOR_USED_MS, DOOR_REJECTED_MS, DOOR_ERROR_MS};

	d->outcome = o;
	d->v_kind = DOOR_V_ENTRY;
	d->v_at_ms = now_ms;
	ui_utf8_copy(d->v_name, sizeof d->v_name, name);
	ui_utf8_copy(d->v_type, sizeof d->v_type, type);
	ui_utf8_copy(d->v_detail, sizeof d->v_detail, detail);
	d->v_first_at_ms = first_at_ms;
	ui_utf8_copy(d->v_first_door, sizeof d->v_first_door, first_door);
	d->v_until_ms = now_ms + dwell[o];
	d->screen = DOOR_VERDICT;
	d->touched_ms = now_ms;
}

void door_verdict_kind(struct door *d, enum door_vkind kind)
{
	d->v_kind = kind;
}

void door_set_checking(struct door *d, int on, int64_t now_ms)
{
	if (on && !d->checking)
		d->checking_since_ms = now_ms;
	d->checking = on;
}

int door_shows_checking(const struct door *d, int64_t now_ms)
{
	return d->checking && now_ms - d->checking_since_ms >= DOOR_CHECKING_SHOW_MS;
}

void door_set_results(struct door *d, const struct door_person *p, int n)
{
	if (n > DOOR_RESULTS_MAX)
		n = DOOR_RESULTS_MAX;
	if (n < 0)
		n = 0;
	memcpy(d->result, p, (size_t)n * sizeof *p);
	d->nresult = n;
	d->loading = 0;
}

void door_set_loading(struct door *d, int on)
{
	d->loading = on;
	if (on)
		d->nresult = 0;
}

struct door_action door_pin_result(struct door *d, int result, int64_t locked_until_ms,
				   int64_t now_ms)
{
	struct door_action a = {DOOR_ACT_NONE, 0};

	d->pin[0] = '\0';
	d->touched_ms = now_ms;
	if (result == 1 && d->pin_then != DOOR_MENU) {
		go(d, d->pin_then, now_ms); /* a self-service door's search or walk-in */
		d->pin_then = DOOR_MENU;
	} else if (result == 1) {
		go(d, DOOR_MENU, now_ms);
		a.kind = DOOR_ACT_MENU;
	} else if (result == -2) {
		d->pin_msg = S_PIN_LOCKED;
		d->pin_locked_until_ms = locked_until_ms;
	} else if (result == 0) {
		d->pin_msg = S_PIN_WRONG;
	} else {
		d->pin_msg = S_ERROR_LOCKED;
	}
	return a;
}

void door_walkin_error(struct door *d, int msg)
{
	d->w_msg = msg;
}

void door_walkin_known(struct door *d, const struct door_person *p)
{
	d->w_known = *p;
	d->w_has_known = 1;
}

int door_tick(struct door *d, int64_t now_ms)
{
	if (d->screen == DOOR_VERDICT && now_ms >= d->v_until_ms) {
		go(d, DOOR_READY, now_ms);
		return 1;
	}
	if (d->screen != DOOR_READY && d->screen != DOOR_VERDICT && d->screen != DOOR_LOCKED &&
	    now_ms - d->touched_ms >= DOOR_IDLE_MS) {
		go(d, DOOR_READY, now_ms);
		return 1;
	}
	if (d->screen == DOOR_PIN && d->pin_msg == S_PIN_LOCKED && now_ms >= d->pin_locked_until_ms) {
		d->pin_msg = -1;
		return 1;
	}
	return 0;
}

int door_wake_ms(const struct door *d, int64_t now_ms)
{
	int64_t at = -1;

	if (d->screen == DOOR_VERDICT)
		at = d->v_until_ms;
	else if (d->screen != DOOR_READY && d->screen != DOOR_LOCKED)
		at = d->touched_ms + DOOR_IDLE_MS;
	/* "checking..." appears by itself: wake to draw it. */
	if (d->checking && !door_shows_checking(d, now_ms)) {
		int64_t show = d->checking_since_ms + DOOR_CHECKING_SHOW_MS;

		if (at < 0 || show < at)
			at = show;
	}
	/* The lock countdown shows whole seconds: wake at the next one. */
	if (d->screen == DOOR_PIN && d->pin_msg == S_PIN_LOCKED) {
		int64_t left = d->pin_locked_until_ms - now_ms;
		int64_t next = now_ms + (left > 0 ? (left - 1) % 1000 + 1 : 0);

		if (at < 0 || next < at)
			at = next;
	}
	if (at < 0)
		return -1;
	return at <= now_ms ? 0 : (int)(at - now_ms);
}

int door_takes_scans(const struct door *d)
{
	return d->screen == DOOR_READY || d->screen == DOOR_VERDICT || d->screen == DOOR_LOCKED;
}

static struct door_action key_press(struct door *d, int index)
{
	struct door_action a = {DOOR_ACT_NONE, 0};
	struct ui_key k;
	char *buf;
	size_t cap;

	if (d->screen == DOOR_PIN) {
		if (ui_kb_key(UI_KB_PIN, index, &k) != 0)
			return a;
		if (k.kind == UI_KEY_OK) {
			if (d->pin[0])
				a.kind = DOOR_ACT_PIN;
			return a;
		}
		(void)ui_kb_apply(&k, d->pin, sizeof d->pin); /* full: extra digits are ignored */
		return a;
	}
	if (ui_kb_key(d->kb, index, &k) != 0)
		return a;
	if (k.kind == UI_KEY_SWITCH) {
		d->kb = k.to;
		return a;
	}
	if (d->screen == DOOR_SEARCH) {
		buf = d->query;
		cap = sizeof d->query;
	} else if (d->screen == DOOR_WALKIN) {
		buf = d->w_focus ? d->w_phone : d->w_name;
		cap = d->w_focus ? sizeof d->w_phone : sizeof d->w_name;
		d->w_msg = -1;
	} else {
		return a;
	}
	if (ui_kb_apply(&k, buf, cap) && d->screen == DOOR_SEARCH)
		a.kind = DOOR_ACT_SEARCH;
	d->kb = ui_kb_after(d->kb, &k);
	return a;
}

/* The field typing goes to on this screen, or NULL. */
static char *typing_field(struct door *d, size_t *cap)
{
	switch (d->screen) {
	case DOOR_PIN:
		*cap = sizeof d->pin;
		return d->pin;
	case DOOR_SEARCH:
		*cap = sizeof d->query;
		return d->query;
	case DOOR_WALKIN:
		if (d->w_has_known)
			return NULL;
		d->w_msg = -1;
		*cap = d->w_focus ? sizeof d->w_phone : sizeof d->w_name;
		return d->w_focus ? d->w_phone : d->w_name;
	default:
		return NULL;
	}
}

struct door_action door_type(struct door *d, const char *utf8, int64_t now_ms)
{
	struct door_action a = {DOOR_ACT_NONE, 0};
	size_t cap, n, add = strlen(utf8);
	char *buf;
	const char *p;

	if (d->checking)
		return a; /* the verdict comes first */
	buf = typing_field(d, &cap);

	d->touched_ms = now_ms;
	if (!buf)
		return a;
	if (d->screen == DOOR_PIN)
		for (p = utf8; *p; p++)
			if (*p < '0' || *p > '9')
				return a;
	n = strlen(buf);
	if (n + add + 1 > cap)
		return a;
	memcpy(buf + n, utf8, add + 1);
	if (d->screen == DOOR_SEARCH)
		a.kind = DOOR_ACT_SEARCH;
	return a;
}

struct door_action door_backspace(struct door *d, int64_t now_ms)
{
	if (d->checking)
		return (struct door_action){DOOR_ACT_NONE, 0};
	struct door_action a = {DOOR_ACT_NONE, 0};
	struct ui_key del = {UI_KEY_DELETE, "", UI_KB_DIGITS};
	size_t cap;
	char *buf = typing_field(d, &cap);

	d->touched_ms = now_ms;
	if (buf && ui_kb_apply(&del, buf, cap) && d->screen == DOOR_SEARCH)
		a.kind = DOOR_ACT_SEARCH;
	return a;
}

struct door_action door_enter(struct door *d, int64_t now_ms)
{
	struct door_action a = {DOOR_ACT_NONE, 0};

	if (d->checking)
		return a;
	d->touched_ms = now_ms;
	if (d->screen == DOOR_PIN && d->pin[0])
		a.kind = DOOR_ACT_PIN;
	else if (d->screen == DOOR_WALKIN)
		a.kind = d->w_has_known ? DOOR_ACT_CHECKIN_KNOWN : DOOR_ACT_WALKIN;
	return a;
}

struct door_action door_press(struct door *d, int id, int64_t now_ms)
{
	struct door_action a = {DOOR_ACT_NONE, 0};

	/* A second tap on a result while the first is written would check
	 * the guest in twice: touches wait for the verdict. */
	if (d->checking)
		return a;
	d->touched_ms = now_ms;
	if (d->screen == DOOR_LOCKED && id != DOOR_T_LANG)
		return a; /* only the language, until the card is scanned */
	if (d->screen == DOOR_WALKIN && d->w_has_known) {
		/* The question is modal: only its two answers and Back count. */
		if (id == DOOR_T_YES)
			a.kind = DOOR_ACT_CHECKIN_KNOWN;
		else if (id == DOOR_T_NO)
			d->w_has_known = 0;
		else if (id == DOOR_T_BACK)
			go(d, DOOR_READY, now_ms);
		return a;
	}
	if (id >= DOOR_T_KEY)
		return key_press(d, id - DOOR_T_KEY);
	if (d->screen == DOOR_MENU && d->undo_pending >= 0) {
		/* The undo question is modal: a reason, then confirm, or back. */
		if (id >= DOOR_T_REASON && id < DOOR_T_REASON + DOOR_UNDO_REASONS)
			d->undo_reason = id - DOOR_T_REASON;
		else if (id == DOOR_T_UNDO_CONFIRM && d->undo_reason >= 0) {
			a.kind = DOOR_ACT_UNDO;
			a.index = d->undo_pending;
			d->undo_pending = -1;
		} else if (id == DOOR_T_NO || id == DOOR_T_BACK) {
			d->undo_pending = -1;
			d->undo_reason = -1;
		}
		return a;
	}
	if (id >= DOOR_T_UNDO && id < DOOR_T_UNDO + DOOR_RECENT_MAX) {
		if (d->screen == DOOR_MENU && id - DOOR_T_UNDO < d->nrecent) {
			d->undo_pending = id - DOOR_T_UNDO;
			d->undo_reason = -1;
		}
		return a;
	}
	if (id >= DOOR_T_RESULT && id < DOOR_T_RESULT + DOOR_RESULTS_MAX) {
		if (d->screen == DOOR_SEARCH && id - DOOR_T_RESULT < d->nresult) {
			a.kind = DOOR_ACT_CHECKIN;
			a.index = id - DOOR_T_RESULT;
		}
		return a;
	}
	switch (id) {
	case DOOR_T_BACK:
	case DOOR_T_OK:
		go(d, DOOR_READY, now_ms);
		break;
	case DOOR_T_SEARCH:
	case DOOR_T_WALKIN:
		/* A self-service door: anyone could check in as anyone found by
		 * four digits, so a volunteer's PIN comes first. */
		if (d->self_service) {
			go(d, DOOR_PIN, now_ms);
			d->pin_then = id == DOOR_T_SEARCH ? DOOR_SEARCH : DOOR_WALKIN;
		} else {
			go(d, id == DOOR_T_SEARCH ? DOOR_SEARCH : DOOR_WALKIN, now_ms);
		}
		break;
	case DOOR_T_MENU:
		go(d, DOOR_PIN, now_ms);
		d->pin_then = DOOR_MENU;
		break;
	case DOOR_T_LANG:
		d->lang = d->lang == UI_BN ? UI_EN : UI_BN;
		a.kind = DOOR_ACT_LANG;
		break;
	case DOOR_T_FIELD_NAME:
		d->w_focus = 0;
		d->kb = d->lang == UI_BN ? UI_KB_BENGALI : UI_KB_LATIN;
		break;
	case DOOR_T_FIELD_PHONE:
		d->w_focus = 1;
		d->kb = UI_KB_DIGITS;
		break;
	case DOOR_T_REGISTER:
		a.kind = DOOR_ACT_WALKIN;
		break;
	case DOOR_T_CLEAR:
		d->query[0] = '\0';
		a.kind = DOOR_ACT_SEARCH;
		break;
	case DOOR_T_LEAVE:
		if (d->screen == DOOR_MENU)
			a.kind = DOOR_ACT_QUIT;
		break;
	case DOOR_T_MODE:
		if (d->screen != DOOR_MENU)
			break;
		/* entry -> exit -> station (when one is named) -> entry */
		if (d->scan == DOOR_SCAN_ENTRY)
			d->scan = DOOR_SCAN_EXIT;
		else if (d->scan == DOOR_SCAN_EXIT && d->station[0])
			d->scan = DOOR_SCAN_STATION;
		else
			d->scan = DOOR_SCAN_ENTRY;
		a.kind = DOOR_ACT_MODE;
		break;
	default:
		break;
	}
	return a;
}
