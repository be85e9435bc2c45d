/* door_index.c - the door's search index built off the screen's thread.
 * Front end glue: store + pthreads; no SDL. */
#include "door_index.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "io/trace.h"
#include "store/search.h"
#include "store/store.h"

static double mono_ms(void)
{
	struct timespec t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void *build(void *arg)
{
	struct door_index *b = arg;
	struct search_index *ix = NULL;
	char err[KERR_LEN] = "";
	double t0 = mono_ms();
	pid_t tid = gettid();
	int nice = getpriority(PRIO_PROCESS, (id_t)tid);

	/* Seconds of work at a million guests, on a machine with two cores: the
	 * screen's thread and the check-ins come first. Failing only means an
	 * equal share. */
	(void)setpriority(PRIO_PROCESS, (id_t)tid, nice + 10 > 19 ? 19 : nice + 10);
	trace_event("search_build", NULL);
	if (search_index_build(b->st, &ix, err) == 0 && trace_is_on()) {
		char d[96];

		(void)snprintf(d, sizeof d, "%zu rows %.0f ms %zu bytes", search_index_rows(ix),
			       mono_ms() - t0, search_index_bytes(ix));
		trace_event("search_ready", d);
	}
	b->done(b->ctx, ix, err);
	return NULL;
}

int door_index_start(struct door_index *b, struct store *st, door_index_done_fn done, void *ctx,
		     char err[KERR_LEN])
{
	if (b->running)
		return kerr(err, "the search index is already being built");
	b->st = st;
	b->done = done;
	b->ctx = ctx;
	if (pthread_create(&b->thread, NULL, build, b) != 0) {
		b->st = NULL;
		return kerr(err, "cannot start the search index thread");
	}
	b->running = 1;
	return 0;
}

void door_index_join(struct door_index *b)
{
	if (!b->running)
		return;
	(void)pthread_join(b->thread, NULL); /* the thread only ends by returning */
	store_close(b->st);
	b->st = NULL;
	b->running = 0;
}
