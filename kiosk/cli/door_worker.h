/* door_worker.h - the door's writes off the screen's thread: check-ins by
 * code or by attendee id, and walk-ins, run one at a time in arrival order on
 * a thread with its own store handle, so a slow or locked store never freezes
 * the screen. Front end glue: store + pthreads; no SDL (answers go through a
 * callback the caller turns into its own events). */
#ifndef KIOSK_DOOR_WORKER_H
#define KIOSK_DOOR_WORKER_H

#include <pthread.h>
#include <stdint.h>

#include "core/door_rows.h"
#include "core/kerr.h"
#include "core/phone.h"
#include "store/checkin.h"

struct store;

/* Jobs waiting at once; a scanner cannot outrun this by much, and a full
 * queue is refused (the caller shows "not saved"), never blocks the screen. */
#define DOOR_WORKER_QUEUE 16
#define DOOR_JOB_TEXT_MAX 1024
/* A WAL grown past SQLite's mark is copied into the database once the door
 * has had no job for this long (seconds). */
#define DOOR_CHECKPOINT_IDLE_S 2

enum door_job_kind {
	DOOR_JOB_SCAN,      /* text: a scanned code */
	DOOR_JOB_ATTENDEE,  /* text: an attendee id found by search */
	DOOR_JOB_WALKIN,    /* name, phone (normalised) */
	DOOR_JOB_EXIT,      /* text: a code scanned at an exit */
	DOOR_JOB_STATION,   /* text: a code scanned at station name */
	DOOR_JOB_STATION_ATTENDEE, /* text: an attendee id found by the station's search */
};

struct door_job {
	enum door_job_kind kind;
	char text[DOOR_JOB_TEXT_MAX];
	char name[DOOR_QUERY_MAX];
	char phone[PHONE_LEN];
	int64_t at_ms;             /* wall clock of the scan or touch */
};

/* One job's answer. rc 0: res (check-ins) or walkin_id (walk-ins) is
 * committed; -1: nothing was written and err says why. The counts are read
 * after the commit (counts_ok 0 if that read failed). */
struct door_done {
	struct door_job job;
	int rc;
	char err[KERR_LEN];
	struct checkin_result res;
	char walkin_id[DOOR_ID_MAX];
	int walkin_known;          /* DOOR_JOB_WALKIN, rc 0: the phone is known's; nothing added */
	struct door_person known;
	int counts_ok;
	int64_t checked_in, expected, walkins;
};

/* Called on the worker thread once per job, in order, with a heap answer the
 * callee owns (free()); NULL when there was no memory for one (the job was
 * not run: nothing written). */
typedef void (*door_worker_done_fn)(void *ctx, struct door_done *d);

struct door_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct store *st;          /* the thread's own handle */
	char door[DOOR_ID_MAX];
	door_worker_done_fn done;
	void *ctx;
	struct door_job queue[DOOR_WORKER_QUEUE];
	int head, count;
	int stop, running;
};

/* Take st (opened by the caller, used by the worker thread only from now
 * on, closed by door_worker_stop) and start the thread. Returns 0, or -1 with
 * err (st is then still the caller's). */
int door_worker_start(struct door_worker *w, struct store *st, const char *door,
		      door_worker_done_fn done, void *ctx, char err[KERR_LEN]);

/* Queue a job (copied). Returns 0, or -1 if the queue is full. Any thread. */
int door_worker_submit(struct door_worker *w, const struct door_job *job);

/* Finish the jobs already queued, stop the thread, close its store.
 * A worker that never started is fine. */
void door_worker_stop(struct door_worker *w);

/* Run one job on st in the calling thread (what the worker does for each). */
void door_worker_run(struct store *st, const char *door, const struct door_job *job,
		     struct door_done *out);

#endif
