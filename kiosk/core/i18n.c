/* i18n.c - look English strings up in the compiled-in Bengali catalog.
 * Pure: libc only. */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

struct key {
	const char *ctx, *id;
};

static int cmp(const void *k, const void *e)
{
	const struct key *a = k;
	const struct i18n_msg *b = e;
	int c = strcmp(a->ctx ? a->ctx : "", b->ctx ? b->ctx : "");

	return c ? c : strcmp(a->id, b->id);
}

static const struct i18n_msg *find(const char *ctx, const char *msgid)
{
	struct key k = {ctx, msgid};
	const struct i18n_msg *m = NULL;

	if (msgid == NULL)
		return NULL;
	if (ctx != NULL)
		m = bsearch(&k, i18n_bn_msgs, i18n_bn_count, sizeof *i18n_bn_msgs, cmp);
	if (m == NULL) {
		k.ctx = NULL;
		m = bsearch(&k, i18n_bn_msgs, i18n_bn_count, sizeof *i18n_bn_msgs, cmp);
	}
	return m;
}

const char *i18n_bn(const char *ctx, const char *msgid)
{
	const struct i18n_msg *m = find(ctx, msgid);

	return m ? m->str : msgid;
}

const char *i18n_text(const char *ctx, const char *msgid, int bengali)
{
	return bengali ? i18n_bn(ctx, msgid) : msgid;
}

int i18n_has(const char *ctx, const char *msgid)
{
	return find(ctx, msgid) != NULL;
}
