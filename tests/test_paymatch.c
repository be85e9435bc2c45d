/* test_paymatch.c - unit tests for kiosk/core/paymatch.c: matched, missing,
 * amount_mismatch and unknown; one payment pays one order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/paymatch.h"

static struct paymatch_order order(const char *no, const char *trx, int64_t poisha)
{
	struct paymatch_order o;

	memset(&o, 0, sizeof o);
	(void)snprintf(o.order_no, sizeof o.order_no, "%s", no);
	(void)snprintf(o.trx, sizeof o.trx, "%s", trx);
	o.method = PAY_BKASH;
	o.amount_poisha = poisha;
	return o;
}

static struct paymsg pay(const char *trx, int64_t poisha)
{
	struct paymsg p;

	memset(&p, 0, sizeof p);
	(void)snprintf(p.trx, sizeof p.trx, "%s", trx);
	p.wallet = PAY_BKASH;
	p.amount_poisha = poisha;
	return p;
}

static void test_statuses(void **state)
{
	struct paymatch_order o[4];
	struct paymsg p[4];
	struct paymatch_slot slots[4];
	struct paymatch_row rows[8];
	int n;

	(void)state;
	o[0] = order("A", "TRX0000001", 72000);   /* paid right */
	o[1] = order("B", "TRX0000002", 50000);   /* paid less */
	o[2] = order("C", "TRX0000003", 10000);   /* nothing came */
	o[3] = order("D", "TRX0000001", 72000);   /* reuses A's TrxID */
	p[0] = pay("TRX0000009", 100);            /* nobody's */
	p[1] = pay("TRX0000002", 40000);
	p[2] = pay("TRX0000001", 72000);
	p[3] = pay("TRX0000008", 200);            /* nobody's */
	n = paymatch_run(o, 4, p, 4, slots, rows);
	assert_int_equal(n, 6);
	assert_int_equal(rows[0].order, 0);
	assert_int_equal(rows[0].payment, 2);
	assert_int_equal(rows[0].status, PAYMATCH_MATCHED);
	assert_int_equal(rows[1].status, PAYMATCH_AMOUNT_MISMATCH);
	assert_int_equal(rows[1].payment, 1);
	assert_int_equal(rows[2].status, PAYMATCH_MISSING);
	assert_int_equal(rows[2].payment, -1);
	assert_int_equal(rows[3].status, PAYMATCH_MISSING); /* one payment, one order */
	assert_int_equal(rows[3].payment, -1);
	assert_int_equal(rows[4].order, -1);
	assert_int_equal(rows[4].status, PAYMATCH_UNKNOWN);
	assert_int_equal(rows[4].payment, 3);               /* by TrxID */
	assert_int_equal(rows[5].payment, 0);
	assert_string_equal(paymatch_status_code(rows[1].status), "amount_mismatch");
	assert_string_equal(paymatch_status_code(PAYMATCH_UNKNOWN), "unknown");
}

static void test_empty(void **state)
{
	struct paymatch_order o = order("A", "TRX0000001", 1);
	struct paymsg p = pay("TRX0000001", 1);
	struct paymatch_slot slot;
	struct paymatch_row rows[2];

	(void)state;
	assert_int_equal(paymatch_run(NULL, 0, NULL, 0, NULL, rows), 0);
	assert_int_equal(paymatch_run(&o, 1, NULL, 0, NULL, rows), 1);
	assert_int_equal(rows[0].status, PAYMATCH_MISSING);
	assert_int_equal(paymatch_run(NULL, 0, &p, 1, &slot, rows), 1);
	assert_int_equal(rows[0].status, PAYMATCH_UNKNOWN);
}

static void test_one(void **state)
{
	struct paymatch_order o = order("A", "TRX0000001", 72000);
	struct paymsg p = pay("TRX0000001", 72000), q = pay("TRX0000001", 72100);

	(void)state;
	assert_int_equal(paymatch_one(&o, &p, 0), PAYMATCH_MATCHED);
	assert_int_equal(paymatch_one(&o, &q, 0), PAYMATCH_AMOUNT_MISMATCH);
	assert_int_equal(paymatch_one(&o, &p, 1), PAYMATCH_MISSING);
	assert_int_equal(paymatch_one(&o, NULL, 0), PAYMATCH_MISSING);
	assert_string_equal(paymatch_status_text(PAYMATCH_MATCHED, 1), "টাকা এসেছে");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
