/* courier.c - delivery-status exports of Steadfast, Pathao and RedX: column
 * words and status words, one table per courier. Pure: libc only. */
#include "courier.h"

#include <stdio.h>
#include <string.h>

static const char *const courier_codes[COURIER_COUNT] = {"steadfast", "pathao", "redx", "other"};
static const char *const status_codes[CST_COUNT] = {"pending", "delivered", "returned",
						    "cancelled"};

const char *courier_code(enum courier_name c)
{
	return (int)c >= 0 && c < COURIER_COUNT ? courier_codes[c] : "?";
}

const char *courier_status_code(enum courier_status s)
{
	return (int)s >= 0 && s < CST_COUNT ? status_codes[s] : "?";
}

int courier_parse(const char *code, enum courier_name *c)
{
	for (int i = 0; i < COURIER_COUNT && code; i++)
		if (strcmp(code, courier_codes[i]) == 0) {
			*c = (enum courier_name)i;
			return 0;
		}
	return -1;
}

/* text folded for comparing: lowercase letters and digits, every run of
 * space, '-', '_' or '.' as one '_', trimmed. */
static void fold(const char *text, char *out, size_t cap)
{
	size_t o = 0;
	int gap = 0;

	for (const char *p = text ? text : ""; *p && o + 2 < cap; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t' || c == '(' ||
		    c == ')' || c == '*' || c == '/') {
			gap = o > 0;
			continue;
		}
		if (gap)
			out[o++] = '_';
		gap = 0;
		out[o++] = c;
	}
	out[o] = '\0';
}

struct word { const char *w; enum courier_status s; };

/* Each courier's words (folded). Steadfast's come from its API's delivery
 * statuses (pending, delivered_approval_pending, partial_delivered, cancelled,
 * hold, in_review, unknown); Pathao's from its order statuses (Pending,
 * Delivered, Partial Delivery, Return, Paid Return, Cancelled, Hold); RedX's
 * from its parcel tracking (pickup-pending, delivery-in-progress, delivered,
 * agent-returning, returned, cancelled). */
static const struct word words[COURIER_COUNT][16] = {
	[COURIER_STEADFAST] = {
		{"delivered", CST_DELIVERED}, {"partial_delivered", CST_DELIVERED},
		{"delivered_approval_pending", CST_DELIVERED},
		{"partial_delivered_approval_pending", CST_DELIVERED},
		{"cancelled", CST_CANCELLED}, {"cancelled_approval_pending", CST_CANCELLED},
		{"returned", CST_RETURNED}, {"pending", CST_PENDING}, {"hold", CST_PENDING},
		{"in_review", CST_PENDING}, {"unknown", CST_PENDING},
		{"unknown_approval_pending", CST_PENDING}, {NULL, CST_PENDING},
	},
	[COURIER_PATHAO] = {
		{"delivered", CST_DELIVERED}, {"partial_delivery", CST_DELIVERED},
		{"partial_delivered", CST_DELIVERED}, {"return", CST_RETURNED},
		{"returned", CST_RETURNED}, {"paid_return", CST_RETURNED},
		{"cancelled", CST_CANCELLED}, {"pickup_cancelled", CST_CANCELLED},
		{"pending", CST_PENDING}, {"hold", CST_PENDING}, {"on_hold", CST_PENDING},
		{"in_transit", CST_PENDING}, {NULL, CST_PENDING},
	},
	[COURIER_REDX] = {
		{"delivered", CST_DELIVERED}, {"partially_delivered", CST_DELIVERED},
		{"returned", CST_RETURNED}, {"agent_returning", CST_RETURNED},
		{"return_in_progress", CST_RETURNED}, {"cancelled", CST_CANCELLED},
		{"canceled", CST_CANCELLED}, {"rejected", CST_CANCELLED},
		{"pickup_pending", CST_PENDING}, {"delivery_in_progress", CST_PENDING},
		{"agent_hold", CST_PENDING}, {NULL, CST_PENDING},
	},
	[COURIER_OTHER] = {{NULL, CST_PENDING}},
};

enum courier_status courier_status_of(enum courier_name c, const char *text)
{
	char f[64];

	fold(text, f, sizeof f);
	if ((int)c >= 0 && c < COURIER_COUNT)
		for (int i = 0; words[c][i].w; i++)
			if (strcmp(f, words[c][i].w) == 0)
				return words[c][i].s;
	/* Words any courier uses; "in progress" and "pending" stay pending. */
	if (strstr(f, "pending") || strstr(f, "progress") || strstr(f, "transit") ||
	    strstr(f, "for_deliver") || strstr(f, "to_deliver"))
		return CST_PENDING;
	if (strstr(f, "return"))
		return CST_RETURNED;
	if (strstr(f, "cancel"))
		return CST_CANCELLED;
	if (strstr(f, "deliver"))
		return CST_DELIVERED;
	return CST_PENDING;
}

enum { K_REF, K_INVOICE, K_PHONE, K_STATUS, K_COUNT };

/* Header words (folded) per column kind, Steadfast's, Pathao's and RedX's. */
static const char *const col_words[K_COUNT][12] = {
	[K_REF] = {"consignment_id", "consignmentid", "consignment", "tracking_id", "trackingid",
		   "tracking_code", "tracking", "cid", "parcel_id", NULL},
	[K_INVOICE] = {"invoice", "invoice_id", "merchant_order_id", "merchantorderid",
		       "merchant_invoice_id", "merchantinvoiceid", "invoice_number", "order_id",
		       "merchant_invoice", NULL},
	[K_PHONE] = {"recipient_phone", "recipientphone", "customer_phone", "customerphone",
		     "phone", "mobile", "contact_no", "recipient_number", NULL},
	[K_STATUS] = {"delivery_status", "deliverystatus", "order_status", "orderstatus",
		      "current_status", "currentstatus", "status", "parcel_status", NULL},
};

int courier_header(const struct csv_record *rec, enum courier_name courier,
		   struct courier_cols *cols, char err[KERR_LEN])
{
	int k[K_COUNT] = {-1, -1, -1, -1};
	int steadfast = 0, pathao = 0, redx = 0;

	for (int i = 0; i < rec->n; i++) {
		char f[64];

		fold(rec->field[i], f, sizeof f);
		for (int kind = 0; kind < K_COUNT; kind++)
			for (int j = 0; col_words[kind][j]; j++)
				if (k[kind] < 0 && strcmp(f, col_words[kind][j]) == 0)
					k[kind] = i;
		steadfast |= strcmp(f, "delivery_status") == 0 || strcmp(f, "cod_amount") == 0 ||
			     strcmp(f, "tracking_code") == 0;
		pathao |= strstr(f, "merchant_order") != NULL || strstr(f, "merchantorder") != NULL ||
			  strcmp(f, "order_status") == 0;
		redx |= strstr(f, "merchant_invoice") != NULL || strcmp(f, "tracking_id") == 0 ||
			strstr(f, "cash_collection") != NULL;
	}
	if (k[K_STATUS] < 0)
		return kerr(err, "line %ld: no status column (status, delivery_status,"
			    " order_status, current_status)", rec->line);
	if (k[K_REF] < 0 && k[K_INVOICE] < 0)
		return kerr(err, "line %ld: no consignment or invoice column", rec->line);
	cols->ref = k[K_REF];
	cols->invoice = k[K_INVOICE];
	cols->phone = k[K_PHONE];
	cols->status = k[K_STATUS];
	if (courier != COURIER_COUNT)
		cols->courier = courier;
	else
		cols->courier = steadfast ? COURIER_STEADFAST : pathao ? COURIER_PATHAO
			      : redx ? COURIER_REDX : COURIER_OTHER;
	return 0;
}

static const char *cell(const struct csv_record *rec, int i)
{
	return i >= 0 && i < rec->n ? rec->field[i] : "";
}

/* A cell trimmed of spaces into out[cap]; -1 when it does not fit. */
static int trimmed(const char *s, char *out, size_t cap)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n >= cap)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int courier_row_parse(const struct courier_cols *cols, const struct csv_record *rec,
		      struct courier_row *row, char err[KERR_LEN])
{
	int empty = 1;

	for (int i = 0; i < rec->n; i++)
		if (rec->field[i][0])
			empty = 0;
	if (empty)
		return 0;
	memset(row, 0, sizeof *row);
	row->courier = cols->courier;
	row->line = rec->line;
	if (trimmed(cell(rec, cols->invoice), row->invoice, sizeof row->invoice) != 0 ||
	    trimmed(cell(rec, cols->ref), row->ref, sizeof row->ref) != 0)
		return kerr(err, "line %ld: the consignment or invoice is too long", rec->line);
	if (!row->ref[0])
		memcpy(row->ref, row->invoice, sizeof row->ref);
	if (!row->ref[0])
		return kerr(err, "line %ld: neither a consignment nor an invoice", rec->line);
	if (phone_normalise(cell(rec, cols->phone), row->phone) != 0)
		row->phone[0] = '\0';
	row->status = courier_status_of(cols->courier, cell(rec, cols->status));
	return 1;
}

enum courier_risk courier_risk_of(long delivered, long returned, long cancelled)
{
	long failed = returned + cancelled, done = delivered + failed;

	if (done <= 0)
		return COURIER_RISK_NEW;
	return failed * 3 >= done ? COURIER_RISK_HIGH : COURIER_RISK_LOW;
}

const char *courier_risk_code(enum courier_risk r)
{
	return r == COURIER_RISK_HIGH ? "high" : r == COURIER_RISK_LOW ? "low" : "new";
}
