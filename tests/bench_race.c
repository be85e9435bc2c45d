/* bench_race.c - many scanners on one store at once: NPROC processes x
 * NTHREADS threads, each with its own store handle, each scanning every code
 * of CODES (one a line) in its own order, as fast as it can. Counts the "ok"
 * verdicts per code across all of them and prints
 *   scans N  ok N  used N  rejected N  errors N  double_ok N  p50 X ms  p99 Y ms
 * Exit 0 when every code got exactly one "ok" and no scan failed, 1 otherwise.
 * Used by tests/e2e_race.sh (with the door screen and the command line
 * scanning at the same time) and by `make bench` (tests/bench_core.sh).
 *
 * usage: bench_race DATA CODES NPROC NTHREADS [DOOR] */
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/checkin.h"
#include "store/store.h"
#include "store/vault.h"
#include "tests/bench_unlock.h"

#define CODES_MAX 20000

static char (*codes)[128];
static int ncodes;
static const char *dir, *door;

struct worker {
	pthread_t tid;
	unsigned seed;
	int out;            /* pipe to the parent: one byte per scan */
	int errors;
	double *lat;        /* microseconds per scan */
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Each scan reports "<index> <verdict letter> <microseconds>\n" to the parent
 * (ok, used, rejected, error). Lines are short, so writes are atomic. */
static void *scan_all(void *arg)
{
	struct worker *w = arg;
	struct store *st;
	char err[KERR_LEN], line[64];
	int *order = malloc(sizeof *order * (size_t)ncodes), i;

	if (!order || store_open(&st, dir, 0, err) != 0) {
		fprintf(stderr, "bench_race: %s\n", order ? err : "out of memory");
		w->errors = ncodes;
		free(order);
		return NULL;
	}
	/* Each scanner opens the sealed roster as a door does (issue 14). */
	if (bench_unlock(st, err) != 0) {
		fprintf(stderr, "bench_race: %s\n", err);
		w->errors = ncodes;
		free(order);
		store_close(st);
		return NULL;
	}
	for (i = 0; i < ncodes; i++)
		order[i] = i;
	for (i = ncodes - 1; i > 0; i--) {
		int j = (int)(rand_r(&w->seed) % (unsigned)(i + 1)), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < ncodes; i++) {
		struct checkin_result res;
		double t0 = now_us();
		char v;
		int n;

		if (checkin_perform(st, codes[order[i]], door, (int64_t)time(NULL) * 1000, &res, err) != 0) {
			fprintf(stderr, "bench_race: %s\n", err);
			v = 'e';
		} else {
			v = res.verdict == VERDICT_OK ? 'o' : res.verdict == VERDICT_USED ? 'u' : 'r';
		}
		n = snprintf(line, sizeof line, "%d %c %.0f\n", order[i], v, now_us() - t0);
		if (write(w->out, line, (size_t)n) != n)
			w->errors++;
	}
	store_close(st);
	free(order);
	return NULL;
}

static int child(int out, int proc, int nthreads)
{
	struct worker w[16];
	int i;

	for (i = 0; i < nthreads; i++) {
		w[i] = (struct worker){.seed = (unsigned)(proc * 7919 + i * 104729 + 1), .out = out};
		if (pthread_create(&w[i].tid, NULL, scan_all, &w[i]) != 0)
			return 1;
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(w[i].tid, NULL);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	FILE *f, *in;
	int nproc, nthreads, i, fd[2], *ok;
	long scans = 0, nok = 0, used = 0, rej = 0, errors = 0, dbl = 0, missing = 0, cap;
	double *lat;
	char line[128];

	if (argc < 5 || argc > 6) {
		fputs("usage: bench_race DATA CODES NPROC NTHREADS [DOOR]\n", stderr);
		return 2;
	}
	dir = argv[1];
	nproc = atoi(argv[3]);
	nthreads = atoi(argv[4]);
	door = argc == 6 ? argv[5] : "race";
	if (nproc < 1 || nproc > 64 || nthreads < 1 || nthreads > 16 || sodium_init() < 0)
		return 2;
	codes = calloc(CODES_MAX, sizeof *codes);
	if (!codes || !(f = fopen(argv[2], "r")))
		return 2;
	while (ncodes < CODES_MAX && fgets(codes[ncodes], sizeof codes[0], f)) {
		codes[ncodes][strcspn(codes[ncodes], "\r\n")] = '\0';
		if (codes[ncodes][0])
			ncodes++;
	}
	fclose(f);
	if (pipe(fd) != 0)
		return 2;
	for (i = 0; i < nproc; i++) {
		pid_t p = fork();

		if (p < 0)
			return 2;
		if (p == 0) {
			close(fd[0]);
			_exit(child(fd[1], i, nthreads));
		}
	}
	close(fd[1]);
	cap = (long)nproc * nthreads * ncodes;
	ok = calloc((size_t)ncodes, sizeof *ok);
	lat = calloc((size_t)cap + 1, sizeof *lat);
	in = fdopen(fd[0], "r");
	if (!ok || !lat || !in)
		return 2;
	while (fgets(line, sizeof line, in)) {
		int ix;
		char v;
		double us;

		if (sscanf(line, "%d %c %lf", &ix, &v, &us) != 3 || ix < 0 || ix >= ncodes)
			continue;
		if (scans < cap)
			lat[scans] = us;
		scans++;
		if (v == 'o') {
			nok++;
			ok[ix]++;
		} else if (v == 'u') {
			used++;
		} else if (v == 'r') {
			rej++;
		} else {
			errors++;
		}
	}
	while (wait(NULL) > 0)
		;
	for (i = 0; i < ncodes; i++) {
		if (ok[i] > 1)
			dbl += ok[i] - 1;
		if (ok[i] == 0)
			missing++;
	}
	errors += cap - scans;
	qsort(lat, (size_t)(scans < cap ? scans : cap), sizeof *lat, cmp);
	printf("%d processes x %d threads x %d codes: scans %ld  ok %ld  used %ld  rejected %ld"
	       "  errors %ld  double_ok %ld  codes_without_ok %ld  p50 %.2f ms  p99 %.2f ms\n",
	       nproc, nthreads, ncodes, scans, nok, used, rej, errors, dbl, missing,
	       scans ? lat[scans / 2] / 1000 : 0, scans ? lat[(long)(scans * 0.99)] / 1000 : 0);
	free(ok);
	free(lat);
	free(codes);
	return dbl == 0 && errors == 0 ? 0 : 1;
}
