/* door_index.h - the door's search index (store/search.h) built on a thread
 * of its own after the first frame, so the door starts without reading the
 * roster and scans tickets at once (a ticket is looked up by its code); the
 * search says "loading..." until the index arrives. Built again in the
 * background when the roster changed more than catching up follows.
 * Front end glue: store + pthreads; no SDL (the answer goes through a
 * callback the caller turns into its own event). */
#ifndef KIOSK_DOOR_INDEX_H
#define KIOSK_DOOR_INDEX_H

#include <pthread.h>

#include "core/kerr.h"

struct store;
struct search_index;

/* Called on the builder's thread when it is done: ix (the callee's, to
 * search_index_free) or NULL and err. */
typedef void (*door_index_done_fn)(void *ctx, struct search_index *ix, const char *err);

struct door_index {
	pthread_t thread;
	struct store *st;          /* the thread's own handle */
	door_index_done_fn done;
	void *ctx;
	int running;               /* started and not joined yet */
};

/* Take st (opened by the caller; closed when the thread is joined) and build
 * the index on a new thread. Returns 0, or -1 with err (st is then still
 * the caller's). */
int door_index_start(struct door_index *b, struct store *st, door_index_done_fn done, void *ctx,
		     char err[KERR_LEN]);
/* Wait for the thread (after its done call, or to stop the door) and close
 * its store. A builder that never started is fine. */
void door_index_join(struct door_index *b);

#endif
