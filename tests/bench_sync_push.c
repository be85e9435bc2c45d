/* bench_sync_push.c - benchmark helper: the cost of one incremental push as
 * the kiosk's background step pays it (store already open, in-process):
 * append NEW entries, then time sync_push() to TARGET; ROUNDS times. Prints
 * "min/median/max ms". Usage: bench_sync_push DATA TARGET NEW ROUNDS */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store.h"
#include "sync.h"

static double mono_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char err[KERR_LEN];
	struct store *st = NULL;
	struct sync_stats stats;
	double ms[64], t0;
	int i, j, n, rounds;

	if (argc != 5 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_sync_push DATA TARGET NEW ROUNDS\n");
		return 3;
	}
	n = atoi(argv[3]);
	rounds = atoi(argv[4]);
	if (rounds < 1 || rounds > 64 || store_open(&st, argv[1], 0, err) != 0) {
		fprintf(stderr, "bench_sync_push: %s\n", rounds < 1 || rounds > 64 ? "ROUNDS 1..64" : err);
		return 3;
	}
	for (i = 0; i < rounds; i++) {
		if (store_begin(st, err) != 0)
			goto fail;
		for (j = 0; j < n; j++)
			if (store_append(st, 1767225600000LL + j, "note", "{\"bench\":\"incremental\"}",
					 NULL, err) != 0) {
				store_rollback(st);
				goto fail;
			}
		if (store_commit(st, err) != 0)
			goto fail;
		t0 = mono_ms();
		if (sync_push(st, argv[1], argv[2], 0, (int64_t)t0, &stats, NULL, NULL, err) != 0)
			goto fail;
		ms[i] = mono_ms() - t0;
		if (stats.pushed != n) {
			fprintf(stderr, "bench_sync_push: pushed %lld, not %d\n", (long long)stats.pushed, n);
			store_close(st);
			return 3;
		}
	}
	store_close(st);
	qsort(ms, (size_t)rounds, sizeof ms[0], cmp);
	printf("%.1f/%.1f/%.1f\n", ms[0], ms[rounds / 2], ms[rounds - 1]);
	return 0;
fail:
	fprintf(stderr, "bench_sync_push: %s\n", err);
	store_close(st);
	return 3;
}
