/* test_roster.c - unit tests for kiosk/core/roster.c over whole CSV files read
 * with kiosk/core/csv.c: a Bengali sheet and a Google Forms export. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/csv.h"
#include "core/roster.h"

struct sheet {
	char buf[4096];
	struct csv c;
	struct csv_record rec;
	struct roster_cols cols;
	char err[KERR_LEN];
};

/* Load text and map its header, which must be valid. */
static void open_sheet(struct sheet *s, const char *text)
{
	size_t len = strlen(text);

	assert_true(len < sizeof s->buf);
	memcpy(s->buf, text, len + 1);
	csv_init(&s->c, s->buf, len);
	assert_int_equal(csv_next(&s->c, &s->rec, s->err), 1);
	if (roster_header(&s->rec, &s->cols, s->err) != 0)
		fail_msg("header refused: %s", s->err);
}

/* Next data record through roster_row; returns its result. */
static int next_row(struct sheet *s, struct roster_row *row)
{
	int rc = csv_next(&s->c, &s->rec, s->err);

	if (rc != 1)
		fail_msg("expected another record, got %d (%s)", rc, s->err);
	s->err[0] = '\0';
	return roster_row(&s->cols, &s->rec, row, s->err);
}

static void expect_row(struct sheet *s, long line, const char *name, const char *phone,
		       const char *email, const char *type, const char *code)
{
	struct roster_row row;
	int rc = next_row(s, &row);

	if (rc != 1)
		fail_msg("line %ld refused (%d): %s", line, rc, s->err);
	assert_int_equal(row.line, line);
	assert_string_equal(row.name, name);
	assert_int_equal(row.has_phone, phone[0] != '\0');
	assert_string_equal(row.phone, phone);
	assert_string_equal(row.email, email);
	assert_string_equal(row.type, type);
	assert_string_equal(row.code, code);
}

static void expect_refused(struct sheet *s, const char *err)
{
	struct roster_row row = {.line = -7};

	assert_int_equal(next_row(s, &row), -1);
	assert_string_equal(s->err, err);
	assert_int_equal(row.line, -7); /* untouched */
}

static void expect_blank(struct sheet *s)
{
	struct roster_row row = {.line = -7};

	assert_int_equal(next_row(s, &row), 0);
	assert_int_equal(row.line, -7);
}

static void expect_end(struct sheet *s)
{
	assert_int_equal(csv_next(&s->c, &s->rec, s->err), 0);
}

static void test_bengali_sheet(void **state)
{
	struct sheet s;

	(void)state;
	open_sheet(&s,
		   "নাম,মোবাইল,ইমেইল,টিকিটের ধরন\n"
		   "রিনা আক্তার,০১৭১১-২২২৩৩৩,rina@example.com,ভিআইপি\n"
		   "  করিম  ,+৮৮০ ১৮১১ ২২২৩৩৩,,\n"
		   "সুমি,০২-৯১২৩৪৫৬,,\n"
		   ",০১৯১১২২২৩৩৩,,\n"
		   "নাসরিন,,,\n"
		   "মিতা,০১৫১১২২২৩৩৩\n");
	assert_int_equal(s.cols.name, 0);
	assert_int_equal(s.cols.phone, 1);
	assert_int_equal(s.cols.email, 2);
	assert_int_equal(s.cols.type, 3);
	assert_int_equal(s.cols.code, -1);
	expect_row(&s, 2, "রিনা আক্তার", "+8801711222333", "rina@example.com", "ভিআইপি", "");
	expect_row(&s, 3, "করিম", "+8801811222333", "", "general", "");
	expect_refused(&s, "line 4: phone '০২-৯১২৩৪৫৬' is not a Bangladeshi mobile number");
	expect_refused(&s, "line 5: empty name");
	expect_refused(&s, "line 6: neither phone nor code for 'নাসরিন'");
	/* A short row: the missing columns are empty. */
	expect_row(&s, 7, "মিতা", "+8801511222333", "", "general", "");
	expect_end(&s);
}

/* What Google Forms' "Download responses (.csv)" and Excel produce: BOM, CRLF,
 * every field quoted, a multi-line address, a timestamp column, blank rows. */
static void test_google_forms_export(void **state)
{
	struct sheet s;

	(void)state;
	open_sheet(&s,
		   "\xEF\xBB\xBF\"Timestamp\",\"Email address\",\"Full name\",\"Phone number\","
		   "\"Delivery address\",\"Ticket type\"\r\n"
		   "\"2026/11/20 10:15:32 AM GMT+6\",\"rina@example.com\",\"Rina  Akter\","
		   "\"1711223333\",\"House 5, Road 2\r\nDhanmondi\",\"VIP\"\r\n"
		   "\"2026/11/20 11:02:10 AM GMT+6\",\"karim@example.com\",\"Karim\r\nUddin\","
		   "\"+880 1811-223333\",\"Flat 3B\nMirpur 10\",\"\"\r\n"
		   ",,,,,\r\n"
		   "\"2026/11/21 09:00:00 AM GMT+6\",\"\",\"  \",\"01911223333\",\"\",\"\"\r\n"
		   "\"2026/11/21 09:30:00 AM GMT+6\",\"x@example.com\",\"Tania \"\"Tani\"\" Islam\","
		   "\"017-1122-3344\",\"Gulshan, Dhaka\",\"Student\"");
	assert_int_equal(s.cols.name, 2);
	assert_int_equal(s.cols.phone, 3);
	assert_int_equal(s.cols.email, 1);
	assert_int_equal(s.cols.type, 5);
	assert_int_equal(s.cols.code, -1);
	expect_row(&s, 2, "Rina Akter", "+8801711223333", "rina@example.com", "vip", ""); /* one spelling */
	/* Line numbers count the newlines inside the quoted address. */
	expect_row(&s, 4, "Karim Uddin", "+8801811223333", "karim@example.com", "general", "");
	expect_blank(&s);
	expect_refused(&s, "line 8: empty name");
	expect_row(&s, 9, "Tania \"Tani\" Islam", "+8801711223344", "x@example.com", "student", "");
	expect_end(&s);
}

/* Codes from another ticketing site identify a guest without a phone. */
static void test_codes_from_elsewhere(void **state)
{
	struct sheet s;

	(void)state;
	open_sheet(&s, "Ticket Code,Name,Type\n"
		       " EVT-1001 ,Rina,vip\n"
		       "EVT-1002,Karim,\n"
		       ",Sumi,general\n");
	assert_int_equal(s.cols.code, 0);
	assert_int_equal(s.cols.phone, -1);
	expect_row(&s, 2, "Rina", "", "", "vip", "EVT-1001");
	expect_row(&s, 3, "Karim", "", "", "general", "EVT-1002");
	expect_refused(&s, "line 4: neither phone nor code for 'Sumi'");
	expect_end(&s);
}

static void map(const char *header, struct roster_cols *cols, int want_rc, char err[KERR_LEN])
{
	char buf[512];
	struct csv c;
	struct csv_record rec;
	size_t len = strlen(header);

	assert_true(len < sizeof buf);
	memcpy(buf, header, len + 1);
	csv_init(&c, buf, len);
	assert_int_equal(csv_next(&c, &rec, err), 1);
	err[0] = '\0';
	assert_int_equal(roster_header(&rec, cols, err), want_rc);
}

static void test_header_matching(void **state)
{
	struct roster_cols cols;
	char err[KERR_LEN];

	(void)state;
	map("  NAME ,Mobile Number:,E-mail,ticket_type,TICKET-ID,Notes", &cols, 0, err);
	assert_int_equal(cols.name, 0);
	assert_int_equal(cols.phone, 1);
	assert_int_equal(cols.email, 2);
	assert_int_equal(cols.type, 3);
	assert_int_equal(cols.code, 4);
	map("Timestamp,পুরো নাম,ফোন নম্বর,ই-মেইল,কোড", &cols, 0, err);
	assert_int_equal(cols.name, 1);
	assert_int_equal(cols.phone, 2);
	assert_int_equal(cols.email, 3);
	assert_int_equal(cols.type, -1);
	assert_int_equal(cols.code, 4);
	/* Of two name columns the first wins; a no-break space is a space. */
	map("Full\xC2\xA0name,Name,Phone", &cols, 0, err);
	assert_int_equal(cols.name, 0);
	assert_int_equal(cols.phone, 2);
	/* Near misses are not matches. */
	map("Names,Phone", &cols, -1, err);
	assert_string_equal(err, "line 1: no name column (a header such as "
			    "\"Name\", \"Full name\" or \"নাম\"; or --map name=COLUMN)");
	map("Name,Email", &cols, -1, err);
	assert_non_null(strstr(err, "line 1: no phone or code column"));
	map("Timestamp,Phone,Code", &cols, -1, err);
	assert_non_null(strstr(err, "no name column"));
	/* Meta lead forms and Messenger order sheets (issue 16). */
	map("id,created_time,full_name,phone_number,email", &cols, 0, err);
	assert_int_equal(cols.name, 2);
	assert_int_equal(cols.phone, 3);
	assert_int_equal(cols.email, 4);
	map("Order ID,Customer,Contact,Address", &cols, 0, err);
	assert_int_equal(cols.name, 1);
	assert_int_equal(cols.phone, 2);
	map("ক্রেতার নাম,ক্রেতার মোবাইল", &cols, 0, err);
	assert_int_equal(cols.name, 0);
	assert_int_equal(cols.phone, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bengali_sheet),
		cmocka_unit_test(test_google_forms_export),
		cmocka_unit_test(test_codes_from_elsewhere),
		cmocka_unit_test(test_header_matching),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
