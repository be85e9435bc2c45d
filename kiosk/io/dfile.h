/* dfile.h - whole files: read into memory, and written durably through
 * atomicfile (temp file in the same folder, fsync, rename, fsync the folder),
 * so a reader never sees half a file, even after a power cut. The one
 * durable-file module with atomicfile.h (which streams one file at a time).
 * Adapter: POSIX files only. */
#ifndef KIOSK_DFILE_H
#define KIOSK_DFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "core/kerr.h"

/* Write buf[len] to path with mode (before the umask); the old file (if any)
 * is replaced only once the new one is durable. With exclusive, an existing
 * path is an error. Returns 0, or -1 with err (and no temp file left behind). */
int dfile_write(const char *path, const void *buf, size_t len, mode_t mode, int exclusive,
		char err[KERR_LEN]);

/* Read the whole regular file (at most max bytes) into a malloc'd buffer with
 * two NULs after the last byte; the caller frees *out. Returns 1, 0 if the
 * file does not exist, -1 on error, if it is larger than max or if it is not
 * a regular file (a FIFO in a bundle folder must not block us). */
int dfile_read(const char *path, char **out, size_t *len, size_t max, char err[KERR_LEN]);

/* Read the whole file a user named (a pipe such as /dev/stdin included), of
 * any size, the same way. Returns 0, or -1 with err (a missing file too). */
int dfile_read_all(const char *path, char **out, size_t *len, char err[KERR_LEN]);

/* mkdir for one level, then fsync its parent so the new folder survives a
 * power cut. Returns 0 (also if it exists), -1. */
int dfile_mkdir(const char *path, char err[KERR_LEN]);

/* A folder for files with names and phones: created 0700 when missing; when
 * it exists, is ours and is not a shared folder (sticky, like /tmp) or the
 * home folder, group and other lose their access. 0, or -1 with err. */
int dfile_private_dir(const char *dir, char err[KERR_LEN]);

#endif
