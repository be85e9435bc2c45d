/* bgsync.c - background sync thread for the kiosk. Adapter: pthreads + sync.
 * The screen never waits for it: it only takes the lock to copy a snapshot. */
#include "bgsync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t wall_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts); /* cannot fail for CLOCK_REALTIME */
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *run(void *arg)
{
	struct bgsync *b = arg;
	struct sync_worker *w = NULL;
	char err[KERR_LEN];

	for (;;) {
		struct sync_state st;
		struct timespec until;
		int r, period;

		memset(&st, 0, sizeof st);
		if (!w && sync_worker_open(&w, b->data_dir, err) != 0) {
			w = NULL;
			r = -1;
			(void)snprintf(st.last_error, sizeof st.last_error, "%s", err);
		} else {
			r = sync_worker_step(w, wall_ms(), &st, err);
			if (r < 0 && !st.last_error[0])
				(void)snprintf(st.last_error, sizeof st.last_error, "%s", err);
		}
		period = r < 0 ? BGSYNC_RETRY_MS : BGSYNC_PERIOD_MS;
		if (b->period_ms > 0)
			period = b->period_ms;
		(void)clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += period / 1000;
		pthread_mutex_lock(&b->lock);
		b->state = st;
		b->last_result = r;
		b->have_state = 1;
		while (!b->stop) {
			int rc = pthread_cond_timedwait(&b->wake, &b->lock, &until);

			if (rc == ETIMEDOUT || rc == 0)
				break; /* time for a step, or kicked (or a spurious wake: harmless) */
		}
		if (b->stop) {
			pthread_mutex_unlock(&b->lock);
			break;
		}
		pthread_mutex_unlock(&b->lock);
	}
	if (w)
		sync_worker_close(w);
	return NULL;
}

int bgsync_start(struct bgsync *b, const char *data_dir, char err[KERR_LEN])
{
	int rc;

	memset(b, 0, sizeof *b);
	{
		const char *env = getenv("KIOSK_SYNC_PERIOD_MS");

		b->period_ms = env ? atoi(env) : 0;
	}
	if ((size_t)snprintf(b->data_dir, sizeof b->data_dir, "%s", data_dir) >= sizeof b->data_dir)
		return kerr(err, "data directory path too long");
	if (pthread_mutex_init(&b->lock, NULL) != 0 || pthread_cond_init(&b->wake, NULL) != 0)
		return kerr(err, "cannot start background sync: out of resources");
	rc = pthread_create(&b->thread, NULL, run, b);
	if (rc != 0)
		return kerr(err, "cannot start background sync: %s", strerror(rc));
	b->running = 1;
	return 0;
}

int bgsync_snapshot(struct bgsync *b, struct sync_state *out, int *last_result)
{
	int have;

	if (!b->running)
		return 0;
	pthread_mutex_lock(&b->lock);
	have = b->have_state;
	*out = b->state;
	*last_result = b->last_result;
	pthread_mutex_unlock(&b->lock);
	return have;
}

void bgsync_kick(struct bgsync *b)
{
	if (!b->running)
		return;
	pthread_mutex_lock(&b->lock);
	pthread_cond_signal(&b->wake);
	pthread_mutex_unlock(&b->lock);
}

void bgsync_stop(struct bgsync *b)
{
	if (!b->running)
		return;
	pthread_mutex_lock(&b->lock);
	b->stop = 1;
	pthread_cond_signal(&b->wake);
	pthread_mutex_unlock(&b->lock);
	(void)pthread_join(b->thread, NULL); /* joinable and not yet joined: cannot fail */
	pthread_cond_destroy(&b->wake);
	pthread_mutex_destroy(&b->lock);
	b->running = 0;
}
