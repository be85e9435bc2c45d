/* shop_export.h - the orders and feedback as the exports and lists read them,
 * one row at a time to a callback (no row limit, no copy).
 * Adapter: store + sqlite3 (the order and feedback projections of schema.c). */
#ifndef KIOSK_STORE_SHOP_EXPORT_H
#define KIOSK_STORE_SHOP_EXPORT_H

#include <stdint.h>

#include "core/kerr.h"

struct store;

/* An order not cancelled, for the courier export. Strings are "" for NULL and
 * valid during the call. */
struct shop_export_order {
	const char *order_no, *name, *phone, *address, *district;
	int64_t collect_poisha, total_poisha;
	const char *seller, *method, *trx;
	int64_t at_ms;
	const char *items;   /* "2 x Shari; 1 x Panjabi" in line order */
	const char *qty;     /* the items' total quantity, as text */
};

/* Call fn for every active order by time. Returns 0, or -1 with err. */
int shop_export_orders(struct store *st,
		       void (*fn)(void *ctx, const struct shop_export_order *o), void *ctx,
		       char err[KERR_LEN]);

/* Any order, for `kiosk orders list`; strings valid during the call. */
struct shop_export_listed {
	const char *order_no, *name, *phone, *district, *method;
	int64_t total_poisha, collect_poisha;
	const char *status;  /* "ok" or "cancelled" */
};

/* Call fn for every order, cancelled ones too, by time. Returns 0, or -1. */
int shop_export_order_list(struct store *st,
			   void (*fn)(void *ctx, const struct shop_export_listed *o), void *ctx,
			   char err[KERR_LEN]);

/* One feedback; strings are "" for NULL and valid during the call. */
struct shop_export_feedback {
	int64_t at_ms;
	const char *seller, *product;
	int face;            /* 1 very unhappy .. 4 very happy */
	const char *tags, *comment, *phone;
	int flagged;
	const char *device;
	int64_t seq;
};

/* Call fn for every feedback by time. Returns 0, or -1 with err. */
int shop_export_feedback(struct store *st,
			 void (*fn)(void *ctx, const struct shop_export_feedback *f), void *ctx,
			 char err[KERR_LEN]);

#endif
