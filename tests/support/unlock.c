/* unlock.c - test support: unlock a store as the CLI does (see unlock.h). */
#include "unlock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/vault.h"
#include "sync/trust.h"

int support_unlock(struct store *st, const char *data_dir, char err[KERR_LEN])
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
