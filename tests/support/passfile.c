/* passfile.c - see passfile.h. */
#include "passfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long test_passphrase(char *buf, size_t cap)
{
	const char *file = getenv("KIOSK_PASSPHRASE_FILE");
	FILE *f;
	size_t n;

	if (!file || !*file || cap == 0 || !(f = fopen(file, "r")))
		return -1;
	if (!fgets(buf, (int)cap, f))
		buf[0] = '\0';
	fclose(f);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return (long)n;
}
