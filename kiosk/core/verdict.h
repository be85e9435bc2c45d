/* verdict.h - the door's decision rules, in the order DESIGN.md gives them.
 * Pure: libc only. Every fact arrives in struct verdict_input; nothing is looked up here. */
#ifndef KIOSK_VERDICT_H
#define KIOSK_VERDICT_H

#include <stdint.h>

enum verdict {
	VERDICT_OK = 0,       /* accept and journal a check-in */
	VERDICT_USED = 1,     /* already checked in (yellow) */
	VERDICT_REJECTED = 2, /* red, with a reason */
};

/* Each rejection has its own reason; ordered as the checks are made. */
enum reason {
	REASON_NONE = 0,
	REASON_MALFORMED,      /* not a ticket code and not in the roster */
	REASON_WRONG_EVENT,    /* a ticket of another event */
	REASON_FORGED,         /* signature does not verify with any valid key */
	REASON_UNKNOWN,        /* signature fine but no such attendee in the roster */
	REASON_REVOKED,        /* ticket cancelled by the organizer */
	REASON_TOO_EARLY,      /* before the validity window */
	REASON_EXPIRED,        /* after the validity window */
	REASON_WRONG_DOOR,     /* ticket type not allowed at this door */
	REASON_COUNT
};

/* What the adapter found out about one scanned code. */
struct verdict_input {
	int decodes;            /* 1: well-formed ticket code, or a roster code from elsewhere */
	int is_roster_code;     /* 1: matched an imported code from another system (no signature) */
	int event_matches;      /* ticket's event id is this event's */
	int signature_ok;       /* verifies with one of the event's valid public keys */
	int in_roster;          /* an attendee with this serial/code exists */
	int revoked;            /* that attendee/ticket was cancelled */
	int has_window;         /* a validity window applies (ticket's or event's) */
	int64_t valid_from_ms;  /* inclusive */
	int64_t valid_until_ms; /* exclusive */
	int type_allowed;       /* ticket type allowed at this door */
	int already_in;         /* an active check-in exists (local or synced) */
	int64_t now_ms;
};

/* Decide. Writes the reason (REASON_NONE unless rejected) and returns the verdict. */
enum verdict verdict_decide(const struct verdict_input *in, enum reason *why);

/* Stable machine name of a reason ("forged", "revoked", ...), used in the journal. */
const char *reason_name(enum reason r);
/* Parse a machine name back; returns REASON_COUNT if unknown. */
enum reason reason_parse(const char *name);
/* Plain words for a guest: lang "bn" or "en" (anything else: en). Never NULL. */
const char *reason_text(enum reason r, const char *lang);

#endif
