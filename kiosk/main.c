/* main.c - `kiosk`: start reading here. Takes --data out of argv, then hands
 * the rest to the command table below. Only main() exits. */
#include <sodium.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"

static const struct cli_command commands[] = {
	/* rows are added as commands land */
	{"scan", cmd_scan, "decode QR codes in image files: PATH<TAB>TEXT per code"},
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
