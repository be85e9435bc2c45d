/* fsutil.c - durable small-file writes and whole-file reads.
 * Adapter: POSIX files only. */
#include "fsutil.h"

#include "atomicfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		    char err[KERR_LEN])
{
	struct atomicfile af;

	if (atomicfile_open(&af, path, mode, err) != 0)
		return -1;
	if (len > 0 && fwrite(data, 1, len, af.fp) != len) {
		kerr(err, "cannot write '%s': %s", path, strerror(errno));
		atomicfile_abort(&af);
		return -1;
	}
	return atomicfile_commit(&af, 1, err);
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
