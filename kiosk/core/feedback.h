/* feedback.h - the rules of a guest's feedback: the four faces, and flagging
 * bursts (a bored child tapping through again and again), which are stored
 * but flagged so reports can leave them out of the averages.
 * Pure: libc only; the time of each save arrives as an argument. */
#ifndef KIOSK_FEEDBACK_H
#define KIOSK_FEEDBACK_H

#include <stdint.h>

/* Face 1 very unhappy .. 4 very happy. */
#define FEEDBACK_FACE_MIN 1
#define FEEDBACK_FACE_MAX 4

/* The colour of face f (FEEDBACK_FACE_MIN..MAX, very unhappy to very happy)
 * as 0xRRGGBB: red-orange, amber, light green, green, each under dark ink at
 * 4.5:1 or more. One table, so the screen and the report show the same
 * faces; 0x888888 for anything else. */
uint32_t feedback_face_rgb(int face);

/* A feedback is flagged when, with it, FEEDBACK_BURST_COUNT or more were
 * saved on this kiosk within FEEDBACK_BURST_MS. A real guest needs at least
 * a few seconds per feedback, and the next guest has to step up; three in
 * ten seconds is someone tapping through. */
#define FEEDBACK_BURST_COUNT 3
#define FEEDBACK_BURST_MS 10000

/* The save times of the last few feedbacks. Allocates nothing; zero it or
 * call feedback_burst_init. */
struct feedback_burst {
	int64_t at[FEEDBACK_BURST_COUNT];
	int n;
};

void feedback_burst_init(struct feedback_burst *b);

/* Record a feedback saved at now_ms. Returns 1 if it must be flagged as part
 * of a burst, 0 if not. Times must not go backwards by more than the window
 * (a clock set back makes the burst check forget what came before). */
int feedback_burst_note(struct feedback_burst *b, int64_t now_ms);

#endif
