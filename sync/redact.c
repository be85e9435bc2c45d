/* redact.c - a PostgreSQL target with its password taken out, for every
 * message and stored target (pgsync.h). Pure string work in a file of its
 * own: the bundle code calls it too, and `kiosk` (which links bundles, never
 * libpq) must not pull pgsync.c's libpq in with it. */
#include "pgsync.h"

#include <string.h>

/* p starts "password" as a key of its own (URL query or keyword form):
 * the end of "password = value" (a value may be 'quoted'), else NULL. */
static const char *password_pair_end(const char *start, const char *p)
{
	const char *q = p + 8;

	if (strncmp(p, "password", 8) != 0 ||
	    (p > start && !strchr(" \t?&", p[-1])))
		return NULL;
	q += strspn(q, " \t");
	if (*q != '=')
		return NULL;
	q++;
	q += strspn(q, " \t");
	if (*q == '\'') {
		for (q++; *q && *q != '\''; q++)
			if (*q == '\\' && q[1])
				q++;
		return *q ? q + 1 : q;
	}
	return q + strcspn(q, " \t&");
}

void pgsync_url_redact(const char *url, char *out, size_t cap)
{
	const char *auth = strstr(url, "://"), *at = NULL, *colon = NULL, *p = url, *e;
	size_t n = 0;

	if (cap == 0)
		return;
	if (auth) {
		const char *end;

		auth += 3;
		end = auth + strcspn(auth, "/?");
		at = memchr(auth, '@', (size_t)(end - auth));
		colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	}
	while (*p && n + 1 < cap) {
		if (colon && p == colon) { /* user:password@ -> user@ */
			p = at;
			continue;
		}
		if ((e = password_pair_end(url, p)) != NULL) {
			/* the pair and one separator after it; a dangling ?/& before it goes */
			p = e + strspn(e, " \t&");
			while (!*p && n > 0 && strchr(" \t&?", out[n - 1]))
				n--;
			continue;
		}
		out[n++] = *p++;
	}
	out[n] = '\0';
}
