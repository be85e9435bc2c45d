/* cmd_checkin.c - `kiosk checkin CODE`: the door's verdict on the command line.
 * Prints only after the journal entry is committed. Front end. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/attendees.h"
#include "store/checkin.h"
#include "cli.h"
#include "commands.h"
#include "store/store.h"
#include "core/place.h"
#include "core/timefmt.h"

static const char usage[] =
	"usage: kiosk checkin CODE [--door NAME] [--exit | --station NAME] [--at ISO] [--lang en|bn]\n"
	"       kiosk checkin --attendee WHO [--door NAME | --station NAME] [--at ISO] ...\n"
	"\n"
	"Judge a ticket code (or a code imported with the roster) and journal the\n"
	"result. Prints one line:\n"
	"  ok: NAME (TYPE)                                  exit 0\n"
	"  welcome back: NAME (TYPE)   (in again after an exit)  exit 0\n"
	"  already used at HH:MM (DOOR): NAME   (inside now)     exit 1\n"
	"  rejected (REASON): words for the guest           exit 2\n"
	"  an error on stderr, nothing journaled            exit 3 or more\n"
	"With --exit (a guest steps out and may come back):\n"
	"  out: NAME                                        exit 0\n"
	"  not inside: NAME                                 exit 1\n"
	"With --station NAME (gift bags, a raffle, a talk: once per guest):\n"
	"  collected: NAME (STATION)                        exit 0\n"
	"  already collected at HH:MM: NAME                 exit 1\n"
	"A guest is a person, not a registration: once a sync has shown that two\n"
	"registrations are one guest (a walk-in registered again under a phone the\n"
	"event held), what one collected at a station the other has collected too.\n"
	"\n"
	"  --door NAME   the door scanning it (default 'door 1'; 1 to 60 bytes, no\n"
	"                control characters or brackets, surrounding spaces dropped)\n"
	"  --exit        scan the guest out\n"
	"  --station S   scan at station S (see 'kiosk station add'; 'raffle' is\n"
	"                station 'Raffle': ASCII case and surrounding spaces ignored)\n"
	"  --attendee    WHO is a guest found by a volunteer, not a scanned code (a\n"
	"                walk-in has no ticket): a serial, an ID (w-...), a phone or\n"
	"                an imported code, as 'kiosk attendees list' shows them; a\n"
	"                phone two registrations hold needs the serial or ID\n"
	"  --at ISO      judge as if at this time (replays and tests; default now)\n"
	"  --lang L      language of the words: en (default) or bn\n"
	"CODE may be any bytes a scanner sends: one that is not valid UTF-8 is a\n"
	"malformed code (exit 2). A code that is no ticket of ours and no imported\n"
	"code is journaled as its first letters, length and a keyed hash only.\n";

int cmd_checkin(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"door", required_argument, NULL, 'd'}, {"at", required_argument, NULL, 'a'},
		{"lang", required_argument, NULL, 'l'}, {"help", no_argument, NULL, 'h'},
		{"exit", no_argument, NULL, 'x'}, {"station", required_argument, NULL, 's'},
		{"attendee", no_argument, NULL, 'A'}, {NULL, 0, NULL, 0},
	};
	const char *door = NULL, *at = NULL, *lang = "en", *station = NULL;
	int out = 0, by_id = 0;
	char err[KERR_LEN], num[32], clock[TIME_TEXT_MAX], place[PLACE_NAME_MAX + 1];
	char id[ATTENDEES_ID_MAX];
	struct checkin_result res;
	struct store *st = NULL;
	int64_t now;
	int opt, tz = TZ_DHAKA_MIN, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': door = optarg; break;
		case 'a': at = optarg; break;
		case 'l': lang = optarg; break;
		case 'x': out = 1; break;
		case 's': station = optarg; break;
		case 'A': by_id = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error(c, "checkin: give exactly one CODE (see 'kiosk checkin --help')");
		return EXIT_USAGE;
	}
	if (out && station) {
		cli_error(c, "checkin: use --exit or --station, not both");
		return EXIT_USAGE;
	}
	if (out && by_id) {
		cli_error(c, "checkin: --attendee is for a door or a station, not --exit");
		return EXIT_USAGE;
	}
	/* The other arguments are not checked for UTF-8 before (cli_main lets
	 * CODE through): the names are checked here, --at and --lang below. */
	if (door && place_name_parse(door, place, err) != 0) {
		cli_error(c, "checkin: --door: %s", err);
		return EXIT_ERROR;
	}
	if (station && place_name_parse(station, place, err) != 0) {
		cli_error(c, "checkin: --station: %s", err);
		return EXIT_ERROR;
	}
	if (strcmp(lang, "en") != 0 && strcmp(lang, "bn") != 0) {
		cli_error(c, "checkin: --lang must be en or bn");
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (store_meta_get(st, "tz_offset_min", num, sizeof num) > 0)
		tz = atoi(num);
	now = cli_now_ms();
	if (at && time_parse_iso(at, tz, &now) != 0) {
		cli_error(c, "checkin: --at is not a time like 2026-12-05T15:00+06:00");
		store_close(st);
		return EXIT_ERROR;
	}
	if (by_id && attendees_find(st, argv[optind], id, err) != 0) {
		cli_error(c, "checkin: %s (nothing was recorded)", err);
		store_close(st);
		return EXIT_ERROR;
	}
	if ((by_id ? (station ? checkin_station_attendee(st, id, station, now, &res, err)
			      : checkin_attendee(st, id, door, now, &res, err))
		 : out ? checkin_exit(st, argv[optind], door, now, &res, err)
		 : station ? checkin_station(st, argv[optind], station, now, &res, err)
		 : checkin_perform(st, argv[optind], door, now, &res, err)) != 0) {
		cli_error(c, "checkin: %s (nothing was recorded)", err);
		store_close(st);
		return EXIT_ERROR;
	}
	/* The entry is committed: answer now; closing checkpoints the WAL, which
	 * the guest need not wait for. */
	switch (res.verdict) {
	case VERDICT_OK:
		if (out)
			printf("out: %s\n", res.name);
		else if (station)
			printf("collected: %s (%s)\n", res.name, res.first_door);
		else
			printf("%s: %s (%s)\n", res.reentry ? "welcome back" : "ok", res.name,
			       res.ticket_type);
		rc = EXIT_OK;
		break;
	case VERDICT_USED:
		if (out) {
			printf("not inside: %s\n", res.name);
			rc = EXIT_USED;
			break;
		}
		if (time_format_clock(res.first_at_ms, tz, lang, clock, sizeof clock) < 0)
			(void)snprintf(clock, sizeof clock, "?");
		if (station)
			printf("already collected at %s: %s\n", clock, res.name);
		else
			printf("already used at %s (%s): %s\n", clock, res.first_door, res.name);
		rc = EXIT_USED;
		break;
	default:
		printf("rejected (%s): %s\n", reason_name(res.reason), reason_text(res.reason, lang));
		rc = EXIT_REJECTED;
		break;
	}
	if (fflush(stdout) != 0)
		rc = EXIT_ERROR;
	store_close(st);
	return rc;
}
