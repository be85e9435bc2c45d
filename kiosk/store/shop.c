/* shop.c - catalog, orders and feedback against the store: journal bodies
 * out, projection rows in. Adapter: sqlite3 via store; no SDL, no files. */
#include "shop.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/districts.h"
#include "core/jsonw.h"
#include "core/utf8.h"
#include "db.h"
#include "shop_pii.h"
#include "store.h"
#include "vault.h"

#define BODY_MAX 16384

static void copy(char *dst, size_t cap, const unsigned char *src)
{
	(void)snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

int shop_catalog_load(struct store *st, struct shop_item *items, int cap, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc, n = 0;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT c.item_id, c.seller, c.product, coalesce(c.image,''), c.tags,"
			       " c.price_poisha, CASE WHEN k.left IS NULL THEN -1 WHEN k.left < 0 THEN 0"
			       " ELSE k.left END, c.category FROM catalog c"
			       " JOIN stock k ON k.item_id = c.item_id"
			       " ORDER BY c.seller, c.product", -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "cannot read the catalog: %s", sqlite3_errmsg(store_db(st)));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < cap) {
		struct shop_item *it = &items[n++];

		copy(it->id, sizeof it->id, sqlite3_column_text(s, 0));
		copy(it->seller, sizeof it->seller, sqlite3_column_text(s, 1));
		copy(it->product, sizeof it->product, sqlite3_column_text(s, 2));
		copy(it->image, sizeof it->image, sqlite3_column_text(s, 3));
		copy(it->tags, sizeof it->tags, sqlite3_column_text(s, 4));
		it->price_poisha = sqlite3_column_int64(s, 5);
		it->left = sqlite3_column_int64(s, 6);
		/* -1 not counted; oversold across devices (offline desks merged
		 * by sync) reads 0, never -1 */
		it->kind = catalog_kind_parse((const char *)sqlite3_column_text(s, 7));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return kerr(err, "cannot read the catalog: %s", sqlite3_errmsg(store_db(st)));
	return n;
}

static void tags_join(const struct catalog_row *row, char *out, size_t cap)
{
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < row->ntags; i++) {
		int n = snprintf(out + o, cap - o, "%s%s", i ? ", " : "", row->tag[i]);

		if (n < 0 || (size_t)n >= cap - o)
			break; /* cannot happen: cap holds CATALOG_TAGS_MAX tags */
		o += (size_t)n;
	}
}

int shop_catalog_is_same(struct store *st, const struct catalog_row *row, char err[KERR_LEN])
{
	char tags[CATALOG_TAGS_MAX * CATALOG_TAG_MAX];
	sqlite3_stmt *s;
	int rc;

	tags_join(row, tags, sizeof tags);
	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT 1 FROM catalog WHERE item_id=?1 AND seller=?2 AND product=?3"
			       " AND price_poisha=?4 AND stock IS ?5 AND coalesce(image,'')=?6"
			       " AND tags=?7 AND category=?8", -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "cannot read the catalog: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(s, 1, row->id, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(s, 2, row->seller, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(s, 3, row->product, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(s, 4, row->price_poisha) ||
	    (row->stock >= 0 ? sqlite3_bind_int64(s, 5, row->stock) : sqlite3_bind_null(s, 5)) ||
	    sqlite3_bind_text(s, 6, row->image, -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(s, 7, tags, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(s, 8, catalog_kind_code(row->kind), -1, SQLITE_STATIC)) {
		sqlite3_finalize(s);
		return kerr(err, "cannot read the catalog: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return kerr(err, "cannot read the catalog: %s", sqlite3_errmsg(store_db(st)));
}

int shop_catalog_append(struct store *st, const struct catalog_row *row, int64_t now_ms,
			char err[KERR_LEN])
{
	char body[BODY_MAX], tags[CATALOG_TAGS_MAX * CATALOG_TAG_MAX];
	struct jsonw w;

	tags_join(row, tags, sizeof tags);
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "id", row->id);
	jsonw_str(&w, "seller", row->seller);
	jsonw_str(&w, "product", row->product);
	jsonw_int(&w, "price_poisha", row->price_poisha);
	if (row->stock >= 0)
		jsonw_int(&w, "stock", row->stock);
	if (row->image[0])
		jsonw_str(&w, "image", row->image);
	jsonw_str(&w, "tags", tags);
	if (row->kind != CATALOG_KIND_OTHER)
		jsonw_str(&w, "category", catalog_kind_code(row->kind));
	if (jsonw_end(&w) != 0)
		return kerr(err, "line %ld: the row is too long", row->line);
	return store_append(st, now_ms, "catalog_item", body, NULL, err);
}

/* The seq the next entry of this device will get. Only this thread writes
 * this device's entries, so the prediction holds until the append. */
static int next_seq(struct store *st, int64_t *seq, char err[KERR_LEN])
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT coalesce(max(seq),0)+1 FROM journal"
				" WHERE device_id=?1", -1, &s, NULL) != SQLITE_OK)
		return kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
	if (sqlite3_bind_text(s, 1, store_device_id(st), -1, SQLITE_STATIC) != SQLITE_OK ||
	    (rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return kerr(err, "cannot read the journal: %s", sqlite3_errmsg(store_db(st)));
	}
	*seq = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return 0;
}

/* Under the write lock: every counted line still has its quantity left, now
 * that other desks on this store may have sold some since the form was filled. */
static int stock_holds(struct store *st, const struct order_draft *d, char err[KERR_LEN])
{
	static const char sql[] = "SELECT left FROM stock WHERE item_id=?1";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int i, rc;

	if (!s)
		return -1;
	for (i = 0; i < d->nlines; i++) {
		const struct order_line *l = &d->lines[i];
		int64_t left = -1;
		int counted = 0;

		if (l->qty <= 0)
			continue;
		if (sqlite3_bind_text(s, 1, l->item_id, -1, SQLITE_STATIC) != SQLITE_OK) {
			sqlite3_reset(s);
			return kerr(err, "cannot read the stock: %s", sqlite3_errmsg(store_db(st)));
		}
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
			left = sqlite3_column_int64(s, 0);
			counted = 1;
		}
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return kerr(err, "cannot read the stock: %s", sqlite3_errmsg(store_db(st)));
		/* below 0 when desks sold offline past it (merged by sync): none
		 * left, not "not counted" */
		if (counted && order_item_qty(d, i) > left)
			return kerr(err, "only %" PRId64 " of '%s' left", left < 0 ? 0 : left, l->name);
	}
	return 0;
}

static int order_append_locked(struct store *st, const struct order_draft *d,
			       const struct order_checked *c, const char *seller, int64_t now_ms,
			       char no_out[ORDER_NO_LEN], char err[KERR_LEN]);

/* The event an order or a feedback is taken at (the store's current one),
 * into the body as "event": the report counts it for that meetup. Without
 * it an entry went by its time alone, to the event whose start is nearest;
 * between two events without a window (one a month in one store) an order
 * taken at the first then counted for the second when the second was made
 * sooner after the meetup than the first before it. */
static void put_event(struct store *st, struct jsonw *w)
{
	char ev[64];

	if (store_meta_get(st, "event_id", ev, sizeof ev) > 0)
		jsonw_str(w, "event", ev);
}

/* Under the write lock: SHOP_TRX_CLAIMED with the number of the standing
 * order that names trx already (the oldest, as the matcher takes it), 0
 * none, -1 with err. */
static int trx_holds(struct store *st, const char *trx, char no_out[ORDER_NO_LEN],
		     char err[KERR_LEN])
{
	static const char sql[] = "SELECT order_no FROM active_orders WHERE trx = ?1"
				  " ORDER BY at_ms, device_id, seq LIMIT 1";
	int r;

	if (!trx || !trx[0])
		return 0;
	if ((r = store_first_text(st, sql, trx, "orders", no_out, ORDER_NO_LEN, err)) <= 0)
		return r;
	kerr(err, "TrxID %s is on order %s already (one payment pays one order)", trx, no_out);
	return SHOP_TRX_CLAIMED;
}

/* The stock check, the order number (the next seq of this device) and the
 * entry in one write transaction: parallel desks on one store neither oversell
 * nor get an order stored under another number than the one they print. */
int shop_order_append(struct store *st, const struct order_draft *d,
		      const struct order_checked *c, const char *seller, int64_t now_ms,
		      char no_out[ORDER_NO_LEN], char err[KERR_LEN])
{
	int own, ok, claimed = 0;

	if (store_write_begin(st, &own, err) != 0)
		return -1;
	ok = stock_holds(st, d, err) == 0 && (claimed = trx_holds(st, c->trx, no_out, err)) == 0 &&
	     order_append_locked(st, d, c, seller, now_ms, no_out, err) == 0;
	if (store_write_end(st, own, ok, err) != 0)
		return claimed == SHOP_TRX_CLAIMED ? SHOP_TRX_CLAIMED : -1;
	return 0;
}

static int order_append_locked(struct store *st, const struct order_draft *d,
			       const struct order_checked *c, const char *seller, int64_t now_ms,
			       char no_out[ORDER_NO_LEN], char err[KERR_LEN])
{
	char body[2 * BODY_MAX], no[ORDER_NO_LEN];
	const struct pii_field pii[] = {
		{"name", d->name}, {"phone", c->phone}, {"address", d->address},
	};
	struct jsonw w;
	int64_t seq = 0, got = 0;

	if (next_seq(st, &seq, err) != 0)
		return -1;
	if (order_no_format(store_device_id(st), seq, no) != 0)
		return kerr(err, "cannot make an order number for seq %" PRId64, seq);
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "no", no);
	put_event(st, &w);
	if (seller)
		jsonw_str(&w, "seller", seller);
	jsonw_str(&w, "district", district_at(c->district)->en);
	if (shop_pii_put(st, &w, pii, 3, c->phone, err) != 0)
		return -1;
	jsonw_str(&w, "method", pay_rule(d->method)->code);
	if (c->trx[0])
		jsonw_str(&w, "trx", c->trx);
	jsonw_int(&w, "total_poisha", c->total_poisha);
	jsonw_int(&w, "collect_poisha", c->collect_poisha);
	if (c->delivery_poisha > 0)
		jsonw_int(&w, "delivery_poisha", c->delivery_poisha);
	jsonw_array(&w, "items");
	for (int i = 0; i < d->nlines; i++) {
		const struct order_line *l = &d->lines[i];

		if (l->qty <= 0)
			continue;
		jsonw_object(&w, NULL);
		jsonw_str(&w, "id", l->item_id);
		jsonw_str(&w, "product", l->name);
		jsonw_int(&w, "qty", l->qty);
		jsonw_int(&w, "unit_poisha", l->unit_poisha);
		jsonw_close(&w);
	}
	jsonw_close(&w);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the order is too long to store");
	if (store_append(st, now_ms, "order", body, &got, err) != 0)
		return -1;
	if (got != seq) /* a programmer error: someone else wrote this device's journal */
		return kerr(err, "order %s stored as seq %" PRId64 ", not %" PRId64, no, got, seq);
	memcpy(no_out, no, ORDER_NO_LEN);
	return 0;
}

static int order_cancel_locked(struct store *st, const char *no, const char *reason,
			       int64_t now_ms, char err[KERR_LEN])
{
	char body[1024];
	struct jsonw w;
	sqlite3_stmt *s;
	int rc, known = 0, cancelled = 0;

	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT (SELECT count(*) FROM orders WHERE order_no=?1),"
			       " (SELECT count(*) FROM order_cancels WHERE order_no=?1)",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, no, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return kerr(err, "cannot read the orders: %s", sqlite3_errmsg(store_db(st)));
	}
	known = sqlite3_column_int(s, 0);
	cancelled = sqlite3_column_int(s, 1);
	sqlite3_finalize(s);
	if (!known)
		return kerr(err, "no order '%s'", no);
	if (cancelled)
		return kerr(err, "order '%s' is already cancelled", no);
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "no", no);
	if (reason && *reason)
		jsonw_str(&w, "reason", reason);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the reason is too long");
	return store_append(st, now_ms, "order_cancelled", body, NULL, err);
}

int shop_order_cancel(struct store *st, const char *no, const char *reason, int64_t now_ms,
		      char err[KERR_LEN])
{
	int own, ok;

	/* "already cancelled?" is read under the write lock: one cancel entry. */
	if (store_write_begin(st, &own, err) != 0)
		return -1;
	ok = order_cancel_locked(st, no, reason, now_ms, err) == 0;
	return store_write_end(st, own, ok, err);
}

int shop_customer_find(struct store *st, const char *phone, int with_roster,
		       struct shop_customer *out, char err[KERR_LEN])
{
	/* By the phone's blind index; only the newest order is decrypted. */
	sqlite3_stmt *s;
	int rc;

	/* ?3 (with_roster) 0: the roster is not even read (the order desk). */
	memset(out, 0, sizeof *out);
	/* Guests of the door's roster (issue 14): by the phone's blind index,
	 * or in clear in a row from before. */
#define GUEST_BY_PHONE " WHERE ?3 AND (a.phone_bi = ?1 OR (substr(a.pii,1,3) <> 's1.'" \
	" AND json_extract(a.pii,'$.phone') = ?2))"
	if (sqlite3_prepare_v2(store_db(st),
			       "WITH last AS (SELECT device_id, seq FROM orders"
			       "  WHERE " SHOP_PII_BY_PHONE("") " ORDER BY at_ms DESC LIMIT 1)"
			       " SELECT (SELECT count(*) FROM active_orders WHERE " SHOP_PII_BY_PHONE("") "),"
			       " (SELECT count(*) FROM attendees a" GUEST_BY_PHONE "),"
			       " (SELECT o.name FROM orders_pii o JOIN last USING(device_id, seq)),"
			       " (SELECT o.district FROM orders o JOIN last USING(device_id, seq)),"
			       " (SELECT o.address FROM orders_pii o JOIN last USING(device_id, seq)),"
			       " (SELECT name FROM attendees_pii a" GUEST_BY_PHONE
			       "   ORDER BY at_ms DESC LIMIT 1)",
			       -1, &s, NULL) != SQLITE_OK) {
		kerr(err, "cannot look the customer up: %s", sqlite3_errmsg(store_db(st)));
		sqlite3_finalize(s);
		return -1;
	}
	if (sqlite3_bind_int(s, 3, with_roster != 0) != SQLITE_OK) {
		kerr(err, "cannot look the customer up: %s", sqlite3_errmsg(store_db(st)));
		sqlite3_finalize(s);
		return -1;
	}
	if (shop_pii_bind_phone(st, s, phone, err) != 0) {
		sqlite3_finalize(s);
		return -1;
	}
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		kerr(err, "cannot look the customer up: %s", sqlite3_errmsg(store_db(st)));
		sqlite3_finalize(s);
		return -1;
	}
	out->orders = sqlite3_column_int(s, 0);
	out->meetups = sqlite3_column_int(s, 1);
	if (sqlite3_column_type(s, 2) != SQLITE_NULL)
		copy(out->name, sizeof out->name, sqlite3_column_text(s, 2));
	else
		copy(out->name, sizeof out->name, sqlite3_column_text(s, 5));
	copy(out->district, sizeof out->district, sqlite3_column_text(s, 3));
	copy(out->address, sizeof out->address, sqlite3_column_text(s, 4));
	sqlite3_finalize(s);
	return out->orders > 0 || out->meetups > 0;
}

int shop_feedback_append(struct store *st, const struct shop_feedback *f, int64_t now_ms,
			 int64_t *seq_out, char err[KERR_LEN])
{
	char body[8192];
	const struct pii_field pii[] = {{"comment", f->comment}, {"phone", f->phone}};
	struct jsonw w;

	if (f->face < 1 || f->face > 4)
		return kerr(err, "face %d is not 1 to 4", f->face);
	{
		/* The screen cleans what is typed (utf8_field_clean); this is the
		 * last gate before the journal, for every other caller. */
		const char *const text[] = {f->comment, f->tags};
		char why[64];

		for (int i = 0; i < 2; i++)
			if (text[i] && utf8_field_check(text[i], why, sizeof why) != 0)
				return kerr(err, "the %s holds %s", i ? "tags" : "comment", why);
	}
	jsonw_init(&w, body, sizeof body);
	put_event(st, &w);
	if (f->item_id) {
		jsonw_str(&w, "item", f->item_id);
		jsonw_str(&w, "product", f->product);
	}
	if (f->seller)
		jsonw_str(&w, "seller", f->seller);
	jsonw_int(&w, "face", f->face);
	if (f->tags && *f->tags)
		jsonw_str(&w, "tags", f->tags);
	if (shop_pii_put(st, &w, pii, 2, f->phone, err) != 0)
		return -1;
	if (f->flagged)
		jsonw_int(&w, "flagged", 1);
	if (f->lang)
		jsonw_str(&w, "lang", f->lang);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the feedback is too long to store");
	return store_append(st, now_ms, "feedback", body, seq_out, err);
}
