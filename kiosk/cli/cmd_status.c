/* cmd_status.c - `kiosk status`, `kiosk station add` and `kiosk door set`:
 * who came and who is inside, per door and station, and the settings of
 * doors and stations. Front end over store/visits. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "store/store.h"
#include "store/visits.h"
#include "core/place.h"

int cmd_status(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN], name[256];
	struct door_status s;
	struct store *st;
	int i;

	if (cli_wants_help(argc, argv)) {
		puts("usage: kiosk status\n\n"
		     "Print who came and who is inside now, one \"key: value\" line each:\n"
		     "  event: NAME\n"
		     "  expected: N      attendees not cancelled (walk-ins included)\n"
		     "  admitted: N      guests who came in at least once\n"
		     "  inside: N        guests inside now (came in, not scanned out since)\n"
		     "  exits: N         exit scans\n"
		     "  walkins: N\n"
		     "  walkin_duplicates: N   walk-ins registered again under a phone already\n"
		     "                         held (two doors offline from each other): each is\n"
		     "                         counted once with that guest; see 'kiosk report'\n"
		     "  admitted[DOOR]: N, inside[DOOR]: N, exits[DOOR]: N   per door\n"
		     "  station[NAME]: N                                     guests served per station\n"
		     "  station_twice: N, station_twice[NAME]: N   visits of a guest the station\n"
		     "                         had served before (devices offline from each other\n"
		     "                         each let them collect, with one ticket or two\n"
		     "                         registrations): the guest counts once in\n"
		     "                         station[NAME]; printed only when N > 0\n"
		     "A station counts guests, not registrations: walk-ins registered again under\n"
		     "a phone already held are one guest with it (see 'kiosk checkin --help').");
		return EXIT_OK;
	}
	if (argc != 1) {
		cli_error(c, "status: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (cli_open_store(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (visits_status(st, &s, err) != 0) {
		cli_error(c, "status: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	if (store_meta_get(st, "event_name", name, sizeof name) <= 0)
		name[0] = '\0';
	store_close(st);
	printf("event: %s\n", name);
	printf("expected: %" PRId64 "\nadmitted: %" PRId64 "\ninside: %" PRId64 "\n"
	       "exits: %" PRId64 "\nwalkins: %" PRId64 "\n",
	       s.expected, s.admitted, s.inside, s.exits, s.walkins);
	if (s.walkin_duplicates > 0)
		printf("walkin_duplicates: %" PRId64 "\n", s.walkin_duplicates);
	if (s.station_twice > 0)
		printf("station_twice: %" PRId64 "\n", s.station_twice);
	for (i = 0; i < s.ndoors; i++)
		printf("admitted[%s]: %" PRId64 "\ninside[%s]: %" PRId64 "\nexits[%s]: %" PRId64 "\n",
		       s.door[i].name, s.door[i].admitted, s.door[i].name, s.door[i].inside,
		       s.door[i].name, s.door[i].exits);
	for (i = 0; i < s.nstations; i++) {
		printf("station[%s]: %" PRId64 "\n", s.station[i].name, s.station[i].admitted);
		if (s.station[i].twice > 0)
			printf("station_twice[%s]: %" PRId64 "\n", s.station[i].name,
			       s.station[i].twice);
	}
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_ERROR;
}

int cmd_station_add(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN], name[PLACE_NAME_MAX + 1], stored[PLACE_NAME_MAX + 1];
	struct store *st;
	int r;

	if (cli_wants_help(argc, argv)) {
		puts("usage: kiosk station add NAME\n\n"
		     "Add a station: a gift-bag pickup, a sample table, a raffle draw, a talk.\n"
		     "Each guest is served once per station: 'kiosk checkin --station NAME CODE'\n"
		     "or 'kiosk run --station NAME'. Journaled as a station_added entry, so\n"
		     "it reaches the other devices by sync. Adding it again changes nothing:\n"
		     "surrounding spaces are dropped and 'Raffle', 'raffle' and ' RAFFLE ' are\n"
		     "one station (ASCII case; Bengali has none). NAME: 1 to 60 bytes, no\n"
		     "control characters or brackets.");
		return EXIT_OK;
	}
	if (argc != 2) {
		cli_error(c, "station add: give one station NAME");
		return EXIT_USAGE;
	}
	if (place_name_parse(argv[1], name, err) != 0) {
		cli_error(c, "station add: %s", err);
		return EXIT_ERROR;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	r = visits_station_add(st, name, cli_now_ms(), stored, err);
	store_close(st);
	if (r < 0) {
		cli_error(c, "station add: %s", err);
		return EXIT_ERROR;
	}
	printf(r ? "station '%s' added\n" : "station '%s' was already there\n", stored);
	return EXIT_OK;
}

int cmd_door_set(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"allow", required_argument, NULL, 'a'}, {"exit", no_argument, NULL, 'x'},
		{"entry", no_argument, NULL, 'e'},       {"self-service", no_argument, NULL, 's'},
		{"staffed", no_argument, NULL, 'S'},     {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *allow = NULL;
	int opt, set_mode = 0, set_self = 0, self = 0, set_allow;
	enum door_mode mode = DOOR_MODE_ENTRY;
	struct door_config cfg;
	char err[KERR_LEN], canon[1024], door[PLACE_NAME_MAX + 1];
	struct store *st;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'a': allow = optarg; break;
		case 'x': set_mode = 1; mode = DOOR_MODE_EXIT; break;
		case 'e': set_mode = 1; mode = DOOR_MODE_ENTRY; break;
		case 's': set_self = 1; self = 1; break;
		case 'S': set_self = 1; self = 0; break;
		case 'h':
			puts("usage: kiosk door set NAME [--allow TYPE[,TYPE...]] [--exit | --entry]\n"
			     "                     [--self-service | --staffed]\n\n"
			     "Set up door NAME (a setting of this device):\n"
			     "  --allow TYPES   ticket types it admits (e.g. --allow vip); 'door set NAME'\n"
			     "                  alone makes it admit every type again\n"
			     "  --exit          its scans let guests out ('kiosk run --door NAME' opens in\n"
			     "                  exit mode); --entry: back to letting guests in\n"
			     "  --self-service  guests scan on their own: search and walk-in need the\n"
			     "                  organizer PIN; --staffed: open to the volunteer again\n"
			     "Options not given keep their value.");
			return EXIT_OK;
		default:
			cli_error(c, "door set: unknown option '%s' (see 'kiosk door set --help')",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(c, "door set: give one door NAME");
		return EXIT_USAGE;
	}
	if (place_name_parse(argv[optind], door, err) != 0) {
		cli_error(c, "door set: %s", err);
		return EXIT_ERROR;
	}
	/* Bare 'door set NAME' (the old meaning) admits every type again. */
	set_allow = allow != NULL || (!set_mode && !set_self);
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (allow) {
		if (door_allow_canonical(st, allow, canon, sizeof canon, err) != 0) {
			cli_error(c, "door set: %s", err);
			store_close(st);
			return EXIT_ERROR;
		}
		allow = canon;
	}
	if (visits_door_set(st, door, set_allow, allow, set_mode, mode, set_self, self,
			    err) != 0 ||
	    visits_door_get(st, door, &cfg, err) != 0) {
		cli_error(c, "door set: %s", err);
		store_close(st);
		return EXIT_ERROR;
	}
	store_close(st);
	if (set_allow)
		printf("door '%s' admits %s\n", door, allow ? allow : "every ticket type");
	if (set_mode)
		printf("door '%s' scans guests %s\n", door,
		       cfg.mode == DOOR_MODE_EXIT ? "out" : "in");
	if (set_self)
		printf("door '%s' is %s\n", door,
		       cfg.self_service ? "self-service: search and walk-in need the PIN"
					: "staffed: search and walk-in are open");
	return EXIT_OK;
}
