/* test_order.c - unit tests for kiosk/core/order.c: totals in poisha, quantity
 * limits, validation order, TrxID shapes per method, order numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/order.h"

static struct order_line line(const char *name, int64_t unit, int qty, int64_t stock)
{
	struct order_line l;

	memset(&l, 0, sizeof l);
	(void)snprintf(l.name, sizeof l.name, "%s", name);
	l.unit_poisha = unit;
	l.qty = qty;
	l.stock = stock;
	return l;
}

static void test_total(void **state)
{
	struct order_line l[3] = {line("a", 25050, 2, -1), line("b", 99, 3, -1), line("c", 0, 5, -1)};
	int64_t t = -7;

	(void)state;
	assert_int_equal(order_total(l, 3, &t), 0);
	assert_int_equal(t, 2 * 25050 + 3 * 99);
	assert_int_equal(order_total(l, 0, &t), 0);
	assert_int_equal(t, 0);
	/* Over the limit or a negative price: refused, *total untouched. */
	t = 42;
	l[0] = line("big", ORDER_TOTAL_MAX, 2, -1);
	assert_int_equal(order_total(l, 1, &t), -1);
	assert_int_equal(t, 42);
	l[0] = line("neg", -1, 1, -1);
	assert_int_equal(order_total(l, 1, &t), -1);
	l[0] = line("q", 100, ORDER_QTY_MAX + 1, -1);
	assert_int_equal(order_total(l, 1, &t), -1);
	/* The largest allowed total is exact (no float rounding). */
	l[0] = line("max", ORDER_TOTAL_MAX / 4, 4, -1);
	assert_int_equal(order_total(l, 1, &t), 0);
	assert_int_equal(t, ORDER_TOTAL_MAX);
}

static void test_qty_limits(void **state)
{
	struct order_line l = line("x", 100, 0, 3);

	(void)state;
	assert_int_equal(order_line_set_qty(&l, 2), 2);
	assert_int_equal(order_line_set_qty(&l, 5), 3);  /* stock */
	assert_int_equal(l.qty, 3);
	assert_int_equal(order_line_set_qty(&l, -4), 0);
	l.stock = -1;
	assert_int_equal(order_line_set_qty(&l, 500), ORDER_QTY_MAX);
	l.stock = 0;
	assert_int_equal(order_line_set_qty(&l, 1), 0);  /* sold out */
}

static void expect_trx(enum pay_method m, const char *in, int ok, const char *stored)
{
	char out[ORDER_TRX_MAX], err[KERR_LEN];
	int r = pay_trx_check(m, in, out, err);

	if (r != (ok ? 0 : -1))
		fail_msg("%s '%s': got %d (%s)", pay_rule(m)->code, in, r, r ? err : "");
	if (ok)
		assert_string_equal(out, stored);
}

static void test_trx_shapes(void **state)
{
	(void)state;
	/* bKash: 10 uppercase alphanumerics; lowercase typed is uppercased. */
	expect_trx(PAY_BKASH, "9BX7K2L1QA", 1, "9BX7K2L1QA");
	expect_trx(PAY_BKASH, "9bx7k2l1qa", 1, "9BX7K2L1QA");
	expect_trx(PAY_BKASH, " 9BX7-K2L1 QA ", 1, "9BX7K2L1QA");
	expect_trx(PAY_BKASH, "9BX7K2L1Q", 0, NULL);
	expect_trx(PAY_BKASH, "9BX7K2L1QAB", 0, NULL);
	expect_trx(PAY_BKASH, "9BX7K2L1Q!", 0, NULL);
	expect_trx(PAY_BKASH, "", 0, NULL);
	/* Nagad: 8 to 10 letters and digits. */
	expect_trx(PAY_NAGAD, "7AB3C9D2", 1, "7AB3C9D2");
	expect_trx(PAY_NAGAD, "7ab3C9D2xy", 1, "7ab3C9D2xy");
	expect_trx(PAY_NAGAD, "7AB3C9D", 0, NULL);
	expect_trx(PAY_NAGAD, "7AB3C9D2XYZ", 0, NULL);
	expect_trx(PAY_NAGAD, "7AB3C9D_", 0, NULL);
	/* Rocket: 10 digits. */
	expect_trx(PAY_ROCKET, "1234567890", 1, "1234567890");
	expect_trx(PAY_ROCKET, "123456789A", 0, NULL);
	expect_trx(PAY_ROCKET, "123456789", 0, NULL);
	/* Cash, card, cash on delivery take none. */
	expect_trx(PAY_CASH, "", 1, "");
	expect_trx(PAY_CARD, NULL, 1, "");
	expect_trx(PAY_COD, "123", 0, NULL);
	/* Bengali digits are not a TrxID (the SMS shows ASCII). */
	expect_trx(PAY_ROCKET, "১২৩৪৫৬৭৮৯০", 0, NULL);
}

static void test_pay_parse(void **state)
{
	enum pay_method m;

	(void)state;
	for (int i = 0; i < PAY_COUNT; i++) {
		assert_int_equal(pay_parse(pay_rule((enum pay_method)i)->code, &m), 0);
		assert_int_equal(m, i);
	}
	assert_int_equal(pay_parse("paypal", &m), -1);
	assert_null(pay_rule(PAY_COUNT));
}

static struct order_line cart[2];

static struct order_draft good_draft(void)
{
	struct order_draft d = {
		.lines = cart, .nlines = 2, .name = "নুসরাত জাহান", .phone = "০১৭১১-২২২৩৩৩",
		.district = "চট্টগ্রাম", .address = "House 5, Road 2", .method = PAY_BKASH,
		.trx = "9bx7k2l1qa", .collect_poisha = -1,
	};

	cart[0] = line("আচার", 25000, 2, 10);
	cart[1] = line("Shawl", 120050, 1, -1);
	return d;
}

static void test_check(void **state)
{
	struct order_draft d = good_draft();
	struct order_checked c;

	(void)state;
	assert_int_equal(order_check(&d, &c), ORDER_OK);
	assert_int_equal(c.total_poisha, 170050);
	assert_int_equal(c.collect_poisha, 0);
	assert_string_equal(c.phone, "+8801711222333");
	assert_string_equal(c.trx, "9BX7K2L1QA");
	assert_int_equal(c.district, 9); /* Chattogram in the alphabetical table */

	d = good_draft(); d.method = PAY_COD; d.trx = "";
	assert_int_equal(order_check(&d, &c), ORDER_OK);
	assert_int_equal(c.collect_poisha, 170050);
	d.delivery_poisha = 10000;
	d.collect_poisha = 180050; /* with the delivery charge, part of the total */
	assert_int_equal(order_check(&d, &c), ORDER_OK);
	assert_int_equal(c.collect_poisha, 180050);

	d = good_draft(); cart[0].qty = 0; cart[1].qty = 0;
	assert_int_equal(order_check(&d, &c), ORDER_E_EMPTY);
	d = good_draft(); cart[0].qty = 11;
	c.bad_line = -1;
	assert_int_equal(order_check(&d, &c), ORDER_E_STOCK);
	assert_int_equal(c.bad_line, 0);
	d = good_draft(); cart[1].qty = 100;
	assert_int_equal(order_check(&d, &c), ORDER_E_QTY);
	d = good_draft(); d.phone = "01211222333";
	assert_int_equal(order_check(&d, &c), ORDER_E_PHONE);
	d = good_draft(); d.name = "  ";
	assert_int_equal(order_check(&d, &c), ORDER_E_NAME);
	d = good_draft(); d.district = "Kolkata";
	assert_int_equal(order_check(&d, &c), ORDER_E_DISTRICT);
	d = good_draft(); d.address = "";
	assert_int_equal(order_check(&d, &c), ORDER_E_ADDRESS);
	d = good_draft(); d.trx = "SHORT";
	assert_int_equal(order_check(&d, &c), ORDER_E_TRX);
	d = good_draft(); d.method = PAY_COD; d.trx = ""; d.collect_poisha = ORDER_TOTAL_MAX + 1;
	assert_int_equal(order_check(&d, &c), ORDER_E_COLLECT);
	/* More than the total would reach the courier's sheet and the report. */
	d = good_draft(); d.method = PAY_COD; d.trx = ""; d.collect_poisha = 170051;
	assert_int_equal(order_check(&d, &c), ORDER_E_COLLECT);
	d.delivery_poisha = 10000;
	d.collect_poisha = 180051;
	assert_int_equal(order_check(&d, &c), ORDER_E_COLLECT);
	d.collect_poisha = 0;
	assert_int_equal(order_check(&d, &c), ORDER_OK);
	/* Control characters would drive a terminal or break a listing. */
	{
		static const char *const bad[] = {"Evil\x1b]0;pwned\x07X", "Two\nLines", "a\tb",
						   "\r=1", "Rtl\xe2\x80\xae", "bad \xff"};

		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			d = good_draft(); d.name = bad[i];
			assert_int_equal(order_check(&d, &c), ORDER_E_TEXT);
			d = good_draft(); d.address = bad[i];
			assert_int_equal(order_check(&d, &c), ORDER_E_TEXT);
		}
	}
	d = good_draft(); d.method = PAY_COUNT; /* nothing chosen yet */
	assert_int_equal(order_check(&d, &c), ORDER_E_PAY);
	/* Every reason has text in both languages. */
	for (int r = 0; r < ORDER_REASON_COUNT; r++) {
		assert_true(strlen(order_reason_text((enum order_reason)r, 0)) > 1);
		assert_true(strlen(order_reason_text((enum order_reason)r, 1)) > 1);
	}
}

/* Cash is "ক্যাশ", apart from the Nagad wallet ("নগদ"); the TrxID hint and
 * errors come in the screen's language and digits, never English on the
 * Bengali screen. */
static void test_trx_words(void **state)
{
	char out[256];

	(void)state;
	assert_string_equal(i18n_bn(NULL, pay_rule(PAY_CASH)->en), "ক্যাশ");
	assert_string_equal(i18n_bn(NULL, pay_rule(PAY_NAGAD)->en), "নগদ");
	assert_true(pay_trx_hint(PAY_BKASH, 1, out, sizeof out) > 0);
	assert_string_equal(out, "বিকাশ-এর SMS-এ TrxID: ১০টি ইংরেজি অক্ষর ও সংখ্যা, যেমন 9AB1CD2EFG");
	assert_true(pay_trx_hint(PAY_NAGAD, 0, out, sizeof out) > 0);
	assert_string_equal(out, "The TrxID in the Nagad SMS: 8 to 10 letters and digits, e.g. 7AB3C9D2");
	assert_true(pay_trx_hint(PAY_ROCKET, 1, out, sizeof out) > 0);
	assert_non_null(strstr(out, "১০টি সংখ্যা"));
	assert_int_equal(pay_trx_hint(PAY_CASH, 1, out, sizeof out), 0);
	assert_int_equal(pay_trx_explain(PAY_BKASH, "9ab1cd2efg", 1, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(pay_trx_explain(PAY_BKASH, "9AB1CD2EF", 1, out, sizeof out), -1);
	assert_string_equal(out, "১০টি অক্ষর হওয়ার কথা, লেখা হয়েছে ৯টি");
	assert_int_equal(pay_trx_explain(PAY_BKASH, "9AB1CD2EF", 0, out, sizeof out), -1);
	assert_string_equal(out, "Should have 10 characters, not 9");
	assert_int_equal(pay_trx_explain(PAY_NAGAD, "7AB", 1, out, sizeof out), -1);
	assert_string_equal(out, "৮–১০টি অক্ষর হওয়ার কথা, লেখা হয়েছে ৩টি");
	assert_int_equal(pay_trx_explain(PAY_ROCKET, "12345ABCDE", 1, out, sizeof out), -1);
	assert_string_equal(out, "শুধু সংখ্যা হবে");
	assert_int_equal(pay_trx_explain(PAY_BKASH, "", 1, out, sizeof out), -1);
	assert_string_equal(out, "ট্রানজেকশন আইডি লিখুন");
	/* No Latin letters in a Bengali error line. */
	for (const char *p = out; *p; p++)
		assert_false((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'));
}

static void test_order_no(void **state)
{
	char a[ORDER_NO_LEN], b[ORDER_NO_LEN], bad[ORDER_NO_LEN];
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXY";

	(void)state;
	assert_int_equal(order_no_format("d0123456789abcdef", 42, a), 0);
	assert_int_equal(strlen(a), 11);
	assert_memory_equal(a + 4, "-0042-", 6);
	assert_true(order_no_is_valid(a));
	/* Same device and seq: same number; other device or seq: another. */
	assert_int_equal(order_no_format("d0123456789abcdef", 42, b), 0);
	assert_string_equal(a, b);
	assert_int_equal(order_no_format("d0123456789abcdee", 42, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(order_no_format("d0123456789abcdef", 43, b), 0);
	assert_string_not_equal(a, b);
	/* Long sequences grow, never wrap. */
	assert_int_equal(order_no_format("dx", 1234567, b), 0);
	assert_memory_equal(b + 4, "-1234567-", 9);
	assert_true(order_no_is_valid(b));
	assert_int_equal(order_no_format("dx", 0, b), -1);
	/* Lowercase is read back. */
	strcpy(bad, a);
	for (char *p = bad; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	assert_true(order_no_is_valid(bad));
	/* Every single-symbol change is caught. */
	for (size_t i = 0; i < strlen(a); i++) {
		if (a[i] == '-')
			continue;
		for (const char *s = alpha; *s; s++) {
			if (*s == a[i] || (i >= 5 && i <= 8 && (*s < '0' || *s > '9')))
				continue;
			strcpy(bad, a);
			bad[i] = *s;
			if (order_no_is_valid(bad))
				fail_msg("%s accepted (from %s)", bad, a);
		}
	}
	/* Swapping two different neighbouring digits is caught. */
	for (int64_t seq = 1; seq < 2000; seq++) {
		assert_int_equal(order_no_format("dkiosk", seq, a), 0);
		for (int i = 5; i < 8; i++) {
			if (a[i] == a[i + 1])
				continue;
			strcpy(bad, a);
			bad[i] = a[i + 1];
			bad[i + 1] = a[i];
			if (order_no_is_valid(bad))
				fail_msg("%s accepted (from %s)", bad, a);
		}
	}
	assert_false(order_no_is_valid("D3F2-0042"));
	assert_false(order_no_is_valid(""));
	assert_false(order_no_is_valid(NULL));
	assert_false(order_no_is_valid("D3F2-00A2-K"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_total),
		cmocka_unit_test(test_qty_limits),
		cmocka_unit_test(test_trx_shapes),
		cmocka_unit_test(test_pay_parse),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_order_no),
		cmocka_unit_test(test_trx_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
