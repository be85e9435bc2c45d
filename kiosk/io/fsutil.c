/* fsutil.c - durable small-file writes and whole-file reads.
 * Adapter: POSIX files only. */
#include "fsutil.h"

#include "atomicfile.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int fs_private_dir(const char *dir, char err[KERR_LEN])
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

/* The PID in a temp name after prefix-up-to-marker, or 0. */
static long temp_pid(const char *name)
{
	const char *p = strstr(name, ".tmp.");
	char *end;
	long pid;

	if (strncmp(name, ".tmp-", 5) == 0)
		p = name + 5;
	else if (p)
		p += 5;
	else
		return 0;
	pid = strtol(p, &end, 10);
	if (end == p || (*end != '.' && *end != '-') || pid <= 0)
		return 0;
	return pid;
}

int fs_clean_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	time_t now = time(NULL);

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct stat sb;
		long pid = temp_pid(de->d_name);

		if (!pid || (size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
			continue;
		if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (pid == (long)getpid())
			continue;
		if ((kill((pid_t)pid, 0) == 0 || errno == EPERM) && now - sb.st_mtime < 3600)
			continue; /* its writer may still be at work */
		if (unlink(path) == 0)
			n++;
	}
	(void)closedir(d);
	return n;
}

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
