/* sync.c - the target's kind, sync state and the verify of signatures (see
 * sync.h); push, pull and the background step are in transfer.c, apart, so
 * that a program that only reads sync state (kiosk, kiosk-scan) links no
 * libpq: its start-up loaded 22 shared objects more (3.4 ms a process).
 * Adapter glue: store, trust; prints nothing. */
#include "sync.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/syncdb.h"
#include "trust.h"

int sync_target_is_pg(const char *target)
{
	size_t k = strspn(target, "abcdefghijklmnopqrstuvwxyz_");

	if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0)
		return 1;
	/* libpq's keyword form ("host=... dbname=..."): a leading "keyword=",
	 * never a folder name anyone picks; taking it for a folder created one
	 * named after the connection string, password and all. */
	return k > 0 && target[k + strspn(target + k, " ")] == '=';
}

int sync_migrate(struct store *st, char err[KERR_LEN])
{
	if (trust_migrate(st, err) != 0)
		return -1;
	return syncdb_doubles_view_create(st, err);
}

/* ---- state --------------------------------------------------------------- */

static int64_t meta_i64(struct store *st, const char *key)
{
	char v[32];

	if (store_meta_get(st, key, v, sizeof v) != 1)
		return 0;
	return strtoll(v, NULL, 10);
}

int sync_state_read(struct store *st, struct sync_state *s, char err[KERR_LEN])
{
	memset(s, 0, sizeof *s);
	if (sync_migrate(st, err) != 0)
		return -1;
	if (store_meta_get(st, SYNC_META_TARGET, s->target, sizeof s->target) < 0 ||
	    store_meta_get(st, "sync_last_error", s->last_error, sizeof s->last_error) < 0)
		return kerr(err, "cannot read the sync settings");
	s->last_push_ms = meta_i64(st, "sync_last_push_ms");
	s->last_pull_ms = meta_i64(st, "sync_last_pull_ms");
	s->pushed_seq = meta_i64(st, "sync_last_push_seq");
	if (bundle_local_max(st, store_device_id(st), &s->local_max, err) != 0 ||
	    syncdb_count_doubles(st, &s->double_entries, err) != 0)
		return -1;
	s->waiting = s->local_max > s->pushed_seq ? s->local_max - s->pushed_seq : 0;
	return 0;
}

/* ---- verify ---------------------------------------------------------------- */

struct problems {
	void (*report)(void *ctx, const char *line);
	void *ctx;
	int n;
	struct store *st;
};

static void problem(struct problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct problems *p, const char *fmt, ...)
{
	char line[KERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	p->n++;
	if (p->report)
		p->report(p->ctx, line);
}

/* One device's tips being checked (verify_device). */
struct tips_check {
	struct store *st;
	const char *dev;
	const uint8_t *pk;
	struct problems *p;
	int64_t covered;
};

static int check_tip(void *ctx, int64_t seq, const uint8_t *hash, const uint8_t *sig,
		     char err[KERR_LEN])
{
	struct tips_check *t = ctx;
	uint8_t held[STORE_HASH_LEN];
	int r;

	if (!hash) {
		problem(t->p, "device %s: malformed signed tip at seq %" PRId64, t->dev, seq);
		return 0;
	}
	if (!trust_tip_is_valid(t->dev, seq, hash, t->pk, sig)) {
		problem(t->p, "device %s: signature of seq %" PRId64 " does not verify", t->dev, seq);
		return 0;
	}
	r = bundle_held_hash(t->st, t->dev, seq, held, err);
	if (r < 0)
		return -1;
	if (r == 0 || memcmp(held, hash, STORE_HASH_LEN) != 0) {
		problem(t->p, "device %s: entry seq %" PRId64 " differs from the one it signed", t->dev,
			seq);
		return 0;
	}
	if (seq > t->covered)
		t->covered = seq;
	return 0;
}

/* The signatures of one other device's tips, and that they cover all it holds. */
static int verify_device(struct store *st, const char *dev, int64_t max, struct problems *p,
			 char err[KERR_LEN])
{
	uint8_t pk[TRUST_PK_LEN];
	struct tips_check t = {st, dev, pk, p, 0};
	struct trust_cut cut;
	int r;

	r = trust_pubkey(st, dev, pk, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		problem(p, "device %s: entries held but the device is not enrolled", dev);
		return 0;
	}
	if (syncdb_tips_each(st, dev, check_tip, &t, err) != 0)
		return -1;
	/* A revoked device's entries up to its cut-off are vouched for by the
	 * revocation (signed by the event key, naming the entry's hash): a pull
	 * that took them from a segment running past it keeps no tip there. */
	r = trust_cut(st, dev, &cut, err);
	if (r < 0)
		return -1;
	/* A revocation held but not in force here (a store that got it before
	 * the cut-off rule): its later entries would still count. */
	if (r == 1) {
		int64_t upto = -1;
		int h = syncdb_cut_get(st, dev, &upto, err);

		if (h < 0)
			return -1;
		if (h == 0 || (upto != cut.cutoff && upto != 0))
			problem(p, "device %s: revoked with cut-off %" PRId64 ", but not in force here "
				"(run 'kiosk rebuild')", dev, cut.cutoff);
	}
	if (r == 1 && cut.has_hash && cut.cutoff > t.covered) {
		uint8_t held[STORE_HASH_LEN];

		r = bundle_held_hash(st, dev, cut.cutoff, held, err);
		if (r < 0)
			return -1;
		if (r == 1 && memcmp(held, cut.hash, STORE_HASH_LEN) == 0)
			t.covered = cut.cutoff;
	}
	if (t.covered < max)
		problem(p, "device %s: entries %" PRId64 "..%" PRId64 " are not covered by its signature",
			dev, t.covered + 1, max);
	return 0;
}

static int verify_one(void *ctx, const char *dev, int64_t max, char err[KERR_LEN])
{
	struct problems *p = ctx;

	return verify_device(p->st, dev, max, p, err);
}

static void forward(void *ctx, const char *line)
{
	struct problems *p = ctx;

	p->n++;
	if (p->report)
		p->report(p->ctx, line);
}

int sync_verify(struct store *st, void (*report)(void *ctx, const char *line), void *ctx,
		char err[KERR_LEN])
{
	struct problems p = {report, ctx, 0, st};

	if (sync_migrate(st, err) != 0)
		return -1;
	if (store_verify(st, forward, &p, err) < 0)
		return -1;
	if (syncdb_devices_each(st, store_device_id(st), verify_one, &p, err) != 0)
		return -1;
	return p.n;
}
