/* kerr.c - one-line error messages. Pure: libc only. */
#include "kerr.h"

#include <stdarg.h>
#include <stdio.h>

int kerr(char err[KERR_LEN], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err, KERR_LEN, fmt, ap); /* truncation is fine for a message */
	va_end(ap);
	return -1;
}
