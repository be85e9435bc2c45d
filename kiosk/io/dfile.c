/* dfile.c - whole-file reads, and whole-file durable writes through
 * atomicfile. Adapter: POSIX files only; knows nothing of the kiosk. */
#include "dfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"

int dfile_write(const char *path, const void *buf, size_t len, mode_t mode, int exclusive,
		char err[KERR_LEN])
{
	struct atomicfile af;
	struct stat sb;

	if (exclusive && stat(path, &sb) == 0)
		return kerr(err, "'%s' already exists", path);
	if (atomicfile_open(&af, path, mode, err) != 0)
		return -1;
	if (len > 0 && fwrite(buf, 1, len, af.fp) != len) {
		kerr(err, "cannot write '%s': %s", path, strerror(errno));
		atomicfile_abort(&af);
		return -1;
	}
	return exclusive ? atomicfile_commit_new(&af, err) : atomicfile_commit(&af, 1, err);
}

/* Read fd to its end (at most max bytes; size is a hint, 0 when unknown)
 * into *out with two NULs after the text. Returns 0, or -1 with err. */
static int read_fd(int fd, const char *path, size_t size, size_t max, char **out, size_t *len,
		   char err[KERR_LEN])
{
	size_t cap = size + 2 > 65536 ? size + 2 : 65536, n = 0;
	char *buf = malloc(cap);

	if (!buf)
		return kerr(err, "cannot read '%s': out of memory", path);
	for (;;) {
		ssize_t r;

		if (cap - n <= 2) { /* room for at least one byte and the two NULs */
			char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				return kerr(err, "cannot read '%s': out of memory", path);
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 2);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			kerr(err, "cannot read '%s': %s", path, strerror(errno));
			free(buf);
			return -1;
		}
		if (r == 0)
			break; /* the end (a file that shrank meanwhile: the parser judges) */
		n += (size_t)r;
		if (n > max) {
			free(buf);
			return kerr(err, "'%s' is too large (over %zu bytes)", path, max);
		}
	}
	buf[n] = '\0';
	buf[n + 1] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int dfile_read(const char *path, char **out, size_t *len, size_t max, char err[KERR_LEN])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc;
	struct stat sb;

	*out = NULL;
	*len = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return kerr(err, "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) != 0) {
		kerr(err, "cannot stat '%s': %s", path, strerror(errno));
		(void)close(fd); /* read-only: nothing to lose on close */
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		(void)close(fd); /* read-only: nothing to lose on close */
		return kerr(err, "'%s' is not a regular file", path);
	}
	if ((unsigned long long)sb.st_size > max) {
		(void)close(fd); /* read-only: nothing to lose on close */
		return kerr(err, "'%s' is too large (%lld bytes)", path, (long long)sb.st_size);
	}
	rc = read_fd(fd, path, (size_t)sb.st_size, max, out, len, err);
	(void)close(fd); /* read-only: nothing to lose on close */
	return rc == 0 ? 1 : -1;
}

int dfile_read_all(const char *path, char **out, size_t *len, char err[KERR_LEN])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	struct stat sb;
	size_t size = 0;

	*out = NULL;
	*len = 0;
	if (fd < 0)
		return kerr(err, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    (unsigned long long)sb.st_size < SIZE_MAX / 4)
		size = (size_t)sb.st_size;
	rc = read_fd(fd, path, size, SIZE_MAX - 2, out, len, err);
	(void)close(fd); /* read-only: nothing to lose on close */
	return rc;
}

int dfile_mkdir(const char *path, char err[KERR_LEN])
{
	char dir[PATH_MAX];
	const char *slash;

	if (mkdir(path, 0700) != 0) {
		if (errno == EEXIST)
			return 0;
		return kerr(err, "cannot create folder '%s': %s", path, strerror(errno));
	}
	slash = strrchr(path, '/');
	if (!slash)
		return atomicfile_sync_dir(".", err);
	(void)snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return atomicfile_sync_dir(dir, err);
}

int dfile_private_dir(const char *dir, char err[KERR_LEN])
{
	struct stat sb;
	const char *home = getenv("HOME");
	char real[4096], realhome[4096];

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return kerr(err, "cannot create '%s': %s", dir, strerror(errno));
	if (stat(dir, &sb) != 0)
		return kerr(err, "cannot look at '%s': %s", dir, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return kerr(err, "'%s' is not a folder", dir);
	if ((sb.st_mode & 077) == 0 || sb.st_uid != geteuid() || (sb.st_mode & S_ISVTX))
		return 0;
	if (home && realpath(dir, real) && realpath(home, realhome) && strcmp(real, realhome) == 0)
		return 0;
	/* Best effort: a read-only medium or FAT stick has no modes to set. */
	(void)chmod(dir, sb.st_mode & 07700);
	return 0;
}
