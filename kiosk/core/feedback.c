/* feedback.c - burst flagging of feedback. Pure: libc only. */
#include "feedback.h"

#include <string.h>

void feedback_burst_init(struct feedback_burst *b)
{
	memset(b, 0, sizeof *b);
}

int feedback_burst_note(struct feedback_burst *b, int64_t now_ms)
{
	int inside = 1; /* this one */

	for (int i = 0; i < b->n; i++) {
		int64_t dt = now_ms - b->at[i];

		if (dt < 0) {
			b->n = 0; /* the clock went back: start over */
			break;
		}
		if (dt < FEEDBACK_BURST_MS)
			inside++;
	}
	/* Keep the newest FEEDBACK_BURST_COUNT - 1 times, oldest first. */
	if (b->n == FEEDBACK_BURST_COUNT - 1) {
		memmove(b->at, b->at + 1, sizeof b->at[0] * (size_t)(b->n - 1));
		b->n--;
	}
	b->at[b->n++] = now_ms;
	return inside >= FEEDBACK_BURST_COUNT;
}

uint32_t feedback_face_rgb(int face)
{
	static const uint32_t rgb[FEEDBACK_FACE_MAX] = {0xE4572E, 0xF3A712, 0xA8C256, 0x3E9B58};

	return face >= 1 && face <= FEEDBACK_FACE_MAX ? rgb[face - 1] : 0x888888;
}
