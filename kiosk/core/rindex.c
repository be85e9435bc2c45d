/* rindex.c - the roster's in-memory search index (rindex.h).
 *
 * Layout: every string in one text buffer, rows as offsets into it, sorted by
 * name. Three lookups over the row numbers (so each list is in name order):
 *  - phones: (reversed digits packed base 11, row) sorted, a suffix is a range;
 *  - trigrams: each distinct character trigram of a name (ASCII folded) ->
 *    the ascending rows that hold it (a hash table of keys, one postings array);
 *  - sound keys: the distinct word keys of core/translit sorted, each with
 *    its ascending rows; a query word is a prefix, so a range of keys.
 * Pure: libc only. */
#include "rindex.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "translit.h"
#include "utf8.h"

struct rrow {
	uint32_t id, name, phone; /* offsets into text */
	uint32_t type;            /* index into types */
};

struct tslot { /* a trigram's postings: post[off .. off + count) */
	uint64_t key;             /* 0: empty slot */
	uint32_t count, off;
};


#define TYPES_MAX 64 /* distinct ticket types kept as such; more share "" */

struct rindex {
	char *text;
	size_t len, cap;
	struct rrow *row;
	size_t n, rcap;
	uint32_t type_off[TYPES_MAX];
	int ntypes;
	int failed, finished;
	/* phones: rows with digits, by the key of their reversed digits (pkey) */
	uint32_t *phone;
	size_t nphone;
	/* trigrams */
	struct tslot *tg;
	size_t tgcap;             /* power of two */
	uint32_t *tpost;
	size_t ntpost;
	/* sound keys: keys sorted (offsets into ktext), postings koff[k]..koff[k+1] */
	char *ktext;
	size_t klen;
	uint32_t *key;
	size_t nkey;
	uint32_t *koff;
	uint32_t *kpost;
};

/* ------------------------------------------------------------------ build */

struct rindex *rindex_new(void)
{
	return calloc(1, sizeof(struct rindex));
}

void rindex_free(struct rindex *ix)
{
	if (!ix)
		return;
	free(ix->text);
	free(ix->row);
	free(ix->phone);
	free(ix->tg);
	free(ix->tpost);
	free(ix->ktext);
	free(ix->key);
	free(ix->koff);
	free(ix->kpost);
	free(ix);
}

static int text_put(struct rindex *ix, const char *s, uint32_t *off)
{
	size_t l = strlen(s ? s : "");

	if (ix->len + l + 1 > ix->cap) {
		size_t cap = ix->cap ? ix->cap : 4096;
		char *t;

		while (cap < ix->len + l + 1)
			cap *= 2;
		if (cap > UINT32_MAX || !(t = realloc(ix->text, cap)))
			return -1;
		ix->text = t;
		ix->cap = cap;
	}
	*off = (uint32_t)ix->len;
	memcpy(ix->text + ix->len, s ? s : "", l + 1);
	ix->len += l + 1;
	return 0;
}

static uint32_t type_of(struct rindex *ix, const char *type)
{
	int i;
	uint32_t off;

	for (i = 0; i < ix->ntypes; i++)
		if (strcmp(ix->text + ix->type_off[i], type ? type : "") == 0)
			return (uint32_t)i;
	if (ix->ntypes == TYPES_MAX || text_put(ix, type, &off) != 0)
		return 0;
	ix->type_off[ix->ntypes] = off;
	return (uint32_t)ix->ntypes++;
}

int rindex_add(struct rindex *ix, const char *id, const char *name, const char *phone,
	       const char *type)
{
	struct rrow r;

	if (ix->failed || ix->finished)
		return -1;
	if (ix->ntypes == 0 && text_put(ix, "general", &ix->type_off[0]) == 0)
		ix->ntypes = 1;
	if (ix->n == ix->rcap) {
		size_t cap = ix->rcap ? ix->rcap * 2 : 1024;
		struct rrow *p = realloc(ix->row, cap * sizeof *p);

		if (!p)
			return ix->failed = -1;
		ix->row = p;
		ix->rcap = cap;
	}
	if (ix->n >= UINT32_MAX - 1 || text_put(ix, id, &r.id) != 0 ||
	    text_put(ix, name, &r.name) != 0 || text_put(ix, phone, &r.phone) != 0)
		return ix->failed = -1;
	r.type = type_of(ix, type);
	ix->row[ix->n++] = r;
	return 0;
}

/* Sort (key, value) pairs by key, stably: LSD radix, a byte at a time,
 * skipping the bytes every key shares. tmp has room for n pairs. Returns
 * the buffer that holds the result (a or tmp). */
struct kv {
	uint64_t key;
	uint32_t val;
};

static struct kv *radix_sort(struct kv *a, struct kv *tmp, size_t n)
{
	uint64_t all_or = 0, all_and = ~(uint64_t)0;
	size_t i, count[256];
	int shift;

	for (i = 0; i < n; i++) {
		all_or |= a[i].key;
		all_and &= a[i].key;
	}
	for (shift = 0; shift < 64; shift += 8) {
		size_t sum = 0;
		struct kv *t;

		if ((((all_or ^ all_and) >> shift) & 0xFF) == 0)
			continue; /* every key has the same byte here */
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(a[i].key >> shift) & 0xFF]++;
		for (i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			tmp[count[(a[i].key >> shift) & 0xFF]++] = a[i];
		t = a;
		a = tmp;
		tmp = t;
	}
	return a;
}

/* The folded first 8 bytes of a name, big-endian: their integer order is
 * the names' order (ASCII case ignored) as far as 8 bytes tell. */
static uint64_t fold_prefix(const char *s)
{
	uint64_t k = 0;
	int i;

	for (i = 0; i < 8; i++) {
		unsigned char c = (unsigned char)*s;

		if (c)
			s++;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		k = (k << 8) | c;
	}
	return k;
}

static int by_id(const void *a, const void *b, void *arg)
{
	const struct rindex *ix = arg;

	return strcmp(ix->text + ix->row[((const struct kv *)a)->val].id,
		      ix->text + ix->row[((const struct kv *)b)->val].id);
}

struct name_cmp {
	const struct rindex *ix;
	size_t off;
};

static int by_name_from(const void *a, const void *b, void *arg)
{
	const struct name_cmp *c = arg;
	const struct rrow *x = &c->ix->row[((const struct kv *)a)->val];
	const struct rrow *y = &c->ix->row[((const struct kv *)b)->val];
	int r = strcasecmp(c->ix->text + x->name + c->off, c->ix->text + y->name + c->off);

	return r ? r : strcmp(c->ix->text + x->id, c->ix->text + y->id);
}

/* Sort k[0..n) (rows whose names agree, folded, on their first off bytes)
 * by the names' next 8 bytes, then each run that still agrees by the 8
 * after, and so on; names equal to the end go by id. Returns the buffer
 * holding the result (k or tmp; the other is scratch). */
static struct kv *sort_names_at(const struct rindex *ix, struct kv *k, struct kv *tmp, size_t n,
				size_t off)
{
	struct kv *sorted, *other;
	size_t i, j;

	if (n < 64) { /* a few: compare them whole (radix passes cost 256 counters each) */
		struct name_cmp c = {ix, off};

		qsort_r(k, n, sizeof *k, by_name_from, &c);
		return k;
	}
	for (i = 0; i < n; i++)
		k[i].key = fold_prefix(ix->text + ix->row[k[i].val].name + off);
	sorted = radix_sort(k, tmp, n);
	other = sorted == k ? tmp : k;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && sorted[j].key == sorted[i].key; j++)
			;
		if (j - i < 2)
			continue;
		if ((sorted[i].key & 0xFF) == 0) { /* the names end here: equal */
			qsort_r(sorted + i, j - i, sizeof *sorted, by_id, (void *)ix);
		} else {
			struct kv *r = sort_names_at(ix, sorted + i, other + i, j - i, off + 8);

			if (r != sorted + i)
				memcpy(sorted + i, r, (j - i) * sizeof *r);
		}
	}
	return sorted;
}

/* Rows in name order (ASCII case ignored, then id), and the text laid out
 * again in that order, exactly as big as it needs: every later pass reads
 * it front to back instead of all over memory. */
static int sort_by_name(struct rindex *ix)
{
	size_t n = ix->n ? ix->n : 1, i, len = 0;
	struct kv *k = malloc(n * sizeof *k), *tmp = malloc(n * sizeof *tmp), *sorted;
	struct rrow *rows = malloc(n * sizeof *rows);
	char *text;
	int t;

	if (!k || !tmp || !rows)
		goto fail;
	for (i = 0; i < ix->n; i++)
		k[i].val = (uint32_t)i;
	sorted = sort_names_at(ix, k, tmp, ix->n, 0);
	for (i = 0; i < ix->n; i++) {
		const struct rrow *r = &ix->row[sorted[i].val];

		len += strlen(ix->text + r->id) + strlen(ix->text + r->name) +
		       strlen(ix->text + r->phone) + 3;
	}
	for (t = 0; t < ix->ntypes; t++)
		len += strlen(ix->text + ix->type_off[t]) + 1;
	if (!(text = malloc(len ? len : 1)))
		goto fail;
	for (i = 0, len = 0; i < ix->n; i++) {
		const struct rrow *r = &ix->row[sorted[i].val];
		uint32_t *f[3] = {&rows[i].id, &rows[i].name, &rows[i].phone};
		const char *src[3] = {ix->text + r->id, ix->text + r->name, ix->text + r->phone};

		for (t = 0; t < 3; t++) {
			size_t l = strlen(src[t]) + 1;

			memcpy(text + len, src[t], l);
			*f[t] = (uint32_t)len;
			len += l;
		}
		rows[i].type = r->type;
	}
	for (t = 0; t < ix->ntypes; t++) {
		size_t l = strlen(ix->text + ix->type_off[t]) + 1;

		memcpy(text + len, ix->text + ix->type_off[t], l);
		ix->type_off[t] = (uint32_t)len;
		len += l;
	}
	free(ix->text);
	ix->text = text;
	ix->len = ix->cap = len;
	free(ix->row);
	ix->row = rows;
	ix->rcap = ix->n;
	free(k);
	free(tmp);
	return 0;
fail:
	free(k);
	free(tmp);
	free(rows);
	return -1;
}

/* The digits of s reversed, base 11 (digit + 1; 0 ends), first digit most
 * significant: the integer order is the reversed strings' order, so the
 * phones ending with some digits are one range. At most 18 digits. */
#define PKEY_DIGITS 18

static uint64_t pow11(int e)
{
	uint64_t p = 1;

	while (e-- > 0)
		p *= 11;
	return p;
}

static int pkey_of_digits(const char *d, size_t n, uint64_t *key)
{
	uint64_t k = 0;
	size_t i;

	if (n == 0 || n > PKEY_DIGITS)
		return -1;
	for (i = 0; i < n; i++) /* d is already reversed */
		k = k * 11 + (uint64_t)(d[i] - '0' + 1);
	*key = k * pow11(PKEY_DIGITS - (int)n);
	return 0;
}

/* The key of row r's phone; -1 when it has no digit. */
static int pkey_of_row(const struct rindex *ix, uint32_t r, uint64_t *key)
{
	const char *p = ix->text + ix->row[r].phone;
	char rev[PKEY_DIGITS];
	size_t l = strlen(p), n = 0;

	while (l > 0 && n < PKEY_DIGITS) { /* the last 18 digits, backwards */
		char c = p[--l];

		if (c >= '0' && c <= '9')
			rev[n++] = c;
	}
	return pkey_of_digits(rev, n, key);
}

/* Only the rows are kept, in key order; a search computes the keys it
 * compares (a binary search: some twenty). */
static int build_phones(struct rindex *ix)
{
	size_t n = ix->n ? ix->n : 1, i;
	struct kv *k = malloc(n * sizeof *k), *tmp = malloc(n * sizeof *tmp), *sorted;

	ix->phone = malloc(n * sizeof *ix->phone);
	if (!k || !tmp || !ix->phone) {
		free(k);
		free(tmp);
		return -1;
	}
	for (i = 0; i < ix->n; i++)
		if (pkey_of_row(ix, (uint32_t)i, &k[ix->nphone].key) == 0)
			k[ix->nphone++].val = (uint32_t)i;
	sorted = radix_sort(k, tmp, ix->nphone); /* stable: rows ascending per key */
	for (i = 0; i < ix->nphone; i++)
		ix->phone[i] = sorted[i].val;
	free(k);
	free(tmp);
	return 0;
}

/* Code points with ASCII folded; a byte that is not UTF-8 is one of its own,
 * above Unicode. Returns how many (at most cap). */
static size_t fold_cps(const char *s, uint32_t *cp, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, l = strlen(s);

	while (l > 0 && n < cap) {
		uint32_t c;
		size_t k = utf8_seq(p, l, &c);

		if (k == 0) {
			c = 0x110000u + *p;
			k = 1;
		}
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		cp[n++] = c;
		p += k;
		l -= k;
	}
	return n;
}

static uint64_t tg_key(const uint32_t *c)
{
	return ((uint64_t)c[0] << 42) | ((uint64_t)c[1] << 21) | c[2];
}

static size_t tg_hash(uint64_t k, size_t mask)
{
	k ^= k >> 31;
	k *= 0x9E3779B97F4A7C15u;
	k ^= k >> 29;
	return (size_t)k & mask;
}

static struct tslot *tg_find(const struct rindex *ix, uint64_t key)
{
	size_t mask = ix->tgcap - 1, i;

	if (!ix->tgcap)
		return NULL;
	for (i = tg_hash(key, mask); ix->tg[i].key; i = (i + 1) & mask)
		if (ix->tg[i].key == key)
			return &ix->tg[i];
	return NULL;
}

static struct tslot *tg_insert(struct rindex *ix, uint64_t key, size_t *used)
{
	size_t mask, i;

	if ((*used + 1) * 2 > ix->tgcap) { /* at most half full */
		size_t cap = ix->tgcap ? ix->tgcap * 2 : 4096, j;
		struct tslot *t = calloc(cap, sizeof *t);

		if (!t)
			return NULL;
		for (j = 0; j < ix->tgcap; j++)
			if (ix->tg[j].key) {
				size_t m = cap - 1, k;

				for (k = tg_hash(ix->tg[j].key, m); t[k].key; k = (k + 1) & m)
					;
				t[k] = ix->tg[j];
			}
		free(ix->tg);
		ix->tg = t;
		ix->tgcap = cap;
	}
	mask = ix->tgcap - 1;
	for (i = tg_hash(key, mask); ix->tg[i].key; i = (i + 1) & mask)
		if (ix->tg[i].key == key)
			return &ix->tg[i];
	ix->tg[i].key = key;
	(*used)++;
	return &ix->tg[i];
}

/* The distinct trigram keys of a name into k (sorted); returns how many. */
#define NAME_CPS (DOOR_TEXT_MAX)
static size_t name_trigrams(const char *name, uint64_t *k)
{
	uint32_t cp[NAME_CPS];
	size_t n = fold_cps(name, cp, NAME_CPS), i, m = 0;

	for (i = 0; i + 3 <= n; i++)
		k[m++] = tg_key(cp + i);
	if (m < 2)
		return m;
	for (i = 1; i < m; i++) { /* a name's few keys: insertion sort */
		uint64_t v = k[i];
		size_t j = i;

		for (; j > 0 && k[j - 1] > v; j--)
			k[j] = k[j - 1];
		k[j] = v;
	}
	for (i = 1, n = 1; i < m; i++)
		if (k[i] != k[n - 1])
			k[n++] = k[i];
	return n;
}

static int build_trigrams(struct rindex *ix)
{
	uint64_t k[NAME_CPS];
	size_t used = 0, i, j, total = 0;

	for (i = 0; i < ix->n; i++) { /* count */
		size_t m = name_trigrams(ix->text + ix->row[i].name, k);

		for (j = 0; j < m; j++) {
			struct tslot *s = tg_insert(ix, k[j], &used);

			if (!s)
				return -1;
			s->count++;
		}
		total += m;
	}
	if (total >= UINT32_MAX)
		return -1;
	for (i = 0, j = 0; i < ix->tgcap; i++) { /* place */
		ix->tg[i].off = (uint32_t)j;
		j += ix->tg[i].count;
		ix->tg[i].count = 0;
	}
	ix->tpost = malloc((total ? total : 1) * sizeof *ix->tpost);
	if (!ix->tpost)
		return -1;
	ix->ntpost = total;
	for (i = 0; i < ix->n; i++) { /* fill, rows ascending */
		size_t m = name_trigrams(ix->text + ix->row[i].name, k);

		for (j = 0; j < m; j++) {
			struct tslot *s = tg_find(ix, k[j]);

			ix->tpost[s->off + s->count++] = (uint32_t)i;
		}
	}
	return 0;
}

/* Sound keys: interned through a string hash table, then sorted. */
struct kslot {
	uint32_t off;    /* into ktext; UINT32_MAX: empty */
	uint32_t id;
};

struct kbuild {
	struct kslot *t;
	size_t cap, used;
};

static size_t str_hash(const char *s, size_t mask)
{
	uint64_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return (size_t)(h ^ (h >> 32)) & mask;
}

static int ktext_put(struct rindex *ix, const char *s, size_t *kcap, uint32_t *off)
{
	size_t l = strlen(s);

	if (ix->klen + l + 1 > *kcap) {
		size_t cap = *kcap ? *kcap * 2 : 4096;
		char *t;

		while (cap < ix->klen + l + 1)
			cap *= 2;
		if (cap > UINT32_MAX || !(t = realloc(ix->ktext, cap)))
			return -1;
		ix->ktext = t;
		*kcap = cap;
	}
	*off = (uint32_t)ix->klen;
	memcpy(ix->ktext + ix->klen, s, l + 1);
	ix->klen += l + 1;
	return 0;
}

/* The id of key s, added when new; -1 when out of memory. */
static long kb_intern(struct rindex *ix, struct kbuild *b, const char *s, size_t *kcap)
{
	size_t mask, i;

	if ((b->used + 1) * 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096, j;
		struct kslot *t = malloc(cap * sizeof *t);

		if (!t)
			return -1;
		for (j = 0; j < cap; j++)
			t[j].off = UINT32_MAX;
		for (j = 0; j < b->cap; j++)
			if (b->t[j].off != UINT32_MAX) {
				size_t k;

				for (k = str_hash(ix->ktext + b->t[j].off, cap - 1); t[k].off != UINT32_MAX;
				     k = (k + 1) & (cap - 1))
					;
				t[k] = b->t[j];
			}
		free(b->t);
		b->t = t;
		b->cap = cap;
	}
	mask = b->cap - 1;
	for (i = str_hash(s, mask); b->t[i].off != UINT32_MAX; i = (i + 1) & mask)
		if (strcmp(ix->ktext + b->t[i].off, s) == 0)
			return b->t[i].id;
	if (ktext_put(ix, s, kcap, &b->t[i].off) != 0)
		return -1;
	b->t[i].id = (uint32_t)b->used++;
	return b->t[i].id;
}

static int by_key_text(const void *a, const void *b, void *ktext)
{
	return strcmp((const char *)ktext + *(const uint32_t *)a,
		      (const char *)ktext + *(const uint32_t *)b);
}

static int build_sound(struct rindex *ix)
{
	struct kbuild b = {NULL, 0, 0};
	uint32_t *pair = NULL, *rank = NULL; /* (key id, row) pairs */
	size_t npair = 0, pcap = 0, kcap = 0, i;
	int rc = -1;

	for (i = 0; i < ix->n; i++) {
		struct translit_words w;
		long id[TRANSLIT_WORDS_MAX];
		int j, k, m;

		m = translit_words(ix->text + ix->row[i].name, &w);
		for (j = 0; j < m; j++) {
			if ((id[j] = kb_intern(ix, &b, w.key[j], &kcap)) < 0)
				goto out;
			for (k = 0; k < j && id[k] != id[j]; k++)
				;
			if (k < j) /* a word keyed twice in one name: one posting */
				continue;
			if (npair + 2 > pcap) {
				size_t cap = pcap ? pcap * 2 : 8192;
				uint32_t *p = realloc(pair, cap * sizeof *p);

				if (!p)
					goto out;
				pair = p;
				pcap = cap;
			}
			pair[npair++] = (uint32_t)id[j];
			pair[npair++] = (uint32_t)i;
		}
	}
	/* Keys in text order; rank[id] = position. */
	ix->nkey = b.used;
	ix->key = malloc((b.used ? b.used : 1) * sizeof *ix->key);
	rank = malloc((b.used ? b.used : 1) * sizeof *rank);
	ix->koff = calloc(b.used + 1, sizeof *ix->koff);
	ix->kpost = malloc((npair ? npair / 2 : 1) * sizeof *ix->kpost);
	if (!ix->key || !rank || !ix->koff || !ix->kpost)
		goto out;
	for (i = 0; i < b.cap; i++)
		if (b.t[i].off != UINT32_MAX)
			ix->key[b.t[i].id] = b.t[i].off;
	qsort_r(ix->key, ix->nkey, sizeof *ix->key, by_key_text, ix->ktext);
	for (i = 0; i < b.cap; i++) /* the id of each sorted key, through its offset */
		if (b.t[i].off != UINT32_MAX) {
			size_t lo = 0, hi = ix->nkey;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (strcmp(ix->ktext + ix->key[mid], ix->ktext + b.t[i].off) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			rank[b.t[i].id] = (uint32_t)lo;
		}
	for (i = 0; i < npair; i += 2)
		ix->koff[rank[pair[i]] + 1]++;
	for (i = 0; i < ix->nkey; i++)
		ix->koff[i + 1] += ix->koff[i];
	{
		uint32_t *fill = malloc((ix->nkey ? ix->nkey : 1) * sizeof *fill);

		if (!fill)
			goto out;
		memcpy(fill, ix->koff, ix->nkey * sizeof *fill);
		for (i = 0; i < npair; i += 2) /* rows ascending within each key */
			ix->kpost[fill[rank[pair[i]]]++] = pair[i + 1];
		free(fill);
	}
	rc = 0;
out:
	free(b.t);
	free(pair);
	free(rank);
	return rc;
}

int rindex_finish(struct rindex *ix)
{
	if (ix->failed || ix->finished)
		return -1;
	if (ix->ntypes == 0 && text_put(ix, "general", &ix->type_off[0]) == 0)
		ix->ntypes = 1;
	if (ix->ntypes == 0 || sort_by_name(ix) != 0 || build_phones(ix) != 0 ||
	    build_trigrams(ix) != 0 || build_sound(ix) != 0)
		return ix->failed = -1;
	ix->finished = 1;
	return 0;
}

size_t rindex_rows(const struct rindex *ix)
{
	return ix->n;
}

size_t rindex_bytes(const struct rindex *ix)
{
	return sizeof *ix + ix->cap + ix->rcap * sizeof(struct rrow) +
	       ix->nphone * sizeof(uint32_t) + ix->tgcap * sizeof(struct tslot) +
	       ix->ntpost * sizeof(uint32_t) + ix->klen + ix->nkey * 2 * sizeof(uint32_t) +
	       (ix->koff ? ix->koff[ix->nkey] : 0) * sizeof(uint32_t);
}

void rindex_row(const struct rindex *ix, size_t i, struct door_person *p)
{
	const struct rrow *r = &ix->row[i];
	size_t l;

	memset(p, 0, sizeof *p);
	/* A cut keeps a prefix, on a character boundary. */
	l = utf8_cut(ix->text + r->id, sizeof p->id - 1);
	memcpy(p->id, ix->text + r->id, l);
	l = utf8_cut(ix->text + r->name, sizeof p->name - 1);
	memcpy(p->name, ix->text + r->name, l);
	l = utf8_cut(ix->text + r->phone, sizeof p->phone - 1);
	memcpy(p->phone, ix->text + r->phone, l);
	l = utf8_cut(ix->text + ix->type_off[r->type], sizeof p->type - 1);
	memcpy(p->type, ix->text + ix->type_off[r->type], l);
}

/* ----------------------------------------------------------------- search */

/* The query's digits in ASCII (Bengali digits mapped) when it is only digits,
 * spaces and dashes; returns the number of digits, or -1 if anything else. */
static int digits_only(const char *q, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)q;
	size_t n = 0;

	while (*p) {
		int d;

		if (*p >= '0' && *p <= '9') {
			d = *p - '0';
			p++;
		} else if (p[0] == 0xE0 && p[1] == 0xA7 && p[2] >= 0xA6 && p[2] <= 0xAF) {
			d = p[2] - 0xA6; /* U+09E6..U+09EF */
			p += 3;
		} else if (*p == ' ' || *p == '-') {
			p++;
			continue;
		} else {
			return -1;
		}
		if (n + 1 >= cap)
			return -1;
		out[n++] = (char)('0' + d);
	}
	out[n] = '\0';
	return (int)n;
}

int rindex_is_phone_query(const char *query)
{
	char d[DOOR_QUERY_MAX];

	return digits_only(query, d, sizeof d) >= 1;
}

static int seen(const struct door_person *out, int n, const char *id)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(out[i].id, id) == 0)
			return 1;
	return 0;
}

/* Row r as a result if it is new and live: 1 taken, 0 not, -1 error. */
static int take(const struct rindex *ix, uint32_t r, rindex_live_fn live, void *ctx,
		struct door_person *out, int n)
{
	int rc;

	if (seen(out, n, ix->text + ix->row[r].id))
		return 0;
	rindex_row(ix, r, &out[n]);
	rc = live(ctx, &out[n]);
	return rc < 0 ? -1 : rc > 0;
}

/* ASCII-folded bytes of a, b equal for n bytes. */
static int fold_eq(const char *a, const char *b, size_t n)
{
	return strncasecmp(a, b, n) == 0;
}

static int contains_folded(const char *hay, const char *needle, size_t nl)
{
	size_t hl = strlen(hay), i;

	for (i = 0; i + nl <= hl; i++)
		if (fold_eq(hay + i, needle, nl))
			return 1;
	return 0;
}

static int find_phone(const struct rindex *ix, const char *digits, int nd, rindex_live_fn live,
		      void *ctx, struct door_person *out, int n, int max)
{
	char rev[PKEY_DIGITS + 1];
	uint64_t lo, hi;
	size_t a = 0, b = ix->nphone;
	int i;

	if (nd > PKEY_DIGITS)
		return n; /* longer than any phone */
	for (i = 0; i < nd; i++)
		rev[i] = digits[nd - 1 - i];
	if (pkey_of_digits(rev, (size_t)nd, &lo) != 0)
		return n;
	hi = lo + pow11(PKEY_DIGITS - nd);
	while (a < b) { /* first key >= lo */
		size_t m = (a + b) / 2;
		uint64_t key = 0;

		(void)pkey_of_row(ix, ix->phone[m], &key); /* rows listed have digits */
		if (key < lo)
			a = m + 1;
		else
			b = m;
	}
	for (; a < ix->nphone && n < max; a++) {
		uint64_t key = 0;
		int t;

		(void)pkey_of_row(ix, ix->phone[a], &key);
		if (key >= hi)
			break;
		if ((t = take(ix, ix->phone[a], live, ctx, out, n)) < 0)
			return -1;
		n += t;
	}
	return n;
}

static int find_prefix(const struct rindex *ix, const char *q, rindex_live_fn live, void *ctx,
		       struct door_person *out, int n, int max)
{
	size_t ql = strlen(q), a = 0, b = ix->n;

	while (a < b) { /* first name whose folded start is >= q's */
		size_t m = (a + b) / 2;

		if (strncasecmp(ix->text + ix->row[m].name, q, ql) < 0)
			a = m + 1;
		else
			b = m;
	}
	for (; a < ix->n && n < max && fold_eq(ix->text + ix->row[a].name, q, ql); a++) {
		int t = take(ix, (uint32_t)a, live, ctx, out, n);

		if (t < 0)
			return -1;
		n += t;
	}
	return n;
}

static int find_part(const struct rindex *ix, const char *q, rindex_live_fn live, void *ctx,
		     struct door_person *out, int n, int max)
{
	uint32_t cp[DOOR_QUERY_MAX];
	const struct tslot *best = NULL;
	size_t i, ql = strlen(q), ncp = fold_cps(q, cp, DOOR_QUERY_MAX);

	/* The rarest trigram of the query gives the candidates, in name order;
	 * each is checked for the whole text. */
	for (i = 0; i + 3 <= ncp; i++) {
		const struct tslot *s = tg_find(ix, tg_key(cp + i));

		if (!s)
			return n; /* a trigram no name has */
		if (!best || s->count < best->count)
			best = s;
	}
	if (!best)
		return n;
	for (i = 0; i < best->count && n < max; i++) {
		uint32_t r = ix->tpost[best->off + i];
		int t;

		if (!contains_folded(ix->text + ix->row[r].name, q, ql))
			continue;
		if ((t = take(ix, r, live, ctx, out, n)) < 0)
			return -1;
		n += t;
	}
	return n;
}

/* The keys (a range [*lo, *hi) of ix->key) that start with k. */
static void key_range(const struct rindex *ix, const char *k, size_t *lo, size_t *hi)
{
	size_t kl = strlen(k), a = 0, b = ix->nkey;

	while (a < b) {
		size_t m = (a + b) / 2;

		if (strcmp(ix->ktext + ix->key[m], k) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	b = ix->nkey;
	while (a < b) {
		size_t m = (a + b) / 2;

		if (strncmp(ix->ktext + ix->key[m], k, kl) <= 0)
			a = m + 1;
		else
			b = m;
	}
	*hi = a;
}

static int find_sound(const struct rindex *ix, const char *q, rindex_live_fn live, void *ctx,
		      struct door_person *out, int n, int max)
{
	struct translit_words w;
	size_t lo[TRANSLIT_WORDS_MAX], hi[TRANSLIT_WORDS_MAX], size[TRANSLIT_WORDS_MAX];
	size_t nb = (ix->n + 63) / 64, k;
	uint64_t *cur = NULL, *nxt = NULL;
	int i, driver = 0, consonants = 0, rc = n;

	if (translit_words(q, &w) == 0 || n >= max)
		return n;
	/* One consonant ("ra", "ahi") says too little: every name with such a
	 * word would come; the name's own prefix search answers those. */
	for (i = 0; i < w.n; i++)
		consonants += (int)strlen(w.key[i]);
	if (consonants < 2)
		return n;
	for (i = 0; i < w.n; i++) {
		key_range(ix, w.key[i], &lo[i], &hi[i]);
		size[i] = ix->koff[hi[i]] - ix->koff[lo[i]];
		if (size[i] == 0)
			return n;
		if (size[i] < size[driver])
			driver = i;
	}
	if (w.n > 1) {
		/* The rows every other word finds: bitmaps, one word at a time. */
		int first = 1;

		cur = calloc(nb, sizeof *cur);
		nxt = calloc(nb, sizeof *nxt);
		if (!cur || !nxt) {
			rc = -1;
			goto out;
		}
		for (i = 0; i < w.n; i++) {
			if (i == driver)
				continue;
			if (!first)
				memset(nxt, 0, nb * sizeof *nxt);
			for (k = ix->koff[lo[i]]; k < ix->koff[hi[i]]; k++) {
				uint32_t r = ix->kpost[k];

				if (first || (cur[r / 64] >> (r % 64) & 1))
					(first ? cur : nxt)[r / 64] |= (uint64_t)1 << (r % 64);
			}
			if (!first) {
				uint64_t *t = cur;

				cur = nxt;
				nxt = t;
			}
			first = 0;
		}
	}
	for (k = ix->koff[lo[driver]]; k < ix->koff[hi[driver]] && n < max; k++) {
		uint32_t r = ix->kpost[k];
		int t;

		if (cur && !(cur[r / 64] >> (r % 64) & 1))
			continue;
		if ((t = take(ix, r, live, ctx, out, n)) < 0) {
			rc = -1;
			goto out;
		}
		n += t;
	}
	rc = n;
out:
	free(cur);
	free(nxt);
	return rc;
}

int rindex_find(const struct rindex *ix, enum rindex_phase phase, const char *query,
		rindex_live_fn live, void *ctx, struct door_person *out, int have, int max)
{
	char digits[DOOR_QUERY_MAX];
	uint32_t cp[4];
	int nd;

	if (!query[0] || have >= max || !ix->finished || ix->n == 0)
		return have;
	nd = digits_only(query, digits, sizeof digits);
	if (phase == RINDEX_SOUND)
		return nd >= 1 ? have : find_sound(ix, query, live, ctx, out, have, max);
	if (nd >= 1) /* names hold no digits */
		return find_phone(ix, digits, nd, live, ctx, out, have, max);
	if (fold_cps(query, cp, 4) >= 3)
		return find_part(ix, query, live, ctx, out, have, max);
	return find_prefix(ix, query, live, ctx, out, have, max);
}

static int by_name(const void *a, const void *b)
{
	const struct door_person *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);

	return c ? c : strcmp(x->id, y->id);
}

void rindex_sort(struct door_person *p, int n)
{
	if (n > 1)
		qsort(p, (size_t)n, sizeof *p, by_name);
}
