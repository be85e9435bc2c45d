/* shop_rows.h - the rows the shop's store side (store/shop.h) returns and its
 * screens (ui/screen_shop.h) show or hand back: a product, a returning
 * customer, a guest's feedback. Pure data: no calls. */
#ifndef KIOSK_SHOP_ROWS_H
#define KIOSK_SHOP_ROWS_H

#include <stdint.h>

#include "catalog.h"
#include "order.h"

/* One product as the screens show it (the catalog view + stock left). */
struct shop_item {
	char id[CATALOG_ID_LEN];
	char seller[CATALOG_TEXT_MAX];
	char product[CATALOG_TEXT_MAX];
	char image[1024];         /* an absolute path after import */
	char tags[CATALOG_TAGS_MAX * CATALOG_TAG_MAX];  /* "taste, packaging" */
	int64_t price_poisha;
	int64_t left;          /* stock left, -1 not counted */
};

struct shop_customer {
	char name[ORDER_TEXT_MAX];
	char district[64];
	char address[ORDER_TEXT_MAX];
	int orders;      /* earlier orders with this phone */
	int meetups;     /* roster rows with this phone */
};

/* What a guest said. item_id/seller/product NULL: the whole meetup. */
struct shop_feedback {
	const char *seller, *item_id, *product;
	int face;                 /* FEEDBACK_FACE_MIN..MAX */
	const char *tags;         /* comma-separated, may be "" */
	const char *comment;      /* may be "" */
	const char *phone;        /* normalised or "" */
	int flagged;              /* part of a burst */
	const char *lang;
};

#endif
