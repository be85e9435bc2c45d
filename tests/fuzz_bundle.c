/* fuzz_bundle.c - libFuzzer target for the folder-bundle reader, bundle_pull()
 * (sync/bundle.c, what `kiosk-sync pull` reads from a stick): it lists the
 * device folders and segment files, checks names, event, enrolment, signature
 * and chain, and merges each device all-or-nothing in one transaction.
 *
 * Once per process a real store is set up in a temp folder ($TMPDIR or /tmp,
 * removed once the store is read into memory): an
 * organizer "org" whose key is the fixed fuzz key (tests/fuzz_fixup.h), which
 * enrols "door-1" with that key too; the pulling store "fuzz" holds org's
 * first segment. Each input is split at NUL bytes into 1-3 files; each gets
 * its hashes, tip, signature and enrolled public keys recomputed
 * (fixup_segment) and is written as <device>/<first>-<last>.kseg from its own
 * header lines, so mutations reach the chain, merge and projection code. The
 * pull runs on a fresh copy of the pristine store in a temp folder of its own,
 * removed after the input (left only by a crash), so nothing grows across
 * runs. Invariants: bundle_pull returns 0 or -1, refuses at most the devices
 * it saw, and store_verify finds nothing wrong afterwards.
 *
 * FUZZ_BUNDLE_SEEDS=<dir> writes the seeds (tests/fuzz-seeds/fuzz_bundle/):
 * the segments bundle_push wrote during the setup, NUL-joined. Test code
 * only; the store's device id and root are set through meta, the way a
 * fresh store and a join record them, to keep the setup deterministic. */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sync/bundle.h"
#include "tests/fuzz_fixup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T0 1795600000000LL
#define PIECES_MAX 3

static char tmp[256];         /* the temp folder in use: the setup's, then each input's */
static char tmpdir_root[256]; /* its mkdtemp template */
static uint8_t fpk[TRUST_PK_LEN], fsk[TRUST_SK_LEN];
static char *pristine; /* the pulling store's kiosk.db after the setup */
static size_t pristine_len;

static int rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

static void rm_tmp(void)
{
	if (tmp[0])
		(void)nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void die(const char *what, const char *err) __attribute__((noreturn));
static void die(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_bundle setup: %s: %s\n", what, err);
	rm_tmp();
	abort();
}

/* A store in dir with device id id (and root, when given) recorded in meta
 * before it journals anything: reopened so the id is the one it loads. */
static struct store *open_as(const char *dir, const char *id, const char *root)
{
	char err[KERR_LEN];
	struct store *st;

	if (store_open(&st, dir, 1, err) != 0 || store_meta_set(st, "device_id", id, err) != 0)
		die(dir, err);
	store_close(st);
	if (store_open(&st, dir, 0, err) != 0 || trust_migrate(st, err) != 0)
		die(dir, err);
	if (root && store_meta_set(st, TRUST_META_ROOT, root, err) != 0)
		die(dir, err);
	return st;
}

static void append(struct store *st, int n, int64_t at)
{
	char err[KERR_LEN], body[64];

	for (int i = 0; i < n; i++) {
		(void)snprintf(body, sizeof body, "{\"t\":%d}", i);
		if (store_append(st, at + i, "note", body, NULL, err) != 0)
			die("append", err);
	}
}

static void push(struct store *st, const char *data_dir, const char *usb, int64_t at)
{
	char err[KERR_LEN];
	struct sync_stats s;

	if (bundle_push(st, data_dir, usb, at, &s, NULL, NULL, err) != 0)
		die("push", err);
}

static void file_read(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		die("read", path);
	*buf = malloc((size_t)n + 1);
	if (!*buf || fread(*buf, 1, (size_t)n, f) != (size_t)n)
		die("read", path);
	*len = (size_t)n;
	(void)fclose(f);
}

/* Merge the organizer's segment at path as a join does (enrol.c): the
 * store trusts it because it names org its root, not by a pull, which would
 * need org's enrolment already held. */
static void adopt(struct store *st, const char *path)
{
	char err[KERR_LEN], *b;
	struct segment seg;
	size_t n;

	file_read(path, &b, &n);
	if (segment_parse(b, n, &seg, err) != 0)
		die(path, err);
	free(b);
	if (store_begin(st, err) != 0)
		die("begin", err);
	for (size_t i = 0; i < seg.n; i++)
		if (store_merge(st, &seg.entries[i], err) < 0)
			die("merge", err);
	if (trust_tip_save(st, seg.device_id, seg.last, seg.tip, seg.sig, err) != 0 ||
	    store_commit(st, err) != 0)
		die("adopt", err);
	segment_release(&seg);
}

static int file_write(const char *path, const char *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(b, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* A seed: the named segment files of usb, NUL-joined, into out. */
static void write_seed(const char *usb, const char *out, const char *const *names)
{
	FILE *f = fopen(out, "wb");

	if (!f)
		die("seed", out);
	for (int i = 0; names[i]; i++) {
		char path[PATH_MAX], *b;
		size_t n;

		(void)snprintf(path, sizeof path, "%s/%s", usb, names[i]);
		file_read(path, &b, &n);
		if ((i && fputc(0, f) == EOF) || fwrite(b, 1, n, f) != n)
			die("seed", out);
		free(b);
	}
	if (fclose(f) != 0)
		die("seed", out);
}

static void setup(void)
{
	char org[PATH_MAX], door[PATH_MAX], base[PATH_MAX], usb[PATH_MAX], first[PATH_MAX], err[KERR_LEN];
	struct store *o, *d, *s;
	const char *seeds = getenv("FUZZ_BUNDLE_SEEDS"), *dir = getenv("TMPDIR");

	if (sodium_init() < 0)
		die("sodium", "init");
	fixup_keys(fpk, fsk);
	/* Under $TMPDIR, else /tmp. Each run's commit and close sync to disk:
	 * TMPDIR=/dev/shm (tmpfs) runs it about three times faster. */
	if (!dir || !dir[0] || strlen(dir) > 200)
		dir = "/tmp";
	(void)snprintf(tmpdir_root, sizeof tmpdir_root, "%s/kiosk-fuzz-bundle-XXXXXX", dir);
	(void)snprintf(tmp, sizeof tmp, "%s", tmpdir_root);
	if (!mkdtemp(tmp))
		die("mkdtemp", strerror(errno));
	atexit(rm_tmp);
	(void)snprintf(org, sizeof org, "%s/org", tmp);
	(void)snprintf(door, sizeof door, "%s/door", tmp);
	(void)snprintf(base, sizeof base, "%s/base", tmp);
	(void)snprintf(usb, sizeof usb, "%s/usb", tmp);

	/* The organizer (the fixed key) enrols door-1 (the fixed key too) and
	 * pushes org 1-2. */
	o = open_as(org, "org", NULL);
	if (trust_save_secret(o, org, fsk, err) != 0 || trust_ensure_root(o, org, T0, err) != 1 ||
	    trust_enrol(o, "door-1", "Door 1", fpk, T0 + 1, err) != 0)
		die("organizer", err);
	push(o, org, usb, T0 + 2);
	/* The pulling store holds those enrolments. */
	s = open_as(base, "fuzz", "org");
	(void)snprintf(first, sizeof first, "%s/org/000000000001-000000000002.kseg", usb);
	adopt(s, first);
	store_close(s);
	/* door-1 journals 3 entries and pushes them; org 3 more. */
	d = open_as(door, "door-1", "org");
	if (trust_save_secret(d, door, fsk, err) != 0)
		die("door", err);
	adopt(d, first);
	append(d, 3, T0 + 10);
	push(d, door, usb, T0 + 20);
	append(o, 3, T0 + 30);
	push(o, org, usb, T0 + 40);
	store_close(d);
	store_close(o);
	if (seeds) {
		static const char *const all[] = {"org/000000000001-000000000002.kseg",
						  "org/000000000003-000000000005.kseg",
						  "door-1/000000000001-000000000003.kseg", NULL};
		char path[PATH_MAX];

		(void)snprintf(path, sizeof path, "%s/all", seeds);
		write_seed(usb, path, all);
		(void)snprintf(path, sizeof path, "%s/new", seeds);
		write_seed(usb, path, all + 1);
		(void)snprintf(path, sizeof path, "%s/door", seeds);
		write_seed(usb, path, all + 2);
	}
	(void)snprintf(usb, sizeof usb, "%s/base/kiosk.db", tmp);
	file_read(usb, &pristine, &pristine_len);
	/* Nothing stays on disk between inputs: libFuzzer ends some modes
	 * (running single files) without calling atexit. */
	rm_tmp();
	tmp[0] = '\0';
}

/* The value of the header line "key " in seg[0..n), as a string. */
static size_t header(const char *seg, size_t n, const char *key, char *out, size_t cap)
{
	size_t k = strlen(key), pos = 0;

	while (pos < n) {
		const char *nl = memchr(seg + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - seg - pos) : n - pos;

		if (len > k && memcmp(seg + pos, key, k) == 0 && len - k < cap) {
			memcpy(out, seg + pos + k, len - k);
			out[len - k] = '\0';
			return len - k;
		}
		if (len > 1 && seg[pos] == 'e' && seg[pos + 1] == ' ')
			break; /* the entries begin: no header beyond */
		pos += len + 1;
	}
	out[0] = '\0';
	return 0;
}

static long long header_num(const char *seg, size_t n, const char *key)
{
	char v[32], *end;
	long long x;

	if (!header(seg, n, key, v, sizeof v))
		return 1;
	x = strtoll(v, &end, 10);
	return *end || x < 0 || x > 999999999999LL ? 1 : x;
}

/* The device folders written for this input. */
static char devs[PIECES_MAX][STORE_DEVICE_ID_MAX + 1];
static int ndevs;

/* Write piece seg[0..n) into the bundle folder bdir, named from its header. */
static void write_piece(const char *bdir, char *seg, size_t n)
{
	char dev[STORE_DEVICE_ID_MAX + 1], path[PATH_MAX];

	fixup_segment(seg, n, fsk, fpk);
	if (!header(seg, n, "device ", dev, sizeof dev) || !trust_id_is_valid(dev))
		(void)snprintf(dev, sizeof dev, "x");
	(void)snprintf(path, sizeof path, "%s/%s", bdir, dev);
	if (mkdir(path, 0700) == 0)
		(void)snprintf(devs[ndevs++], sizeof devs[0], "%s", dev);
	else if (errno != EEXIST)
		die("mkdir", path);
	(void)snprintf(path, sizeof path, "%s/%s/%012lld-%012lld%s", bdir, dev,
		       header_num(seg, n, "first "), header_num(seg, n, "last "), BUNDLE_SEG_EXT);
	if (access(path, F_OK) == 0)
		return; /* two pieces of one name: the first one stays */
	if (file_write(path, seg, n) != 0)
		die("write", path);
}

static void say(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "verify: %s\n", line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	char run[PATH_MAX], bdir[PATH_MAX], db[PATH_MAX], err[KERR_LEN], *copy;
	struct sync_stats stats;
	struct store *st;
	size_t a = 0;
	int64_t gained = 0;
	int r, pieces = 0;

	if (!ready) {
		setup();
		ready = 1;
	}
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	(void)snprintf(run, sizeof run, "%s", tmpdir_root);
	if (!mkdtemp(run))
		die("mkdtemp", strerror(errno));
	(void)snprintf(tmp, sizeof tmp, "%s", run); /* removed on exit and die */
	(void)snprintf(bdir, sizeof bdir, "%s/bundle", run);
	(void)snprintf(db, sizeof db, "%s/kiosk.db", run);
	ndevs = 0;
	if (mkdir(bdir, 0700) != 0)
		die("mkdir", bdir);
	memcpy(copy, data, size);
	while (a <= size && pieces < PIECES_MAX) {
		char *z = pieces < PIECES_MAX - 1 ? memchr(copy + a, 0, size - a) : NULL;
		size_t b = z ? (size_t)(z - copy) : size;

		write_piece(bdir, copy + a, b - a);
		pieces++;
		a = b + 1;
	}
	free(copy);
	/* A fresh copy of the pristine store (closed, so no WAL beside it). */
	if (file_write(db, pristine, pristine_len) != 0)
		die("copy", db);
	if (store_open(&st, run, 0, err) != 0)
		die("open", err);
	r = bundle_pull(st, bdir, T0 + 100, &stats, NULL, NULL, err);
	if (r != 0 && r != -1)
		__builtin_trap();
	if (r == 0 && (stats.refused > stats.devices || stats.devices > PIECES_MAX))
		__builtin_trap();
	if (getenv("FUZZ_BUNDLE_VERBOSE"))
		fprintf(stderr, "pull %d: %" PRId64 " added, %" PRId64 " held, %" PRId64
				" devices, %" PRId64 " refused %s %s\n",
			r, stats.added, stats.held, stats.devices, stats.refused,
			r ? err : "", stats.refused ? stats.refusals[0] : "");
	/* All or nothing: a failed pull leaves every device as it was, a
	 * refused device too (its merges rolled back to the savepoint), and
	 * what the others gained is what the pull counts as added. */
	for (int i = 0; i < ndevs; i++) {
		int64_t max, was = strcmp(devs[i], "org") == 0 ? 2 : 0;
		char tag[STORE_DEVICE_ID_MAX + 32];
		int refused = r != 0;

		(void)snprintf(tag, sizeof tag, "refused device %s: ", devs[i]);
		for (int64_t k = 0; k < stats.refused && k < SYNC_REFUSALS_MAX; k++)
			refused |= strncmp(stats.refusals[k], tag, strlen(tag)) == 0;
		if (bundle_local_max(st, devs[i], &max, err) != 0)
			die("max", err);
		if (max < was || (refused && max != was))
			__builtin_trap();
		gained += max - was;
	}
	if (r == 0 && gained != stats.added)
		__builtin_trap();
	/* Whatever was merged, the journal and projections are intact (a pull
	 * that added nothing left the journal as the checks above show, and
	 * store_verify, a rebuild of every projection, is the dearest step). */
	if (gained > 0 && store_verify(st, say, NULL, err) != 0)
		__builtin_trap();
	store_close(st);
	rm_tmp();
	tmp[0] = '\0';
	return 0;
}
