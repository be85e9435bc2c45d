/* wedge.c - keyboard-wedge scanner bursts and the scan debounce. Pure: libc only. */
#include "wedge.h"

#include <string.h>

static void burst_reset(struct wedge *w)
{
	w->len = 0;
	w->overflow = 0;
	w->last_ms = 0;
	w->is_whole = 0;
	w->buf[0] = '\0';
}

void wedge_init(struct wedge *w)
{
	burst_reset(w);
	w->pause_seen = 0;
	w->whole = NULL;
}

/* The pause that ends the open burst. */
static int64_t gap_ms(const struct wedge *w)
{
	return !w->pause_seen && !w->is_whole && w->len >= 2 ? WEDGE_HOLD_MS : WEDGE_GAP_MS;
}

static int finish(struct wedge *w, char out[WEDGE_CODE_MAX])
{
	int got = !w->overflow && w->len >= WEDGE_MIN_LEN;

	if (got) {
		memcpy(out, w->buf, w->len);
		out[w->len] = '\0';
	}
	burst_reset(w);
	return got;
}

/* A burst ended by a pause: a code so ended after the long wait says the
 * scanner sends no Enter (a whole code's short one says nothing: an Enter
 * scanner's Enter may come late on a loaded machine). */
static int finish_paused(struct wedge *w, char out[WEDGE_CODE_MAX])
{
	int held = !w->is_whole;
	int got = finish(w, out);

	if (got && held)
		w->pause_seen = 1;
	return got;
}

int wedge_char(struct wedge *w, char c, int64_t now_ms, char out[WEDGE_CODE_MAX])
{
	int got = 0;

	if (w->len > 0 && now_ms - w->last_ms > gap_ms(w))
		got = finish_paused(w, out);
	if (w->len + 1 >= WEDGE_CODE_MAX) {
		w->overflow = 1;
	} else {
		w->buf[w->len++] = c;
		w->buf[w->len] = '\0';
	}
	w->is_whole = !w->overflow && w->whole && w->whole(w->buf);
	w->last_ms = now_ms;
	return got;
}

int wedge_enter(struct wedge *w, char out[WEDGE_CODE_MAX])
{
	int got = finish(w, out);

	if (got)
		w->pause_seen = 0;
	return got;
}

int wedge_poll(struct wedge *w, int64_t now_ms, char out[WEDGE_CODE_MAX])
{
	if (w->len == 0 && !w->overflow)
		return 0;
	if (now_ms - w->last_ms <= gap_ms(w))
		return 0;
	return finish_paused(w, out);
}

int wedge_timeout_ms(const struct wedge *w, int64_t now_ms)
{
	int64_t left;

	if (w->len == 0 && !w->overflow)
		return -1;
	left = w->last_ms + gap_ms(w) + 1 - now_ms;
	return left < 0 ? 0 : (int)left;
}

void scan_debounce_init(struct scan_debounce *d)
{
	memset(d, 0, sizeof *d);
}

int scan_debounce_take(struct scan_debounce *d, const char *code, int64_t now_ms)
{
	int i, slot = -1;

	for (i = 0; i < SCAN_RECENT_MAX; i++) {
		if (d->recent[i].code[0] && strcmp(d->recent[i].code, code) == 0) {
			int64_t last = d->recent[i].at_ms;

			/* Every sighting slides the window, so a QR held in front of
			 * the camera is taken once, not every few seconds. */
			d->recent[i].at_ms = now_ms;
			return now_ms - last >= SCAN_DEBOUNCE_MS;
		}
	}
	for (i = 0; i < SCAN_RECENT_MAX; i++) {
		if (!d->recent[i].code[0]) {
			slot = i;
			break;
		}
		if (slot < 0 || d->recent[i].at_ms < d->recent[slot].at_ms)
			slot = i;
	}
	(void)strncpy(d->recent[slot].code, code, WEDGE_CODE_MAX - 1); /* bounded copy */
	d->recent[slot].code[WEDGE_CODE_MAX - 1] = '\0';
	d->recent[slot].at_ms = now_ms;
	return 1;
}
