/* report_shop.c - the report's feedback and orders: per product faces and
 * tags, comments, per seller orders, payments and deliveries. Adapter:
 * sqlite3 over the TEMP tables report.c made (r_ev, r_ord, r_fb). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/verdict.h"
#include "report_q.h"

/* ------------------------------------------------------------ feedback */

static int tag_cmp_key(const void *a, const void *b)
{
	const struct report_tag *x = a, *y = b;
	int c = strcmp(x->seller, y->seller);

	if (!c)
		c = strcmp(x->product, y->product);
	if (!c)
		c = strcmp(x->tag, y->tag);
	return c;
}

/* Per product, the most said first. */
static int tag_cmp_rank(const void *a, const void *b)
{
	const struct report_tag *x = a, *y = b;
	int c = strcmp(x->seller, y->seller);

	if (!c)
		c = strcmp(x->product, y->product);
	if (!c)
		c = (x->count < y->count) - (x->count > y->count);
	if (!c)
		c = strcmp(x->tag, y->tag);
	return c;
}

/* Split "taste, packaging" (tags never hold commas) into tags of seller and
 * product, count times each. */
static int add_tags(struct q *q, struct report *r, int *cap, const char *seller,
		    const char *product, const char *tags, int64_t count)
{
	const char *p = tags;

	while (*p) {
		const char *start, *end;
		struct report_tag *t;
		char *word;

		while (*p == ' ' || *p == ',')
			p++;
		start = p;
		while (*p && *p != ',')
			p++;
		end = p;
		while (end > start && end[-1] == ' ')
			end--;
		if (end == start)
			continue;
		if (rq_grow(q, (void **)&r->tags, cap, r->n_tags, sizeof *t) != 0)
			return -1;
		word = arena_alloc(q->a, (size_t)(end - start) + 1);
		if (!word)
			return rq_oom(q);
		memcpy(word, start, (size_t)(end - start));
		word[end - start] = '\0';
		t = &r->tags[r->n_tags++];
		t->seller = seller;
		t->product = product;
		t->tag = word;
		t->count = count;
	}
	return 0;
}

int report_read_feedback(struct q *q, struct report *r)
{
	sqlite3_stmt *s;
	int rc, cap = 0, i, j;

	_Static_assert(FEEDBACK_FACE_MIN == 1 && FEEDBACK_FACE_MAX == 4,
		       "the query below counts faces 1 to 4");
	if (rq_prepare(q, "SELECT coalesce(seller,''), coalesce(product,''),"
			 " sum(face = 1 AND NOT flagged), sum(face = 2 AND NOT flagged),"
			 " sum(face = 3 AND NOT flagged), sum(face = 4 AND NOT flagged),"
			 " sum(NOT flagged), sum(flagged <> 0)"
			 " FROM r_fb GROUP BY 1, 2 ORDER BY 1, 2", &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_fb_product *f;

		if (rq_grow(q, (void **)&r->fb, &cap, r->n_fb, sizeof *f) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		f = &r->fb[r->n_fb++];
		f->seller = rq_col_str(q, s, 0);
		f->product = rq_col_str(q, s, 1);
		for (i = 0; i < FEEDBACK_FACE_MAX; i++)
			f->faces[i] = sqlite3_column_int64(s, 2 + i);
		f->count = sqlite3_column_int64(s, 6);
		f->flagged = sqlite3_column_int64(s, 7);
		r->feedback_count += f->count;
		r->feedback_flagged += f->flagged;
		if (!f->seller || !f->product) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	if (rq_done(q, s, rc) != 0)
		return -1;

	/* Tags: the distinct tag texts are few, so count them in SQL, split here. */
	cap = 0;
	if (rq_prepare(q, "SELECT coalesce(seller,''), coalesce(product,''), tags, count(*)"
			 " FROM r_fb WHERE NOT flagged AND tags <> '' GROUP BY 1, 2, 3", &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *seller = rq_col_str(q, s, 0), *product = rq_col_str(q, s, 1);

		if (!seller || !product) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
		if (add_tags(q, r, &cap, seller, product, (const char *)sqlite3_column_text(s, 2),
			     sqlite3_column_int64(s, 3)) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
	}
	if (rq_done(q, s, rc) != 0)
		return -1;
	if (r->n_tags > 1) {
		qsort(r->tags, (size_t)r->n_tags, sizeof *r->tags, tag_cmp_key);
		for (i = 1, j = 0; i < r->n_tags; i++) {
			if (tag_cmp_key(&r->tags[i], &r->tags[j]) == 0)
				r->tags[j].count += r->tags[i].count;
			else
				r->tags[++j] = r->tags[i];
		}
		r->n_tags = j + 1;
		qsort(r->tags, (size_t)r->n_tags, sizeof *r->tags, tag_cmp_rank);
	}

	cap = 0;
	/* Comments are sealed: only rows with personal fields are decrypted. */
	if (rq_prepare(q, "SELECT f.at_ms, coalesce(f.seller,''), coalesce(f.product,''), f.tags,"
			 " p.comment, f.face, f.flagged <> 0 FROM r_fb f"
			 " JOIN feedback_pii p ON p.device_id = f.device_id AND p.seq = f.seq"
			 " WHERE f.pii IS NOT NULL AND trim(coalesce(p.comment,'')) <> ''"
			 " ORDER BY f.flagged <> 0, 2, 3, f.at_ms, f.device_id, f.seq", &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_comment *c;

		if (rq_grow(q, (void **)&r->comments, &cap, r->n_comments, sizeof *c) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		c = &r->comments[r->n_comments++];
		c->at_ms = sqlite3_column_int64(s, 0);
		c->seller = rq_col_str(q, s, 1);
		c->product = rq_col_str(q, s, 2);
		c->tags = rq_col_str(q, s, 3);
		c->comment = rq_col_str(q, s, 4);
		c->face = sqlite3_column_int(s, 5);
		c->flagged = sqlite3_column_int(s, 6);
		if (!c->seller || !c->product || !c->tags || !c->comment) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}

/* ------------------------------------------------------------ orders */

static struct report_seller *seller_row(struct q *q, struct report *r, int *cap,
					const char *name)
{
	struct report_seller *x;

	/* Rows arrive ordered by seller: only the last can match. */
	if (r->n_sellers && strcmp(r->sellers[r->n_sellers - 1].seller, name) == 0)
		return &r->sellers[r->n_sellers - 1];
	if (rq_grow(q, (void **)&r->sellers, cap, r->n_sellers, sizeof *x) != 0)
		return NULL;
	x = &r->sellers[r->n_sellers++];
	memset(x, 0, sizeof *x);
	x->seller = arena_strdup(q->a, name);
	if (!x->seller) {
		rq_oom(q);
		return NULL;
	}
	return x;
}

int report_read_orders(struct q *q, struct report *r, int64_t cur_ord)
{
	sqlite3_stmt *s;
	int rc, cap = 0, dcap = 0;
	char sql[1024];

	/* Sellers with orders that stand and sellers whose orders were all
	 * cancelled, in one ordered pass. */
	(void)snprintf(sql, sizeof sql,
		       "SELECT seller, method, sum(n), sum(total), sum(collect), sum(qty), sum(cancelled)"
		       " FROM (SELECT coalesce(seller,'') AS seller, method, 1 AS n,"
		       "   total_poisha AS total, collect_poisha AS collect, coalesce(qty,0) AS qty,"
		       "   0 AS cancelled FROM r_ord WHERE ord = %" PRId64
		       "  UNION ALL SELECT coalesce(o.seller,''), '', 0, 0, 0, 0, 1 FROM orders o"
		       "   WHERE EXISTS (SELECT 1 FROM order_cancels x WHERE x.order_no = o.order_no)"
		       "   AND " EVENT_OF("o") " = %" PRId64 ")"
		       " GROUP BY 1, 2 ORDER BY 1, 2", cur_ord, cur_ord);
	if (rq_prepare(q, sql, &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_seller *x = seller_row(q, r, &cap, (const char *)sqlite3_column_text(s, 0));
		const char *code = (const char *)sqlite3_column_text(s, 1);
		int64_t n = sqlite3_column_int64(s, 2), total = sqlite3_column_int64(s, 3);
		enum pay_method m;

		if (!x) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		x->orders += n;
		x->total += total;
		x->collect += sqlite3_column_int64(s, 4);
		x->items += sqlite3_column_int64(s, 5);
		x->cancelled += sqlite3_column_int64(s, 6);
		if (n && code && pay_parse(code, &m) == 0) {
			x->method_orders[m] += n;
			x->method_total[m] += total;
		}
	}
	if (rq_done(q, s, rc) != 0)
		return -1;
	for (int i = 0; i < r->n_sellers; i++) {
		struct report_seller *x = &r->sellers[i], *all = &r->all_sellers;

		all->orders += x->orders;
		all->items += x->items;
		all->total += x->total;
		all->collect += x->collect;
		all->cancelled += x->cancelled;
		for (int m = 0; m < PAY_COUNT; m++) {
			all->method_orders[m] += x->method_orders[m];
			all->method_total[m] += x->method_total[m];
		}
	}

	(void)snprintf(sql, sizeof sql,
		       "SELECT o.order_no, p.name, p.phone, p.address, o.district,"
		       " coalesce(o.seller,''), o.method, coalesce(o.trx,''),"
		       " (SELECT group_concat(l.qty || ' x ' || l.product, '; ') FROM"
		       "   (SELECT * FROM order_lines WHERE device_id = o.device_id AND seq = o.seq"
		       "    ORDER BY line) l),"
		       " o.at_ms, o.total_poisha, o.collect_poisha, coalesce(o.qty,0)"
		       " FROM r_ord o JOIN orders_pii p ON p.device_id = o.device_id AND p.seq = o.seq"
		       " WHERE o.ord = %" PRId64 " ORDER BY o.at_ms, o.device_id, o.seq",
		       cur_ord);
	if (rq_prepare(q, sql, &s) != 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_delivery *d;

		if (rq_grow(q, (void **)&r->deliveries, &dcap, r->n_deliveries, sizeof *d) != 0) {
			(void)sqlite3_finalize(s);
			return -1;
		}
		d = &r->deliveries[r->n_deliveries++];
		d->order_no = rq_col_str(q, s, 0);
		d->name = rq_col_str(q, s, 1);
		d->phone = rq_col_str(q, s, 2);
		d->address = rq_col_str(q, s, 3);
		d->district = rq_col_str(q, s, 4);
		d->seller = rq_col_str(q, s, 5);
		d->method = rq_col_str(q, s, 6);
		d->trx = rq_col_str(q, s, 7);
		d->items = rq_col_str(q, s, 8);
		d->at_ms = sqlite3_column_int64(s, 9);
		d->total = sqlite3_column_int64(s, 10);
		d->collect = sqlite3_column_int64(s, 11);
		d->qty = sqlite3_column_int64(s, 12);
		if (!d->order_no || !d->name || !d->phone || !d->address || !d->district ||
		    !d->seller || !d->method || !d->trx || !d->items) {
			(void)sqlite3_finalize(s);
			return rq_oom(q);
		}
	}
	return rq_done(q, s, rc);
}

