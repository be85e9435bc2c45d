/* html.c - HTML escaping onto a stream. Adapter: stdio only. */
#include "html.h"

#include <string.h>

int html_put(FILE *f, const char *s)
{
	while (s && *s) {
		/* Copy the run without special characters in one go. */
		size_t n = strcspn(s, "&<>\"");
		const char *rep = NULL;

		if (n > 0 && fwrite(s, 1, n, f) != n)
			return -1;
		s += n;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: return 0; /* the end of s */
		}
		if (fputs(rep, f) < 0)
			return -1;
		s++;
	}
	return 0;
}
