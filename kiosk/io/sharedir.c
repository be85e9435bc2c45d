/* sharedir.c - find the shipped files relative to the program, then under the
 * compiled-in prefix. Only this file is compiled with -DKIOSK_PREFIX, so a
 * new PREFIX rebuilds one object (Makefile: $(BUILD)/prefix). */
#include "sharedir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KIOSK_PREFIX
#define KIOSK_PREFIX "/usr/local"
#endif

const char share_prefix[] = KIOSK_PREFIX;

/* 1 if dir/file exists; dir is then copied into buf. */
static int holds(const char *dir, const char *file, char *buf, size_t cap)
{
	char probe[4400];
	struct stat sb;

	if ((size_t)snprintf(probe, sizeof probe, "%s/%s", dir, file) >= sizeof probe ||
	    stat(probe, &sb) != 0 || strlen(dir) >= cap)
		return 0;
	memcpy(buf, dir, strlen(dir) + 1);
	return 1;
}

const char *share_find_dir(const char *env, const char *sub, const char *file, char *buf,
			   size_t cap)
{
	const char *e = env ? getenv(env) : NULL;
	char exe[4096], cand[4200];
	ssize_t n;

	if (e && *e && holds(e, file, buf, cap))
		return buf;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			(void)snprintf(cand, sizeof cand, "%s/../%s", exe, sub);
			if (holds(cand, file, buf, cap))
				return buf;
			(void)snprintf(cand, sizeof cand, "%s/../share/kiosk/%s", exe, sub);
			if (holds(cand, file, buf, cap))
				return buf;
			/* kiosk-screen and kiosk-scan live in PREFIX/libexec/kiosk. */
			(void)snprintf(cand, sizeof cand, "%s/../../share/kiosk/%s", exe, sub);
			if (holds(cand, file, buf, cap))
				return buf;
		}
	}
	(void)snprintf(cand, sizeof cand, "%s/share/kiosk/%s", share_prefix, sub);
	if (holds(cand, file, buf, cap))
		return buf;
	return holds(sub, file, buf, cap) ? buf : NULL;
}
