/* payments.c - payment_received entries in, wallet orders and payments out.
 * Adapter: sqlite3 via store; no SDL, no files. */
#include "payments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "db.h"
#include "shop_pii.h"
#include "store.h"

static void copy(char *dst, size_t cap, const unsigned char *src)
{
	(void)snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

int payments_has(struct store *st, const char *trx, char err[KERR_LEN])
{
	return store_has(st, "SELECT 1 FROM payments WHERE trx=?1 LIMIT 1", trx, "payments", err);
}

int payments_append(struct store *st, const struct paymsg *p, const char *source,
		    int64_t now_ms, char err[KERR_LEN])
{
	char body[1024];
	const struct pii_field pii[] = {{"phone", p->phone}};
	struct jsonw w;

	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "wallet", pay_rule(p->wallet)->code);
	jsonw_str(&w, "trx", p->trx);
	jsonw_int(&w, "amount_poisha", p->amount_poisha);
	/* The payer's phone is theirs: sealed like the buyer's. */
	if (shop_pii_put(st, &w, pii, 1, p->phone, err) != 0)
		return -1;
	if (p->when[0])
		jsonw_str(&w, "paid_at", p->when);
	if (source)
		jsonw_str(&w, "source", source);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the payment %s is too long to store", p->trx);
	return store_append(st, now_ms, "payment_received", body, NULL, err);
}

void payments_book_release(struct payments_book *b)
{
	free(b->orders);
	free(b->pays);
	memset(b, 0, sizeof *b);
}

static const char orders_sql[] =
	"SELECT order_no, method, coalesce(trx,''), total_poisha, phone FROM active_orders_pii"
	" WHERE method IN ('bkash','nagad','rocket') ORDER BY at_ms, device_id, seq";
static const char pays_sql[] =
	"SELECT wallet, trx, amount_poisha, coalesce(phone,''), coalesce(paid_at,'')"
	" FROM payments_first_pii ORDER BY at_ms, device_id, seq";

/* Grow *arr (of size elem) to hold at least want; 0 or -1. */
static int grow(void **arr, int *cap, int want, size_t elem)
{
	void *n;
	int c = *cap ? *cap : 256;

	if (want <= *cap)
		return 0;
	while (c < want) {
		if (c > (1 << 26))
			return -1;
		c *= 2;
	}
	if (!(n = realloc(*arr, (size_t)c * elem)))
		return -1;
	*arr = n;
	*cap = c;
	return 0;
}

static void order_row(sqlite3_stmt *s, struct paymatch_order *o)
{
	memset(o, 0, sizeof *o);
	copy(o->order_no, sizeof o->order_no, sqlite3_column_text(s, 0));
	if (pay_parse((const char *)sqlite3_column_text(s, 1), &o->method) != 0)
		o->method = PAY_COUNT;
	copy(o->trx, sizeof o->trx, sqlite3_column_text(s, 2));
	o->amount_poisha = sqlite3_column_int64(s, 3);
	copy(o->phone, sizeof o->phone, sqlite3_column_text(s, 4));
}

static void pay_row(sqlite3_stmt *s, int first, struct paymsg *p)
{
	memset(p, 0, sizeof *p);
	if (pay_parse((const char *)sqlite3_column_text(s, first), &p->wallet) != 0)
		p->wallet = PAY_COUNT;
	copy(p->trx, sizeof p->trx, sqlite3_column_text(s, first + 1));
	p->amount_poisha = sqlite3_column_int64(s, first + 2);
	copy(p->phone, sizeof p->phone, sqlite3_column_text(s, first + 3));
	copy(p->when, sizeof p->when, sqlite3_column_text(s, first + 4));
}

int payments_load(struct store *st, struct payments_book *b, char err[KERR_LEN])
{
	sqlite3_stmt *s = NULL;
	int rc, cap = 0;

	memset(b, 0, sizeof *b);
	if (sqlite3_prepare_v2(store_db(st), orders_sql, -1, &s, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (grow((void **)&b->orders, &cap, b->norders + 1, sizeof *b->orders) != 0) {
			sqlite3_finalize(s);
			payments_book_release(b);
			return kerr(err, "out of memory reading the orders");
		}
		order_row(s, &b->orders[b->norders++]);
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	cap = 0;
	if (sqlite3_prepare_v2(store_db(st), pays_sql, -1, &s, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (grow((void **)&b->pays, &cap, b->npays + 1, sizeof *b->pays) != 0) {
			sqlite3_finalize(s);
			payments_book_release(b);
			return kerr(err, "out of memory reading the payments");
		}
		pay_row(s, 0, &b->pays[b->npays++]);
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	return 0;
fail:
	kerr(err, "cannot read the payments: %s", sqlite3_errmsg(store_db(st)));
	sqlite3_finalize(s);
	payments_book_release(b);
	return -1;
}

int payments_order_status(struct store *st, const char *no, enum paymatch_status *status,
			  struct paymsg *pay, char err[KERR_LEN])
{
	/* The order, whether an earlier standing order names its TrxID, and the
	 * first payment with that TrxID, in one trip. */
	static const char sql[] =
		"SELECT o.order_no, o.method, coalesce(o.trx,''), o.total_poisha, o.phone,"
		" EXISTS(SELECT 1 FROM active_orders e WHERE e.trx = o.trx"
		"   AND (e.at_ms, e.device_id, e.seq) < (o.at_ms, o.device_id, o.seq)),"
		" p.wallet, p.trx, p.amount_poisha, coalesce(p.phone,''), coalesce(p.paid_at,'')"
		" FROM active_orders_pii o LEFT JOIN payments_first_pii p ON p.trx = o.trx"
		" WHERE o.order_no = ?1 AND o.method IN ('bkash','nagad','rocket') LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	struct paymatch_order o;
	int rc, claimed, has_pay;

	if (!s)
		return -1;
	memset(pay, 0, sizeof *pay);
	if (sqlite3_bind_text(s, 1, no, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read the order: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		kerr(err, "cannot read the order: %s", sqlite3_errmsg(store_db(st)));
		sqlite3_reset(s);
		return -1;
	}
	order_row(s, &o);
	claimed = sqlite3_column_int(s, 5);
	has_pay = sqlite3_column_type(s, 7) != SQLITE_NULL;
	if (has_pay)
		pay_row(s, 6, pay);
	sqlite3_reset(s);
	*status = paymatch_one(&o, has_pay ? pay : NULL, claimed);
	return 1;
}

/* Bind order number no to ?1 of s and step: 1 with a row to read (reset s
 * after), 0 with none, -1 on error (s reset either way when not 1). */
static int order_row_step(struct store *st, sqlite3_stmt *s, const char *no, char err[KERR_LEN])
{
	int rc;

	if (sqlite3_bind_text(s, 1, no, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read the order: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		kerr(err, "cannot read the order: %s", sqlite3_errmsg(store_db(st)));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int payments_order_open(struct store *st, const char *no, struct shop_opened *out,
			char err[KERR_LEN])
{
	static const char sql[] =
		"SELECT o.order_no, o.name, coalesce(o.seller,''), o.total_poisha, o.method,"
		" coalesce(o.trx,''),"
		" EXISTS(SELECT 1 FROM order_cancels x WHERE x.order_no = o.order_no)"
		" FROM orders_pii o WHERE o.order_no = ?1 ORDER BY o.at_ms LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	struct paymsg pay;
	int rc;

	memset(out, 0, sizeof *out);
	out->received_poisha = -1;
	if (!s)
		return -1;
	if ((rc = order_row_step(st, s, no, err)) != 1)
		return rc;
	copy(out->order_no, sizeof out->order_no, sqlite3_column_text(s, 0));
	copy(out->name, sizeof out->name, sqlite3_column_text(s, 1));
	copy(out->seller, sizeof out->seller, sqlite3_column_text(s, 2));
	out->total_poisha = sqlite3_column_int64(s, 3);
	if (pay_parse((const char *)sqlite3_column_text(s, 4), &out->method) != 0)
		out->method = PAY_CASH;
	copy(out->trx, sizeof out->trx, sqlite3_column_text(s, 5));
	out->cancelled = sqlite3_column_int(s, 6);
	sqlite3_reset(s);
	if (out->cancelled)
		return 1;
	rc = payments_order_status(st, out->order_no, &out->status, &pay, err);
	if (rc < 0)
		return -1;
	out->is_wallet = rc == 1;
	if (rc == 1 && pay.trx[0])
		out->received_poisha = pay.amount_poisha;
	return 1;
}

int payments_seller_set(struct store *st, const struct shop_seller_pay *p, int64_t now_ms,
			char err[KERR_LEN])
{
	static const enum pay_method wallets[] = {PAY_BKASH, PAY_NAGAD, PAY_ROCKET};
	char body[2048];
	struct jsonw w;

	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "seller", p->seller);
	for (size_t i = 0; i < sizeof wallets / sizeof wallets[0]; i++)
		if (p->number[wallets[i]][0])
			jsonw_str(&w, pay_rule(wallets[i])->code, p->number[wallets[i]]);
	if (p->qr[0])
		jsonw_str(&w, "qr", p->qr);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the seller's payment settings are too long to store");
	return store_append(st, now_ms, "seller_payment", body, NULL, err);
}

int payments_sellers_load(struct store *st, struct shop_seller_pay *out, int cap,
			  char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc, n = 0;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT seller, coalesce(bkash,''), coalesce(nagad,''),"
			       " coalesce(rocket,''), coalesce(qr,'') FROM seller_pay ORDER BY seller",
			       -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "cannot read the sellers: %s", sqlite3_errmsg(store_db(st)));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < cap) {
		struct shop_seller_pay *p = &out[n++];

		memset(p, 0, sizeof *p);
		copy(p->seller, sizeof p->seller, sqlite3_column_text(s, 0));
		copy(p->number[PAY_BKASH], sizeof p->number[0], sqlite3_column_text(s, 1));
		copy(p->number[PAY_NAGAD], sizeof p->number[0], sqlite3_column_text(s, 2));
		copy(p->number[PAY_ROCKET], sizeof p->number[0], sqlite3_column_text(s, 3));
		copy(p->qr, sizeof p->qr, sqlite3_column_text(s, 4));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kerr(err, "cannot read the sellers: %s", sqlite3_errmsg(store_db(st)));
	return n;
}

int payments_receipt_load(struct store *st, const char *no, struct receipt *r,
			  char err[KERR_LEN])
{
	static const char head_sql[] =
		"SELECT o.order_no, coalesce(o.seller,''), o.name, o.phone, o.district, o.address,"
		" o.delivery_poisha, o.total_poisha, o.collect_poisha, o.method, coalesce(o.trx,''),"
		" o.device_id, o.seq FROM active_orders_pii o WHERE o.order_no = upper(?1) LIMIT 1";
	static const char lines_sql[] =
		"SELECT product, qty, unit_poisha FROM order_lines WHERE device_id = ?1 AND seq = ?2"
		" ORDER BY line";
	sqlite3_stmt *s = store_stmt(st, head_sql, err), *l;
	struct paymsg pay;
	char dev[64];
	int64_t seq;
	int rc;

	memset(r, 0, sizeof *r);
	if (!s)
		return -1;
	if ((rc = order_row_step(st, s, no, err)) != 1)
		return rc;
	copy(r->order_no, sizeof r->order_no, sqlite3_column_text(s, 0));
	copy(r->seller, sizeof r->seller, sqlite3_column_text(s, 1));
	copy(r->name, sizeof r->name, sqlite3_column_text(s, 2));
	copy(r->phone, sizeof r->phone, sqlite3_column_text(s, 3));
	copy(r->district, sizeof r->district, sqlite3_column_text(s, 4));
	copy(r->address, sizeof r->address, sqlite3_column_text(s, 5));
	r->delivery_poisha = sqlite3_column_int64(s, 6);
	r->total_poisha = sqlite3_column_int64(s, 7);
	r->collect_poisha = sqlite3_column_int64(s, 8);
	if (pay_parse((const char *)sqlite3_column_text(s, 9), &r->method) != 0)
		r->method = PAY_CASH;
	copy(r->trx, sizeof r->trx, sqlite3_column_text(s, 10));
	copy(dev, sizeof dev, sqlite3_column_text(s, 11));
	seq = sqlite3_column_int64(s, 12);
	sqlite3_reset(s);
	if (!(l = store_stmt(st, lines_sql, err)))
		return -1;
	if (sqlite3_bind_text(l, 1, dev, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(l, 2, seq) != SQLITE_OK) {
		sqlite3_reset(l);
		return kerr(err, "cannot read the order: %s", sqlite3_errmsg(store_db(st)));
	}
	while ((rc = sqlite3_step(l)) == SQLITE_ROW && r->nitems < ORDER_LINES_MAX) {
		struct receipt_item *it = &r->items[r->nitems++];

		copy(it->name, sizeof it->name, sqlite3_column_text(l, 0));
		it->qty = sqlite3_column_int(l, 1);
		it->unit_poisha = sqlite3_column_int64(l, 2);
	}
	sqlite3_reset(l);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kerr(err, "cannot read the order: %s", sqlite3_errmsg(store_db(st)));
	if (store_meta_get(st, "event_name", r->event, sizeof r->event) < 0)
		r->event[0] = '\0';
	/* A wallet order's money as matched; only "arrived" counts as known
	 * for the guest (before the SMS are imported nothing is). */
	rc = payments_order_status(st, r->order_no, &r->status, &pay, err);
	if (rc < 0)
		return -1;
	r->matched_known = rc == 1 && pay.trx[0];
	return 1;
}
