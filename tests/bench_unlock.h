/* bench_unlock.h - the test programs' unlock (bench_door_fill, bench_door_search,
 * bench_race): a sealed store (issue 14) opened with the passphrase of
 * KIOSK_PASSPHRASE_FILE, as the program does; a store without a data key is
 * left as it is. Header-only: tests/support stays below the store layer. */
#ifndef KIOSK_TESTS_BENCH_UNLOCK_H
#define KIOSK_TESTS_BENCH_UNLOCK_H

#include <sodium.h>

#include "core/kerr.h"
#include "store/vault.h"
#include "support/passfile.h"

/* 0, or -1 with err (no passphrase file, wrong passphrase). */
static inline int bench_unlock(struct store *st, char err[KERR_LEN])
{
	char pass[1024];
	long n;
	int r;

	if (vault_is_set(st) == 0)
		return 0;
	n = test_passphrase(pass, sizeof pass);
	if (n < 0)
		return kerr(err, "the store is sealed: give its passphrase in KIOSK_PASSPHRASE_FILE");
	r = vault_unlock(st, pass, (size_t)n, err);
	sodium_memzero(pass, sizeof pass);
	return r == 0 ? 0 : r == 1 ? kerr(err, "wrong passphrase") : -1;
}

#endif
