/* bench_sync_fill.c - test and benchmark helper: append N synthetic journal
 * entries to the store in DATA, in one transaction, as that device would.
 *   bench_sync_fill DATA N [KIND [BODY]]
 * Default kind "note" (no projection) with a ~120-byte body that varies per
 * entry; with KIND and BODY, every entry gets that body (e.g. a check-in for
 * the double-entry test). Prints nothing on success; exit 3 on error. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/store.h"
#include "fill_unlock.h"

int main(int argc, char **argv)
{
	char err[KERR_LEN], body[512];
	struct store *st = NULL;
	long long i, n, t0 = 1767225600000LL;
	const char *kind = argc > 3 ? argv[3] : "note";

	if (argc < 3 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_sync_fill DATA N [KIND [BODY [AT_MS]]]\n");
		return 3;
	}
	n = atoll(argv[2]);
	if (argc > 5)
		t0 = atoll(argv[5]);
	if (store_open(&st, argv[1], 1, err) != 0 || support_unlock(st, argv[1], err) != 0 ||
	    store_begin(st, err) != 0) {
		fprintf(stderr, "bench_sync_fill: %s\n", err);
		store_close(st);
		return 3;
	}
	for (i = 0; i < n; i++) {
		if (argc > 4)
			(void)snprintf(body, sizeof body, "%s", argv[4]);
		else
			(void)snprintf(body, sizeof body,
				       "{\"n\":%lld,\"text\":\"feedback: packaging was not good\\t"
				       "\\\\ line\\nbreak \\u09ac\\u09be\",\"stars\":%lld}",
				       i, i % 5 + 1);
		if (store_append(st, t0 + i * 1000, kind, body, NULL, err) != 0) {
			fprintf(stderr, "bench_sync_fill: %s\n", err);
			store_rollback(st);
			store_close(st);
			return 3;
		}
	}
	if (store_commit(st, err) != 0) {
		fprintf(stderr, "bench_sync_fill: %s\n", err);
		store_close(st);
		return 3;
	}
	store_close(st);
	return 0;
}
