/* arena.h - a pile of short-lived allocations freed in one go (one report,
 * one import). Pure: libc only. Not thread-safe: one owner at a time. */
#ifndef KIOSK_ARENA_H
#define KIOSK_ARENA_H

#include <stddef.h>

#define ARENA_CHUNK (64 * 1024) /* default chunk; bigger requests get their own */

struct arena_chunk;

/* The caller's struct; arena_init allocates nothing. */
struct arena {
	struct arena_chunk *head;
	size_t used;                 /* bytes used in head */
	size_t cap;                  /* bytes usable in head */
	size_t total;                /* bytes handed out, for reports and tests */
};

void arena_init(struct arena *a);
/* Free every chunk; the arena is empty and reusable afterwards. */
void arena_release(struct arena *a);

/* n bytes aligned for any type, valid until arena_release. NULL when out of
 * memory or when n overflows (the arena is unchanged then). */
void *arena_alloc(struct arena *a, size_t n);
/* Zeroed array of count elements of size, with the product checked. */
void *arena_calloc(struct arena *a, size_t count, size_t size);
/* Copy of s (NULL gives ""), or NULL when out of memory. */
char *arena_strdup(struct arena *a, const char *s);

#endif
