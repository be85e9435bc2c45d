/* test_catalog.c - unit tests for kiosk/core/catalog.c: headers in both languages,
 * prices in taka to poisha, stock, tags, bad rows with line numbers, ids. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/catalog.h"

static char buf[4096];
static struct csv csv;

static void start(const char *text, struct catalog_cols *cols)
{
	struct csv_record hdr;
	char err[KERR_LEN];

	(void)snprintf(buf, sizeof buf - 1, "%s", text);
	csv_init(&csv, buf, strlen(buf));
	assert_int_equal(csv_next(&csv, &hdr, err), 1);
	if (catalog_header(&hdr, cols, err) != 0)
		fail_msg("header: %s", err);
}

static int next(const struct catalog_cols *cols, struct catalog_row *row, char err[KERR_LEN])
{
	struct csv_record rec;

	assert_int_equal(csv_next(&csv, &rec, err), 1);
	return catalog_row_parse(cols, &rec, row, err);
}

static void test_english(void **state)
{
	struct catalog_cols c;
	struct catalog_row r;
	char err[KERR_LEN];

	(void)state;
	start("Seller,Product,Price (Tk),Stock,Image,Tags\n"
	      "Rina's Kitchen, Mango  pickle ,250,12,img/pickle.jpg,\"Taste; Packaging, taste\"\n"
	      "Rina's Kitchen,Tea,\"1,250.50\",,,\n"
	      ",,,,,\n"
	      "Nakshi,Shawl,৳১২৫০,০৭,,quality|price\n", &c);
	assert_int_equal(next(&c, &r, err), 1);
	assert_int_equal(r.line, 2);
	assert_string_equal(r.seller, "Rina's Kitchen");
	assert_string_equal(r.product, "Mango pickle");
	assert_int_equal(r.price_poisha, 25000);
	assert_int_equal(r.stock, 12);
	assert_string_equal(r.image, "img/pickle.jpg");
	assert_int_equal(r.ntags, 2);
	assert_string_equal(r.tag[0], "taste");
	assert_string_equal(r.tag[1], "packaging");
	assert_int_equal(next(&c, &r, err), 1);
	assert_int_equal(r.price_poisha, 125050);
	assert_int_equal(r.stock, -1);
	assert_int_equal(r.ntags, 0);
	assert_int_equal(next(&c, &r, err), 0); /* blank */
	assert_int_equal(next(&c, &r, err), 1);
	assert_int_equal(r.price_poisha, 125000);
	assert_int_equal(r.stock, 7);
	assert_int_equal(r.line, 5);
}

static void test_bengali_header(void **state)
{
	struct catalog_cols c;
	struct catalog_row r;
	char err[KERR_LEN];

	(void)state;
	start("বিক্রেতা,পণ্য,দাম (টাকা),স্টক,ছবি,ট্যাগ\n"
	      "নকশী,নকশী কাঁথা,২৫০০,৩,,মান\n", &c);
	assert_int_equal(next(&c, &r, err), 1);
	assert_string_equal(r.product, "নকশী কাঁথা");
	assert_int_equal(r.price_poisha, 250000);
	assert_int_equal(r.stock, 3);
	assert_string_equal(r.tag[0], "মান");
}

static void expect_bad(const char *row, const char *want)
{
	struct catalog_cols c;
	struct catalog_row r;
	char err[KERR_LEN], text[512];

	(void)snprintf(text, sizeof text, "seller,product,price,stock\nA,B,10,1\n%s\n", row);
	start(text, &c);
	assert_int_equal(next(&c, &r, err), 1);
	if (next(&c, &r, err) != -1)
		fail_msg("row '%s' accepted", row);
	if (!strstr(err, want) || strncmp(err, "line 3: ", 8) != 0)
		fail_msg("row '%s': got '%s', want line 3 and '%s'", row, err, want);
}

static void test_bad_rows(void **state)
{
	struct catalog_cols c;
	struct csv_record hdr;
	char err[KERR_LEN];

	(void)state;
	expect_bad(",Tea,10,", "empty seller");
	expect_bad("Shop,,10,", "empty product");
	expect_bad("Shop,Tea,,", "no price");
	expect_bad("Shop,Tea,ten,", "is not an amount");
	expect_bad("Shop,Tea,-5,", "is not an amount");
	expect_bad("Shop,Tea,99999999,", "over");
	expect_bad("Shop,Tea,10,2.5", "not a whole number");
	expect_bad("Shop,Tea,10,-1", "not a whole number");
	/* A header without a price column names it. */
	(void)snprintf(buf, sizeof buf, "seller,product,stock\n");
	csv_init(&csv, buf, strlen(buf));
	assert_int_equal(csv_next(&csv, &hdr, err), 1);
	assert_int_equal(catalog_header(&hdr, &c, err), -1);
	assert_non_null(strstr(err, "price"));
}

static void test_item_id(void **state)
{
	char a[CATALOG_ID_LEN], b[CATALOG_ID_LEN];

	(void)state;
	catalog_item_id("Rina's Kitchen", "Mango pickle", a);
	catalog_item_id("rina's  kitchen ", " MANGO pickle", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 17);
	catalog_item_id("Rina's Kitchen", "Mango pickles", b);
	assert_string_not_equal(a, b);
	/* The boundary between seller and product matters. */
	catalog_item_id("AB", "C", a);
	catalog_item_id("A", "BC", b);
	assert_string_not_equal(a, b);
}

static void test_kind(void **state)
{
	(void)state;
	assert_int_equal(catalog_kind_parse("Food"), CATALOG_KIND_FOOD);
	assert_int_equal(catalog_kind_parse(" আচার "), CATALOG_KIND_FOOD);
	assert_int_equal(catalog_kind_parse("শাড়ি"), CATALOG_KIND_CLOTHES);
	assert_int_equal(catalog_kind_parse("Clothing"), CATALOG_KIND_CLOTHES);
	assert_int_equal(catalog_kind_parse("হস্তশিল্প"), CATALOG_KIND_CRAFT);
	assert_int_equal(catalog_kind_parse("crafts"), CATALOG_KIND_CRAFT);
	assert_int_equal(catalog_kind_parse("soap"), CATALOG_KIND_OTHER);
	assert_int_equal(catalog_kind_parse(""), CATALOG_KIND_OTHER);
	assert_int_equal(catalog_kind_parse(NULL), CATALOG_KIND_OTHER);
	assert_string_equal(catalog_kind_code(CATALOG_KIND_CRAFT), "craft");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_bengali_header),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_item_id),
		cmocka_unit_test(test_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
