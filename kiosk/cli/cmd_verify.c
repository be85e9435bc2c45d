/* cmd_verify.c - `kiosk verify` and `kiosk rebuild`: check the journal and
 * its projections; recreate the projections from it. Front end over store. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "store/census.h"
#include "store/store.h"
#include "sync/trust.h"

static void print_problem(void *ctx, const char *line)
{
	(void)ctx;
	printf("problem: %s\n", line);
}

int cmd_verify(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN];
	struct store *st;
	int64_t entries, devices;
	int problems;

	if (cli_wants_help(argc, argv)) {
		puts("usage: kiosk verify\n\n"
		     "Check the journal: every device's hash chain, gapless sequence numbers,\n"
		     "and that the projections (attendees, check-ins, ...) equal a rebuild from\n"
		     "the journal. Changes nothing: it checks a private copy (DATA/.verify-PID.db,\n"
		     "removed after), so a door checking guests in meanwhile never waits.\n"
		     "Prints one line per problem.\n"
		     "Exit 0 intact, 1 problems found, 3 could not check.");
		return EXIT_OK;
	}
	if (argc > 1) {
		cli_error(c, "verify: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	/* On a private copy: its rebuild holds no lock on the store a door
	 * may be writing to. */
	if (cli_open_store(c, &st, CLI_STORE_COPY) != 0)
		return EXIT_ERROR;
	problems = store_verify(st, print_problem, NULL, err);
	if (problems >= 0 && census_count(st, &entries, &devices, err) != 0) {
		cli_error(c, "verify: cannot count the journal: %s", err);
		problems = -2;
	} else if (problems < 0) {
		cli_error(c, "verify: %s", err);
	}
	store_close(st);
	cli_remove_copy(c);
	if (problems < 0)
		return EXIT_ERROR;
	if (problems) {
		printf("%d problem(s) in %" PRId64 " journal entries\n", problems, entries);
		return 1;
	}
	printf("journal intact: %" PRId64 " entries from %" PRId64 " device(s); projections equal a rebuild\n",
	       entries, devices);
	return EXIT_OK;
}

int cmd_rebuild(struct cli *c, int argc, char **argv)
{
	char err[KERR_LEN];
	struct store *st;
	int64_t entries, devices;

	if (cli_wants_help(argc, argv)) {
		puts("usage: kiosk rebuild\n\n"
		     "Recreate every projection (attendees, check-ins, ...) from the journal,\n"
		     "in one transaction: either all of it is rebuilt or nothing changes.\n"
		     "The entries of a revoked device past its revocation's cut-off are left out.");
		return EXIT_OK;
	}
	if (argc > 1) {
		cli_error(c, "rebuild: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	if (cli_open_store(c, &st, 0) != 0)
		return EXIT_ERROR;
	/* The revocations held first (a store that got one before the cut-off
	 * rule counts the revoked device's entries still), then everything. */
	if (store_temp_on_disk(st, 1, err) != 0 ||
	    store_begin(st, err) != 0 || trust_cuts_apply(st, NULL, NULL, err) != 0 ||
	    store_rebuild(st, err) != 0 || store_commit(st, err) != 0) {
		if (store_in_transaction(st))
			store_rollback(st);
		cli_error(c, "rebuild: %s (nothing changed)", err);
		store_close(st);
		return EXIT_ERROR;
	}
	if (census_count(st, &entries, &devices, err) != 0)
		entries = -1;
	store_close(st);
	printf("rebuilt the projections from %" PRId64 " journal entries\n", entries);
	return EXIT_OK;
}
