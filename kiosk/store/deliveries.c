/* deliveries.c - delivery_status entries in, a customer's parcel record out.
 * Adapter: sqlite3 via store; no SDL, no files. */
#include "deliveries.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonw.h"
#include "db.h"
#include "shop_pii.h"
#include "store.h"

/* The phone of our order numbered invoice (any case); 1 found, 0 not, -1 error. */
static int order_phone(struct store *st, const char *invoice, char phone[PHONE_LEN],
		       char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT phone FROM orders_pii WHERE order_no = upper(?1)"
				     " LIMIT 1", err);
	int rc;

	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, invoice, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		sqlite3_reset(s);
		return kerr(err, "cannot read the orders: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		(void)snprintf(phone, PHONE_LEN, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return kerr(err, "cannot read the orders: %s", sqlite3_errmsg(store_db(st)));
}

int deliveries_record(struct store *st, const struct courier_row *row, int64_t now_ms,
		      char err[KERR_LEN])
{
	char phone[PHONE_LEN], body[1024], bi[VAULT_BLIND_HEX];
	const struct pii_field pii[] = {{"phone", phone}};
	sqlite3_stmt *s;
	struct jsonw w;
	int rc, same = 0;

	(void)snprintf(phone, sizeof phone, "%s", row->phone);
	if (!phone[0]) {
		if (!row->invoice[0])
			return 2;
		rc = order_phone(st, row->invoice, phone, err);
		if (rc <= 0)
			return rc < 0 ? -1 : 2;
	}
	/* Unchanged: the same status for the same customer (by blind index). */
	if (vault_blind(st, "phone", phone, bi, err) != 0)
		return -1;
	s = store_stmt(st, "SELECT status = ?3 AND phone_bi IS ?4 FROM delivery_latest"
		       " WHERE courier = ?1 AND ref = ?2", err);
	if (!s)
		return -1;
	if (sqlite3_bind_text(s, 1, courier_code(row->courier), -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(s, 2, row->ref, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_text(s, 3, courier_status_code(row->status), -1, SQLITE_STATIC) ||
	    sqlite3_bind_text(s, 4, bi, -1, SQLITE_TRANSIENT)) {
		sqlite3_reset(s);
		return kerr(err, "cannot read the deliveries: %s", sqlite3_errmsg(store_db(st)));
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		same = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot read the deliveries: %s", sqlite3_errmsg(store_db(st)));
	if (same)
		return 0;
	jsonw_init(&w, body, sizeof body);
	jsonw_str(&w, "courier", courier_code(row->courier));
	jsonw_str(&w, "ref", row->ref);
	if (row->invoice[0])
		jsonw_str(&w, "invoice", row->invoice);
	if (shop_pii_put(st, &w, pii, 1, phone, err) != 0)
		return -1;
	jsonw_str(&w, "status", courier_status_code(row->status));
	if (jsonw_end(&w) != 0)
		return kerr(err, "line %ld: the parcel is too long to store", row->line);
	return store_append(st, now_ms, "delivery_status", body, NULL, err) == 0 ? 1 : -1;
}

int deliveries_counts(struct store *st, const char *phone, long counts[CST_COUNT],
		      char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT status, count(*) FROM delivery_latest"
				     " WHERE " SHOP_PII_BY_PHONE("") " GROUP BY status", err);
	int rc;

	for (int i = 0; i < CST_COUNT; i++)
		counts[i] = 0;
	if (!s)
		return -1;
	if (shop_pii_bind_phone(st, s, phone, err) != 0) {
		sqlite3_reset(s);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		for (int i = 0; i < CST_COUNT; i++)
			if (strcmp((const char *)sqlite3_column_text(s, 0), courier_status_code(i)) == 0)
				counts[i] = sqlite3_column_int(s, 1);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return kerr(err, "cannot read the deliveries: %s", sqlite3_errmsg(store_db(st)));
	return 0;
}

int deliveries_charges_set(struct store *st, int64_t inside_dhaka, int64_t outside,
			   int64_t now_ms, char err[KERR_LEN])
{
	char body[128];
	struct jsonw w;

	jsonw_init(&w, body, sizeof body);
	jsonw_int(&w, "inside_poisha", inside_dhaka);
	jsonw_int(&w, "outside_poisha", outside);
	if (jsonw_end(&w) != 0)
		return kerr(err, "the delivery charges do not fit");
	return store_append(st, now_ms, "delivery_charges", body, NULL, err);
}

int deliveries_charges_get(struct store *st, int64_t *inside_dhaka, int64_t *outside,
			   char err[KERR_LEN])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT inside_poisha, outside_poisha FROM"
				     " delivery_charge_entries ORDER BY at_ms DESC, device_id DESC,"
				     " seq DESC LIMIT 1", err);
	int rc;

	*inside_dhaka = *outside = 0;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*inside_dhaka = sqlite3_column_int64(s, 0);
		*outside = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return kerr(err, "cannot read the delivery charges: %s", sqlite3_errmsg(store_db(st)));
	return 0;
}
