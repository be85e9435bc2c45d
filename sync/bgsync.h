/* bgsync.h - the kiosk's background sync: a thread that pushes this device's
 * journal to the configured target (kiosk-sync target) every few seconds,
 * so losing the network never blocks the door. Adapter: pthreads + sync.
 * Started and stopped by the screen's thread; snapshots are thread-safe. */
#ifndef KIOSK_BGSYNC_H
#define KIOSK_BGSYNC_H

#include <pthread.h>
#include <stdint.h>

#include "core/kerr.h"
#include "sync.h"

#define BGSYNC_PERIOD_MS 15000       /* between steps when all is well */
#define BGSYNC_RETRY_MS 60000        /* after an error */

struct bgsync {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int running;          /* the thread was started */
	int stop;             /* asks the thread to end (under lock) */
	char data_dir[4096];
	int period_ms;        /* KIOSK_SYNC_PERIOD_MS overrides both periods (tests) */
	/* Under lock: the last step's outcome. */
	int have_state;       /* a step has finished at least once */
	int last_result;      /* 1 reached, 0 nothing to do / unreachable, -1 error */
	struct sync_state state;
};

/* Start the thread on data_dir (it opens its own store connection). The
 * struct must stay put until bgsync_stop. Returns 0, or -1 with err; the
 * kiosk runs on without background sync then. */
int bgsync_start(struct bgsync *b, const char *data_dir, char err[KERR_LEN]);

/* Copy the latest state. Returns 1 if a step has run, 0 if none yet. */
int bgsync_snapshot(struct bgsync *b, struct sync_state *out, int *last_result);

/* Ask for a step now (e.g. when the organizer opens the menu). */
void bgsync_kick(struct bgsync *b);

/* Stop and join the thread (waits for a step in progress). Safe if never started. */
void bgsync_stop(struct bgsync *b);

#endif
