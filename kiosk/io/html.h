/* html.h - text into HTML: the one escaper of the ticket sheet and the report
 * page. Adapter: stdio streams only. */
#ifndef KIOSK_HTML_H
#define KIOSK_HTML_H

#include <stdio.h>

/* Write s (NULL: nothing) to f with & < > " escaped, so roster and guest
 * text is safe in element content and in attribute values, which we always
 * write in double quotes (a ' needs no escape there).
 * Returns 0, or -1 when the stream failed (its error stays in ferror). */
int html_put(FILE *f, const char *s);

#endif
