/* checkin.h - one scanned code through the door: gather the facts from the
 * store, let verdict_decide() judge, journal the result, and only then report.
 * Adapter glue: store + ticket + verdict. */
#ifndef KIOSK_CHECKIN_H
#define KIOSK_CHECKIN_H

#include <stdint.h>

#include "core/kerr.h"
#include "core/verdict.h"

struct store;

#define CHECKIN_NAME_MAX 256
#define CHECKIN_DOOR_MAX 64

struct checkin_result {
	enum verdict verdict;
	enum reason reason;                /* REASON_NONE unless rejected */
	char attendee_id[64];              /* "" when unknown */
	char name[CHECKIN_NAME_MAX];       /* "" when unknown */
	char phone[16];
	char ticket_type[64];              /* "general", "vip", ... */
	int64_t first_at_ms;               /* VERDICT_USED: when first checked in */
	char first_door[CHECKIN_DOOR_MAX]; /* VERDICT_USED: where; a station's: its name as first added */
	char first_device[64];             /* VERDICT_USED: which device journaled it */
	int64_t seq;                       /* journal seq of this scan's entry */
	int reentry;                       /* VERDICT_OK: back in after an exit */
};

/* Judge code at door (NULL: "door 1") at now_ms and append the journal entry
 * (checkin or checkin_rejected) durably. Returns 0 with res filled once the
 * entry is committed, whatever the verdict; -1 if it could not be decided or
 * written (err says why; nothing is journaled and no verdict may be shown). */
int checkin_perform(struct store *st, const char *code, const char *door,
		    int64_t now_ms, struct checkin_result *res, char err[KERR_LEN]);

/* Check in a known attendee (search at the door) by id; same contract. */
int checkin_attendee(struct store *st, const char *attendee_id, const char *door,
		     int64_t now_ms, struct checkin_result *res, char err[KERR_LEN]);

/* Scan code out at door (a guest steps out and may come back): VERDICT_OK
 * and an "exit" entry when the guest is inside; VERDICT_USED (reason
 * REASON_NONE) when they are not inside; VERDICT_REJECTED for a code that is
 * no ticket of this event. Decided under the write lock, so two doors never
 * both let the same guest out. Same return contract as checkin_perform. */
int checkin_exit(struct store *st, const char *code, const char *door, int64_t now_ms,
		 struct checkin_result *res, char err[KERR_LEN]);

/* Scan code at a station (gift bags, a raffle, a talk): valid once per guest.
 * VERDICT_OK and a "station" entry the first time; VERDICT_USED with
 * first_at_ms = when it was collected after that; VERDICT_REJECTED as at the
 * door (forged, revoked, outside the window, ...). -1 with err when the
 * station was never added (kiosk station add) or on a store error.
 * A guest is a person, not a registration: once the store knows that two
 * registrations are one guest (guest_aliases: a walk-in registered again
 * under a phone, merged by a sync), what one collected the other has too. */
int checkin_station(struct store *st, const char *code, const char *station, int64_t now_ms,
		    struct checkin_result *res, char err[KERR_LEN]);

/* The same for an attendee a volunteer found by id (a walk-in has no ticket
 * to scan: checkin --attendee). -1 with err also for an id not in this event. */
int checkin_station_attendee(struct store *st, const char *attendee_id, const char *station,
			     int64_t now_ms, struct checkin_result *res, char err[KERR_LEN]);

/* Whether the guest of attendee_id (any registration of that person, as
 * checkin_station counts) has collected at the station (any ASCII case):
 * 1 with *at_ms the first time, 0 not (or no such station), -1 with err.
 * Reads only (the station screen's search marks who has theirs). */
int checkin_station_collected(struct store *st, const char *station, const char *attendee_id,
			      int64_t *at_ms, char err[KERR_LEN]);

#endif
