/* bench_door_search.c - the store's part of the door's figures (issue 15),
 * without a window: the time to read the roster and build the search index
 * (store/search.h) and the memory it holds, the time of one keystroke's
 * search (catching up with new rows, then the search) for every state of the
 * search field while names and phone digits are typed and erased one key at
 * a time (the same keys as the window bench), and of doorq_counts, the read
 * after each verdict. Prints wall and CPU times (the thread's CPU clock: on a
 * shared machine the wall clock's tail is mostly waiting for a core) for
 * bench_door.sh. Test-only code.
 *
 * usage: bench_door_search DATA_DIR */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/doorq.h"
#include "store/search.h"
#include "store/store.h"
#include "tests/bench_unlock.h"

#define SAMPLES_MAX 4096

static double clock_us(clockid_t c)
{
	struct timespec ts;

	(void)clock_gettime(c, &ts); /* cannot fail for these two clocks */
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *label, double *wall, double *cpu, int n)
{
	qsort(wall, (size_t)n, sizeof *wall, cmp);
	qsort(cpu, (size_t)n, sizeof *cpu, cmp);
	printf("%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d; CPU p50 %.2f ms, p99 %.2f ms,"
	       " max %.2f ms\n", label, wall[(n - 1) / 2] / 1000, wall[(int)((n - 1) * 0.99)] / 1000,
	       wall[n - 1] / 1000, n, cpu[(n - 1) / 2] / 1000, cpu[(int)((n - 1) * 0.99)] / 1000,
	       cpu[n - 1] / 1000);
}

int main(int argc, char **argv)
{
	static const char *const typed[] = {"ramina", "Sutaka", "4455", "hila", "0317", "lonaha"};
	static double t[SAMPLES_MAX], c[SAMPLES_MAX];
	struct door_person found[DOOR_RESULTS_MAX];
	char err[KERR_LEN], q[DOOR_QUERY_MAX];
	struct store *st = NULL;
	struct search_index *ix = NULL;
	int n = 0, round, i, k, len;
	int64_t in, expected, walkins;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_door_search DATA_DIR\n");
		return 3;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "bench_door_search: cannot initialise libsodium\n");
		return 3;
	}
	/* The names are sealed (issue 14): unlocked as the door is, and the
	 * build below decrypts every row, as the door's does. */
	if (store_open(&st, argv[1], 0, err) != 0 || bench_unlock(st, err) != 0) {
		fprintf(stderr, "bench_door_search: %s\n", err);
		store_close(st);
		return 3;
	}
	{
		double s = clock_us(CLOCK_MONOTONIC), sc = clock_us(CLOCK_THREAD_CPUTIME_ID);

		if (search_index_build(st, &ix, err) != 0) {
			fprintf(stderr, "bench_door_search: %s\n", err);
			store_close(st);
			return 3;
		}
		printf("search index: %zu rows built in %.0f ms (CPU %.0f ms), %.1f MB\n",
		       search_index_rows(ix), (clock_us(CLOCK_MONOTONIC) - s) / 1000,
		       (clock_us(CLOCK_THREAD_CPUTIME_ID) - sc) / 1000,
		       (double)search_index_bytes(ix) / (1024.0 * 1024.0));
	}
	/* Five rounds: the first with a cold cache, as the door meets it. */
	for (round = 0; round < 5; round++)
		for (i = 0; i < (int)(sizeof typed / sizeof typed[0]); i++) {
			len = (int)strlen(typed[i]);
			/* Typed: prefixes 1..len; erased: len-1..0. */
			for (k = 1; k <= 2 * len && n < SAMPLES_MAX; k++) {
				int keep = k <= len ? k : 2 * len - k;
				double s, sc;

				(void)snprintf(q, sizeof q, "%.*s", keep, typed[i]);
				s = clock_us(CLOCK_MONOTONIC);
				sc = clock_us(CLOCK_THREAD_CPUTIME_ID);
				if (search_index_refresh(st, ix, err) < 0 ||
				    search_index_find(st, ix, q, found, DOOR_RESULTS_MAX, err) < 0) {
					fprintf(stderr, "bench_door_search: %s\n", err);
					search_index_free(ix);
					store_close(st);
					return 3;
				}
				c[n] = clock_us(CLOCK_THREAD_CPUTIME_ID) - sc;
				t[n++] = clock_us(CLOCK_MONOTONIC) - s;
			}
		}
	report("search query per keystroke (store only)", t, c, n);
	for (n = 0; n < 200; n++) {
		double s = clock_us(CLOCK_MONOTONIC), sc = clock_us(CLOCK_THREAD_CPUTIME_ID);

		if (doorq_counts(st, &in, &expected, &walkins, err) != 0) {
			fprintf(stderr, "bench_door_search: %s\n", err);
			store_close(st);
			return 3;
		}
		c[n] = clock_us(CLOCK_THREAD_CPUTIME_ID) - sc;
		t[n] = clock_us(CLOCK_MONOTONIC) - s;
	}
	report("counts read after a verdict (store only)", t, c, n);
	search_index_free(ix);
	store_close(st);
	return 0;
}
