/* dfile.c - whole-file reads and durable writes (temp, fsync, rename, fsync
 * dir). Adapter: POSIX files only; knows nothing of the kiosk. */
#include "dfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder holding path, into dir[PATH_MAX]. */
static void parent_of(const char *path, char dir[PATH_MAX])
{
	char tmp[PATH_MAX];

	(void)snprintf(tmp, sizeof tmp, "%s", path);
	(void)snprintf(dir, PATH_MAX, "%s", dirname(tmp));
}

static int fsync_dir(const char *dir, char err[KERR_LEN])
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return kerr(err, "cannot open folder '%s': %s", dir, strerror(errno));
	if (fsync(fd) != 0 && errno != EINVAL) {
		/* EINVAL: the file system cannot sync folders (some FUSE mounts);
		 * the rename is then as durable as that file system allows. */
		int e = errno;

		(void)close(fd);
		return kerr(err, "cannot sync folder '%s': %s", dir, strerror(e));
	}
	if (close(fd) != 0)
		return kerr(err, "cannot close folder '%s': %s", dir, strerror(errno));
	return 0;
}

int dfile_write(const char *path, const void *buf, size_t len, mode_t mode, int exclusive,
		char err[KERR_LEN])
{
	char dir[PATH_MAX], tmp[PATH_MAX + 32];
	const char *p = buf;
	size_t done = 0;
	int fd, n;
	struct stat sb;

	parent_of(path, dir);
	if (exclusive && stat(path, &sb) == 0)
		return kerr(err, "'%s' already exists", path);
	n = snprintf(tmp, sizeof tmp, "%s/.tmp-%ld-XXXXXX", dir, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp)
		return kerr(err, "path too long: '%s'", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return kerr(err, "cannot create a file in '%s': %s", dir, strerror(errno));
	if (fchmod(fd, mode) != 0) {
		kerr(err, "cannot set the mode of '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	while (done < len) {
		ssize_t w = write(fd, p + done, len - done);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			kerr(err, "cannot write '%s': %s", path, strerror(errno));
			goto fail;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0) {
		kerr(err, "cannot sync '%s': %s", path, strerror(errno));
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		kerr(err, "cannot close '%s': %s", path, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (exclusive) {
		/* link() fails if path appeared meanwhile, where rename would replace it. */
		if (link(tmp, path) != 0) {
			kerr(err, "cannot create '%s': %s", path, strerror(errno));
			goto fail;
		}
		(void)unlink(tmp); /* the new name is in place; a leftover temp name is harmless */
	} else if (rename(tmp, path) != 0) {
		kerr(err, "cannot rename into '%s': %s", path, strerror(errno));
		goto fail;
	}
	return fsync_dir(dir, err);
fail:
	if (fd >= 0)
		(void)close(fd); /* already failing; the first error is the one to report */
	(void)unlink(tmp);
	return -1;
}

int dfile_read(const char *path, char **out, size_t *len, size_t max, char err[KERR_LEN])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	char *buf = NULL;
	size_t done = 0;

	*out = NULL;
	*len = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return kerr(err, "cannot open '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) != 0) {
		kerr(err, "cannot stat '%s': %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		kerr(err, "'%s' is not a regular file", path);
		goto fail;
	}
	if ((unsigned long long)sb.st_size > max) {
		kerr(err, "'%s' is too large (%lld bytes)", path, (long long)sb.st_size);
		goto fail;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		kerr(err, "out of memory reading '%s'", path);
		goto fail;
	}
	while (done < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + done, (size_t)sb.st_size - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			kerr(err, "cannot read '%s': %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break; /* shrank while reading: take what is there, the parser judges */
		done += (size_t)r;
	}
	buf[done] = '\0';
	(void)close(fd); /* read-only: nothing to lose on close */
	*out = buf;
	*len = done;
	return 1;
fail:
	free(buf);
	(void)close(fd);
	return -1;
}

int dfile_mkdir(const char *path, char err[KERR_LEN])
{
	char dir[PATH_MAX];

	if (mkdir(path, 0700) != 0) {
		if (errno == EEXIST)
			return 0;
		return kerr(err, "cannot create folder '%s': %s", path, strerror(errno));
	}
	parent_of(path, dir);
	return fsync_dir(dir, err);
}
