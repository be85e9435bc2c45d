/* cmd_walkin.c - `kiosk attendees add`: a walk-in from the command line,
 * never a second person for a phone already on the roster.
 * Front end over store/visits. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "core/phone.h"
#include "core/place.h"
#include "core/utf8.h"
#include "store/store.h"
#include "store/visits.h"

#define NAME_MAX_BYTES 200

static const char usage[] =
	"usage: kiosk attendees add --name NAME --phone PHONE [--type TYPE] [--door DOOR]\n"
	"\n"
	"Register a walk-in and check them in at DOOR (default 'door 1'), as the door\n"
	"screen's \"new guest\" does. A phone already on the roster adds nobody:\n"
	"  ok: NAME (+8801XXXXXXXXX, walk-in)                         exit 0\n"
	"  already on the roster: NAME (+8801XXXXXXXXX, in|expected)  exit 1\n"
	"  a bad name or phone on stderr, nothing written            exit 3\n"
	"TYPE is a free-form ticket type (default general), stored in lower case.\n"
	"Phones are normalised to +8801XXXXXXXXX (Bengali digits, 880..., spaces).\n";

/* Strict UTF-8 without control characters (bidi overrides too: they can
 * disguise a name), 1..max bytes: the check every typed field gets. */
static int name_is_clean(const char *s, size_t max)
{
	char why[64];
	size_t n = strlen(s);

	return n > 0 && n <= max && utf8_field_check(s, why, sizeof why) == 0;
}

int cmd_attendees_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'}, {"phone", required_argument, NULL, 'p'},
		{"type", required_argument, NULL, 't'}, {"door", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
	};
	const char *name = NULL, *raw = NULL, *door = "door 1";
	char phone[PHONE_LEN], id[DOOR_ID_MAX], err[KERR_LEN], *type = NULL;
	char door_name[PLACE_NAME_MAX + 1];
	struct door_person known;
	struct store *st;
	int opt, r;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': name = optarg; break;
		case 'p': raw = optarg; break;
		case 't': type = optarg; break; /* lower-cased below, in place */
		case 'd': door = optarg; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default:
			cli_error(c, "attendees add: unknown option '%s' (see 'kiosk attendees add --help')",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc || !name || !raw) {
		cli_error(c, "attendees add: give --name NAME and --phone PHONE");
		return EXIT_USAGE;
	}
	while (*name == ' ')
		name++;
	if (!name_is_clean(name, NAME_MAX_BYTES)) {
		cli_error(c, "attendees add: the name must be 1 to %d bytes of UTF-8 text without"
			  " control characters", NAME_MAX_BYTES);
		return EXIT_ERROR;
	}
	if (type && !name_is_clean(type, 40)) {
		cli_error(c, "attendees add: --type must be a short word");
		return EXIT_ERROR;
	}
	/* Types are free-form words, one canonical spelling as the import
	 * keeps them (roster.h): "VIP" and "vip" are one type. */
	for (char *p = type; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (place_name_parse(door, door_name, err) != 0) {
		cli_error(c, "attendees add: --door: %s", err);
		return EXIT_ERROR;
	}
	if (phone_normalise(raw, phone) != 0) {
		cli_error(c, "attendees add: '%s' is not a Bangladeshi mobile number (01XXXXXXXXX)", raw);
		return EXIT_ERROR;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	r = visits_walkin(st, door_name, name, phone, type, cli_now_ms(), id, &known, err);
	store_close(st);
	if (r < 0) {
		cli_error(c, "attendees add: %s (nothing was added)", err);
		return EXIT_ERROR;
	}
	if (r == 0) {
		printf("already on the roster: %s (%s, %s)\n", known.name, known.phone,
		       known.is_in ? "in" : "expected");
		return EXIT_USED;
	}
	printf("ok: %s (%s, walk-in)\n", name, phone);
	return EXIT_OK;
}
