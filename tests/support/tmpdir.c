/* tmpdir.c - a private directory for a test's files (tmpdir.h). */
#define _XOPEN_SOURCE 700
#include "tmpdir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

int test_tmpdir(char *dir, size_t cap, const char *name)
{
	const char *root = getenv("TMPDIR");
	int n;

	if (!root || !*root)
		root = "/tmp";
	n = snprintf(dir, cap, "%s/kiosk-test-%s-XXXXXX", root, name);
	if (n < 0 || (size_t)n >= cap)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int test_rmtree(const char *path)
{
	if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0)
		return 0;
	return errno == ENOENT ? 0 : -1;
}
