/* fill_unlock.h - for the fill tools (bench_sync_fill, bench_sync_push) that
 * write entries "as that device would": open the store's data key as the CLI
 * does (issue 14) and sign what they append. Header-only: included by the
 * test programs themselves (tests/support may not reach the store). */
#ifndef KIOSK_TESTS_FILL_UNLOCK_H
#define KIOSK_TESTS_FILL_UNLOCK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/vault.h"
#include "sync/trust.h"

/* When st has a data key: unlock it with the first line of
 * $KIOSK_PASSPHRASE_FILE. Then sign what st appends, like cli_unlock, when
 * the device has a key. 0, or -1 with err. */
static int support_unlock(struct store *st, const char *data_dir, char err[KERR_LEN])
{
	const char *file = getenv("KIOSK_PASSPHRASE_FILE");
	char pass[1024] = "";
	FILE *f;
	size_t n;
	int r = vault_is_set(st);

	if (r < 0)
		return kerr(err, "cannot read the store's keys");
	if (r > 0 && !vault_is_unlocked(st)) {
		if (!file || !(f = fopen(file, "r")))
			return kerr(err, "the store is encrypted: set KIOSK_PASSPHRASE_FILE");
		if (!fgets(pass, sizeof pass, f))
			pass[0] = '\0';
		(void)fclose(f); /* read-only */
		n = strcspn(pass, "\r\n");
		pass[n] = '\0';
		r = vault_unlock(st, pass, n, err);
		memset(pass, 0, sizeof pass);
		if (r != 0)
			return -1;
	}
	return trust_sign_appends(st, data_dir, err) < 0 ? -1 : 0;
}

#endif
