/* verdict.c - the door's decision rules and the words shown to a guest.
 * Pure: libc only; must not look anything up (no store, no clock, no keys):
 * every fact arrives in struct verdict_input. */
#include "verdict.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "i18n.h"

/* The checks run in the order DESIGN.md gives, so a scan that fails several
 * of them always gets the same, earliest reason on every kiosk. */
enum verdict verdict_decide(const struct verdict_input *in, enum reason *why)
{
	enum reason r = REASON_NONE;
	enum verdict v = VERDICT_REJECTED;

	assert(in != NULL);
	if (!in->decodes)
		r = REASON_MALFORMED;
	else if (!in->is_roster_code && !in->event_matches)
		r = REASON_WRONG_EVENT; /* our keys cannot judge another event's signature */
	else if (!in->is_roster_code && !in->signature_ok)
		r = REASON_FORGED;
	else if (!in->in_roster)
		r = REASON_UNKNOWN;
	else if (in->revoked)
		r = REASON_REVOKED;
	else if (in->has_window && in->now_ms < in->valid_from_ms)
		r = REASON_TOO_EARLY;
	else if (in->has_window && in->now_ms >= in->valid_until_ms)
		r = REASON_EXPIRED;
	else if (!in->type_allowed)
		r = REASON_WRONG_DOOR;
	else if (in->already_in)
		v = VERDICT_USED;
	else
		v = VERDICT_OK;
	if (why != NULL)
		*why = r;
	return v;
}

/* Machine names are written into the journal and synced between devices:
 * never rename one, only add. */
static const char *const names[REASON_COUNT] = {
	[REASON_NONE] = "none",
	[REASON_MALFORMED] = "malformed",
	[REASON_WRONG_EVENT] = "wrong_event",
	[REASON_FORGED] = "forged",
	[REASON_UNKNOWN] = "unknown",
	[REASON_REVOKED] = "revoked",
	[REASON_TOO_EARLY] = "too_early",
	[REASON_EXPIRED] = "expired",
	[REASON_WRONG_DOOR] = "wrong_door",
};

/* Words for a guest at the door: short, plain, no jargon. The English; the
 * Bengali (shown first) is in assets/po/bn.po. */
static const char *const text_en[REASON_COUNT] = {
	[REASON_NONE] = N_("OK"),
	[REASON_MALFORMED] = N_("This code is not a ticket"),
	[REASON_WRONG_EVENT] = N_("Not a ticket for this event"),
	[REASON_FORGED] = N_("Forged ticket: signature does not match"),
	[REASON_UNKNOWN] = N_("This ticket is not on the guest list"),
	[REASON_REVOKED] = N_("This ticket has been cancelled"),
	[REASON_TOO_EARLY] = N_("Too early: this ticket is not valid yet"),
	[REASON_EXPIRED] = N_("Expired: this ticket is no longer valid"),
	[REASON_WRONG_DOOR] = N_("This ticket is not valid at this door"),
};

static int in_range(enum reason r)
{
	return (int)r >= 0 && r < REASON_COUNT;
}

const char *reason_name(enum reason r)
{
	return in_range(r) ? names[r] : "invalid";
}

enum reason reason_parse(const char *name)
{
	if (name == NULL)
		return REASON_COUNT;
	for (int i = 0; i < REASON_COUNT; i++)
		if (strcmp(name, names[i]) == 0)
			return (enum reason)i;
	return REASON_COUNT;
}

const char *reason_text(enum reason r, const char *lang)
{
	int bn = lang != NULL && strcmp(lang, "bn") == 0;

	return i18n_text(NULL, in_range(r) ? text_en[r] : N_("Unknown reason"), bn);
}
