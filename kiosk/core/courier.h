/* courier.h - a courier's delivery-status export (Steadfast, Pathao, RedX)
 * as pure rules: which column holds what, each courier's status words as
 * delivered, returned, cancelled or still on its way, and how risky cash on
 * delivery is for a customer with such a record.
 * Pure: libc only (with csv, phone, order); no store, no clock. */
#ifndef KIOSK_COURIER_H
#define KIOSK_COURIER_H

#include "csv.h"
#include "kerr.h"
#include "order.h"
#include "phone.h"

#define COURIER_REF_MAX 64

enum courier_name { COURIER_STEADFAST, COURIER_PATHAO, COURIER_REDX, COURIER_OTHER, COURIER_COUNT };

enum courier_status { CST_PENDING, CST_DELIVERED, CST_RETURNED, CST_CANCELLED, CST_COUNT };

/* "steadfast", "pathao", "redx", "other"; "pending", "delivered", ... */
const char *courier_code(enum courier_name c);
const char *courier_status_code(enum courier_status s);
/* "steadfast" -> COURIER_STEADFAST; -1 for an unknown name. */
int courier_parse(const char *code, enum courier_name *c);

/* One courier's status word (any case, spaces, '-' or '_'): the table of
 * that courier first ("partial_delivered", "Paid Return", "agent-returning"),
 * then words any courier uses. Unknown words are CST_PENDING. */
enum courier_status courier_status_of(enum courier_name c, const char *text);

/* Columns of an export: consignment (or tracking) id, our invoice or order
 * number, the customer's phone and the status; -1 when absent. */
struct courier_cols {
	enum courier_name courier;
	int ref, invoice, phone, status;
};

/* Read the header row. courier is the --courier hint (COURIER_COUNT: tell
 * from the header's words). Returns 0, or -1 with err when there is no
 * status column or neither a consignment nor an invoice column. */
int courier_header(const struct csv_record *rec, enum courier_name courier,
		   struct courier_cols *cols, char err[KERR_LEN]);

struct courier_row {
	enum courier_name courier;
	char ref[COURIER_REF_MAX];       /* consignment id, else the invoice */
	char invoice[COURIER_REF_MAX];   /* what we sent as invoice ("" none) */
	char phone[PHONE_LEN];           /* normalised, "" when absent or no BD mobile */
	enum courier_status status;
	long line;
};

/* One data row. Returns 1 with *row; 0 for an empty row; -1 with err (no
 * reference, a reference too long). */
int courier_row_parse(const struct courier_cols *cols, const struct csv_record *rec,
		      struct courier_row *row, char err[KERR_LEN]);

/* Cash on delivery risk of a customer by their parcels: COURIER_RISK_NEW
 * with no finished parcel, COURIER_RISK_HIGH when returned and cancelled
 * make a third or more of the finished ones, else COURIER_RISK_LOW. */
enum courier_risk { COURIER_RISK_NEW, COURIER_RISK_LOW, COURIER_RISK_HIGH };
enum courier_risk courier_risk_of(long delivered, long returned, long cancelled);
const char *courier_risk_code(enum courier_risk r);

#endif
