/* bench_checkin.c - `make bench`: check-in latency in process against a
 * 100,000-attendee roster (p50, p99), and the same for a bare SQLite insert
 * with synchronous=FULL in the same run, as the baseline of the ratio. The
 * roster is sealed as the kiosk seals it (issue 14): each verdict opens the
 * guest's name. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonw.h"
#include "store/attendees.h"
#include "store/checkin.h"
#include "store/keys.h"
#include "store/db.h"
#include "store/store.h"
#include "store/vault.h"
#include "sync/sync.h"
#include "sync/trust.h"
#include "core/ticket.h"
#include "support/tmpdir.h"

#define ROSTER 100000
#define SCANS 2000

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void pct(double *v, int n, double *p50, double *p99)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	*p50 = v[n / 2];
	*p99 = v[(int)(n * 0.99)];
}

static int die(const char *what, const char *err)
{
	fprintf(stderr, "bench_checkin: %s: %s\n", what, err);
	return 1;
}

int main(void)
{
	char dir[256], err[KERR_LEN], body[2048], cmd[300];
	char id[64], name[64], phone[32];
	static double lat[SCANS], base[SCANS];
	static char codes[SCANS][TICKET_CODE_MAX];
	uint8_t sk[TICKET_SK_LEN];
	struct store *st;
	struct checkin_result res;
	struct ticket t = {.type = 0};
	sqlite3 *db;
	double p50, p99, b50, b99, t0;
	int i;

	if (sodium_init() < 0 || test_tmpdir(dir, sizeof dir, "bench-checkin") != 0)
		return 1;
	if (store_open(&st, dir, 1, err) != 0)
		return die("open", err);
	/* The wrap's cost is paid once at unlock, not per check-in: the
	 * minimum keeps the bench short. */
	(void)setenv("KIOSK_TEST_WEAK_KDF", "1", 1);
	if (vault_create(st, "bench", 5, err) != 0)
		return die("vault", err);
	if (store_meta_set(st, "event_id", "0a0b0c0d", err) != 0 ||
	    keys_generate(st, dir, err) != 0 || keys_load_secret(st, dir, sk, err) != 1)
		return die("keys", err);
	t0 = now_us();
	if (store_begin(st, err) != 0)
		return die("begin", err);
	for (i = 1; i <= ROSTER; i++) {
		struct jsonw w;

		(void)snprintf(id, sizeof id, "0a0b0c0d-%d", i);
		(void)snprintf(name, sizeof name, "Guest %d", i);
		(void)snprintf(phone, sizeof phone, "+88017%08d", i);
		jsonw_init(&w, body, sizeof body);
		jsonw_str(&w, "id", id);
		jsonw_str(&w, "event", "0a0b0c0d");
		jsonw_int(&w, "serial", i);
		if (attendees_seal(st, &w, name, phone, NULL, err) != 0)
			return die("seal", err);
		jsonw_str(&w, "type", "general");
		jsonw_int(&w, "type_id", 0);
		if (jsonw_end(&w) != 0)
			return die("roster", "body too long");
		if (store_append(st, 1, "attendee_added", body, NULL, err) != 0)
			return die("roster", err);
	}
	if (store_commit(st, err) != 0)
		return die("commit", err);
	printf("roster of %d attendees journaled in %.0f ms\n", ROSTER, (now_us() - t0) / 1000);
	/* As the door runs since issue 14: every append signs the device's tip
	 * in its transaction (an Ed25519 signature and the tip row). */
	if (!getenv("BENCH_CHECKIN_UNSIGNED") &&
	    (sync_migrate(st, err) != 0 || trust_ensure_root(st, dir, 1, err) < 0 ||
	     trust_sign_appends(st, dir, err) != 1))
		return die("signer", err);
	memcpy(t.event_id, "\x0a\x0b\x0c\x0d", 4);
	for (i = 0; i < SCANS; i++) {
		t.serial = (uint32_t)(1 + (i * 37) % ROSTER);
		if (ticket_encode(&t, sk, codes[i], err) != 0)
			return die("encode", err);
	}
	/* Baseline: the same durability, nothing else. Interleaved with the
	 * check-ins, scan by scan, so both see the same disk and the same load
	 * of a shared machine. */
	(void)snprintf(cmd, sizeof cmd, "%s/bare.db", dir);
	if (sqlite3_open(cmd, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)", NULL, NULL, NULL) != SQLITE_OK)
		return die("bare", sqlite3_errmsg(db));
	for (i = 0; i < SCANS; i++) {
		char sql[200];

		t0 = now_us();
		if (checkin_perform(st, codes[i], "door 1", 1000 + i, &res, err) != 0)
			return die("checkin", err);
		lat[i] = now_us() - t0;
		if (res.verdict != VERDICT_OK)
			return die("checkin", "unexpected verdict");
		if (strncmp(res.name, "Guest ", 6) != 0)
			return die("checkin", "the verdict has no name");
		(void)snprintf(sql, sizeof sql, "INSERT INTO t(body) VALUES('{\"door\":\"door 1\",\"n\":%d}')", i);
		t0 = now_us();
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return die("bare insert", sqlite3_errmsg(db));
		base[i] = now_us() - t0;
	}
	store_close(st);
	sqlite3_close(db);
	pct(lat, SCANS, &p50, &p99);
	pct(base, SCANS, &b50, &b99);
	printf("checkin (100k roster, %d scans, %s): p50 %.3f ms  p99 %.3f ms\n", SCANS,
	       getenv("BENCH_CHECKIN_UNSIGNED") ? "unsigned" : "tip signed at each", p50 / 1000,
	       p99 / 1000);
	printf("bare sqlite insert, synchronous=FULL: p50 %.3f ms  p99 %.3f ms\n", b50 / 1000, b99 / 1000);
	printf("ratio checkin/bare: p50 %.2f  p99 %.2f   (goal: p99 <= 2 ms, ratio <= 1.3)\n",
	       p50 / b50, p99 / b99);
	return test_rmtree(dir) == 0 ? 0 : 1;
}
