/* test_courier.c - unit tests for kiosk/core/courier.c: each courier's status
 * words, the columns of Steadfast, Pathao and RedX exports, rows, and the
 * cash-on-delivery risk rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/courier.h"

static void test_status_words(void **state)
{
	(void)state;
	assert_int_equal(courier_status_of(COURIER_STEADFAST, "partial_delivered"), CST_DELIVERED);
	assert_int_equal(courier_status_of(COURIER_STEADFAST, "delivered_approval_pending"), CST_DELIVERED);
	assert_int_equal(courier_status_of(COURIER_STEADFAST, "cancelled"), CST_CANCELLED);
	assert_int_equal(courier_status_of(COURIER_STEADFAST, "in_review"), CST_PENDING);
	assert_int_equal(courier_status_of(COURIER_STEADFAST, "hold"), CST_PENDING);
	assert_int_equal(courier_status_of(COURIER_PATHAO, "Paid Return"), CST_RETURNED);
	assert_int_equal(courier_status_of(COURIER_PATHAO, "Partial Delivery"), CST_DELIVERED);
	assert_int_equal(courier_status_of(COURIER_PATHAO, "Pickup Cancelled"), CST_CANCELLED);
	assert_int_equal(courier_status_of(COURIER_REDX, "agent-returning"), CST_RETURNED);
	assert_int_equal(courier_status_of(COURIER_REDX, "delivery-in-progress"), CST_PENDING);
	assert_int_equal(courier_status_of(COURIER_REDX, "pickup-pending"), CST_PENDING);
	assert_int_equal(courier_status_of(COURIER_REDX, " Delivered "), CST_DELIVERED);
	/* words any courier uses */
	assert_int_equal(courier_status_of(COURIER_OTHER, "Returned to merchant"), CST_RETURNED);
	assert_int_equal(courier_status_of(COURIER_OTHER, "in transit"), CST_PENDING);
	assert_int_equal(courier_status_of(COURIER_OTHER, "Out for delivery"), CST_PENDING);
	assert_int_equal(courier_status_of(COURIER_OTHER, ""), CST_PENDING);
	assert_int_equal(courier_status_of(COURIER_OTHER, NULL), CST_PENDING);
}

static struct csv_record rec(long line, int n, char **f)
{
	struct csv_record r;

	memset(&r, 0, sizeof r);
	r.line = line;
	r.n = n;
	for (int i = 0; i < n; i++)
		r.field[i] = f[i];
	return r;
}

static void test_headers(void **state)
{
	struct courier_cols c;
	char err[KERR_LEN];
	char *sf[] = {"consignment_id", "invoice", "tracking_code", "recipient_phone", "delivery_status"};
	char *pa[] = {"Consignment ID", "Merchant Order ID", "Recipient Name", "Order Status"};
	char *rx[] = {"Tracking ID", "Merchant Invoice ID", "Customer Phone", "Status"};
	char *no[] = {"invoice", "amount"};
	struct csv_record r;

	(void)state;
	r = rec(1, 5, sf);
	assert_int_equal(courier_header(&r, COURIER_COUNT, &c, err), 0);
	assert_int_equal(c.courier, COURIER_STEADFAST);
	assert_int_equal(c.ref, 0);
	assert_int_equal(c.invoice, 1);
	assert_int_equal(c.phone, 3);
	assert_int_equal(c.status, 4);
	r = rec(1, 4, pa);
	assert_int_equal(courier_header(&r, COURIER_COUNT, &c, err), 0);
	assert_int_equal(c.courier, COURIER_PATHAO);
	assert_int_equal(c.phone, -1);
	r = rec(1, 4, rx);
	assert_int_equal(courier_header(&r, COURIER_COUNT, &c, err), 0);
	assert_int_equal(c.courier, COURIER_REDX);
	assert_int_equal(courier_header(&r, COURIER_PATHAO, &c, err), 0);
	assert_int_equal(c.courier, COURIER_PATHAO); /* --courier wins */
	r = rec(1, 2, no);
	assert_int_equal(courier_header(&r, COURIER_COUNT, &c, err), -1);
	assert_non_null(strstr(err, "no status column"));
}

static void test_rows_and_risk(void **state)
{
	struct courier_cols c;
	struct courier_row row;
	char err[KERR_LEN];
	char *h[] = {"consignment_id", "invoice", "recipient_phone", "delivery_status"};
	char *a[] = {"1424107", "ABCD-0001-X", "01711000001", "partial_delivered"};
	char *b[] = {"", "ABCD-0002-X", "not a phone", "cancelled"};
	char *e[] = {"", "", "", ""};
	char *bad[] = {"", "", "01711000001", "delivered"};
	struct csv_record r = rec(1, 4, h);

	(void)state;
	assert_int_equal(courier_header(&r, COURIER_COUNT, &c, err), 0);
	r = rec(2, 4, a);
	assert_int_equal(courier_row_parse(&c, &r, &row, err), 1);
	assert_string_equal(row.ref, "1424107");
	assert_string_equal(row.invoice, "ABCD-0001-X");
	assert_string_equal(row.phone, "+8801711000001");
	assert_int_equal(row.status, CST_DELIVERED);
	r = rec(3, 4, b);
	assert_int_equal(courier_row_parse(&c, &r, &row, err), 1);
	assert_string_equal(row.ref, "ABCD-0002-X"); /* the invoice when no consignment */
	assert_string_equal(row.phone, "");
	r = rec(4, 4, e);
	assert_int_equal(courier_row_parse(&c, &r, &row, err), 0);
	r = rec(5, 4, bad);
	assert_int_equal(courier_row_parse(&c, &r, &row, err), -1);
	assert_non_null(strstr(err, "line 5"));
	assert_int_equal(courier_risk_of(0, 0, 0), COURIER_RISK_NEW);
	assert_int_equal(courier_risk_of(3, 1, 0), COURIER_RISK_LOW);   /* 1 of 4 */
	assert_int_equal(courier_risk_of(2, 0, 1), COURIER_RISK_HIGH);  /* 1 of 3 */
	assert_int_equal(courier_risk_of(1, 2, 1), COURIER_RISK_HIGH);
	assert_string_equal(courier_risk_code(COURIER_RISK_HIGH), "high");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_words),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_rows_and_risk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
