/* test_jsonw.c - kiosk/core/jsonw.c: the bytes of journal bodies (hashed
 * forever, so they must never change), arrays and nesting, escaping,
 * overflow and unbalanced calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/jsonw.h"

/* An attendee_added body as cmd_attendees.c writes it. */
static void test_flat_body_bytes(void **state)
{
	char buf[512];
	struct jsonw w;

	(void)state;
	jsonw_init(&w, buf, sizeof buf);
	jsonw_str(&w, "id", "ev1-7");
	jsonw_str(&w, "event", "ev1");
	jsonw_int(&w, "serial", 7);
	jsonw_str(&w, "name", "ফারহানা \"Fara\" \\ A\x01\xff");
	jsonw_str(&w, "phone", NULL);
	jsonw_int(&w, "type_id", -3);
	assert_int_equal(jsonw_end(&w), 0);
	assert_string_equal(buf, "{\"id\":\"ev1-7\",\"event\":\"ev1\",\"serial\":7,"
			    "\"name\":\"ফারহানা \\\"Fara\\\" \\\\ A\\u0001\\u00ff\","
			    "\"phone\":null,\"type_id\":-3}");
	assert_int_equal(w.len, strlen(buf));
}

/* An order body with its items array: the same bytes store/shop.c wrote
 * when it spliced the array in by hand (checked against the old binary's
 * journal when the splicing went). */
static void test_order_body_bytes(void **state)
{
	char buf[1024];
	struct jsonw w;

	(void)state;
	jsonw_init(&w, buf, sizeof buf);
	jsonw_str(&w, "no", "K7Q2-0001");
	jsonw_str(&w, "seller", "রিনার রান্নাঘর");
	jsonw_str(&w, "name", "Rahim \"R\" উদ্দিন");
	jsonw_str(&w, "phone", "+8801712345678");
	jsonw_str(&w, "district", "Dhaka");
	jsonw_str(&w, "address", "Road 1, House\\2");
	jsonw_str(&w, "method", "bkash");
	jsonw_str(&w, "trx", "8N7A6B5C4D");
	jsonw_int(&w, "total_poisha", 72000);
	jsonw_int(&w, "collect_poisha", 0);
	jsonw_array(&w, "items");
	jsonw_object(&w, NULL);
	jsonw_str(&w, "id", "pa53289c47ea368e8");
	jsonw_str(&w, "product", "আমের আচার");
	jsonw_int(&w, "qty", 2);
	jsonw_int(&w, "unit_poisha", 25000);
	jsonw_close(&w);
	jsonw_object(&w, NULL);
	jsonw_str(&w, "id", "p84336e9cf715ac24");
	jsonw_str(&w, "product", "জলপাইয়ের আচার");
	jsonw_int(&w, "qty", 1);
	jsonw_int(&w, "unit_poisha", 22000);
	jsonw_close(&w);
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), 0);
	assert_string_equal(buf,
		"{\"no\":\"K7Q2-0001\",\"seller\":\"রিনার রান্নাঘর\",\"name\":\"Rahim \\\"R\\\" উদ্দিন\","
		"\"phone\":\"+8801712345678\",\"district\":\"Dhaka\",\"address\":\"Road 1, House\\\\2\","
		"\"method\":\"bkash\",\"trx\":\"8N7A6B5C4D\",\"total_poisha\":72000,\"collect_poisha\":0,"
		"\"items\":[{\"id\":\"pa53289c47ea368e8\",\"product\":\"আমের আচার\",\"qty\":2,"
		"\"unit_poisha\":25000},{\"id\":\"p84336e9cf715ac24\",\"product\":\"জলপাইয়ের আচার\","
		"\"qty\":1,\"unit_poisha\":22000}]}");
}

static void test_nesting_and_empty(void **state)
{
	char buf[256];
	struct jsonw w;

	(void)state;
	jsonw_init(&w, buf, sizeof buf);
	jsonw_array(&w, "empty");
	jsonw_close(&w);
	jsonw_object(&w, "o");
	jsonw_array(&w, "a");
	jsonw_str(&w, NULL, "x");
	jsonw_int(&w, NULL, 1);
	jsonw_array(&w, NULL);
	jsonw_close(&w);
	jsonw_close(&w);
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), 0);
	assert_string_equal(buf, "{\"empty\":[],\"o\":{\"a\":[\"x\",1,[]]}}");

	jsonw_init(&w, buf, sizeof buf);
	assert_int_equal(jsonw_end(&w), 0);
	assert_string_equal(buf, "{}");
}

static void test_misuse_is_refused(void **state)
{
	char buf[256];
	struct jsonw w;
	int i;

	(void)state;
	jsonw_init(&w, buf, sizeof buf); /* left open */
	jsonw_array(&w, "a");
	assert_int_equal(jsonw_end(&w), -1);

	jsonw_init(&w, buf, sizeof buf); /* a key inside an array */
	jsonw_array(&w, "a");
	jsonw_int(&w, "k", 1);
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), -1);

	jsonw_init(&w, buf, sizeof buf); /* no key inside an object */
	jsonw_int(&w, NULL, 1);
	assert_int_equal(jsonw_end(&w), -1);

	jsonw_init(&w, buf, sizeof buf); /* closing the body early */
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), -1);

	jsonw_init(&w, buf, sizeof buf); /* too deep */
	for (i = 0; i < JSONW_DEPTH; i++)
		jsonw_array(&w, i ? NULL : "a");
	assert_int_equal(w.overflow, 1);
}

static void test_overflow(void **state)
{
	char buf[16];
	struct jsonw w;

	(void)state;
	jsonw_init(&w, buf, sizeof buf);
	jsonw_str(&w, "name", "far too long for sixteen bytes");
	assert_int_equal(jsonw_end(&w), -1);
	assert_true(strlen(buf) < sizeof buf);

	/* Exactly full: 15 characters and the NUL. */
	jsonw_init(&w, buf, sizeof buf);
	jsonw_str(&w, "k", "1234567");
	assert_int_equal(jsonw_end(&w), 0);
	assert_string_equal(buf, "{\"k\":\"1234567\"}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat_body_bytes),
		cmocka_unit_test(test_order_body_bytes),
		cmocka_unit_test(test_nesting_and_empty),
		cmocka_unit_test(test_misuse_is_refused),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
