/* doorq.h - what the door screens read from and write to the store besides
 * checkin_perform(): counts, search by phone or name, recent check-ins,
 * walk-ins and undo (both journal entries). Adapter: store + sqlite3. */
#ifndef KIOSK_DOORQ_H
#define KIOSK_DOORQ_H

#include <stdint.h>

#include "core/kerr.h"
#include "core/door_rows.h"

struct store;

/* Checked in now (distinct attendees with an active check-in), expected
 * (attendees not cancelled, walk-ins included) and walk-ins. Read from the
 * projection door_counts: one row, whatever the roster's size. Returns 0 or -1. */
int doorq_counts(struct store *st, int64_t *in, int64_t *expected, int64_t *walkins,
		 char err[KERR_LEN]);
/* The same at one door: guests with an active check-in there, walk-ins
 * registered there (0 and 0 for a door nobody used). Returns 0 or -1. */
int doorq_counts_at(struct store *st, const char *door, int64_t *in, int64_t *walkins,
		    char err[KERR_LEN]);

/* Attendees (not cancelled) whose phone ends with the query's digits (ASCII
 * or Bengali; used when the query is only digits) or whose name contains the
 * query (ASCII case ignored; one or two characters: starts with it), at most
 * max of them sorted by name; then those whose name sounds like it (Latin
 * finds Bengali and back). The rules of core/rindex.h, over an index of the
 * roster built for this one call (store/search.h keeps one for the door).
 * Returns how many were written to out (0..max), or -1. */
int doorq_search(struct store *st, const char *query, struct door_person *out, int max,
		 char err[KERR_LEN]);

/* The latest active check-ins, newest first. Returns how many (0..max), or -1. */
int doorq_recent(struct store *st, struct door_recent *out, int max, char err[KERR_LEN]);

/* Register a walk-in (name, phone already normalised; type NULL: "general")
 * and check them in at door with one journal entry of kind "walkin". Does not
 * look for the phone on the roster: visits_walkin() does, under the lock.
 * Returns 0 once it is durable (or inside the caller's transaction; *id_out
 * gets the new attendee id), or -1 with nothing written. */
int doorq_walkin(struct store *st, const char *door, const char *name, const char *phone,
		 const char *type, int64_t now_ms, char id_out[DOOR_ID_MAX], char err[KERR_LEN]);

/* Undo the check-in (device_id, seq) with a "checkin_undone" entry that
 * keeps reason (a machine word such as "wrong_person"; NULL: none given).
 * Returns 0 once durable, or -1. */
int doorq_undo(struct store *st, const char *device_id, int64_t seq, const char *reason,
	       int64_t now_ms, char err[KERR_LEN]);

#endif
