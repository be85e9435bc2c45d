/* wedge.h - a keyboard-wedge barcode scanner seen as key presses: characters
 * (already mapped from physical scancodes by the adapter, so the keyboard
 * layout does not matter) are gathered into a code that ends at Enter or after
 * a pause (a long one unless the scanner has shown that it ends its codes
 * by a pause: a loaded machine may deliver one code in two bursts);
 * and a debounce so one code is taken once per few seconds,
 * whatever the source. Pure: libc only; time arrives as now_ms. */
#ifndef KIOSK_WEDGE_H
#define KIOSK_WEDGE_H

#include <stddef.h>
#include <stdint.h>

#define WEDGE_CODE_MAX 512
#define WEDGE_GAP_MS 60        /* scanners send a key every few ms; people are slower */
#define WEDGE_MIN_LEN 4        /* shorter bursts are stray key presses, not scans */
/* A burst of two keys or more (typed at a scanner's speed: a person's keys
 * are 1-key bursts) waits this long for the rest of its code, which a loaded
 * machine may deliver after a pause, before a pause ends it: most scanners
 * end a code with Enter. Once a code has ended by a pause (a scanner set to
 * send no Enter), WEDGE_GAP_MS ends the next ones, until a code ends with
 * Enter again; a burst that is a whole code (struct wedge's whole) ends
 * after WEDGE_GAP_MS too. (Until 2026-12-02 the long pause came only after a first
 * Enter: a door's first scan after it started could still be split, and was,
 * in a CI run under load: a red verdict for the code's first 11 characters.) */
#define WEDGE_HOLD_MS 500
#define SCAN_DEBOUNCE_MS 3000
#define SCAN_RECENT_MAX 8

struct wedge {
	char buf[WEDGE_CODE_MAX];
	size_t len;
	int overflow;          /* the burst was too long: dropped when it ends */
	int64_t last_ms;       /* time of the last character */
	int pause_seen;        /* the last code ended by a pause (WEDGE_HOLD_MS) */
	/* Optional: 1 when the burst so far is a whole code (the door: a
	 * ticket that decodes, whose length and version leave no rest to come).
	 * Such a burst ends after WEDGE_GAP_MS even before the scanner has
	 * shown that it ends its codes by a pause; wedge_init sets it NULL. */
	int (*whole)(const char *code);
	int is_whole;          /* whole() said so of the burst as it stands */
};

void wedge_init(struct wedge *w);

/* One character of a burst at now_ms. If the previous burst had already timed
 * out, it is finished first: returns 1 and copies it to out[WEDGE_CODE_MAX]
 * (the new character then starts the next burst); else returns 0. */
int wedge_char(struct wedge *w, char c, int64_t now_ms, char out[WEDGE_CODE_MAX]);

/* Enter: finish the burst now. Returns 1 with the code in out, 0 if there is
 * none (empty, shorter than WEDGE_MIN_LEN, or overflowed). */
int wedge_enter(struct wedge *w, char out[WEDGE_CODE_MAX]);

/* Called when no key came: finishes the burst if its pause (WEDGE_HOLD_MS, or
 * WEDGE_GAP_MS as above) has passed since its last character. Returns 1
 * with the code in out, else 0. */
int wedge_poll(struct wedge *w, int64_t now_ms, char out[WEDGE_CODE_MAX]);

/* Milliseconds until wedge_poll could finish a burst (for the event wait), or
 * -1 when no burst is open. */
int wedge_timeout_ms(const struct wedge *w, int64_t now_ms);

struct scan_debounce {
	struct {
		char code[WEDGE_CODE_MAX];
		int64_t at_ms;
	} recent[SCAN_RECENT_MAX];
};

void scan_debounce_init(struct scan_debounce *d);
/* 1 if code should be handled now, 0 if the same code was taken within
 * SCAN_DEBOUNCE_MS (a scanner that sends twice, a QR still in front of the
 * camera). Every sighting restarts the code's window. */
int scan_debounce_take(struct scan_debounce *d, const char *code, int64_t now_ms);

#endif
