/* main.c - `kiosk-sync`: carries journals between devices (bundles on a folder
 * or USB stick, PostgreSQL). Start reading here; only main() exits. */
#include <sodium.h>
#include <stdio.h>

#include "cli.h"

static const struct cli_command commands[] = {
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	struct cli c = {.prog = "kiosk-sync"};
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
