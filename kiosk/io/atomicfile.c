/* atomicfile.c - temp file -> fsync -> rename -> fsync dir, after redis
 * rdb.c. Adapter: POSIX files only; no store, no SDL. */
#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Temp names only need to be unique among writers of the same directory at
 * the same time; pid + a counter is, and O_EXCL catches any leftover. They
 * are hidden (".NAME.tmp.PID.N"), so a folder reader that skips dot files
 * (a sync bundle, a file manager) never takes a leftover for a file. */
static unsigned long tmp_counter;
#define ATOMICFILE_TRIES 100

int atomicfile_open(struct atomicfile *af, const char *path, mode_t mode, char err[KERR_LEN])
{
	int fd = -1, n, i, e = 0;
	const char *base;

	af->fp = NULL;
	af->tmp[0] = '\0';
	n = snprintf(af->path, sizeof af->path, "%s", path);
	if (n < 0 || (size_t)n >= sizeof af->path)
		return kerr(err, "path too long: '%.64s...'", path);
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
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
