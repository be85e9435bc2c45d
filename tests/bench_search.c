/* bench_search.c - the door's search (doorq_search: name, phone digits, and
 * by sound through core/translit) timed in-process on a filled store.
 * usage: bench_search DATA_DIR QUERY... ; prints per query the results found
 * and the median and worst of 20 runs in ms: the whole search (name, phone,
 * sound), then the search by sound alone (search_by_key). */
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
	double t[RUNS];
	int i, q, n = 0;

	if (argc < 3 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench_search DATA_DIR QUERY...\n");
		return 3;
	}
	if (store_open(&st, argv[1], 0, err) != 0) {
		fprintf(stderr, "bench_search: %s\n", err);
		return 3;
	}
	for (q = 2; q < 2 * argc - 2; q++) {
		const char *text = argv[q < argc ? q : q - argc + 2];

		if (q == argc)
			printf("  by sound alone (search_by_key):\n");
		for (i = 0; i < RUNS; i++) {
			double a = now_ms();

			n = q < argc ? doorq_search(st, text, out, DOOR_RESULTS_MAX, err)
				     : search_by_key(st, text, out, 0, DOOR_RESULTS_MAX, err);
			t[i] = now_ms() - a;
			if (n < 0) {
				fprintf(stderr, "bench_search: %s\n", err);
				store_close(st);
				return 3;
			}
		}
		qsort(t, RUNS, sizeof t[0], cmp);
		printf("  %-14s %d found   median %6.2f ms   worst %6.2f ms\n", text, n,
		       t[RUNS / 2], t[RUNS - 1]);
	}
	store_close(st);
	return 0;
}
