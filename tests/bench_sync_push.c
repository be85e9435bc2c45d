/* bench_sync_push.c - benchmark helper: the cost of one incremental push as
 * the kiosk pays it, through its background worker (sync_worker_step: own
 * store connection, PostgreSQL session kept open between steps). Sets the
 * worker's target, takes one warm-up step, then ROUNDS times: append NEW
 * entries (untimed), time one step, check that nothing waits any more.
 * Prints "min/median/max" in ms. Usage: bench_sync_push DATA TARGET NEW ROUNDS */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store/store.h"
#include "sync/sync.h"
#include "fill_unlock.h"

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
	struct sync_worker *w = NULL;
	struct sync_state s;
	double ms[64], t0;
	int i, j, n, rounds;

	if (argc != 5 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_sync_push DATA TARGET NEW ROUNDS\n");
		return 3;
	}
	n = atoi(argv[3]);
	rounds = atoi(argv[4]);
	if (rounds < 1 || rounds > 64) {
		fprintf(stderr, "bench_sync_push: ROUNDS 1..64\n");
		return 3;
	}
	/* The screen's connection appends; the worker has its own. */
	if (store_open(&st, argv[1], 0, err) != 0 || support_unlock(st, argv[1], err) != 0 ||
	    store_meta_set(st, SYNC_META_TARGET, argv[2], err) != 0 ||
	    sync_worker_open(&w, argv[1], err) != 0 || sync_worker_step(w, 0, &s, err) != 1)
		goto fail;
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
		if (sync_worker_step(w, (int64_t)t0, &s, err) != 1)
			goto fail;
		ms[i] = mono_ms() - t0;
		if (s.waiting != 0) {
			fprintf(stderr, "bench_sync_push: %lld still waiting\n", (long long)s.waiting);
			goto out;
		}
	}
	sync_worker_close(w);
	store_close(st);
	qsort(ms, (size_t)rounds, sizeof ms[0], cmp);
	printf("%.1f/%.1f/%.1f\n", ms[0], ms[rounds / 2], ms[rounds - 1]);
	return 0;
fail:
	fprintf(stderr, "bench_sync_push: %s\n", err);
out:
	sync_worker_close(w);
	store_close(st);
	return 3;
}
