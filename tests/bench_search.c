/* bench_search.c - the door's search (store/search.h: name, phone digits,
 * and by sound through core/translit) timed in-process on a filled store.
 * usage: bench_search DATA_DIR QUERY... ; prints the time to build the index,
 * then per query the results found and the median and worst of 20 runs in ms
 * of one keystroke's work (catching up with new rows, then the search). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/doorq.h"
#include "store/search.h"
#include "store/store.h"

#define RUNS 20

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct door_person out[DOOR_RESULTS_MAX];
	char err[KERR_LEN];
	struct store *st;
	struct search_index *ix;
	double t[RUNS], b;
	int i, q, n = 0;

	if (argc < 3 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_search DATA_DIR QUERY...\n");
		return 3;
	}
	if (store_open(&st, argv[1], 0, err) != 0) {
		fprintf(stderr, "bench_search: %s\n", err);
		return 3;
	}
	b = now_ms();
	if (search_index_build(st, &ix, err) != 0) {
		fprintf(stderr, "bench_search: %s\n", err);
		store_close(st);
		return 3;
	}
	printf("  index of %zu guests built in %.0f ms, %.1f MB\n", search_index_rows(ix),
	       now_ms() - b, (double)search_index_bytes(ix) / (1024.0 * 1024.0));
	for (q = 2; q < argc; q++) {
		const char *text = argv[q];

		for (i = 0; i < RUNS; i++) {
			double a = now_ms();

			n = search_index_refresh(st, ix, err) < 0
				    ? -1
				    : search_index_find(st, ix, text, out, DOOR_RESULTS_MAX, err);
			t[i] = now_ms() - a;
			if (n < 0) {
				fprintf(stderr, "bench_search: %s\n", err);
				search_index_free(ix);
				store_close(st);
				return 3;
			}
		}
		qsort(t, RUNS, sizeof t[0], cmp);
		printf("  %-14s %d found   median %6.2f ms   worst %6.2f ms\n", text, n,
		       t[RUNS / 2], t[RUNS - 1]);
	}
	search_index_free(ix);
	store_close(st);
	return 0;
}
