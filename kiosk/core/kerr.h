/* kerr.h - one-line error messages filled into a caller's buffer.
 * Pure: libc only. Every fallible function takes `char err[KERR_LEN]`. */
#ifndef KIOSK_KERR_H
#define KIOSK_KERR_H

#include <stddef.h>

#define KERR_LEN 256

/* Format one line into err (truncated to KERR_LEN-1, never overflows).
 * Always returns -1 so callers can write `return kerr(err, ...)`. */
int kerr(char err[KERR_LEN], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
