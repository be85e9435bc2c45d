/* main.c - `kiosk`: start reading here. Takes --data out of argv, then hands
 * the rest to the command table below. Only main() exits. */
#include <sodium.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"

static const struct cli_command commands[] = {
	{"init", cmd_init, "create an event and its keys (--event NAME [--starts ISO --ends ISO])"},
	{"attendees import", cmd_attendees_import, "import the roster from a CSV file"},
	{"attendees list", cmd_attendees_list, "print the roster with who is in"},
	{"attendees cancel", cmd_attendees_cancel, "revoke an attendee's ticket"},
	{"tickets issue", cmd_tickets_issue, "write a QR PNG per attendee, a printable sheet and codes.csv"},
	{"door set", cmd_door_set, "say which ticket types a door admits"},
	{"checkin", cmd_checkin, "check a ticket code in (exit 0 ok, 1 already used, 2 rejected, 3+ error)"},
	{"report", cmd_report, "write the after-meetup report: index.html and CSVs (--out DIR)"},
	{"verify", cmd_verify, "check the journal chain, sequence numbers and projections"},
	{"rebuild", cmd_rebuild, "recreate the projections from the journal"},
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	struct cli c = {.prog = "kiosk"};
	int n;

	if (sodium_init() < 0) {
		cli_error(&c, "cannot initialise libsodium");
		return EXIT_ERROR;
	}
	n = cli_take_data(&c, argc, argv);
	if (n < 0) {
		cli_error(&c, "--data needs a directory");
		return EXIT_USAGE;
	}
	return cli_dispatch(&c, commands, n - 1, argv + 1);
}
