/* atomicfile.c - temp file -> fsync -> rename -> fsync dir, after redis
 * rdb.c. Adapter: POSIX files only; no store, no SDL. */
#include "atomicfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Temp names only need to be unique among writers of the same directory at
 * the same time; pid + a counter is, and O_EXCL catches any leftover. They
 * are hidden (".NAME.tmp.PID.N"), so a folder reader that skips dot files
 * (a sync bundle, a file manager) never takes a leftover for a file. */
static unsigned long tmp_counter;
#define ATOMICFILE_TRIES 100

/* A writer whose process is still there but that has not touched its temp
 * file for this long is taken for gone too: a pid from another machine (a
 * stick) that happens to be in use here. Every writer here finishes a file
 * in seconds. */
#define ATOMICFILE_STALE_SEC 3600

/* When process pid started, in seconds since the epoch (from
 * /proc/PID/stat and the boot time in /proc/stat), or -1 when unknown. */
static double proc_start(long pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ticks = 0, btime = 0;
	FILE *f;
	size_t n;
	long hz = sysconf(_SC_CLK_TCK);
	int field;

	(void)snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	(void)fclose(f); /* read-only; nothing to lose */
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold spaces and ')' */
	if (!p || hz <= 0)
		return -1;
	/* ") S ppid ..." : starttime is field 22, the state is field 3. */
	for (field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p + 1, "%llu", &ticks) != 1)
		return -1;
	f = fopen("/proc/stat", "re");
	if (!f)
		return -1;
	while (fgets(buf, sizeof buf, f))
		if (sscanf(buf, "btime %llu", &btime) == 1)
			break;
	(void)fclose(f);
	if (!btime)
		return -1;
	return (double)btime + (double)ticks / (double)hz;
}

int atomicfile_writer_gone(long pid, const struct stat *sb)
{
	double started;

	if (pid <= 0 || pid == (long)getpid())
		return 0;
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return 1;
	/* The pid is in use. A process that started after the temp file was
	 * last written is not its writer (the pid was used again); the margin
	 * covers /proc/stat's whole-second boot time. */
	started = proc_start(pid);
	if (started > 0 && started > (double)sb->st_mtime + 2)
		return 1;
	return time(NULL) - sb->st_mtime >= ATOMICFILE_STALE_SEC;
}

long atomicfile_temp_pid(const char *name)
{
	const char *p, *q;
	long pid = 0;

	if (strncmp(name, ".tmp-", 5) == 0) {
		p = name + 5;
	} else {
		/* the last ".tmp." after a non-empty NAME */
		for (p = NULL, q = name + 1; (q = strstr(q + 1, ".tmp.")) != NULL;)
			p = q + 5;
		if (name[0] != '.' || !p)
			return 0;
	}
	for (q = p; *q >= '0' && *q <= '9' && q - p < 10; q++)
		pid = pid * 10 + (*q - '0');
	if (q == p || !*q || !q[1])
		return 0;
	if (*q == '-')
		return p == name + 5 ? pid : 0;
	if (*q != '.' || p == name + 5)
		return 0;
	for (q++; *q >= '0' && *q <= '9'; q++)
		;
	return *q ? 0 : pid;
}

/* Folders already cleaned, per thread: a batch of a thousand tickets into
 * one folder reads it once, not a thousand times. */
#define CLEANED_MAX 8
static _Thread_local struct {
	dev_t dev;
	ino_t ino;
} cleaned[CLEANED_MAX];
static _Thread_local unsigned ncleaned;

int atomicfile_clean_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat sb;
	int n = 0;

	if (!d)
		return 0;
	if (fstat(dirfd(d), &sb) == 0) {
		cleaned[ncleaned % CLEANED_MAX].dev = sb.st_dev;
		cleaned[ncleaned % CLEANED_MAX].ino = sb.st_ino;
		ncleaned++;
	}
	while ((de = readdir(d)) != NULL) {
		long pid = atomicfile_temp_pid(de->d_name);

		if (!pid || fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode) || sb.st_uid != geteuid() || !atomicfile_writer_gone(pid, &sb))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0) /* best effort: the next run tries again */
			n++;
	}
	(void)closedir(d);
	return n;
}

/* atomicfile_clean_dir unless this thread did it already. */
static void clean_dir_once(const char *dir)
{
	struct stat sb;
	unsigned i;

	if (stat(dir, &sb) != 0)
		return;
	for (i = 0; i < ncleaned && i < CLEANED_MAX; i++)
		if (cleaned[i].dev == sb.st_dev && cleaned[i].ino == sb.st_ino)
			return;
	(void)atomicfile_clean_dir(dir);
}

/* The directory part of path ("." when there is none) into out[cap]. */
static void dir_of(const char *path, char *out, size_t cap)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		(void)snprintf(out, cap, "."); /* cap is always > 1 here */
		return;
	}
	n = (size_t)(slash - path);
	if (n == 0)
		n = 1; /* "/file" lives in "/" */
	if (n >= cap)
		n = cap - 1;
	memcpy(out, path, n);
	out[n] = '\0';
}

int atomicfile_open(struct atomicfile *af, const char *path, mode_t mode, char err[KERR_LEN])
{
	int fd = -1, n, i, e = 0;
	const char *base;
	char dir[ATOMICFILE_PATH_MAX];

	af->fp = NULL;
	af->tmp[0] = '\0';
	n = snprintf(af->path, sizeof af->path, "%s", path);
	if (n < 0 || (size_t)n >= sizeof af->path)
		return kerr(err, "path too long: '%.64s...'", path);
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	/* A killed earlier write left its temp file (names, phones, addresses)
	 * next to the target: it goes now, before it travels on a stick with
	 * the new file. */
	dir_of(path, dir, sizeof dir);
	clean_dir_once(dir);
	for (i = 0; i < ATOMICFILE_TRIES; i++) {
		n = snprintf(af->tmp, sizeof af->tmp, "%.*s.%s.tmp.%ld.%lu", (int)(base - path), path,
			     base, (long)getpid(), tmp_counter++);
		if (n < 0 || (size_t)n >= sizeof af->tmp) {
			af->tmp[0] = '\0';
			return kerr(err, "path too long: '%.64s...'", path);
		}
		/* Passing mode to open() lets the umask apply as for any new file. */
		fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		e = errno;
		af->tmp[0] = '\0';
		return kerr(err, "cannot create '%s': %s", path, strerror(e));
	}
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		e = errno;
		(void)close(fd); /* the fdopen error is the one worth reporting */
		(void)unlink(af->tmp);
		af->tmp[0] = '\0';
		return kerr(err, "cannot create '%s': %s", path, strerror(e));
	}
	return 0;
}

void atomicfile_abort(struct atomicfile *af)
{
	if (af->fp) {
		(void)fclose(af->fp); /* the content is being thrown away */
		af->fp = NULL;
	}
	if (af->tmp[0]) {
		(void)unlink(af->tmp); /* best effort: a leftover temp is harmless */
		af->tmp[0] = '\0';
	}
}

/* Open directory dir, run flush (fsync or syncfs) on it, close it. `what` names
 * the flush in the error line ("cannot WHAT 'dir': reason"). */
static int flush_dir(const char *dir, int (*flush)(int), const char *what, char err[KERR_LEN])
{
	int fd, e;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		return kerr(err, "cannot open directory '%s': %s", dir, strerror(e));
	}
	if (flush(fd) != 0) {
		e = errno;
		(void)close(fd); /* the flush's error is the one to report */
		return kerr(err, "cannot %s '%s': %s", what, dir, strerror(e));
	}
	if (close(fd) != 0) {
		e = errno;
		return kerr(err, "cannot close directory '%s': %s", dir, strerror(e));
	}
	return 0;
}

/* fsync of a directory, tolerating file systems that cannot sync one
 * (EINVAL: some FUSE mounts, vfat on some kernels): the rename is then as
 * durable as that file system allows. */
static int fsync_dir_fd(int fd)
{
	if (fsync(fd) != 0 && errno != EINVAL)
		return -1;
	return 0;
}

int atomicfile_sync_dir(const char *dir, char err[KERR_LEN])
{
	return flush_dir(dir, fsync_dir_fd, "sync directory", err);
}

/* Close the temp file durably and put it at af->path: renamed over it, or
 * with exclusive linked (failing if the path exists) and then unlinked. */
static int finish(struct atomicfile *af, int sync_dir, int exclusive, char err[KERR_LEN])
{
	char dir[ATOMICFILE_PATH_MAX];
	int e;
	FILE *fp = af->fp;

	af->fp = NULL;
	if (!fp)
		return kerr(err, "'%s' was not opened for writing", af->path);
	/* fflush + ferror catch ENOSPC from any earlier buffered write. */
	errno = 0;
	if (fflush(fp) != 0 || ferror(fp)) {
		e = errno;
		(void)fclose(fp); /* already failing; report the write error */
		(void)unlink(af->tmp);
		af->tmp[0] = '\0';
		return kerr(err, "cannot write '%s': %s", af->path, strerror(e ? e : EIO));
	}
	if (fsync(fileno(fp)) != 0) {
		e = errno;
		(void)fclose(fp); /* already failing; report the fsync error */
		(void)unlink(af->tmp);
		af->tmp[0] = '\0';
		return kerr(err, "cannot write '%s': %s", af->path, strerror(e));
	}
	if (fclose(fp) != 0) {
		e = errno;
		(void)unlink(af->tmp);
		af->tmp[0] = '\0';
		return kerr(err, "cannot write '%s': %s", af->path, strerror(e));
	}
	if (exclusive ? link(af->tmp, af->path) != 0 : rename(af->tmp, af->path) != 0) {
		e = errno;
		(void)unlink(af->tmp);
		af->tmp[0] = '\0';
		if (exclusive)
			return kerr(err, "cannot create '%s': %s", af->path, strerror(e));
		return kerr(err, "cannot replace '%s': %s", af->path, strerror(e));
	}
	if (exclusive)
		(void)unlink(af->tmp); /* the new name is in place; a leftover hidden temp is harmless */
	af->tmp[0] = '\0';
	if (sync_dir) {
		dir_of(af->path, dir, sizeof dir);
		if (atomicfile_sync_dir(dir, err) != 0)
			return -1;
	}
	return 0;
}

int atomicfile_commit(struct atomicfile *af, int sync_dir, char err[KERR_LEN])
{
	return finish(af, sync_dir, 0, err);
}

int atomicfile_commit_new(struct atomicfile *af, char err[KERR_LEN])
{
	return finish(af, 1, 1, err);
}

int atomicfile_close_pending(struct atomicfile *af, char err[KERR_LEN])
{
	FILE *fp = af->fp;
	int e;

	af->fp = NULL;
	if (!fp)
		return kerr(err, "'%s' was not opened for writing", af->path);
	errno = 0;
	if (fflush(fp) != 0 || ferror(fp)) {
		e = errno;
		(void)fclose(fp); /* already failing; report the write error */
		(void)unlink(af->tmp);
		af->tmp[0] = '\0';
		return kerr(err, "cannot write '%s': %s", af->path, strerror(e ? e : EIO));
	}
	if (fclose(fp) != 0) {
		e = errno;
		(void)unlink(af->tmp);
		af->tmp[0] = '\0';
		return kerr(err, "cannot write '%s': %s", af->path, strerror(e));
	}
	return 0;
}

int atomicfile_sync_fs(const char *dir, char err[KERR_LEN])
{
	/* Since Linux 5.8 syncfs also reports write-back errors (EIO, ENOSPC)
	 * of files written through other descriptors since they were opened. */
	return flush_dir(dir, syncfs, "write to disk the files in", err);
}

int atomicfile_rename_pending(const char *tmp, const char *path, char err[KERR_LEN])
{
	int e;

	if (rename(tmp, path) != 0) {
		e = errno;
		(void)unlink(tmp); /* best effort: the error below is what matters */
		return kerr(err, "cannot replace '%s': %s", path, strerror(e));
	}
	return 0;
}
