/* door_worker.c - the door's check-ins and walk-ins on their own thread and
 * store handle. The screen's thread only queues jobs and shows answers, so it
 * keeps drawing ("checking...") however long the store takes.
 * Front end glue: store + pthreads; no SDL. */
#include "door_worker.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/doorq.h"
#include "store/store.h"
#include "store/visits.h"

void door_worker_run(struct store *st, const char *door, const struct door_job *job,
		     struct door_done *out)
{
	char err[KERR_LEN];

	memset(out, 0, sizeof *out);
	out->job = *job;
	switch (job->kind) {
	case DOOR_JOB_SCAN:
		out->rc = checkin_perform(st, job->text, door, job->at_ms, &out->res, out->err);
		break;
	case DOOR_JOB_ATTENDEE:
		out->rc = checkin_attendee(st, job->text, door, job->at_ms, &out->res, out->err);
		break;
	case DOOR_JOB_WALKIN: {
		int added = visits_walkin(st, door, job->name, job->phone, NULL, job->at_ms,
					  out->walkin_id, &out->known, out->err);

		out->rc = added < 0 ? -1 : 0;
		out->walkin_known = added == 0;
		break;
	}
	case DOOR_JOB_EXIT:
		out->rc = checkin_exit(st, job->text, door, job->at_ms, &out->res, out->err);
		break;
	case DOOR_JOB_STATION:
		out->rc = checkin_station(st, job->text, job->name, job->at_ms, &out->res, out->err);
		break;
	case DOOR_JOB_STATION_ATTENDEE:
		out->rc = checkin_station_attendee(st, job->text, job->name, job->at_ms, &out->res,
						   out->err);
		break;
	}
	out->counts_ok = doorq_counts(st, &out->checked_in, &out->expected, &out->walkins, err) == 0;
}

/* Copy a grown WAL into the database (see store_defer_checkpoints). */
static void checkpoint(struct door_worker *w)
{
	char err[KERR_LEN];

	if (store_checkpoint(w->st, err) != 0)
		fprintf(stderr, "kiosk: %s\n", err); /* the next one tries again */
}

static void *main_loop(void *arg)
{
	struct door_worker *w = arg;

	for (;;) {
		struct door_job job;
		struct door_done *d;

		pthread_mutex_lock(&w->mu);
		while (!w->count && !w->stop) {
			struct timespec t;

			/* A grown WAL waits until the door has been idle a moment:
			 * a guest scanned right after another never waits for it. */
			if (!store_checkpoint_due(w->st) || clock_gettime(CLOCK_REALTIME, &t) != 0) {
				pthread_cond_wait(&w->cv, &w->mu);
				continue;
			}
			t.tv_sec += DOOR_CHECKPOINT_IDLE_S;
			if (pthread_cond_timedwait(&w->cv, &w->mu, &t) == ETIMEDOUT && !w->count &&
			    !w->stop) {
				pthread_mutex_unlock(&w->mu);
				checkpoint(w);
				pthread_mutex_lock(&w->mu);
			}
		}
		if (!w->count) { /* stopping, and nothing left to do */
			pthread_mutex_unlock(&w->mu);
			break;
		}
		job = w->queue[w->head];
		w->head = (w->head + 1) % DOOR_WORKER_QUEUE;
		w->count--;
		pthread_mutex_unlock(&w->mu);

		/* No memory for the answer: the job is not run, so nothing is
		 * written that the screen could not show; done(NULL) says so. */
		d = malloc(sizeof *d);
		if (d)
			door_worker_run(w->st, w->door, &job, d);
		w->done(w->ctx, d);
		/* Scans without a pause for a long time: after this answer, not
		 * inside the next guest's check-in. */
		if (store_checkpoint_due(w->st) == 2)
			checkpoint(w);
	}
	return NULL;
}

int door_worker_start(struct door_worker *w, struct store *st, const char *door,
		      door_worker_done_fn done, void *ctx, char err[KERR_LEN])
{
	memset(w, 0, sizeof *w);
	if (store_defer_checkpoints(st, err) != 0)
		return -1;
	w->st = st;
	w->done = done;
	w->ctx = ctx;
	(void)snprintf(w->door, sizeof w->door, "%s", door); /* door names are short */
	if (pthread_mutex_init(&w->mu, NULL) != 0)
		return kerr(err, "cannot start the check-in thread: no mutex");
	if (pthread_cond_init(&w->cv, NULL) != 0) {
		pthread_mutex_destroy(&w->mu);
		return kerr(err, "cannot start the check-in thread: no condition variable");
	}
	if (pthread_create(&w->thread, NULL, main_loop, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		return kerr(err, "cannot start the check-in thread");
	}
	w->running = 1;
	return 0;
}

int door_worker_submit(struct door_worker *w, const struct door_job *job)
{
	int rc = -1;

	pthread_mutex_lock(&w->mu);
	if (w->count < DOOR_WORKER_QUEUE && !w->stop) {
		w->queue[(w->head + w->count) % DOOR_WORKER_QUEUE] = *job;
		w->count++;
		rc = 0;
		pthread_cond_signal(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return rc;
}

void door_worker_stop(struct door_worker *w)
{
	if (!w->running)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	(void)pthread_join(w->thread, NULL); /* the thread only ends by returning */
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	store_close(w->st);
	w->st = NULL;
	w->running = 0;
}
