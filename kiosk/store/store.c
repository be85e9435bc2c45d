/* store.c - the device's SQLite file: journal (the truth) + projections.
 * Adapter: sqlite3, libsodium (BLAKE2b, random ids), POSIX files. No SDL, no libpq.
 * Every write goes through store_append/store_merge, which apply the projection
 * SQL of schema.c in the same transaction as the journal row (store_journal.c).
 * This file: open, migrate, the busy wait, transactions, meta. */
#include "db.h"
#include "store.h"
#include "store_internal.h"
#include "vault.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"
#include "io/atomicfile.h"
#include "io/dfile.h"
#include "search.h"

#define STORE_BUSY_MS 5000

/* ---------------------------------------------------------------- helpers */

/* The OS's reason after SQLite's message when a system call failed:
 * "disk I/O error" alone does not tell a full disk from a read-only one. */
static const char *os_reason(struct store *st)
{
	int e = st->db ? sqlite3_system_errno(st->db) : 0;

	return e ? strerror(e) : NULL;
}

int store_db_fail(struct store *st, char err[KERR_LEN], const char *what)
{
	const char *why = os_reason(st);

	if (why)
		return kerr(err, "%s: %s (%s)", what, sqlite3_errmsg(st->db), why);
	return kerr(err, "%s: %s", what, sqlite3_errmsg(st->db));
}

int store_exec(struct store *st, const char *sql, char err[KERR_LEN])
{
	char *msg = NULL;
	const char *why;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		why = os_reason(st);
		if (why)
			kerr(err, "%s (%s)", msg ? msg : sqlite3_errmsg(st->db), why);
		else
			kerr(err, "%s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int prepare(struct store *st, sqlite3_stmt **s, const char *sql, char err[KERR_LEN])
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot prepare statement");
	return 0;
}

static int mkdir_p(const char *dir, char err[KERR_LEN])
{
	char path[4096];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof path)
		return kerr(err, "bad data directory '%s'", dir);
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return kerr(err, "cannot create '%s': %s", path, strerror(errno));
		path[i] = dir[i];
	}
	return 0;
}

int store_lock_dir(const char *dir, char err[KERR_LEN])
{
	int fd;

	if (mkdir_p(dir, err) != 0)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return kerr(err, "cannot open '%s': %s", dir, strerror(errno));
	if (flock(fd, LOCK_EX) != 0) {
		int e = errno;

		(void)close(fd);
		return kerr(err, "cannot lock '%s': %s", dir, strerror(e));
	}
	return fd;
}

/* The data folder holds names, phones and keys: 0700, its files 0600, even
 * when it was made earlier with a looser umask; and what a killed run left
 * half-written there goes. Best effort: a read-only medium stays as it is. */
static void private_files(const char *dir)
{
	static const char *const names[] = {STORE_FILE, STORE_FILE "-wal", STORE_FILE "-shm"};
	char path[4096], e2[KERR_LEN];
	struct stat sb;
	size_t i;

	if (access(dir, F_OK) != 0)
		return;
	(void)dfile_private_dir(dir, e2);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path)
			return;
		if (stat(path, &sb) == 0 && (sb.st_mode & 077) && sb.st_uid == geteuid())
			(void)chmod(path, sb.st_mode & 0700);
	}
	(void)atomicfile_clean_dir(dir);
}

/* ------------------------------------------------------------ open, close */

static int user_version(struct store *st, int *version, char err[KERR_LEN])
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot read schema version");
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_db_fail(st, err, "cannot read schema version");
	}
	*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
}

/* Each step reads the version again after taking the write lock: several
 * processes opening an old store at once migrate it once (issue 12), instead
 * of all running the same step ("table ... already exists"). */
static int store_temp_views(struct store *st, char err[KERR_LEN]);

static int migrate(struct store *st, char err[KERR_LEN])
{
	int version, target = 0;
	char sql[64], e2[KERR_LEN];

	while (schema_migrations[target])
		target++;
	if (user_version(st, &version, err) != 0)
		return -1;
	if (version > target)
		return kerr(err, "the data was written by a newer kiosk (schema %d, this one knows %d)",
			    version, target);
	while (version < target) {
		if (store_exec(st, "BEGIN IMMEDIATE", err) != 0)
			return -1;
		if (user_version(st, &version, err) != 0) {
			(void)store_exec(st, "ROLLBACK", e2);
			return -1;
		}
		if (version >= target) {
			(void)store_exec(st, "ROLLBACK", e2); /* another process did it */
			break;
		}
		(void)snprintf(sql, sizeof sql, "PRAGMA user_version=%d", version + 1);
		if (store_exec(st, schema_migrations[version], err) != 0 || store_exec(st, sql, err) != 0) {
			(void)store_exec(st, "ROLLBACK", e2); /* the migration error is the one to report */
			return -1;
		}
		if (store_exec(st, "COMMIT", err) != 0)
			return -1;
		version++;
	}
	return store_temp_views(st, err);
}

static int store_temp_views(struct store *st, char err[KERR_LEN])
{
	for (int i = 0; schema_temp_views[i]; i++)
		if (store_exec(st, schema_temp_views[i], err) != 0)
			return -1;
	return 0;
}

int store_temp_on_disk(struct store *st, int on, char err[KERR_LEN])
{
	/* Setting temp_store drops the connection's TEMP objects: the views
	 * are made again (outside a transaction; no TEMP table is lost). */
	if (store_exec(st, on ? "PRAGMA temp_store=FILE" : "PRAGMA temp_store=MEMORY", err) != 0)
		return -1;
	return store_temp_views(st, err);
}

static int load_device_id(struct store *st, char err[KERR_LEN])
{
	unsigned char rnd[8];
	char hex[17];
	int r = store_meta_get(st, "device_id", st->device_id, sizeof st->device_id), own;

	if (r < 0)
		return kerr(err, "cannot read the device id: %s", sqlite3_errmsg(st->db));
	if (r > 0)
		return 0;
	/* A new store: pick the id under the write lock, so two processes
	 * opening it at once agree on one. */
	if (store_write_begin(st, &own, err) != 0)
		return -1;
	r = store_meta_get(st, "device_id", st->device_id, sizeof st->device_id);
	if (r == 0) {
		randombytes_buf(rnd, sizeof rnd);
		sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
		(void)snprintf(st->device_id, sizeof st->device_id, "d%s", hex);
		r = store_meta_set(st, "device_id", st->device_id, err) == 0 ? 1 : -1;
	} else if (r < 0) {
		kerr(err, "cannot read the device id: %s", sqlite3_errmsg(st->db));
	}
	return store_write_end(st, own, r > 0, err);
}

static int prepare_all(struct store *st, char err[KERR_LEN])
{
	int i;

	if (prepare(st, &st->head, "SELECT seq, hash FROM journal WHERE device_id=?1"
				   " ORDER BY seq DESC LIMIT 1", err) ||
	    prepare(st, &st->insert, "INSERT INTO journal VALUES(?1,?2,?3,?4,?5,?6,?7)", err) ||
	    prepare(st, &st->find, "SELECT hash, prev_hash FROM journal"
				   " WHERE device_id=?1 AND seq=?2", err))
		return -1;
	for (i = 0; schema_projections[i].kind; i++)
		if (i >= (int)(sizeof st->proj / sizeof st->proj[0]))
			return kerr(err, "too many projections");
	st->nproj = i;
	return 0;
}

/* The statements of projection i, prepared on first use. */
int store_prepare_projection(struct store *st, int i, char err[KERR_LEN])
{
	int j;

	if (st->proj_ready[i])
		return 0;
	for (j = 0; j < PROJECTION_MAX_SQL && schema_projections[i].sql[j]; j++)
		if (!st->proj[i][j] && prepare(st, &st->proj[i][j], schema_projections[i].sql[j], err))
			return -1;
	st->proj_ready[i] = 1;
	return 0;
}

static double mono_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* With store_set_busy_ms: 1 when nobody has committed for idle.ms (each
 * commit writes the -wal file: its time or size changes), so the lock is
 * held rather than queued for. */
static int idle_too_long(struct busy_idle *b, int count, double now)
{
	struct stat sb;

	if (!b->ms)
		return 0;
	if (stat(b->wal, &sb) == 0 &&
	    (count == 0 || sb.st_size != b->size || sb.st_mtim.tv_sec != b->mtime.tv_sec ||
	     sb.st_mtim.tv_nsec != b->mtime.tv_nsec)) {
		b->progress = now; /* the first look, or someone committed: the queue moves */
		b->size = sb.st_size;
		b->mtime = sb.st_mtim;
	} else if (count == 0) {
		b->progress = now;
	}
	return now - b->progress >= b->ms;
}

/* Waiting for the write lock (every verdict takes it, issue 12): short,
 * jittered naps instead of SQLite's default back-off (which grows to 100 ms
 * and lets a busy writer starve a waiting one), until busy_ms have passed
 * or, after store_set_busy_ms, nobody has committed for its time. */
static int busy_wait(void *ctx, int count)
{
	struct store *st = ctx;
	double now = mono_ms();
	struct timespec nap = {0, 0};

	if (count == 0)
		st->busy_since = now;
	if (now - st->busy_since >= st->busy_ms || idle_too_long(&st->idle, count, now))
		return 0;
	nap.tv_nsec = (long)(200000 + randombytes_uniform(1800000)); /* 0.2 .. 2 ms */
	(void)nanosleep(&nap, NULL);
	return 1;
}

int store_open(struct store **out, const char *dir, int create, char err[KERR_LEN])
{
	struct store *st;
	char path[4096];
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	*out = NULL;
	if (create && mkdir_p(dir, err) != 0)
		return -1;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, STORE_FILE) >= sizeof path)
		return kerr(err, "data directory path too long");
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	private_files(dir);
	/* SQLite quietly opens a file it cannot write read-only and then fails
	 * later with a misleading reason ("No such file or directory" for the
	 * -wal it could not create). The store always writes, and needs the
	 * folder for the -wal and -shm files, so a read-only medium or file is
	 * named here. */
	if (access(path, F_OK) == 0 && (access(path, W_OK) != 0 || access(dir, W_OK) != 0)) {
		int e = errno;

		if (e == EROFS || e == EACCES || e == EPERM)
			return kerr(err, "cannot write '%s': %s", path, strerror(e));
	}
	st = calloc(1, sizeof *st);
	if (!st)
		return kerr(err, "out of memory");
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		kerr(err, "cannot open '%s': %s", path,
		     st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	/* The name_keys projection calls kiosk_name_keys (search.c). */
	if (search_register(st->db) != SQLITE_OK || vault_register(st) != SQLITE_OK) {
		kerr(err, "cannot open '%s': %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	st->busy_ms = STORE_BUSY_MS;
	if (sqlite3_busy_handler(st->db, busy_wait, st) != SQLITE_OK ||
	    store_exec(st, "PRAGMA journal_mode=WAL", err) != 0 ||
	    store_exec(st, "PRAGMA synchronous=FULL", err) != 0 ||
	    /* Sorts and temporary tables of decrypted rows never reach the disk. */
	    store_exec(st, "PRAGMA temp_store=MEMORY", err) != 0 ||
	    store_exec(st, "PRAGMA foreign_keys=ON", err) != 0) {
		char e2[KERR_LEN];

		(void)snprintf(e2, sizeof e2, "%s", err);
		kerr(err, "cannot open '%s': %s", path, e2);
		goto fail;
	}
	if (migrate(st, err) != 0 || load_device_id(st, err) != 0 || prepare_all(st, err) != 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

/* The store at path copied, in one read transaction, into st->db: a new
 * database at copy (a file, made 0600 beforehand) or, NULL, in memory. The
 * file is opened read-only (immutable when it has no -wal, i.e. it was
 * closed cleanly; else through its -wal and -shm). */
static int open_copy(struct store *st, const char *path, const char *copy, char err[KERR_LEN])
{
	char uri[4200], wal[4200], *enc;
	sqlite3 *src = NULL;
	sqlite3_backup *b;
	int rc;

	(void)snprintf(wal, sizeof wal, "%s-wal", path);
	enc = sqlite3_mprintf("%s", path);
	if (!enc)
		return kerr(err, "out of memory");
	/* A path in a URI: '%', '?' and '#' would be read as syntax. */
	if (strpbrk(path, "%?#")) {
		sqlite3_free(enc);
		return kerr(err, "cannot open '%s' read-only: '%%', '?' or '#' in its path", path);
	}
	if (sqlite3_open_v2(copy ? copy : ":memory:", &st->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_free(enc);
		return kerr(err, "cannot make a copy of the store%s%s", copy ? " at " : "",
			    copy ? copy : " in memory");
	}
	/* Tried again for a second: another process's connection may be
	 * opening the store as this one reads it (rebuilding its WAL index
	 * after the last connection closed), and a copy given up made verify
	 * check the store itself, holding its write lock all the while. */
	for (int tries = 0;; tries++) {
		(void)snprintf(uri, sizeof uri, "file:%s?mode=ro%s", enc,
			       access(wal, F_OK) == 0 ? "" : "&immutable=1");
		if (sqlite3_open_v2(uri, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
				    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
			kerr(err, "cannot open '%s' read-only: %s", path,
			     src ? sqlite3_errmsg(src) : "out of memory");
			rc = SQLITE_CANTOPEN;
		} else {
			b = sqlite3_backup_init(st->db, "main", src, "main");
			rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
			if (rc != SQLITE_DONE)
				kerr(err, "cannot read '%s': %s", path, sqlite3_errmsg(b ? st->db : src));
			if (b)
				(void)sqlite3_backup_finish(b);
		}
		sqlite3_close(src);
		src = NULL;
		if (rc == SQLITE_DONE)
			break;
		if (tries >= 40 || !((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
				     (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)) {
			sqlite3_free(enc);
			return -1;
		}
		(void)usleep(25 * 1000);
	}
	sqlite3_free(enc);
	/* The copy runs the same projections (verify rebuilds them). */
	if (search_register(st->db) != SQLITE_OK || vault_register(st) != SQLITE_OK)
		return kerr(err, "cannot read '%s': %s", path, sqlite3_errmsg(st->db));
	return 0;
}

/* The rest of opening a copy (open_copy): as store_open does. */
static int open_copy_rest(struct store *st, char err[KERR_LEN])
{
	sqlite3_extended_result_codes(st->db, 1);
	if (store_exec(st, "PRAGMA foreign_keys=ON", err) != 0 ||
	    store_exec(st, "PRAGMA temp_store=MEMORY", err) != 0 || migrate(st, err) != 0 ||
	    load_device_id(st, err) != 0 || prepare_all(st, err) != 0)
		return -1;
	return 0;
}

/* A store on a medium that cannot be written (a write-protected backup
 * stick, a read-only mount) is copied into memory, where verify's rebuild, a
 * report or a push may write what they need without touching the medium. */
int store_open_readonly(struct store **out, const char *dir, char err[KERR_LEN])
{
	struct store *st;
	char path[4096];

	*out = NULL;
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, STORE_FILE) >= sizeof path)
		return kerr(err, "data directory path too long");
	if (access(path, F_OK) != 0)
		return kerr(err, "cannot open '%s': %s", path, strerror(errno));
	if (access(path, W_OK) == 0 && access(dir, W_OK) == 0)
		return store_open(out, dir, 0, err);
	st = calloc(1, sizeof *st);
	if (!st)
		return kerr(err, "out of memory");
	if (open_copy(st, path, NULL, err) != 0)
		goto fail;
	if (open_copy_rest(st, err) != 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void store_files_remove(const char *db)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char path[4200];

	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		(void)snprintf(path, sizeof path, "%s%s", db, ext[i]);
		(void)unlink(path);
	}
}

/* Copies of killed runs (their process gone): a copy holds the sealed
 * roster, and a hundred megabytes of it each. */
static void stale_copies_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4200];
		long pid;
		int n = 0;

		if (sscanf(e->d_name, ".verify-%ld.db%n", &pid, &n) != 1 || n == 0 ||
		    e->d_name[n] != '\0' || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* its verify still runs (or is another user's) */
		(void)snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		store_files_remove(path);
	}
	closedir(d);
}

int store_open_copy(struct store **out, const char *dir, char copy[STORE_COPY_PATH_MAX],
		    char err[KERR_LEN])
{
	struct store *st;
	char path[4096];
	int fd;

	*out = NULL;
	copy[0] = '\0';
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, STORE_FILE) >= sizeof path)
		return kerr(err, "data directory path too long");
	if (access(path, F_OK) != 0)
		return kerr(err, "cannot open '%s': %s", path, strerror(errno));
	if (access(dir, W_OK) != 0 || access(path, W_OK) != 0)
		return store_open_readonly(out, dir, err); /* in memory */
	/* opened as any command opens it first: an older store is migrated,
	 * its mode made 0600 (the copy is of the store as it is now) */
	if (store_open(&st, dir, 0, err) != 0)
		return -1;
	store_close(st);
	stale_copies_remove(dir);
	if ((size_t)snprintf(copy, STORE_COPY_PATH_MAX, "%s/.verify-%ld.db", dir, (long)getpid()) >=
	    STORE_COPY_PATH_MAX) {
		copy[0] = '\0';
		return kerr(err, "data directory path too long");
	}
	store_files_remove(copy);
	/* 0600 before SQLite opens it (its -wal and -shm take the same mode):
	 * the copy holds what the store holds */
	if ((fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0) {
		(void)close(fd);
		if ((st = calloc(1, sizeof *st)) != NULL && open_copy(st, path, copy, err) == 0 &&
		    open_copy_rest(st, err) == 0) {
			*out = st;
			return 0;
		}
		store_close(st);
	}
	/* no room for a copy (a full disk): the store itself, as before */
	store_remove_copy(copy);
	return store_open_readonly(out, dir, err);
}

void store_remove_copy(char copy[STORE_COPY_PATH_MAX])
{
	if (copy[0])
		store_files_remove(copy);
	copy[0] = '\0';
}


void store_close(struct store *st)
{
	int i, j;

	if (!st)
		return;
	store_set_append_hook(st, NULL, NULL, NULL);
	vault_lock(st);
	sqlite3_finalize(st->head);
	sqlite3_finalize(st->insert);
	sqlite3_finalize(st->find);
	store_bulk_drop(st);
	for (i = 0; i < st->nproj; i++)
		for (j = 0; j < PROJECTION_MAX_SQL; j++)
			sqlite3_finalize(st->proj[i][j]);
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	(void)sqlite3_close(st->db); /* all statements are finalized; close cannot be busy */
	free(st);
}

int store_set_busy_ms(struct store *st, int ms, char err[KERR_LEN])
{
	const char *db = sqlite3_db_filename(st->db, "main");

	/* busy_wait reads these: the handler itself stays the store's own. */
	if (!db || (size_t)snprintf(st->idle.wal, sizeof st->idle.wal, "%s-wal", db) >=
			   sizeof st->idle.wal)
		return kerr(err, "cannot set the busy wait: no file name");
	st->idle.ms = ms;
	return 0;
}

static int note_wal(void *ctx, sqlite3 *db, const char *name, int pages)
{
	(void)db;
	(void)name;
	((struct store *)ctx)->wal_pages = pages;
	return SQLITE_OK;
}

int store_defer_checkpoints(struct store *st, char err[KERR_LEN])
{
	(void)err;
	/* The hook replaces SQLite's automatic checkpoint on this handle. */
	(void)sqlite3_wal_hook(st->db, note_wal, st);
	st->wal_pages = 0;
	return 0;
}

#define STORE_CHECKPOINT_PAGES 1000 /* SQLite's wal_autocheckpoint default */

int store_checkpoint_due(const struct store *st)
{
	return st->wal_pages >= 10 * STORE_CHECKPOINT_PAGES ? 2
	       : st->wal_pages >= STORE_CHECKPOINT_PAGES;
}

int store_checkpoint(struct store *st, char err[KERR_LEN])
{
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

	st->wal_pages = 0;
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		return store_db_fail(st, err, "cannot checkpoint");
	return 0;
}

sqlite3 *store_db(struct store *st) { return st->db; }

sqlite3_stmt *store_stmt(struct store *st, const char *sql, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int i;

	for (i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql)
			return st->cache[i].stmt;
	if (prepare(st, &s, sql, err) != 0)
		return NULL;
	if (st->ncache == STORE_STMT_CACHE) {
		sqlite3_finalize(s);
		kerr(err, "statement cache full (raise STORE_STMT_CACHE)");
		return NULL;
	}
	st->cache[st->ncache].sql = sql;
	st->cache[st->ncache++].stmt = s;
	return s;
}

int store_first_text(struct store *st, const char *sql, const char *arg, const char *what,
		     char *out, size_t cap, char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read the %s: %s", what, sqlite3_errmsg(st->db));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && out && cap > 0) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		(void)snprintf(out, cap, "%s", t ? (const char *)t : "");
	}
	sqlite3_reset(s);
	(void)sqlite3_clear_bindings(s); /* arg is borrowed for this call only */
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return kerr(err, "cannot read the %s: %s", what, sqlite3_errmsg(st->db));
}

int store_has(struct store *st, const char *sql, const char *arg, const char *what,
	      char err[KERR_LEN])
{
	return store_first_text(st, sql, arg, what, NULL, 0, err);
}

const char *store_device_id(const struct store *st) { return st->device_id; }

/* ---------------------------------------------------------- transactions */

int store_begin(struct store *st, char err[KERR_LEN])
{
	if (st->in_txn)
		return kerr(err, "a transaction is already open");
	if (store_exec(st, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	st->in_txn = 1;
	return 0;
}

int store_commit(struct store *st, char err[KERR_LEN])
{
	if (!st->in_txn)
		return kerr(err, "no transaction is open");
	if (store_bulk_end(st, err) != 0 || store_append_hook_due(st, err) != 0 ||
	    store_exec(st, "COMMIT", err) != 0) {
		store_rollback(st);
		return -1;
	}
	st->in_txn = 0;
	st->tip_seq = 0;
	return 0;
}

int store_in_transaction(struct store *st)
{
	return sqlite3_get_autocommit(st->db) ? 0 : 1;
}

void store_rollback(struct store *st)
{
	char err[KERR_LEN];

	/* Fails only when SQLite already rolled back (e.g. after SQLITE_FULL). */
	(void)store_exec(st, "ROLLBACK", err);
	store_bulk_drop(st);
	st->in_txn = 0;
	st->merged_seq = 0;
	st->tip_seq = 0;
	st->append_due = 0;
}

/* A savepoint inside the open transaction: a pull applies each device's
 * entries all-or-nothing without giving up the others'. */
int store_savepoint(struct store *st, char err[KERR_LEN])
{
	if (!st->in_txn)
		return kerr(err, "no transaction is open");
	return store_exec(st, "SAVEPOINT kiosk_part", err);
}

int store_savepoint_release(struct store *st, char err[KERR_LEN])
{
	return store_exec(st, "RELEASE kiosk_part", err);
}

void store_savepoint_rollback(struct store *st)
{
	char err[KERR_LEN];

	/* Fails only when SQLite already rolled the whole transaction back. */
	(void)store_exec(st, "ROLLBACK TO kiosk_part", err);
	(void)store_exec(st, "RELEASE kiosk_part", err);
	st->merged_seq = 0;
	st->tip_seq = 0;
}

int store_write_begin(struct store *st, int *own, char err[KERR_LEN])
{
	*own = !st->in_txn;
	return *own ? store_begin(st, err) : 0;
}

int store_write_end(struct store *st, int own, int ok, char err[KERR_LEN])
{
	if (!own)
		return ok ? 0 : -1;
	if (!ok) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

/* ------------------------------------------------------------------ meta */

static const char sql_meta_get[] = "SELECT value FROM meta WHERE key=?1";

int store_meta_get(struct store *st, const char *key, char *buf, size_t cap)
{
	char err[KERR_LEN];
	sqlite3_stmt *s = store_stmt(st, sql_meta_get, err);
	int rc, found = 0;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_reset(s);
		return -1;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(s, 0);

		(void)snprintf(buf, cap, "%s", v ? (const char *)v : "");
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = -1;
	}
	sqlite3_reset(s);
	return found;
}

int store_meta_set(struct store *st, const char *key, const char *value, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO meta VALUES(?1,?2)"
				       " ON CONFLICT(key) DO UPDATE SET value=excluded.value",
			       -1, &s, NULL) != SQLITE_OK)
		return store_db_fail(st, err, "cannot write settings");
	if (sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_finalize(s);
		return store_db_fail(st, err, "cannot write settings");
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_fail(st, err, "cannot write settings");
	return 0;
}
