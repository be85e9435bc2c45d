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

/* A folder for files with names and phones: created 0700 when missing; when
 * it exists, is ours and is not a shared folder (sticky, like /tmp) or the
 * home folder, group and other lose their access. 0, or -1 with err. */
int fs_private_dir(const char *dir, char err[KERR_LEN]);

/* Remove the temp files an interrupted run left in dir: "NAME.tmp.PID.N"
 * (atomicfile.h) and ".tmp-PID-XXXXXX" (dfile.h), once their process is gone
 * on this machine or they are over an hour old (another machine's, on a
 * stick). Returns how many were removed (best effort; never fails). */
int fs_clean_stale(const char *dir);

#endif
