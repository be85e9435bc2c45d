/* test_report_write.c - the report's files from a struct report filled by
 * hand (no store): exact CSV bytes (BOM, CRLF, quoting, the formula guard
 * inside quotes, taka with poisha), an empty report, and the page's language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/dfile.h"
#include "io/report_write.h"
#include "support/tmpdir.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir(dir, sizeof dir, "report");
}

static int teardown(void **state)
{
	(void)state;
	return test_rmtree(dir);
}

/* The whole file, NUL-terminated; the caller frees. */
static char *slurp(const char *name)
{
	char path[128], err[KERR_LEN], *buf = NULL;
	size_t len = 0;

	(void)snprintf(path, sizeof path, "%s/%s", dir, name);
	if (dfile_read_all(path, &buf, &len, err) != 0)
		fail_msg("%s", err);
	return buf;
}

static void base(struct report *r)
{
	memset(r, 0, sizeof *r);
	r->event_id = "ev1";
	r->event_name = "ঢাকা, মিটআপ";
	r->tz_off_min = 360;
	r->bin_min = 10;
	r->generated_ms = 1796461200000; /* 2026-12-05T15:00+06:00 */
}

static void test_empty_report(void **state)
{
	struct report r;
	struct report_write_opts o = {.lang = "en", .font_path = NULL};
	char err[KERR_LEN], *s;

	(void)state;
	base(&r);
	assert_int_equal(report_write(&r, dir, &o, err), 0);
	for (int i = 0; report_csv_files[i]; i++) {
		s = slurp(report_csv_files[i]);
		assert_memory_equal(s, "\xEF\xBB\xBF", 3);
		assert_non_null(strstr(s, "\r\n"));
		free(s);
	}
	s = slurp("summary.csv");
	assert_non_null(strstr(s, "event_name,\"ঢাকা, মিটআপ\"\r\n"));
	assert_non_null(strstr(s, "peak_start,\r\n"));
	assert_non_null(strstr(s, "orders_taka,0\r\n"));
	assert_non_null(strstr(s, "generated_at,2026-12-05T15:00:00+06:00\r\n"));
	free(s);
	s = slurp("index.html");
	assert_non_null(strstr(s, "<html lang=\"en\">"));
	assert_non_null(strstr(s, "No check-ins yet."));
	assert_null(strstr(s, "data:font/ttf"));
	free(s);
}

static void test_quoting_guard_and_taka(void **state)
{
	struct report r;
	struct report_write_opts o = {.lang = "bn", .font_path = NULL};
	struct report_comment c[2] = {
		{.at_ms = 1796461200000, .seller = "=cmd|' /C calc'!A0", .product = "Pickle",
		 .tags = "", .comment = "-1, \"bad\"", .face = 2, .flagged = 0},
		{.at_ms = 1796461260000, .seller = "", .product = "", .tags = "taste",
		 .comment = "ভালো\nখুব", .face = 4, .flagged = 1},
	};
	struct report_fb_product fb = {.seller = "=cmd|' /C calc'!A0", .product = "Pickle",
				       .faces = {0, 1, 0, 0}, .count = 1, .flagged = 0};
	struct report_seller sel = {.seller = "@home", .orders = 2, .items = 3,
				    .total = 123456, .collect = 5, .cancelled = 1};
	char err[KERR_LEN], *s;

	(void)state;
	base(&r);
	r.fb = &fb;
	r.n_fb = 1;
	r.comments = c;
	r.n_comments = 2;
	r.sellers = &sel;
	r.n_sellers = 1;
	r.all_sellers = sel;
	assert_int_equal(report_write(&r, dir, &o, err), 0);

	s = slurp("feedback_comments.csv");
	assert_string_equal(s, "\xEF\xBB\xBF" "at,seller,product,face,tags,comment,flagged_burst\r\n"
			    "2026-12-05T15:00:00+06:00,'=cmd|' /C calc'!A0,Pickle,2,,"
			    "\"'-1, \"\"bad\"\"\",0\r\n"
			    "2026-12-05T15:01:00+06:00,,,4,taste,\"ভালো\nখুব\",1\r\n");
	free(s);
	s = slurp("orders_sellers.csv");
	assert_string_equal(s, "\xEF\xBB\xBF" "seller,orders,items,total_taka,cod_to_collect_taka,cancelled\r\n"
			    "'@home,2,3,1234.56,0.05,1\r\n");
	free(s);
	s = slurp("index.html");
	/* The page shows the text as typed (escaped), with Bengali digits. */
	assert_non_null(strstr(s, "=cmd|' /C calc'!A0"));
	assert_non_null(strstr(s, "-1, &quot;bad&quot;"));
	assert_non_null(strstr(s, "৳১,২৩৪.৫৬"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoting_guard_and_taka, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
