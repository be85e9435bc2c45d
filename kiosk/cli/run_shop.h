/* run_shop.h - the feedback and orders modes of `kiosk run` (run_shop.c).
 * Front end: SDL2 + store. */
#ifndef KIOSK_RUN_SHOP_H
#define KIOSK_RUN_SHOP_H

#include "cli.h"

/* `kiosk run --mode feedback|orders ...`: argv as cmd_run got it.
 * Returns an exit code. */
int run_shop(struct cli *c, int argc, char **argv);

/* 1 if argv asks for --mode feedback or orders (cmd_run hands those over). */
int run_shop_wants(int argc, char **argv);

#endif
