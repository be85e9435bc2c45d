/* arena.c - chunked bump allocator for short-lived piles. Pure: libc only. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
	struct arena_chunk *next;
	alignas(max_align_t) unsigned char data[];
};

#define ALIGN (alignof(max_align_t))

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->cap = 0;
	a->total = 0;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;

	while (c) {
		next = c->next;
		free(c);
		c = next;
	}
	arena_init(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c;
	size_t need, cap;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ALIGN - sizeof *c)
		return NULL;
	need = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (!a->head || a->cap - a->used < need) {
		cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;
		c = malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		/* A big request gets its own chunk behind the current one, so the
		 * room left in the current chunk is not thrown away. */
		if (a->head && cap > ARENA_CHUNK) {
			c->next = a->head->next;
			a->head->next = c;
			a->total += need;
			return c->data;
		}
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->cap = cap;
	}
	p = a->head->data + a->used;
	a->used += need;
	a->total += need;
	return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
	void *p;

	if (size && count > SIZE_MAX / size)
		return NULL;
	p = arena_alloc(a, count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	size_t n;
	char *p;

	if (!s)
		s = "";
	n = strlen(s);
	p = arena_alloc(a, n + 1);
	if (p)
		memcpy(p, s, n + 1);
	return p;
}
