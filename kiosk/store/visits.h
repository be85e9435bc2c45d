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
#include "schema.h"

struct store;

/* The stations, one row (name) per name up to ASCII case, named as first
 * added (by time, device, sequence): two devices that added "Raffle" and
 * "raffle" offline serve one station after sync, on every device,
 * whatever the order of the pulls. SQL for a FROM clause. */
#define VISITS_STATIONS                                                                      \
	"(SELECT name FROM stations s1 WHERE NOT EXISTS(SELECT 1 FROM stations s2"            \
	"  WHERE s2.name = s1.name COLLATE NOCASE"                                             \
	"  AND (s2.at_ms, s2.device_id, s2.seq) < (s1.at_ms, s1.device_id, s1.seq)))"

/* SQL true when station_visits row V was at the station named N (a name of
 * VISITS_STATIONS): any of its spellings, through the stations_name and
 * station_visits_guest indexes. */
#define VISITS_AT_STATION(V, N) \
	V ".station IN (SELECT name FROM stations WHERE name = " N " COLLATE NOCASE)"

/* The guests of event EV (an SQL expression) each station served, counted
 * as people: the registrations of one person that a sync merged
 * (guest_aliases) are one guest, so a guest served under two of them counts
 * once. One row per station of VISITS_STATIONS, ordered by name: name;
 * served, the guests it served; twice, the visits counted once with an
 * earlier one of the same guest (devices offline from each other each let
 * them collect: the same ticket, or two registrations of one phone).
 * The visits are counted as before, by the stations' index (c: visits, d:
 * attendees); only the few guests with aliases (guest_members) are looked
 * up on their own (o: what counting attendees counts too many). MATERIALIZED
 * keeps SQLite from copying each count into both sums (twice the work). */
#define VISITS_STATION_ROWS(EV) \
	"WITH x AS MATERIALIZED (SELECT s.name, (SELECT count(*)" VISITS_OF("s.name", EV) ") AS c," \
	" (SELECT count(DISTINCT v.attendee_id)" VISITS_OF("s.name", EV) ") AS d," \
	" (SELECT count(*) - count(DISTINCT m.guest_id) FROM guest_members m WHERE EXISTS(SELECT 1" \
	VISITS_OF("s.name", EV) " AND v.attendee_id = m.attendee_id)) AS o" \
	" FROM " VISITS_STATIONS " s) SELECT name, d - o AS served, c - d + o AS twice FROM x ORDER BY name"
/* FROM and WHERE of the visits v of event EV at the station named N. */
#define VISITS_OF(N, EV) \
	" FROM station_visits v WHERE " VISITS_AT_STATION("v", N) " AND v.event_id = " EV

/* door_counts counted again for the store's current event (meta event_id),
 * after it changed: init --new. Inside the caller's transaction, if any.
 * Returns 0 or -1. */
int visits_recount(struct store *st, char err[KERR_LEN]);

/* The current event's counts and each door's and station's; a station
 * counts guests, not registrations (VISITS_STATION_ROWS). Returns 0 or -1. */
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
