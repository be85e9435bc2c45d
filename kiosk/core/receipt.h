/* receipt.h - the receipt a guest keeps: seller, items, delivery charge,
 * total, payment and its status, district and a masked address, the order
 * number; as lines of text (screen, PNG, printer) and as a message with a
 * wa.me link to send. Pure: libc only (order, paymatch, districts, money). */
#ifndef KIOSK_RECEIPT_H
#define KIOSK_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "order.h"
#include "paymatch.h"

#define RECEIPT_LINES_MAX (ORDER_LINES_MAX + 16)
#define RECEIPT_LINE_MAX 512
#define RECEIPT_TEXT_MAX (RECEIPT_LINES_MAX * RECEIPT_LINE_MAX)

struct receipt_item {
	char name[ORDER_TEXT_MAX];
	int qty;
	int64_t unit_poisha;
};

struct receipt {
	char order_no[ORDER_NO_LEN];
	char event[ORDER_TEXT_MAX];        /* the meetup's name, "" none */
	char seller[CATALOG_TEXT_MAX];
	char name[ORDER_TEXT_MAX];
	char phone[PHONE_LEN];             /* +880..., for the wa.me link */
	char district[64];                 /* English name as stored */
	char address[ORDER_TEXT_MAX];      /* in full: masked when shown */
	struct receipt_item items[ORDER_LINES_MAX];
	int nitems;
	int64_t delivery_poisha, total_poisha, collect_poisha;
	enum pay_method method;
	char trx[ORDER_TRX_MAX];
	int matched_known;                 /* 1: status below is from imported SMS */
	enum paymatch_status status;
};

/* The address with all but its first part hidden: "House 12, Road 5,
 * Dhanmondi" -> "House 12, ***" (at most 16 characters kept, never cut inside
 * a UTF-8 character). Returns the length or -1 if cap is too small. */
int receipt_mask_address(const char *address, char *out, size_t cap);

/* The receipt as lines in the language (Bengali words and digits when
 * bengali): lines[n][RECEIPT_LINE_MAX]. Returns the number of lines. */
int receipt_lines(const struct receipt *r, int bengali, char lines[][RECEIPT_LINE_MAX], int max);

/* The lines joined by newlines (the message a guest is sent). Returns the
 * length, or -1 if cap is too small. */
int receipt_text(const struct receipt *r, int bengali, char *out, size_t cap);

/* "https://wa.me/8801XXXXXXXXX?text=..." with the message percent-encoded
 * (RFC 3986 unreserved characters kept). Returns the length, or -1. */
int receipt_wa_link(const struct receipt *r, int bengali, char *out, size_t cap);

#endif
