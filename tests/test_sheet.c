/* test_sheet.c - kiosk/io/sheet.c: file names, HTML escaping, RFC 4180 CSV with
 * a BOM, and that nothing replaces the old sheet until commit. Real files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/sheet.h"
#include "support/tmpdir.h"

static char dir[100];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir(dir, sizeof dir, "sheet");
}

static int teardown(void **state)
{
	(void)state;
	return test_rmtree(dir);
}

/* Whole file into a static buffer (NUL-terminated); length in *len. */
static char *slurp(const char *name, size_t *len)
{
	static char buf[1 << 16];
	char path[256];
	FILE *fp;
	size_t n;

	(void)snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	assert_int_equal(fclose(fp), 0);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void test_file_names(void **state)
{
	char out[SHEET_FILE_MAX];

	(void)state;
	assert_int_equal(sheet_file_name(1, "Rahim Uddin", out, sizeof out), 20);
	assert_string_equal(out, "0001-rahim-uddin.png");
	assert_true(sheet_file_name(3, "ফারহানা আক্তার", out, sizeof out) > 0);
	assert_string_equal(out, "0003.png");
	assert_true(sheet_file_name(12, "  Md. Karim (VIP) ", out, sizeof out) > 0);
	assert_string_equal(out, "0012-md-karim-vip.png");
	assert_true(sheet_file_name(7, "তানভীর Ahmed", out, sizeof out) > 0);
	assert_string_equal(out, "0007-ahmed.png");
	assert_true(sheet_file_name(123456, "a/../../etc", out, sizeof out) > 0);
	assert_string_equal(out, "123456-a-etc.png");
	assert_true(sheet_file_name(2, "Abcdefghij Abcdefghij Abcdefghij Abcdefghij", out,
				    sizeof out) > 0);
	assert_true(strlen(out) <= 5 + SHEET_SLUG_MAX + 4);
	assert_null(strstr(out, "--"));
	assert_int_equal(sheet_file_name(1, "Rahim", out, 8), -1);
	assert_int_equal(sheet_file_name(-1, "Rahim", out, sizeof out), -1);
}

static void test_sheet_content(void **state)
{
	struct sheet sh;
	char err[KERR_LEN];
	const struct sheet_card cards[] = {
		{1, "ফারহানা আক্তার", "+8801712345678", "vip", "T1AAAA", "0001.png", NULL, NULL, NULL, NULL},
		{2, "<script>alert(1)</script> & \"Co\"", "", "general", "T1BBBB",
		 "0002-script-alert-1-script-co.png", NULL, NULL, NULL, NULL},
		{3, "Karim, \"Babu\"\nUddin", "+8801812345678", "", "EXT-42", "0003-karim.png", NULL, NULL, NULL, NULL},
	};
	const char *html, *csv;
	size_t i, len;

	(void)state;
	assert_int_equal(sheet_open(&sh, dir, "ঢাকা কাস্টমার মিটআপ", err), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(sheet_add(&sh, &cards[i], err), 0);
	assert_int_equal(sheet_commit(&sh, err), 0);

	html = slurp(SHEET_HTML, NULL);
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(html, "<html lang=\"bn\">"));
	assert_non_null(strstr(html, "\"Noto Sans Bengali\", \"Noto Sans\""));
	assert_non_null(strstr(html, "size: A4"));
	assert_non_null(strstr(html, "ঢাকা কাস্টমার মিটআপ"));
	assert_non_null(strstr(html, "ফারহানা আক্তার"));
	assert_non_null(strstr(html, "<img src=\"0001.png\""));
	assert_non_null(strstr(html, "type-vip"));
	assert_non_null(strstr(html, "+8801712345678"));
	assert_null(strstr(html, "<script>"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"));
	assert_non_null(strstr(html, "</html>"));

	csv = slurp(SHEET_CSV, &len);
	assert_memory_equal(csv, "\xEF\xBB\xBF" "name,phone,code,file\r\n", 25);
	assert_non_null(strstr(csv, "\r\nফারহানা আক্তার,+8801712345678,T1AAAA,0001.png\r\n"));
	assert_non_null(strstr(csv, "\r\n\"<script>alert(1)</script> & \"\"Co\"\"\",,T1BBBB,"));
	assert_non_null(strstr(csv, "\r\n\"Karim, \"\"Babu\"\"\nUddin\",+8801812345678,EXT-42,0003-karim.png\r\n"));
	assert_int_equal(csv[len - 1], '\n');
}

static void test_abort_keeps_old_sheet(void **state)
{
	struct sheet sh;
	char err[KERR_LEN];
	const struct sheet_card c = {9, "New Person", "", "", "T1NEW", "0009-new-person.png", NULL, NULL, NULL, NULL};
	DIR *dp;
	struct dirent *de;
	int files = 0;

	(void)state;
	/* The sheet of test_sheet_content is there; a run that fails midway
	 * must leave it whole. */
	assert_int_equal(sheet_open(&sh, dir, "Other", err), 0);
	assert_int_equal(sheet_add(&sh, &c, err), 0);
	sheet_abort(&sh);
	assert_non_null(strstr(slurp(SHEET_HTML, NULL), "ফারহানা আক্তার"));
	assert_null(strstr(slurp(SHEET_CSV, NULL), "New Person"));
	dp = opendir(dir);
	assert_non_null(dp);
	while ((de = readdir(dp)))
		if (de->d_name[0] != '.')
			files++;
	assert_int_equal(closedir(dp), 0);
	assert_int_equal(files, 3); /* the three files, no temp files left */
}

/* A name or an imported code a spreadsheet would run as a formula (= + - @,
 * quoted or not) gets a ' in front in codes.csv, like in every other CSV we
 * write (the QR keeps the code exact, and the door reads the guarded form
 * too: tests/e2e_roster.sh). */
static void test_codes_csv_formula_guard(void **state)
{
	struct sheet sh;
	char err[KERR_LEN];
	const struct sheet_card cards[] = {
		{1, "=HYPERLINK(\"http://x\")", "+8801712345678", "", "T1AAAA", "0001.png", NULL, NULL, NULL, NULL},
		{2, "+Rahim", "", "", "T1BBBB", "0002-rahim.png", NULL, NULL, NULL, NULL},
		{3, "-Karim, Babu", "", "", "-EXT", "0003-karim-babu.png", NULL, NULL, NULL, NULL},
		{4, "@home", "", "", "T1DDDD", "0004-home.png", NULL, NULL, NULL, NULL},
		{5, "Rina=1", "", "", "T1EEEE", "0005-rina-1.png", NULL, NULL, NULL, NULL},
	};
	const char *csv;

	(void)state;
	assert_int_equal(sheet_open(&sh, dir, "E", err), 0);
	for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++)
		assert_int_equal(sheet_add(&sh, &cards[i], err), 0);
	assert_int_equal(sheet_commit(&sh, err), 0);
	csv = slurp(SHEET_CSV, NULL);
	assert_string_equal(csv, "\xEF\xBB\xBF" "name,phone,code,file\r\n"
			    "\"'=HYPERLINK(\"\"http://x\"\")\",+8801712345678,T1AAAA,0001.png\r\n"
			    "'+Rahim,,T1BBBB,0002-rahim.png\r\n"
			    "\"'-Karim, Babu\",,'-EXT,0003-karim-babu.png\r\n"
			    "'@home,,T1DDDD,0004-home.png\r\n"
			    "Rina=1,,T1EEEE,0005-rina-1.png\r\n");
}

static void test_missing_folder(void **state)
{
	struct sheet sh;
	char err[KERR_LEN] = "";

	(void)state;
	assert_int_equal(sheet_open(&sh, "/nonexistent/tickets", "E", err), -1);
	assert_non_null(strstr(err, "No such file or directory"));
}

/* Only ticket files sheet_file_name makes are ever listed (so --force
 * removes nothing else), whatever an edited codes.csv says. */
static void test_listed_files_are_ours_only(void **state)
{
	static const char csv[] = "\xEF\xBB\xBFname,phone,code,file\r\n"
		"A,,T1A,0001-rahim.png\r\n" "B,,T1B,0002.png\r\n" "C,,T1C,../0003.png\r\n"
		"D,,T1D,notes.txt\r\n" "E,,T1E,01.png\r\n" "F,,T1F,0004-X.png\r\n"
		"G,,T1G,12345-a-b.png\r\n" "H,,T1H,/etc/0005.png\r\n";
	char path[300], err[KERR_LEN], *names = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	(void)snprintf(path, sizeof path, "%s/%s", dir, SHEET_CSV);
	(void)unlink(path);
	assert_int_equal(sheet_listed_files(dir, &names, &len, err), 0);
	assert_int_equal(len, 0); /* no codes.csv: no earlier tickets */
	free(names);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(csv, 1, sizeof csv - 1, fp), sizeof csv - 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(sheet_listed_files(dir, &names, &len, err), 0);
	assert_int_equal(len, sizeof "0001-rahim.png" "\0" "0002.png" "\0" "12345-a-b.png");
	assert_memory_equal(names, "0001-rahim.png\0" "0002.png\0" "12345-a-b.png", len);
	free(names);
	(void)unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_sheet_content),
		cmocka_unit_test(test_abort_keeps_old_sheet),
		cmocka_unit_test(test_codes_csv_formula_guard),
		cmocka_unit_test(test_listed_files_are_ours_only),
		cmocka_unit_test(test_missing_folder),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
