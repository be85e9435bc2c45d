/* unlock.h - test support: open a store's data key as the CLI does (issue
 * 14), for fill tools that write entries "as that device would". */
#ifndef KIOSK_TESTS_SUPPORT_UNLOCK_H
#define KIOSK_TESTS_SUPPORT_UNLOCK_H

#include "core/kerr.h"

struct store;

/* When st has a data key: unlock it with the first line of
 * $KIOSK_PASSPHRASE_FILE. Then sign what st appends, like cli_unlock, when
 * the device has a key. 0, or -1 with err. */
int support_unlock(struct store *st, const char *data_dir, char err[KERR_LEN]);

#endif
