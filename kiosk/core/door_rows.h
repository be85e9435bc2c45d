/* door_rows.h - the rows the door's store queries (store/doorq.h) return and
 * its screens (ui/screen_door.h) show: a person found, a recent check-in.
 * Pure data: no calls. */
#ifndef KIOSK_DOOR_ROWS_H
#define KIOSK_DOOR_ROWS_H

#include <stdint.h>

#define DOOR_TEXT_MAX 256
#define DOOR_ID_MAX 64
#define DOOR_QUERY_MAX 96
#define DOOR_RESULTS_MAX 6   /* people a search shows */
#define DOOR_RECENT_MAX 5    /* recent check-ins the menu shows */

struct door_person {
	char id[DOOR_ID_MAX];
	char name[DOOR_TEXT_MAX];
	char phone[24];        /* normalised +8801..., shown masked */
	char type[DOOR_ID_MAX];
	int is_in;             /* has an active check-in (a station's search: has
				* collected there) */
};

struct door_recent {
	char device_id[DOOR_ID_MAX];
	int64_t seq;
	char name[DOOR_TEXT_MAX];
	int64_t at_ms;
};

/* How many came and how many are inside, for the event or one door
 * (kiosk status, the door menu, the report). */
#define DOOR_PLACES_MAX 16   /* doors or stations listed; more are cut */

struct door_place {
	char name[DOOR_ID_MAX];
	int64_t admitted;      /* door: guests with a standing check-in there; station: collected */
	int64_t inside;        /* door: guests inside who last came in there */
	int64_t exits;         /* door: exits scanned there */
	/* station: visits of a guest it had served before (devices that could
	 * not see each other each let them collect): the guest counts once in
	 * admitted */
	int64_t twice;
};

struct door_status {
	int64_t admitted;      /* guests who came in at least once */
	int64_t inside;        /* guests inside now */
	int64_t exits;         /* exit scans */
	int64_t expected;      /* attendees not cancelled, walk-ins included */
	int64_t walkins;
	/* walk-ins registered again under a phone the event already held (two
	 * doors offline from each other): counted once with that guest above */
	int64_t walkin_duplicates;
	/* the stations' twice, summed */
	int64_t station_twice;
	int ndoors, nstations;
	struct door_place door[DOOR_PLACES_MAX];
	struct door_place station[DOOR_PLACES_MAX];
};

#endif
