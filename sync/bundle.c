/* bundle.c - push and pull of segment files in a folder (see bundle.h).
 * Adapter: POSIX files, store, trust, segment; no libpq, prints nothing. */
#include "bundle.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>

#include "io/atomicfile.h"
#include "io/dfile.h"
#include "pgsync.h"
#include "store/keys.h"
#include "store/syncdb.h"
#include "trust.h"

/* ---- small store queries ------------------------------------------------ */

int bundle_local_max(struct store *st, const char *device_id, int64_t *max, char err[KERR_LEN])
{
	return syncdb_max_seq(st, device_id, max, err);
}

int bundle_held_hash(struct store *st, const char *device_id, int64_t seq,
		     uint8_t hash[STORE_HASH_LEN], char err[KERR_LEN])
{
	return syncdb_hash_at(st, device_id, seq, hash, err);
}

int bundle_note(struct store *st, int push, const char *target, int64_t now_ms, int64_t seq,
		char err[KERR_LEN])
{
	char v[32], s[32], red[PGSYNC_URL_MAX];
	int in_tx = store_in_transaction(st);

	pgsync_url_redact(target, red, sizeof red); /* never a password in the store */
	(void)snprintf(v, sizeof v, "%" PRId64, now_ms);
	(void)snprintf(s, sizeof s, "%" PRId64, seq);
	/* One transaction (one fsync) for the three keys, unless the caller's is open. */
	if (!in_tx && store_begin(st, err) != 0)
		return -1;
	if (store_meta_set(st, push ? "sync_last_push_ms" : "sync_last_pull_ms", v, err) != 0 ||
	    store_meta_set(st, push ? "sync_last_push_target" : "sync_last_pull_target", red,
			   err) != 0 ||
	    (push && store_meta_set(st, "sync_last_push_seq", s, err) != 0)) {
		if (!in_tx)
			store_rollback(st);
		return -1;
	}
	return in_tx ? 0 : store_commit(st, err);
}

/* ---- folder listing ------------------------------------------------------ */

/* "<first>-<last>.kseg" with 12-digit zero-padded numbers. */
static int seg_name_parse(const char *name, int64_t *first, int64_t *last)
{
	long long a, b;
	int n = -1;

	if (sscanf(name, "%12lld-%12lld.kseg%n", &a, &b, &n) != 2 || n != (int)strlen(name) ||
	    strlen(name) != 12 + 1 + 12 + strlen(BUNDLE_SEG_EXT))
		return -1;
	*first = a;
	*last = b;
	return 0;
}

/* A folder name that can be a device of ours: the ids enrolment makes
 * ("<slug>-<6 hex>", "d<6 hex>") and a new store picks ("d<16 hex>"), all
 * lower case. Anything else on a stick (lost+found, DCIM, "System Volume
 * Information", a file manager's "door-1-... (copy)") is not ours: a pull
 * skips it instead of refusing the stick. */
static int name_is_device(const char *name)
{
	size_t n = strlen(name), h = 0;

	if (!trust_id_is_valid(name) || !syncdb_id_is_plain(name))
		return 0;
	while (h < n && ((name[n - 1 - h] >= '0' && name[n - 1 - h] <= '9') ||
			 (name[n - 1 - h] >= 'a' && name[n - 1 - h] <= 'f')))
		h++;
	return h >= 6 && (h == n || name[n - 1 - h] == '-');
}

/* snprintf that may cut the line short on purpose (a message, not a path). */
static void say(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
}

/* Note an entry of the folder that is not ours and was left alone. */
static void note_skipped(struct sync_stats *stats, const char *path)
{
	if (stats->skipped++ == 0)
		say(stats->skipped_first, sizeof stats->skipped_first, "%s", path);
}

struct segfile {
	char path[PATH_MAX];
	char device_id[STORE_DEVICE_ID_MAX + 1];
	int64_t first, last;
	char why[KERR_LEN]; /* pull: why this file (or folder) is refused, "" if fine */
};

struct seglist {
	struct segfile *v;
	size_t n, cap;
};

static int seglist_add(struct seglist *l, const struct segfile *f)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct segfile *nv = realloc(l->v, cap * sizeof *nv);

		if (!nv)
			return -1;
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = *f;
	return 0;
}

/* Segment files of one device folder. Temp files (".tmp-*") of an interrupted
 * push are skipped: they were never renamed, so they were never published;
 * so is anything not named like a segment (Thumbs.db, a copy's "...(1).kseg"),
 * counted in stats. A segment name that is not a plain file (a symbolic link,
 * a FIFO, a folder) is damage: -1 with err. */
static int list_device(const char *dir, const char *device_id, struct seglist *l,
		       struct sync_stats *stats, char err[KERR_LEN])
{
	char sub[PATH_MAX];
	DIR *d;
	struct dirent *de;
	struct segfile f = {0};
	struct stat sb;

	(void)snprintf(sub, sizeof sub, "%s/%s", dir, device_id);
	d = opendir(sub);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		return kerr(err, "cannot read folder '%s': %s", sub, strerror(errno));
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(f.path, sizeof f.path, "%s/%s", sub, de->d_name) >= (int)sizeof f.path) {
			(void)closedir(d);
			return kerr(err, "path too long: '%s'", sub);
		}
		if (seg_name_parse(de->d_name, &f.first, &f.last) != 0) {
			note_skipped(stats, f.path);
			errno = 0;
			continue;
		}
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
			int e = errno;

			(void)closedir(d);
			return kerr(err, "cannot read '%s': %s", f.path, strerror(e));
		}
		if (!S_ISREG(sb.st_mode)) {
			(void)closedir(d);
			return kerr(err, "'%s' is %s, not a segment file", f.path,
				    S_ISLNK(sb.st_mode) ? "a symbolic link" : "not a regular file");
		}
		(void)snprintf(f.device_id, sizeof f.device_id, "%s", device_id);
		if (seglist_add(l, &f) != 0) {
			(void)closedir(d);
			return kerr(err, "out of memory");
		}
		errno = 0;
	}
	if (errno != 0) {
		int e = errno;

		(void)closedir(d);
		return kerr(err, "cannot read folder '%s': %s", sub, strerror(e));
	}
	(void)closedir(d); /* read-only handle */
	return 0;
}

static int segfile_cmp(const void *a, const void *b)
{
	const struct segfile *x = a, *y = b;
	int c = strcmp(x->device_id, y->device_id);

	if (c)
		return c;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* ---- push ---------------------------------------------------------------- */

int bundle_event_id(struct store *st, char ev[SEGMENT_EVENT_MAX])
{
	int r = store_meta_get(st, "event_id", ev, SEGMENT_EVENT_MAX);

	if (r != 1 || !ev[0])
		(void)snprintf(ev, SEGMENT_EVENT_MAX, "-");
	return r < 0 ? -1 : 0;
}

/* The chain being checked by bundle_check_range. */
struct chaincheck {
	uint8_t tip[STORE_HASH_LEN]; /* hash of the entry before the next one */
	int64_t next;
};

static int check_one(void *ctx, const struct entry *e, char err[KERR_LEN])
{
	struct chaincheck *k = ctx;
	struct entry chk;

	if (!e->kind || e->seq != k->next)
		return kerr(err, "entry %s/%" PRId64 " is %s", e->device_id, k->next,
			    e->kind ? "missing" : "malformed");
	if (sodium_memcmp(e->prev_hash, k->tip, STORE_HASH_LEN) != 0)
		return kerr(err, "entry %s/%" PRId64 " does not continue the chain", e->device_id,
			    e->seq);
	chk = *e;
	store_entry_hash(&chk);
	if (sodium_memcmp(chk.hash, e->hash, STORE_HASH_LEN) != 0)
		return kerr(err, "entry %s/%" PRId64 " does not match its hash (its content was "
				 "changed)", e->device_id, e->seq);
	memcpy(k->tip, e->hash, STORE_HASH_LEN);
	k->next++;
	return 0;
}

int bundle_check_range(struct store *st, const char *device_id, int64_t first, int64_t last,
		       char err[KERR_LEN])
{
	struct chaincheck k = {{0}, first};
	char m[KERR_LEN];
	int s = 1;

	if (first > last)
		return 0;
	if (first > 1)
		s = bundle_held_hash(st, device_id, first - 1, k.tip, m);
	if (s == 0)
		kerr(m, "entry %s/%" PRId64 " is missing", device_id, first - 1);
	if (s <= 0 || syncdb_range_each(st, device_id, first, last, check_one, &k, m) != 0 ||
	    (k.next != last + 1 && kerr(m, "entry %s/%" PRId64 " is missing", device_id, k.next)))
		return kerr(err, "refused: this store's journal is damaged: %s; nothing was pushed "
				 "(see 'kiosk verify')", m);
	return 0;
}

/* One segment being written from the journal (bundle_format_range). */
struct format {
	struct segwriter *w;
	const char *device_id;
	int64_t done, total;
	sync_progress_fn progress;
	void *ctx;
};

static int format_one(void *ctx, const struct entry *e, char err[KERR_LEN])
{
	struct format *f = ctx;

	if (!e->kind)
		return kerr(err, "entry %s/%" PRId64 " is malformed", f->device_id, e->seq);
	if (segment_add(f->w, e, err) != 0)
		return -1;
	if (f->progress && (++f->done % 4096) == 0)
		f->progress(f->ctx, f->done, f->total);
	return 0;
}

int bundle_format_range(struct store *st, const char *event, const char *device_id,
			int64_t first, int64_t last, const uint8_t *sk, const uint8_t *sig,
			struct segbuf *out, sync_progress_fn progress, void *ctx,
			char err[KERR_LEN])
{
	uint8_t prev[STORE_HASH_LEN] = {0};
	struct segwriter w;
	struct format f = {&w, device_id, 0, 0, progress, ctx};
	int s;

	if (first > 1) {
		s = bundle_held_hash(st, device_id, first - 1, prev, err);
		if (s <= 0) {
			if (s == 0)
				kerr(err, "entry %" PRId64 " of device '%s' is missing", first - 1,
				     device_id);
			return -1;
		}
	}
	f.total = last - first + 1;
	if (segment_begin(&w, out, event, device_id, first, last, prev, err) != 0)
		return -1;
	if (syncdb_range_each(st, device_id, first, last, format_one, &f, err) != 0)
		return -1;
	return sig ? segment_end_signed(&w, sig, err) : segment_end(&w, sk, err);
}

/* What the segment files at dir's top level hold (any device): 2 when one of
 * them is of event want, else 1 with ev set to the first other event found,
 * 0 when the folder holds no segment yet, -1 error. Reads the headers only. */
static int folder_event(const char *dir, const char *want, char ev[SEGMENT_EVENT_MAX],
			char err[KERR_LEN])
{
	DIR *d = opendir(dir), *sd;
	struct dirent *de, *se;
	int r = 0;

	if (!d)
		return errno == ENOENT ? 0 : kerr(err, "cannot read folder '%s': %s", dir, strerror(errno));
	while (r < 2 && (de = readdir(d)) != NULL) {
		char sub[PATH_MAX];

		if (de->d_name[0] == '.' || !name_is_device(de->d_name))
			continue;
		(void)snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name);
		sd = opendir(sub);
		if (!sd)
			continue;
		while (r < 2 && (se = readdir(sd)) != NULL) {
			char path[PATH_MAX], head[160], got[SEGMENT_EVENT_MAX];
			int64_t a, b;
			FILE *f;

			if (se->d_name[0] == '.' || seg_name_parse(se->d_name, &a, &b) != 0)
				continue;
			if (snprintf(path, sizeof path, "%s/%s", sub, se->d_name) >= (int)sizeof path)
				continue;
			f = fopen(path, "r");
			if (!f)
				continue;
			/* "KSEG1\nevent <id>\n" */
			if (fgets(head, sizeof head, f) && strcmp(head, SEGMENT_MAGIC "\n") == 0 &&
			    fgets(head, sizeof head, f) && strncmp(head, "event ", 6) == 0) {
				size_t n = strcspn(head + 6, "\n");

				if (n >= SEGMENT_EVENT_MAX)
					n = SEGMENT_EVENT_MAX - 1;
				memcpy(got, head + 6, n);
				got[n] = '\0';
				if (strcmp(got, want) == 0) {
					r = 2;
				} else if (r == 0) {
					memcpy(ev, got, n + 1);
					r = 1;
				}
			}
			(void)fclose(f); /* read-only */
		}
		(void)closedir(sd); /* read-only handle */
	}
	(void)closedir(d); /* read-only handle */
	return r;
}

/* One stick, many events: the top of a folder holds the event that used it
 * first (as every kiosk has written it), and each later event its own
 * sub-folder "event.<id>" (a name no device can have, so an older kiosk's
 * pull skips it as not ours). sub gets that sub-folder's path for event ev;
 * -1 when ev cannot name a folder (it always can: ids are hex). */
static int event_folder(const char *dir, const char *ev, char sub[PATH_MAX])
{
	if (!syncdb_id_is_plain(ev) || strcmp(ev, "-") == 0)
		return -1;
	return snprintf(sub, PATH_MAX, "%s/" BUNDLE_EVENT_DIR "%s", dir, ev) >= PATH_MAX ? -1 : 0;
}

static int is_folder(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A folder a push writes into must be one: a symbolic link (or a file) put
 * on a stick in its place would send this device's journal elsewhere on
 * this machine. 0, or -1 with err. */
static int own_folder(const char *path, char err[KERR_LEN])
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return kerr(err, "cannot read '%s': %s; nothing was pushed", path, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return kerr(err, "'%s' is %s, not a folder; nothing was pushed", path,
			    S_ISLNK(sb.st_mode) ? "a symbolic link" : "not a folder");
	return 0;
}

/* The folder this store's event is pushed to: DIR/event.<id> when it exists
 * or when DIR's top holds another event and nothing of this one; else DIR. */
static int push_folder(const char *dir, const char *ev, char out[PATH_MAX], char err[KERR_LEN])
{
	char sub[PATH_MAX], fev[SEGMENT_EVENT_MAX];
	int h, named = event_folder(dir, ev, sub) == 0;

	if (named && is_folder(sub)) {
		memcpy(out, sub, PATH_MAX);
		return 1;
	}
	h = folder_event(dir, ev, fev, err);
	if (h < 0)
		return -1;
	if (h == 1) {
		if (!named)
			return kerr(err, "refused: '%s' holds event '%s', not this store's event "
					 "'%s'; nothing was pushed (use a folder of its own for each "
					 "event)", dir, fev, ev);
		memcpy(out, sub, PATH_MAX);
		return 1;
	}
	if (snprintf(out, PATH_MAX, "%s", dir) >= PATH_MAX)
		return kerr(err, "path too long: '%.64s...'", dir);
	return 0;
}

/* The tip hash of the segment file f, from its "tip" line near the end (the
 * whole file is checked by every pull; a push only needs to know which
 * history it continues). 0 or -1. */
static int segfile_tip(const struct segfile *f, uint8_t tip[STORE_HASH_LEN], char err[KERR_LEN])
{
	/* "tip <64 hex>\nsig <128 hex>\n" */
	char buf[4 + 2 * STORE_HASH_LEN + 1 + 4 + 2 * TRUST_SIG_LEN + 1 + 1];
	size_t want = sizeof buf - 1;
	FILE *fp = fopen(f->path, "r");
	int ok;

	if (!fp)
		return kerr(err, "cannot read '%s': %s", f->path, strerror(errno));
	ok = fseek(fp, -(long)want, SEEK_END) == 0 && fread(buf, 1, want, fp) == want;
	(void)fclose(fp); /* read-only */
	buf[want] = '\0';
	if (!ok || strncmp(buf, "tip ", 4) != 0 || buf[4 + 2 * STORE_HASH_LEN] != '\n' ||
	    trust_unhex(buf + 4, 2 * STORE_HASH_LEN, tip, STORE_HASH_LEN) != 0)
		return kerr(err, "'%s' is damaged (no tip line at its end)", f->path);
	return 0;
}

int bundle_push(struct store *st, const char *data_dir, const char *top, int64_t now_ms,
		struct sync_stats *stats, sync_progress_fn progress, void *ctx,
		char err[KERR_LEN])
{
	const char *me = store_device_id(st);
	char sub[PATH_MAX], path[PATH_MAX], dir[PATH_MAX], ev[SEGMENT_EVENT_MAX];
	uint8_t sig[TRUST_SIG_LEN], held[STORE_HASH_LEN], tip[STORE_HASH_LEN];
	struct seglist l = {0};
	struct segbuf buf = {0};
	int64_t have = 0, max, all;
	size_t i, last = 0;
	int r = -1, h;

	memset(stats, 0, sizeof *stats);
	if (trust_migrate(st, err) != 0 || trust_ensure_root(st, data_dir, now_ms, err) < 0 ||
	    bundle_event_id(st, ev) != 0)
		goto out;
	/* Another event's folder: this event's sub-folder of it. */
	h = push_folder(top, ev, dir, err);
	if (h < 0)
		goto out;
	if (h)
		say(stats->event_dir, sizeof stats->event_dir, "%s", strrchr(dir, '/') + 1);
	if (snprintf(sub, sizeof sub, "%s/%s", dir, me) >= (int)sizeof sub) {
		kerr(err, "path too long: '%s'", dir);
		goto out;
	}
	if (list_device(dir, me, &l, stats, err) != 0)
		goto out;
	/* The folder is the watermark: a fresh stick gets the whole history, a
	 * stick pushed to before gets only what is new. */
	for (i = 0; i < l.n; i++)
		if (l.v[i].last > have) {
			have = l.v[i].last;
			last = i;
		}
	/* The tip signed at commit time: no device key needed (issue 14). */
	if (bundle_local_max(st, me, &all, err) != 0 ||
	    (all > 0 && trust_push_tip(st, data_dir, all, &max, sig, err) != 0))
		goto out;
	if (all == 0)
		max = 0;
	stats->unsigned_left = all - max;
	/* What the folder holds of this device must be this store's history. */
	if (have > all) {
		kerr(err, "%s; '%s' holds this device up to seq %" PRId64 ", this store up to %" PRId64,
		     SYNC_FORK_HINT, dir, have, all);
		goto out;
	}
	if (have > 0) {
		if (segfile_tip(&l.v[last], tip, err) != 0)
			goto out;
		h = bundle_held_hash(st, me, have, held, err);
		if (h < 0)
			goto out;
		if (h == 0 || sodium_memcmp(held, tip, STORE_HASH_LEN) != 0) {
			kerr(err, "%s; entry %" PRId64 " differs in '%s'", SYNC_FORK_HINT, have, dir);
			goto out;
		}
	}
	if (bundle_check_range(st, me, have + 1, max, err) != 0 ||
	    dfile_mkdir(top, err) != 0 ||
	    (stats->event_dir[0] && (dfile_mkdir(dir, err) != 0 || own_folder(dir, err) != 0)) ||
	    dfile_mkdir(sub, err) != 0 || own_folder(sub, err) != 0)
		goto out;
	(void)atomicfile_clean_dir(sub); /* what a killed push left (98 MB seen) */
	if (have >= max) {
		stats->unsigned_left = all - have;
		r = bundle_note(st, 1, top, now_ms, have, err);
		goto out;
	}
	if (bundle_format_range(st, ev, me, have + 1, max, NULL, sig, &buf, progress, ctx, err) != 0)
		goto out;
	if (snprintf(path, sizeof path, "%s/%012" PRId64 "-%012" PRId64 "%s", sub, have + 1, max,
		     BUNDLE_SEG_EXT) >= (int)sizeof path) {
		kerr(err, "path too long: '%s'", sub);
		goto out;
	}
	if (dfile_write(path, buf.buf, buf.len, 0600, 1, err) != 0)
		goto out;
	stats->pushed = max - have;
	stats->first = have + 1;
	stats->last = max;
	stats->segments = 1;
	if (progress)
		progress(ctx, max - have, max - have);
	/* The segment is durable; failing to note it only makes status stale. */
	r = bundle_note(st, 1, top, now_ms, max, err);
out:
	free(buf.buf);
	free(l.v);
	return r;
}

/* ---- pull ---------------------------------------------------------------- */

/* Whether a segment of event seg_event may be merged here: this store's event
 * (or either side without one), or an earlier event this store held: a door
 * of last month's meetup synced after `kiosk init --new` still belongs in the
 * organizer's history (its entries count for that event only). The event line
 * is not signed (the device's signature is), so this only sorts folders:
 * whose entries these are is the enrolment's and the signature's to say.
 * 1 yes, 0 no, -1 error. */
static int segment_event_held(struct store *st, const char *seg_event, char err[KERR_LEN])
{
	char ev[SEGMENT_EVENT_MAX];

	if (bundle_event_id(st, ev) != 0)
		return kerr(err, "cannot read the event id");
	if (strcmp(ev, "-") == 0 || strcmp(seg_event, "-") == 0 || strcmp(ev, seg_event) == 0)
		return 1;
	return syncdb_event_held(st, seg_event, err);
}

int bundle_apply(struct store *st, const struct segment *seg, const char *where,
		 struct sync_stats *stats, char err[KERR_LEN])
{
	char ev[SEGMENT_EVENT_MAX], m[KERR_LEN], root[STORE_DEVICE_ID_MAX + 1];
	uint8_t pk[TRUST_PK_LEN], held[STORE_HASH_LEN];
	struct trust_cut cut;
	int64_t max, upto;
	size_t i;
	int r;

	r = segment_event_held(st, seg->event, m);
	if (r < 0)
		return kerr(err, "%s: %s", where, m);
	if (r == 0 && bundle_event_id(st, ev) == 0)
		return kerr(err, "%s: belongs to event '%s', not this event '%s'", where, seg->event,
			    ev);
	if (r == 0)
		return kerr(err, "cannot read the event id");
	r = trust_pubkey(st, seg->device_id, pk, m);
	if (r < 0)
		return kerr(err, "%s: %s", where, m);
	if (r == 0)
		return kerr(err, "%s: comes from device '%s', which is not enrolled for this event",
			    where, seg->device_id);
	if (!segment_is_signed_by(seg, pk))
		return kerr(err, "%s: signature does not verify with the key of device '%s' "
				 "(tampered?)", where, seg->device_id);
	/* The cut-off rule (trust.c): of a revoked device, only entries up to
	 * the cut-off; the rest is counted, to be noted as refused. */
	r = trust_cut(st, seg->device_id, &cut, m);
	if (r < 0)
		return kerr(err, "%s: %s", where, m);
	upto = seg->last;
	if (r == 1 && seg->last > cut.cutoff) {
		upto = cut.cutoff;
		stats->cut_pending += seg->last - (seg->first > upto ? seg->first : upto + 1) + 1;
		stats->cut_upto = upto;
		if (seg->first > upto) {
			stats->segments++;
			return 0;
		}
	}
	if (r == 1 && cut.has_hash && seg->first <= cut.cutoff && cut.cutoff <= seg->last &&
	    (size_t)(cut.cutoff - seg->first) < seg->n &&
	    sodium_memcmp(seg->entries[cut.cutoff - seg->first].hash, cut.hash,
			  STORE_HASH_LEN) != 0)
		return kerr(err, "%s: entry %" PRId64 " of revoked device '%s' is not the one the "
				 "organizer kept when it revoked the device", where, cut.cutoff,
			    seg->device_id);
	if (bundle_local_max(st, seg->device_id, &max, m) != 0)
		return kerr(err, "%s: %s", where, m);
	/* Chain onto what is held: the entry before the segment, when held, must
	 * be the one the segment builds on; and no gap may open. */
	if (seg->first > max + 1)
		return kerr(err, "%s: starts at seq %" PRId64 " but this store holds device '%s' only "
				 "up to %" PRId64 " (a segment is missing)",
			    where, seg->first, seg->device_id, max);
	if (seg->first > 1) {
		r = bundle_held_hash(st, seg->device_id, seg->first - 1, held, m);
		if (r < 0)
			return kerr(err, "%s: %s", where, m);
		if (r == 1 && sodium_memcmp(held, seg->prev, STORE_HASH_LEN) != 0)
			return kerr(err, "%s: does not continue the chain held for device '%s'", where,
				    seg->device_id);
	}
	stats->segments++;
	/* Everything already held, proven by the tip: nothing to merge. */
	if (upto == seg->last && seg->last <= max) {
		r = bundle_held_hash(st, seg->device_id, seg->last, held, m);
		if (r < 0)
			return kerr(err, "%s: %s", where, m);
		if (r == 1 && sodium_memcmp(held, seg->tip, STORE_HASH_LEN) == 0) {
			stats->held += (int64_t)seg->n;
			return trust_tip_save(st, seg->device_id, seg->last, seg->tip, seg->sig, err);
		}
	}
	for (i = 0; i < seg->n && seg->entries[i].seq <= upto; i++) {
		r = store_merge_hashed(st, &seg->entries[i], m);
		if (r < 0)
			return kerr(err, "%s: %s", where, m); /* m names the entry */
		if (r == 1)
			stats->added++;
		else
			stats->held++;
	}
	/* The organizer's revocations must hold, checked with the keys its
	 * rotations (merged just now, maybe) bring. */
	r = trust_root(st, root, m);
	if (r < 0 || (r == 1 && strcmp(root, seg->device_id) == 0 &&
		      (keys_adopt(st, m) < 0 ||
		       trust_revocations_check(st, root, seg->first, upto, m) != 0)))
		return kerr(err, "%s: %s", where, m);
	/* A tip past the cut-off is not held: the revocation vouches for it. */
	if (upto < seg->last)
		return 0;
	return trust_tip_save(st, seg->device_id, seg->last, seg->tip, seg->sig, err);
}

/* The devices (sub-folders) of a bundle, other than me. Entries not named
 * like a device are skipped (counted in stats); a device whose own folder
 * cannot be listed gets one record with why set, so only it is refused. */
static int list_bundle(const char *dir, const char *me, struct seglist *l,
		       struct sync_stats *stats, char err[KERR_LEN])
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct segfile bad;
	struct stat sb;

	if (!d)
		return kerr(err, "cannot read bundle folder '%s': %s", dir, strerror(errno));
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		size_t n0 = l->n;

		if (de->d_name[0] == '.' || strcmp(de->d_name, me) == 0)
			continue;
		/* Another event's sub-folder (or this one's, listed on its own). */
		if (strncmp(de->d_name, BUNDLE_EVENT_DIR, strlen(BUNDLE_EVENT_DIR)) == 0)
			continue;
		memset(&bad, 0, sizeof bad);
		(void)snprintf(bad.path, sizeof bad.path, "%s/%s", dir, de->d_name);
		if (!name_is_device(de->d_name)) {
			note_skipped(stats, bad.path);
			errno = 0;
			continue;
		}
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			kerr(bad.why, "cannot read '%s': %s", bad.path, strerror(errno));
		else if (!S_ISDIR(sb.st_mode))
			kerr(bad.why, "'%s' is %s, not a device folder", bad.path,
			     S_ISLNK(sb.st_mode) ? "a symbolic link" : "not a folder");
		else if (list_device(dir, de->d_name, l, stats, bad.why) != 0)
			l->n = n0; /* its files are not read: the device is refused */
		if (bad.why[0]) {
			say(bad.device_id, sizeof bad.device_id, "%s", de->d_name); /* fits: name_is_device */
			if (seglist_add(l, &bad) != 0) {
				(void)closedir(d);
				return kerr(err, "out of memory");
			}
		}
		errno = 0;
	}
	if (errno != 0) {
		int e = errno;

		(void)closedir(d);
		return kerr(err, "cannot read bundle folder '%s': %s", dir, strerror(e));
	}
	(void)closedir(d); /* read-only handle */
	return 0;
}

void sync_stats_refuse(struct sync_stats *s, const char *device_id, const char *why)
{
	if (s->refused < SYNC_REFUSALS_MAX)
		say(s->refusals[s->refused], KERR_LEN, "refused device %s: %s", device_id, why);
	s->refused++;
}

void sync_stats_cut_flush(struct sync_stats *s, const char *device_id)
{
	char why[KERR_LEN];

	if (s->cut_pending <= 0)
		return;
	if (s->cut_upto == 0)
		say(why, sizeof why, "the device was revoked by the organizer: all %" PRId64
		    " of its entries refused", s->cut_pending);
	else
		say(why, sizeof why, "the device was revoked by the organizer: %" PRId64 " entries "
		    "after seq %" PRId64 " refused (its entries up to %" PRId64 " are kept)",
		    s->cut_pending, s->cut_upto, s->cut_upto);
	sync_stats_refuse(s, device_id, why);
	s->cut_pending = 0;
}

static void note_voided(void *ctx, const char *device_id, int64_t cutoff, int64_t delta)
{
	struct sync_stats *s = ctx;

	if (s->voided_devices++ == 0) {
		if (delta > 0)
			say(s->voided_first, sizeof s->voided_first, "revoked device %s: %" PRId64
			    " entries held after seq %" PRId64 " no longer count", device_id, delta,
			    cutoff);
		else
			say(s->voided_first, sizeof s->voided_first, "revoked device %s: %" PRId64
			    " entries held up to seq %" PRId64 " count again", device_id, -delta,
			    cutoff);
	}
	s->voided += delta;
}

int sync_stats_cuts_apply(struct store *st, struct sync_stats *s, char err[KERR_LEN])
{
	return trust_cuts_apply(st, note_voided, s, err);
}

/* Apply segs[a..b) (one device) all-or-nothing inside the open transaction.
 * why[0] set: refused before reading (parse error). Returns 0 applied, 1
 * refused (noted in stats), -1 store error. */
static int apply_device(struct store *st, struct segfile *f, struct segment *segs, size_t a,
			size_t b, const char *why, struct sync_stats *stats, char err[KERR_LEN])
{
	struct sync_stats before = *stats;
	char m[KERR_LEN], where[PATH_MAX + 2];
	size_t i;

	if (why[0]) {
		sync_stats_refuse(stats, f[a].device_id, why);
		return 1;
	}
	if (store_savepoint(st, err) != 0)
		return -1;
	for (i = a; i < b; i++) {
		(void)snprintf(where, sizeof where, "'%s'", f[i].path);
		if (bundle_apply(st, &segs[i], where, stats, m) != 0) {
			store_savepoint_rollback(st);
			stats->added = before.added;
			stats->held = before.held;
			stats->segments = before.segments;
			stats->cut_pending = before.cut_pending;
			sync_stats_refuse(stats, f[a].device_id, m);
			return 1;
		}
	}
	if (store_savepoint_release(st, err) != 0)
		return -1;
	sync_stats_cut_flush(stats, f[a].device_id);
	return 0;
}

/* The sub-folders "event.<id>" of dir of the events this store holds (its
 * own, and earlier ones a late door may still bring), listed into l like
 * dir's top; those of other events are left alone. 0 or -1. */
static int list_event_folders(struct store *st, const char *dir, struct seglist *l,
			      struct sync_stats *stats, char err[KERR_LEN])
{
	const size_t pre = strlen(BUNDLE_EVENT_DIR);
	char sub[PATH_MAX], ev[SEGMENT_EVENT_MAX], name[SEGMENT_EVENT_MAX];
	DIR *d = opendir(dir);
	struct dirent *de;
	int r = 0, held;

	if (!d)
		return kerr(err, "cannot read bundle folder '%s': %s", dir, strerror(errno));
	if (bundle_event_id(st, ev) != 0)
		r = kerr(err, "cannot read the event id");
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, BUNDLE_EVENT_DIR, pre) != 0 ||
		    strlen(de->d_name + pre) >= sizeof name)
			continue;
		(void)snprintf(name, sizeof name, "%s", de->d_name + pre);
		if (event_folder(dir, name, sub) != 0 || !is_folder(sub))
			continue;
		held = segment_event_held(st, name, err);
		if (held < 0)
			r = -1;
		else if (held && list_bundle(sub, store_device_id(st), l, stats, err) != 0)
			r = -1;
		else if (held && strcmp(name, ev) == 0)
			say(stats->event_dir, sizeof stats->event_dir, "%s", de->d_name);
	}
	(void)closedir(d); /* read-only handle */
	return r;
}

/* Whether segs[a..b) (one device, all parsed) are all of events this store
 * never held: another event's door on a shared stick, left alone rather than
 * refused. A device with some segments of a held event goes on to be
 * checked (and refused, if any is not). 1, 0, or -1 with err. */
static int other_event(struct store *st, const struct segment *segs, size_t a, size_t b,
		       char err[KERR_LEN])
{
	size_t i;
	int r;

	for (i = a; i < b; i++) {
		r = segment_event_held(st, segs[i].event, err);
		if (r != 0)
			return r < 0 ? -1 : 0;
	}
	return 1;
}

int bundle_pull(struct store *st, const char *dir, int64_t now_ms, struct sync_stats *stats,
		sync_progress_fn progress, void *ctx, char err[KERR_LEN])
{
	char root[STORE_DEVICE_ID_MAX + 1];
	struct seglist l = {0};
	struct segment *segs = NULL;
	size_t i, a, b;
	int pass, r = -1, in_tx = 0, other;

	memset(stats, 0, sizeof *stats);
	if (trust_migrate(st, err) != 0 || trust_root(st, root, err) < 0)
		goto out;
	if (!root[0]) {
		kerr(err, "this store has no organizer device yet (run 'kiosk device add' here "
			  "first, or 'kiosk device join')");
		goto out;
	}
	if (list_bundle(dir, store_device_id(st), &l, stats, err) != 0 ||
	    list_event_folders(st, dir, &l, stats, err) != 0)
		goto out;
	if (l.n > 1) /* qsort(NULL, 0) is undefined: a folder with nothing of the others */
		qsort(l.v, l.n, sizeof *l.v, segfile_cmp);
	segs = calloc(l.n ? l.n : 1, sizeof *segs);
	if (!segs) {
		kerr(err, "out of memory");
		goto out;
	}
	/* Read and check every file before touching the store. */
	for (i = 0; i < l.n; i++) {
		char *buf = NULL, m[KERR_LEN], *why = l.v[i].why;
		size_t len = 0;
		int rr;

		if (why[0])
			continue; /* its folder could not be listed */
		rr = dfile_read(l.v[i].path, &buf, &len, BUNDLE_FILE_MAX, m);
		if (rr <= 0) {
			say(why, KERR_LEN, "'%s': %s", l.v[i].path, rr == 0 ? "vanished" : m);
			continue;
		}
		rr = segment_parse(buf, len, &segs[i], m);
		free(buf);
		if (rr != 0) {
			say(why, KERR_LEN, "'%s': %s", l.v[i].path, m);
			continue;
		}
		if (strcmp(segs[i].device_id, l.v[i].device_id) != 0 ||
		    segs[i].first != l.v[i].first || segs[i].last != l.v[i].last)
			say(why, KERR_LEN,
				       "'%s': its content (device '%s', seq %" PRId64 "..%" PRId64
				       ") does not match its name",
				       l.v[i].path, segs[i].device_id, segs[i].first, segs[i].last);
		if (progress)
			progress(ctx, (int64_t)i + 1, (int64_t)l.n * 2);
	}
	if (syncdb_bulk(st, err) != 0 || store_begin(st, err) != 0)
		goto out;
	in_tx = 1;
	/* The organizer's segments first: they carry the enrolments of the
	 * others. Each device all-or-nothing; a refused one never stops the rest. */
	for (pass = 0; pass < 2; pass++) {
		for (a = 0; a < l.n; a = b) {
			const char *first_why = "";

			for (b = a; b < l.n && strcmp(l.v[b].device_id, l.v[a].device_id) == 0; b++)
				if (!first_why[0] && l.v[b].why[0])
					first_why = l.v[b].why;
			if ((strcmp(l.v[a].device_id, root) == 0) != (pass == 0))
				continue;
			other = first_why[0] ? 0 : other_event(st, segs, a, b, err);
			if (other < 0)
				goto out;
			if (other) {
				stats->other_event++;
				continue;
			}
			stats->devices++;
			if (apply_device(st, l.v, segs, a, b, first_why, stats, err) < 0)
				goto out;
			if (progress)
				progress(ctx, (int64_t)(l.n + b), (int64_t)l.n * 2);
		}
		/* A rotation in the organizer's rows signs what follows (revocations). */
		if (pass == 0 && keys_adopt(st, err) < 0)
			goto out;
	}
	/* Key rotations that arrived are checked and adopted for the door; the
	 * revocations held are brought into force. */
	if (keys_adopt(st, err) < 0 || sync_stats_cuts_apply(st, stats, err) != 0 ||
	    bundle_note(st, 0, dir, now_ms, 0, err) != 0)
		goto out;
	if (store_commit(st, err) != 0)
		goto out;
	in_tx = 0;
	r = 0;
out:
	if (in_tx)
		store_rollback(st);
	for (i = 0; segs && i < l.n; i++)
		segment_release(&segs[i]);
	free(segs);
	free(l.v);
	return r;
}
