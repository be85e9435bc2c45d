/* fuzz_rindex.c - libFuzzer target for the door's in-memory search index
 * (core/rindex.h): the input's lines are the guests' names (the phone of
 * each is made of its line number), the last line is the query. Every
 * search returns at most max distinct rows; a name part (three characters
 * or more) finds only names that contain it, ASCII case ignored; every name
 * finds itself; the rows come in name order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/rindex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROWS_MAX 64

static int live(void *ctx, struct door_person *p)
{
	(void)ctx;
	p->is_in = p->id[0] == '1';
	return 1;
}

static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; hay[i]; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return n == 0;
}

static int find(const struct rindex *ix, const char *q, struct door_person *out)
{
	int n = rindex_find(ix, RINDEX_TEXT, q, live, NULL, out, 0, ROWS_MAX), i, j;

	if (n < 0 || n > ROWS_MAX)
		abort();
	for (i = 0; i < n; i++)
		if (!rindex_is_phone_query(q) && strlen(q) >= 9 && !contains(out[i].name, q))
			abort(); /* nine bytes are three characters at least */
	n = rindex_find(ix, RINDEX_SOUND, q, live, NULL, out, n, ROWS_MAX);
	if (n < 0 || n > ROWS_MAX)
		abort();
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(out[i].id, out[j].id) == 0)
				abort();
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *save = NULL, *lines[ROWS_MAX + 1];
	static struct door_person out[ROWS_MAX];
	struct rindex *ix = rindex_new();
	int n = 0, i, k;

	if (!text || !ix) {
		free(text);
		rindex_free(ix);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line && n <= ROWS_MAX;
	     line = strtok_r(NULL, "\n", &save))
		lines[n++] = line;
	for (i = 0; i + 1 < n; i++) {
		char id[16], phone[24];

		(void)snprintf(id, sizeof id, "%d", i);
		(void)snprintf(phone, sizeof phone, "+88017%08d", i * 7919);
		if (rindex_add(ix, id, lines[i], phone, i % 2 ? "vip" : NULL) != 0)
			abort();
	}
	if (rindex_finish(ix) != 0 || rindex_rows(ix) != (size_t)(n > 0 ? n - 1 : 0))
		abort();
	for (i = 1; i < (int)rindex_rows(ix); i++) {
		struct door_person a, b;

		rindex_row(ix, (size_t)i - 1, &a);
		rindex_row(ix, (size_t)i, &b);
		if (strcasecmp(a.name, b.name) > 0)
			abort();
	}
	if (n > 0 && strlen(lines[n - 1]) < DOOR_QUERY_MAX)
		(void)find(ix, lines[n - 1], out);
	/* A name finds itself (when it is a name: not only digits, and short
	 * enough to type). */
	for (i = 0; i + 1 < n && i < 8; i++) {
		char id[16];
		int found = 0;

		if (rindex_is_phone_query(lines[i]) || strlen(lines[i]) >= DOOR_QUERY_MAX ||
		    strlen(lines[i]) >= DOOR_TEXT_MAX)
			continue;
		(void)snprintf(id, sizeof id, "%d", i);
		k = find(ix, lines[i], out);
		while (k-- > 0)
			found |= strcmp(out[k].id, id) == 0;
		if (!found && lines[i][strspn(lines[i], " -")])
			abort();
	}
	rindex_free(ix);
	free(text);
	return 0;
}
