/* dfile.h - whole files read into memory and written durably (temp file in the
 * same folder, fsync, rename, fsync the folder), so a reader never sees half a
 * file, even after a power cut. Adapter: POSIX files only. */
#ifndef KIOSK_DFILE_H
#define KIOSK_DFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "core/kerr.h"

/* Write buf[len] to path with mode; the old file (if any) is replaced only
 * once the new one is durable. With exclusive, an existing path is an error.
 * Returns 0, or -1 with err (and no temp file left behind). */
int dfile_write(const char *path, const void *buf, size_t len, mode_t mode, int exclusive,
		char err[KERR_LEN]);

/* Read the whole file (at most max bytes) into a malloc'd buffer with a NUL
 * after the last byte; the caller frees *out. Returns 1, 0 if the file does not
 * exist, -1 on error or if it is larger than max. */
int dfile_read(const char *path, char **out, size_t *len, size_t max, char err[KERR_LEN]);

/* mkdir -p for one level, then fsync its parent so the new folder survives a
 * power cut. Returns 0 (also if it exists), -1. */
int dfile_mkdir(const char *path, char err[KERR_LEN]);

#endif
