/* districts.h - the 64 districts (zila) of Bangladesh with Bengali and English
 * names, searchable by prefix in either script, for the order form and the
 * courier export. Pure: libc only; the table is static data. */
#ifndef KIOSK_DISTRICTS_H
#define KIOSK_DISTRICTS_H

#include <stddef.h>

#define DISTRICT_COUNT 64

struct district {
	const char *en;        /* the spelling couriers use (post-2018 official) */
	const char *bn;
	const char *division;  /* English name of the division */
	const char *alt;       /* an older English spelling people still type, or NULL */
};

/* District i, 0 <= i < DISTRICT_COUNT (alphabetical by English name). */
const struct district *district_at(int i);

/* Indices of the districts whose English name, older spelling or Bengali name
 * (or any word of it) starts with prefix: ASCII case is ignored, and the
 * Bengali nukta letters match in either encoding (U+09DC or U+09A1 U+09BC).
 * Leading and trailing spaces are ignored. An empty prefix matches all.
 * Writes at most cap indices to out, best first (whole-name prefixes before
 * word prefixes, then alphabetical). Returns how many matched in total
 * (may exceed cap). */
int district_search(const char *prefix, int *out, int cap);

/* The index of the district named exactly text (English, older spelling or
 * Bengali; case and nukta encoding ignored), or -1. */
int district_find(const char *text);

#endif
