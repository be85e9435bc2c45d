/* visits.h - who came, who is inside, what each station handed out, and the
 * settings of doors and stations. Reads the projections of schema.c (exits,
 * stations, station_visits, the movements and inside views); writes only
 * through journal entries (station_added) or device settings (doors).
 * Adapter: store + sqlite3. */
#ifndef KIOSK_VISITS_H
#define KIOSK_VISITS_H

#include <stdint.h>

#include "core/door_rows.h"
#include "core/kerr.h"
#include "core/place.h"

struct store;

/* The event's counts and each door's and station's. Returns 0 or -1. */
int visits_status(struct store *st, struct door_status *out, char err[KERR_LEN]);

/* Add a station (journal entry station_added); name as place_name_parse()
 * left it. A station whose name differs only by ASCII case is the same
 * station (a typo must not let a guest collect twice). Returns 1 added, 0
 * when it was already there (as_stored gets its name as first added), -1. */
int visits_station_add(struct store *st, const char *name, int64_t now_ms,
		       char as_stored[PLACE_NAME_MAX + 1], char err[KERR_LEN]);

/* The attendee (not cancelled, walk-ins included) with this normalised
 * phone: 1 found (out filled), 0 none, -1 error. */
int visits_by_phone(struct store *st, const char *phone, struct door_person *out,
		    char err[KERR_LEN]);

/* Register a walk-in (name: checked text; phone: normalised; type NULL for
 * "general") and check them in at door with one "walkin" entry, unless the
 * phone is already on the roster: then nothing is written and *known gets
 * that guest. Decided under the write lock, so two doors registering the
 * same phone at once add one person. Returns 1 added (id_out set), 0 known,
 * -1 error (nothing written). */
int visits_walkin(struct store *st, const char *door, const char *name, const char *phone,
		  const char *type, int64_t now_ms, char id_out[DOOR_ID_MAX],
		  struct door_person *known, char err[KERR_LEN]);

/* A door's mode: what a scan there does. */
enum door_mode { DOOR_MODE_ENTRY, DOOR_MODE_EXIT };

struct door_config {
	enum door_mode mode;
	int self_service;      /* 1: search and walk-in are behind the PIN */
};

/* Read door's settings (defaults when it was never set). Returns 0 or -1. */
int visits_door_get(struct store *st, const char *door, struct door_config *out,
		    char err[KERR_LEN]);
/* Write door's settings. allow: comma-separated ticket types or NULL for
 * every type; set_allow/set_mode/set_self say which fields to change (the
 * others keep their value). Returns 0 or -1. */
int visits_door_set(struct store *st, const char *door, int set_allow, const char *allow,
		    int set_mode, enum door_mode mode, int set_self, int self_service,
		    char err[KERR_LEN]);

#endif
