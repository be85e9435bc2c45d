/* atomicfile.h - write a file so that readers (and a power cut) see either the
 * old content or the whole new one: temp file in the same directory, fsync,
 * rename over the target, fsync the directory. Adapter: POSIX files only. */
#ifndef KIOSK_ATOMICFILE_H
#define KIOSK_ATOMICFILE_H

#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/kerr.h"

#define ATOMICFILE_PATH_MAX 4096

/* Caller's struct; lives from _open until _commit or _abort (exactly one of
 * them must be called after a successful _open). */
struct atomicfile {
	FILE *fp;                          /* write the content here */
	char path[ATOMICFILE_PATH_MAX];    /* the target */
	char tmp[ATOMICFILE_PATH_MAX];     /* ".TARGET.tmp.PID.N" next to it */
};

/* Create the temp file next to path with permissions mode (before umask;
 * every caller passes 0600, the temp file holding the same names and phones
 * as the target). The first open in a folder (per thread) first cleans it
 * (atomicfile_clean_dir), so a killed export's hidden copy of the buyers'
 * addresses goes with the next export and does not travel on with it.
 * Returns 0, or -1 with err (nothing is left behind). */
int atomicfile_open(struct atomicfile *af, const char *path, mode_t mode, char err[KERR_LEN]);

/* Flush and fsync the temp file, rename it over the target and, when sync_dir
 * is 1, fsync the directory so the rename itself survives a power cut (a
 * caller writing many files may pass 0 and call atomicfile_sync_dir once).
 * Returns 0 once the new content is in place; on -1 the temp file is removed,
 * the target is as it was (unless only the directory fsync failed, which err
 * then says), and err says why. The struct is finished either way. */
int atomicfile_commit(struct atomicfile *af, int sync_dir, char err[KERR_LEN]);

/* Like atomicfile_commit with sync_dir 1, but for a path that must not exist
 * yet: the file is linked into place, so one that appeared meanwhile is never
 * replaced ("cannot create 'PATH': File exists"). */
int atomicfile_commit_new(struct atomicfile *af, char err[KERR_LEN]);

/* Throw the temp file away; the target stays as it was. Safe after a failed
 * _open (does nothing then). */
void atomicfile_abort(struct atomicfile *af);

/* fsync the directory dir (a file system that cannot sync directories,
 * EINVAL, counts as done). Returns 0 or -1 with err. */
int atomicfile_sync_dir(const char *dir, char err[KERR_LEN]);

/* Batches (a thousand ticket PNGs): an fsync per file costs a journal commit
 * each, which on a slow disk is seconds. Instead: write every file, close it
 * with atomicfile_close_pending (temp file kept, not synced, not renamed),
 * make them all durable with one atomicfile_sync_fs, then rename each into
 * place with atomicfile_rename_pending, and finally fsync the directory.
 * A file is still never seen half-written under its final name. */

/* Flush and close the temp file; it stays at af->tmp for a later rename.
 * Returns 0 (af->tmp and af->path stay valid; af->fp is NULL), or -1 with
 * err and the temp file removed. */
int atomicfile_close_pending(struct atomicfile *af, char err[KERR_LEN]);

/* Write back everything on the filesystem holding dir (syncfs) and report
 * any write-back error. Returns 0 or -1 with err. */
int atomicfile_sync_fs(const char *dir, char err[KERR_LEN]);

/* Rename a closed, synced temp file over path. Returns 0, or -1 with err
 * (the temp file is then removed). */
int atomicfile_rename_pending(const char *tmp, const char *path, char err[KERR_LEN]);

/* The writer's pid in one of our temp names, else 0: ".NAME.tmp.PID.N"
 * (atomicfile_open) or ".tmp-PID-XXXXXX" (earlier versions' dfile_write).
 * Digits where digits belong: nothing else matches. */
long atomicfile_temp_pid(const char *name);

/* Remove the temp files interrupted writers left in dir: ".NAME.tmp.PID.N"
 * (atomicfile_open) and ".tmp-PID-XXXXXX" (earlier versions), regular files
 * of this user only (symlinks are not followed, other names never touched),
 * once atomicfile_writer_gone says their writer is. Returns how many were
 * removed (best effort; never fails). */
int atomicfile_clean_dir(const char *dir);

/* 1 if the process that wrote a temp file (its pid from the name, sb from
 * lstat) is gone: no such process; or the pid is in use by a process
 * started after the file was last written (the pid was used again); or the
 * file is untouched for an hour (a pid from another machine, on a stick).
 * 0 for this process's own files and for a writer that may be at work. */
int atomicfile_writer_gone(long pid, const struct stat *sb);

#endif
