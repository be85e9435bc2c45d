/* attendees.h - the roster as the commands ask for it: ticket types and
 * serials already used, duplicates on import, finding one attendee, the
 * list, the attendees that get a ticket, and the doors' admission rules.
 * Adapter: store + sqlite3 (the attendees projection of schema.c). */
#ifndef KIOSK_STORE_ATTENDEES_H
#define KIOSK_STORE_ATTENDEES_H

#include <stdint.h>

#include "core/kerr.h"

struct store;

#define ATTENDEES_ID_MAX 64

/* Call fn(ctx, type, type_id) for every ticket type other than "general"
 * that event_id's attendees already use (ids are fixed once used: they are
 * inside signed codes). fn returns 0 to go on, anything else to stop.
 * Returns 0, or -1 with err. */
int attendees_types(struct store *st, const char *event_id,
		    int (*fn)(void *ctx, const char *type, int type_id), void *ctx,
		    char err[KERR_LEN]);

/* The highest serial in event_id (0 for none), or -1 on error. */
int64_t attendees_max_serial(struct store *st, const char *event_id);

/* The personal fields of an attendee_added or walkin body (issue 14):
 * "pii" = {"name","phone","email"} sealed (vault_seal; absent fields left
 * out) and "phone_bi" = the phone's blind index (when it has a phone), added
 * to w. Needs the key: 0, or -1 with err ("the data is locked"). */
struct jsonw;
int attendees_seal(struct store *st, struct jsonw *w, const char *name, const char *phone,
		   const char *email, char err[KERR_LEN]);

/* An attendee as an import compares a row with it. The buffers hold any
 * field a journal body (at most 4 KB, pii at most 2 KB) can carry. */
struct attendees_known {
	char id[ATTENDEES_ID_MAX];
	int64_t serial;          /* 0: none (a walk-in) */
	char name[2048];
	char email[2048];        /* "" when none */
	char phone[16];          /* "+8801XXXXXXXXX", "" when none */
	char type[512];
	char code[4096];         /* a code from another system, "" when none */
};

/* The attendee of event_id that an import row with this phone is (phone
 * given: one guest per phone), else the one holding this code (NULL or ""
 * for none; a phone or a code is needed); of several, the lowest serial.
 * Returns 1 and fills k, 0 for none, -1 with err. Needs the key (the rows
 * are found by the phone's blind index and opened). */
int attendees_known(struct store *st, const char *event_id, const char *phone,
		    const char *code, struct attendees_known *k, char err[KERR_LEN]);

/* The id of the one attendee of the current event whose id, serial, phone or
 * code is key: a phone in any form phone_normalise reads (017..., 8801...,
 * Bengali digits; only while the store is unlocked, by its blind index), a
 * code imported from another system, or a T1 code of this event signed by one
 * of its keys (by the serial inside). Returns 0, or -1 with err (none,
 * several, or an error). */
int attendees_find(struct store *st, const char *key, char id[ATTENDEES_ID_MAX],
		   char err[KERR_LEN]);

/* One roster line of `kiosk attendees list`; strings valid during the call. */
struct attendees_line {
	const char *serial;  /* the serial; a walk-in (none) gives its id (w-...) */
	const char *name;
	const char *phone;   /* "" when none */
	const char *type;
	const char *status;  /* "in", "cancelled" or "expected" */
	/* "" unless this is a walk-in registered again under a phone the event
	 * already held (guest_aliases: counted with that guest): the guest's
	 * serial, or its id when it has none (the first column of its line). */
	const char *same_guest;
};

/* Call fn for every attendee of the current event in serial order (those
 * without one last). Returns 0, or -1 with err. */
int attendees_list(struct store *st, void (*fn)(void *ctx, const struct attendees_line *l),
		   void *ctx, char err[KERR_LEN]);

/* The guest attendee id is counted with, when it is a walk-in registered
 * again under a phone its event already held (guest_aliases): 1 with the
 * guest's id in guest_id, 0 when id is a guest of its own (or unknown), -1
 * with err. Reads no personal field: works without the key. */
int attendees_same_guest(struct store *st, const char *id, char guest_id[ATTENDEES_ID_MAX],
			 char err[KERR_LEN]);

/* An attendee that gets a ticket; strings valid during the call. */
struct attendees_issuable {
	int has_serial;
	int64_t serial;
	int64_t type_id;
	const char *name;
	const char *phone;   /* "" when none */
	const char *type;
	const char *code;    /* a code from another system, "" when none */
	const char *id;
};

/* The attendees of event_id that get a ticket (not cancelled, not walk-ins):
 * how many, and the highest serial of the event (cancelled ones included).
 * Returns 0, or -1 with err. */
int attendees_issuable_count(struct store *st, const char *event_id, int64_t *count,
			     int64_t *max_serial, char err[KERR_LEN]);
/* Call fn for each of them in serial order (without a serial last, by id),
 * so card numbers stay stable. fn returns 0 to go on, or a positive value
 * that stops the walk and is returned. Returns 0 at the end, or -1 with err. */
int attendees_issuable_each(struct store *st, const char *event_id,
			    int (*fn)(void *ctx, const struct attendees_issuable *a), void *ctx,
			    char err[KERR_LEN]);

/* The doors' settings (admitted types, exit mode, self-service) are in
 * store/visits.h: visits_door_set(). */

#endif
