/* test_sync.c - sync/sync.c on real SQLite files and folders: the background
 * step (no target, unreachable target, folder target, a worker thread pushing
 * while the "screen" thread keeps appending), and the sync state it reports. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"
#include "sync/pgsync.h"
#include "sync/sync.h"
#include "support/tmpdir.h"

static char dir[256], data[300], usb[300];

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	if (test_tmpdir(dir, sizeof dir, "sync") != 0)
		return -1;
	(void)snprintf(data, sizeof data, "%s/data", dir);
	(void)snprintf(usb, sizeof usb, "%s/usb", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return test_rmtree(dir);
}

static void append(struct store *st, int n)
{
	char err[KERR_LEN];
	int i;

	for (i = 0; i < n; i++)
		assert_int_equal(store_append(st, 1000 + i, "note", "{\"t\":1}", NULL, err), 0);
}

static void set_target(struct store *st, const char *t)
{
	char err[KERR_LEN];

	assert_int_equal(store_meta_set(st, SYNC_META_TARGET, t, err), 0);
}

static void test_background_step(void **state)
{
	char err[KERR_LEN], path[400];
	struct store *st;
	struct sync_state s;
	struct stat sb;

	(void)state;
	assert_int_equal(store_open(&st, data, 1, err), 0);
	append(st, 10);

	/* No target: nothing to do, and the state says 10 wait. */
	assert_int_equal(sync_background_step(data, 5000, &s, err), 0);
	assert_int_equal(s.waiting, 10);
	assert_int_equal(s.last_push_ms, 0);

	/* A stick that is not plugged in: not an error, nothing written. */
	set_target(st, usb);
	assert_int_equal(sync_background_step(data, 6000, &s, err), 0);
	assert_int_not_equal(stat(usb, &sb), 0);

	/* A server that does not answer: not an error either. */
	set_target(st, "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
	assert_int_equal(sync_background_step(data, 6500, &s, err), 0);
	assert_int_equal(s.last_push_ms, 0);

	/* Plugged in: pushed, state up to date. The first push also makes this
	 * store the root of trust (its own enrolment entry). */
	set_target(st, usb);
	assert_int_equal(mkdir(usb, 0755), 0);
	assert_int_equal(sync_background_step(data, 7000, &s, err), 1);
	assert_int_equal(s.waiting, 0);
	assert_int_equal(s.local_max, 11);
	assert_int_equal(s.last_push_ms, 7000);
	assert_string_equal(s.last_error, "");
	(void)snprintf(path, sizeof path, "%s/%s/000000000001-000000000011.kseg", usb,
		       store_device_id(st));
	assert_int_equal(stat(path, &sb), 0);

	append(st, 5);
	assert_int_equal(sync_state_read(st, &s, err), 0);
	assert_int_equal(s.waiting, 5);
	assert_int_equal(sync_background_step(data, 8000, &s, err), 1);
	assert_int_equal(s.waiting, 0);
	(void)snprintf(path, sizeof path, "%s/%s/000000000012-000000000016.kseg", usb,
		       store_device_id(st));
	assert_int_equal(stat(path, &sb), 0);
	store_close(st);
}

struct worker {
	int rounds, pushed, failed;
	char err[KERR_LEN];
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i, r;

	for (i = 0; i < w->rounds; i++) {
		r = sync_background_step(data, 9000 + i, NULL, w->err);
		if (r < 0)
			w->failed++;
		else
			w->pushed += r;
	}
	return NULL;
}

/* The screen thread keeps journaling while the worker pushes: no append may
 * fail, and in the end the folder holds every entry. */
static void test_background_thread_never_blocks_appends(void **state)
{
	char err[KERR_LEN];
	struct store *st;
	struct sync_state s;
	struct worker w = {.rounds = 20};
	pthread_t t;
	int i;

	(void)state;
	assert_int_equal(store_open(&st, data, 0, err), 0);
	assert_int_equal(pthread_create(&t, NULL, worker_main, &w), 0);
	for (i = 0; i < 200; i++)
		append(st, 1);
	assert_int_equal(pthread_join(t, NULL), 0);
	if (w.failed)
		fail_msg("background step failed: %s", w.err);
	assert_int_equal(sync_background_step(data, 20000, &s, err), 1);
	assert_int_equal(s.waiting, 0);
	assert_int_equal(s.local_max, 216);
	store_close(st);
}

/* Every message naming a target goes through pgsync_url_redact: no password
 * of any spelling survives it, everything else does. */
static void redacts(const char *in, const char *want)
{
	char out[256];

	pgsync_url_redact(in, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_target_redact(void **state)
{
	(void)state;
	redacts("postgresql://kiosk_d1:s3cretPW@127.0.0.1:5432/kiosk",
		"postgresql://kiosk_d1@127.0.0.1:5432/kiosk");
	redacts("postgresql://u@h/db?password=pw&sslmode=require", "postgresql://u@h/db?sslmode=require");
	redacts("postgresql://u@h/db?sslmode=require&password=pw", "postgresql://u@h/db?sslmode=require");
	redacts("host=127.0.0.1 password=hunter4 dbname=kiosk", "host=127.0.0.1 dbname=kiosk");
	redacts("host=h password = 'a b\\'c' user=u", "host=h user=u");
	redacts("dbname=kiosk password=hunter4", "dbname=kiosk");
	redacts("cannot read bundle folder 'host=h password=hunter4 port=1': No such file",
		"cannot read bundle folder 'host=h port=1': No such file");
	redacts("nothing to push: postgresql://r:pw@h/db already holds",
		"nothing to push: postgresql://r@h/db already holds");
	redacts("/media/usb/kiosk", "/media/usb/kiosk");
	redacts("mypassword=x", "mypassword=x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_redact),
		cmocka_unit_test(test_background_step),
		cmocka_unit_test(test_background_thread_never_blocks_appends),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
