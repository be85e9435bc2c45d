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

struct store;

/* The event's counts and each door's and station's. Returns 0 or -1. */
int visits_status(struct store *st, struct door_status *out, char err[KERR_LEN]);

/* Add a station (journal entry station_added). Returns 1 added, 0 when it
 * already existed (nothing written), -1 with err. name: checked UTF-8 text. */
int visits_station_add(struct store *st, const char *name, int64_t now_ms, char err[KERR_LEN]);

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
