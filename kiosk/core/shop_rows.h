/* shop_rows.h - the rows the shop's store side (store/shop.h) returns and its
 * screens (ui/screen_shop.h) show or hand back: a product, a returning
 * customer, a guest's feedback. Pure data: no calls. */
#ifndef KIOSK_SHOP_ROWS_H
#define KIOSK_SHOP_ROWS_H

#include <stdint.h>

#include "catalog.h"
#include "order.h"
#include "paymatch.h"

/* One product as the screens show it (the catalog view + stock left). */
struct shop_item {
	char id[CATALOG_ID_LEN];
	char seller[CATALOG_TEXT_MAX];
	char product[CATALOG_TEXT_MAX];
	char image[1024];         /* an absolute path after import */
	char tags[CATALOG_TAGS_MAX * CATALOG_TAG_MAX];  /* "taste, packaging" */
	int64_t price_poisha;
	int64_t left;          /* stock left, -1 not counted */
	enum catalog_kind kind; /* its feedback question */
};

struct shop_customer {
	char name[ORDER_TEXT_MAX];
	char district[64];
	char address[ORDER_TEXT_MAX];
	int orders;      /* earlier orders with this phone */
	int meetups;     /* roster rows with this phone */
	long delivered;  /* parcels the couriers delivered (kiosk courier import) */
	long returned;   /* parcels returned or cancelled */
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

/* Where a seller takes wallet money (`kiosk catalog seller`): a number per
 * wallet ("" when not set; index enum pay_method, only bKash, Nagad and
 * Rocket used) and the text of their own printed payment QR ("" none). */
#define SHOP_QR_TEXT_MAX 512
struct shop_seller_pay {
	char seller[CATALOG_TEXT_MAX];
	char number[PAY_COUNT][PHONE_LEN];   /* local form "01XXXXXXXXX" */
	char qr[SHOP_QR_TEXT_MAX];
};

/* An order the seller opens at the desk, with its payment as matched. */
struct shop_opened {
	char order_no[ORDER_NO_LEN];
	char name[ORDER_TEXT_MAX];
	char seller[CATALOG_TEXT_MAX];
	int64_t total_poisha;
	enum pay_method method;
	char trx[ORDER_TRX_MAX];
	int cancelled;
	int is_wallet;                 /* bKash, Nagad, Rocket: status below holds */
	enum paymatch_status status;
	int64_t received_poisha;       /* -1: nothing arrived with its TrxID */
};

#endif
