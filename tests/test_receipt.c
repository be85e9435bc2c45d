/* test_receipt.c - unit tests for kiosk/core/receipt.c: the lines of a
 * guest's receipt in Bengali and English, the masked address, the wa.me link's
 * percent-encoding. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/receipt.h"

static struct receipt sample(void)
{
	struct receipt r;

	memset(&r, 0, sizeof r);
	snprintf(r.order_no, sizeof r.order_no, "D3F2-0042-K");
	snprintf(r.seller, sizeof r.seller, "রিনার রান্নাঘর");
	snprintf(r.phone, sizeof r.phone, "+8801712345678");
	snprintf(r.district, sizeof r.district, "Dhaka");
	snprintf(r.address, sizeof r.address, "বাড়ি ১২, রোড ৫, ধানমন্ডি");
	snprintf(r.items[0].name, sizeof r.items[0].name, "আমের আচার");
	r.items[0].qty = 2;
	r.items[0].unit_poisha = 25000;
	r.nitems = 1;
	r.delivery_poisha = 6000;
	r.total_poisha = 56000;
	r.method = PAY_COD;
	r.collect_poisha = 56000;
	return r;
}

static void test_mask(void **state)
{
	char out[128];

	(void)state;
	assert_true(receipt_mask_address("House 12, Road 5, Dhanmondi", out, sizeof out) > 0);
	assert_string_equal(out, "House 12, ***");
	assert_true(receipt_mask_address("বাড়ি ১২, রোড ৫", out, sizeof out) > 0);
	assert_string_equal(out, "বাড়ি ১২, ***");
	/* no comma: at most 16 characters, never half a character */
	assert_true(receipt_mask_address("বাংলাদেশের একটি খুব লম্বা ঠিকানা", out, sizeof out) > 0);
	assert_non_null(strstr(out, ", ***"));
	assert_true(receipt_mask_address("Dhanmondi", out, sizeof out) > 0);
	assert_string_equal(out, "Dhanmondi");
	assert_int_equal(receipt_mask_address("House 12, Road 5", out, 4), -1);
}

static void test_lines(void **state)
{
	struct receipt r = sample();
	char lines[RECEIPT_LINES_MAX][RECEIPT_LINE_MAX];
	int n;

	(void)state;
	n = receipt_lines(&r, 1, lines, RECEIPT_LINES_MAX);
	assert_int_equal(n, 7);
	assert_string_equal(lines[0], "বিক্রেতা: রিনার রান্নাঘর");
	assert_string_equal(lines[2], "২ × আমের আচার (৳২৫০) = ৳৫০০");
	assert_string_equal(lines[3], "ডেলিভারি চার্জ: ৳৬০");
	assert_string_equal(lines[4], "মোট: ৳৫৬০");
	assert_string_equal(lines[5], "পেমেন্ট: ক্যাশ অন ডেলিভারি · ডেলিভারিতে দেবেন ৳৫৬০");
	assert_string_equal(lines[6], "ডেলিভারি: বাড়ি ১২, ***, ঢাকা");
	r.method = PAY_NAGAD;
	snprintf(r.trx, sizeof r.trx, "7AB3C9D2");
	r.matched_known = 1;
	r.status = PAYMATCH_AMOUNT_MISMATCH;
	n = receipt_lines(&r, 0, lines, RECEIPT_LINES_MAX);
	assert_string_equal(lines[5], "Payment: Nagad · TrxID 7AB3C9D2 · Arrived with another amount");
	assert_string_equal(lines[6], "Delivery: বাড়ি ১২, ***, Dhaka");
	r.method = PAY_CASH;
	n = receipt_lines(&r, 1, lines, RECEIPT_LINES_MAX);
	assert_string_equal(lines[5], "পেমেন্ট: ক্যাশ · পরিশোধিত");
	assert_int_equal(receipt_lines(&r, 1, lines, 3), 3); /* never past max */
}

static void test_wa_link(void **state)
{
	struct receipt r = sample();
	char text[RECEIPT_TEXT_MAX], link[RECEIPT_TEXT_MAX * 3];

	(void)state;
	assert_true(receipt_text(&r, 0, text, sizeof text) > 0);
	assert_null(strchr(text + strlen(text) - 1, '\n'));
	assert_true(receipt_wa_link(&r, 0, link, sizeof link) > 0);
	assert_int_equal(strncmp(link, "https://wa.me/8801712345678?text=Seller%3A%20", 44), 0);
	assert_non_null(strstr(link, "%0AOrder%20number%3A%20D3F2-0042-K%0A"));
	assert_null(strchr(link + 30, ' '));
	assert_int_equal(receipt_wa_link(&r, 0, link, 40), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_wa_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
