/* fsutil.h - durable small-file writes (through atomicfile.h), whole-file reads.
 * Adapter: POSIX files only. */
#ifndef KIOSK_FSUTIL_H
#define KIOSK_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "core/kerr.h"

/* Write len bytes to path atomically with the given mode: either the old file
 * or the complete new one is there after a crash. Returns 0 or -1. */
int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		    char err[KERR_LEN]);

/* Read a whole file into a malloc'd, NUL-terminated buffer (*len excludes the
 * NUL; one spare byte after it). The caller frees *out. Returns 0 or -1. */
int fs_read_all(const char *path, char **out, size_t *len, char err[KERR_LEN]);

#endif
