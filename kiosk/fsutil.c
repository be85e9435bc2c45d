/* fsutil.c - durable small-file writes and whole-file reads.
 * Adapter: POSIX files only. */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fsync_dir_of(const char *path, char err[KERR_LEN])
{
	char copy[4096];
	int fd, rc;

	(void)snprintf(copy, sizeof copy, "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return kerr(err, "cannot open the folder of '%s': %s", path, strerror(errno));
	rc = fsync(fd);
	(void)close(fd); /* read-only descriptor: nothing to flush on close */
	if (rc != 0)
		return kerr(err, "cannot sync the folder of '%s': %s", path, strerror(errno));
	return 0;
}

int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		    char err[KERR_LEN])
{
	char tmp[4096];
	const char *p = data;
	int fd;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= sizeof tmp)
		return kerr(err, "path too long: '%s'", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return kerr(err, "cannot create '%s': %s", tmp, strerror(errno));
	if (fchmod(fd, mode) != 0) { /* the umask must not widen or narrow it */
		kerr(err, "cannot set the mode of '%s': %s", tmp, strerror(errno));
		goto fail;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			kerr(err, "cannot write '%s': %s", path, strerror(errno));
			goto fail;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0) {
		kerr(err, "cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		kerr(err, "cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		kerr(err, "cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}
	return fsync_dir_of(path, err);
fail:
	if (fd >= 0)
		(void)close(fd); /* already failing; the first error is reported */
	(void)unlink(tmp);       /* best effort: a stale temp file is harmless */
	return -1;
}

int fs_read_all(const char *path, char **out, size_t *len, char err[KERR_LEN])
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	*out = NULL;
	*len = 0;
	if (!f)
		return kerr(err, "cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		size_t got;

		if (cap - n <= 2) { /* room for at least one byte and the two NULs */
			size_t ncap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, ncap);

			if (!nb) {
				free(buf);
				(void)fclose(f);
				return kerr(err, "cannot read '%s': out of memory", path);
			}
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + n, 1, cap - n - 2, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		kerr(err, "cannot read '%s': %s", path, strerror(errno));
		free(buf);
		(void)fclose(f);
		return -1;
	}
	(void)fclose(f); /* read-only stream */
	buf[n] = '\0';
	buf[n + 1] = '\0';
	*out = buf;
	*len = n;
	return 0;
}
