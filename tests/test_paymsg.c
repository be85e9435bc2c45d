/* test_paymsg.c - unit tests for kiosk/core/paymsg.c: every message shape
 * of bKash, Nagad and Rocket found, the messages that are not money received,
 * and the three file shapes (text blocks, SMS backup XML, statement CSV). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/paymsg.h"

static void expect_pay(const char *text, const char *sender, enum pay_method w,
		       const char *trx, int64_t poisha, const char *phone, const char *when)
{
	struct paymsg m;
	char err[KERR_LEN] = "";
	int v = paymsg_parse_sms(text, sender, &m, err);

	if (v != 1)
		fail_msg("not read (%d: %s): %s", v, err, text);
	assert_int_equal(m.wallet, w);
	assert_string_equal(m.trx, trx);
	assert_int_equal(m.amount_poisha, poisha);
	assert_string_equal(m.phone, phone);
	assert_string_equal(m.when, when);
}

static void expect_skip(const char *text, const char *sender)
{
	struct paymsg m;
	char err[KERR_LEN];

	assert_int_equal(paymsg_parse_sms(text, sender, &m, err), 0);
}

static void expect_bad(const char *text, const char *sender, const char *why)
{
	struct paymsg m;
	char err[KERR_LEN] = "";

	assert_int_equal(paymsg_parse_sms(text, sender, &m, err), -1);
	if (!strstr(err, why))
		fail_msg("error '%s' lacks '%s'", err, why);
}

static void test_bkash(void **state)
{
	(void)state;
	expect_pay("You have received Tk 720.00 from 01712345678. Fee Tk 0.00. Balance Tk "
		   "1,234.56. TrxID 9AB1CD2EFG at 29/11/2026 18:20", NULL, PAY_BKASH,
		   "9AB1CD2EFG", 72000, "+8801712345678", "2026-11-29 18:20");
	/* no space after Tk, thousands, a sender address */
	expect_pay("You have received Tk1,500.50 from 01898765432. Fee Tk0.00. Balance "
		   "Tk7,000.00. TrxID CJU0PZQ3U6 at 30/10/2026 21:02", "bKash", PAY_BKASH,
		   "CJU0PZQ3U6", 150050, "+8801898765432", "2026-10-30 21:02");
	/* a merchant account's payment received */
	expect_pay("You have received payment Tk 2,350.00 from 01512345678. Fee Tk 0.00. "
		   "Balance Tk 12,000.00. TrxID BKX7K2L1QA at 01/12/2026 09:05", NULL, PAY_BKASH,
		   "BKX7K2L1QA", 235000, "+8801512345678", "2026-12-01 09:05");
	/* cash in from an agent; lowercase TrxID is stored uppercased */
	expect_pay("Cash In Tk 500.00 from 01611223344 successful. Fee Tk 0.00. Balance Tk "
		   "5,500.00. TrxID 7bq2m4n6p8 at 02/12/2026 10:00", NULL, PAY_BKASH,
		   "7BQ2M4N6P8", 50000, "+8801611223344", "2026-12-02 10:00");
	/* no date */
	expect_pay("You have received Tk 80.00 from 01712345678. TrxID AAAAAAAAA1", NULL,
		   PAY_BKASH, "AAAAAAAAA1", 8000, "+8801712345678", "");
}

/* The amount is read by money_parse: Bengali digits taken, anything else
 * that is not taka refused with what is wrong, never read in part. */
static void test_bkash_amounts(void **state)
{
	(void)state;
	expect_pay("You have received Tk ২৬০.০০ from 01911000333. TrxID AAAAAAAAA1", NULL,
		   PAY_BKASH, "AAAAAAAAA1", 26000, "+8801911000333", "");
	expect_bad("You have received Tk 260.005 from 01911000333. TrxID AAAAAAAAA1", NULL,
		   "the amount '260.005' is not taka");
	expect_bad("You have received Tk 260.5abc from 01911000333. TrxID AAAAAAAAA1", NULL,
		   "the amount '260.5abc' is not taka");
	expect_bad("You have received Tk 184467440737095517.76 from 01911000333. TrxID AAAAAAAAA1",
		   NULL, "is not taka");
	expect_bad("You have received Tk 99999999999.00 from 01911000333. TrxID AAAAAAAAA1",
		   NULL, "the amount is over the limit");
	expect_bad("You have received Tk -5.00 from 01911000333. TrxID AAAAAAAAA1", NULL,
		   "the amount is below 0");
	expect_bad("You have received Tk 0.00 from 01911000333. TrxID AAAAAAAAA1", NULL,
		   "the amount is 0");
}

static void test_nagad(void **state)
{
	(void)state;
	expect_pay("Money Received.\nAmount: Tk 720.00\nSender: 01712345678\nRef: N/A\n"
		   "TxnID: 7AB3C9D2\nBalance: Tk 1,234.56\n29/11/2026 18:20", NULL, PAY_NAGAD,
		   "7AB3C9D2", 72000, "+8801712345678", "2026-11-29 18:20");
	expect_pay("Money Received.\nAmount: Tk 1,250.00\nSender: 01912345678\nRef: order 12\n"
		   "TxnID: 73KQW91XZ2\nBalance: Tk 9,999.00\n01/12/2026 20:45", "NAGAD", PAY_NAGAD,
		   "73KQW91XZ2", 125000, "+8801912345678", "2026-12-01 20:45");
	expect_pay("Received Tk 300.00 from 01312345678. TxnID: 71ABCDEF. Balance Tk 300.00. "
		   "Nagad", NULL, PAY_NAGAD, "71ABCDEF", 30000, "+8801312345678", "");
}

static void test_rocket(void **state)
{
	(void)state;
	expect_pay("Tk720.00 received from A/C:017123456783 Fee:Tk0.00, Your A/C Balance: "
		   "Tk1,234.56 TxnId:1234567890 Date:29-NOV-26 06:20:15 pm.", NULL, PAY_ROCKET,
		   "1234567890", 72000, "+8801712345678", "2026-11-29 18:20");
	expect_pay("Tk1,000.00 received from A/C:019876543210 Fee:Tk0.00, Your A/C Balance: "
		   "Tk5,000.00 TxnId:9876543210 Date:01-DEC-26 11:59:00 am.", "16216", PAY_ROCKET,
		   "9876543210", 100000, "+8801987654321", "2026-12-01 11:59");
}

static void test_not_received(void **state)
{
	(void)state;
	expect_skip("You have sent Tk 500.00 to 01712345678. Fee Tk 5.00. Balance Tk 10.00. "
		    "TrxID 9AB1CD2EFG at 29/11/2026 18:20", NULL);
	expect_skip("Cash Out Tk 500.00 to 01712345678 successful. Fee Tk 9.25. TrxID "
		    "9AB1CD2EFG", NULL);
	expect_skip("Payment of Tk 300.00 to Daraz successful. TrxID 9AB1CD2EFG", NULL);
	expect_skip("Send Money Tk 200.00 to 01712345678 successful. TxnID: 7AB3C9D2. Nagad",
		    NULL);
	expect_skip("Tk500.00 sent to A/C:017123456783 TxnId:1234567890", NULL);
	expect_skip("Your bKash verification code is 123456", NULL);
	expect_skip("Eid offer! Get 10% cashback with bKash", "bKash");
	/* the right words from a person's number are not the wallet's */
	expect_skip("You have received Tk 720.00 from 01712345678. TrxID 9AB1CD2EFG",
		    "+8801812345678");
	expect_skip("hello, see you at the meetup", NULL);
	expect_skip("", NULL);
}

static void test_bad(void **state)
{
	(void)state;
	expect_bad("You have received Tk 720.00 from 01712345678. TrxID 9AB1CD2", NULL,
		   "10 characters");
	expect_bad("You have received Tk 720.00 from 01712345678. Fee Tk 0.00.", "bKash", "TrxID");
	expect_bad("You have received from 01712345678. TrxID 9AB1CD2EFG", NULL, "amount");
	expect_bad("Tk720.00 received from A/C:017123456783 TxnId:12345ABCDE", NULL, "digits");
	expect_bad("You have received Tk 0.00 from 01712345678. TrxID 9AB1CD2EFG", NULL, "0");
}

struct got {
	struct paymsg p[16];
	long line[16];
	int n, nbad;
	long badline[16];
};

static int on_pay(void *ctx, const struct paymsg *p, long line)
{
	struct got *g = ctx;

	assert_true(g->n < 16);
	g->line[g->n] = line;
	g->p[g->n++] = *p;
	return 0;
}

static void on_bad(void *ctx, long line, const char *why)
{
	struct got *g = ctx;

	(void)why;
	assert_true(g->nbad < 16);
	g->badline[g->nbad++] = line;
}

static int read_file(const char *text, enum pay_method w, struct got *g,
		     struct paymsg_counts *c)
{
	size_t n = strlen(text);
	char *buf = malloc(n + 1), err[KERR_LEN];
	int v;

	memcpy(buf, text, n + 1);
	memset(g, 0, sizeof *g);
	v = paymsg_parse_file(buf, n, w, on_pay, on_bad, g, c, err);
	free(buf);
	return v;
}

static void test_text_blocks(void **state)
{
	struct got g;
	struct paymsg_counts c;

	(void)state;
	assert_int_equal(read_file(
		"You have received Tk 720.00 from 01712345678. Fee Tk 0.00. Balance Tk 1,234.56.\n"
		"TrxID 9AB1CD2EFG at 29/11/2026 18:20\n"
		"\n"
		"  \n"
		"Money Received.\r\nAmount: Tk 450.00\r\nSender: 01912345678\r\nRef: N/A\r\n"
		"TxnID: 7AB3C9D2\r\nBalance: Tk 900.00\r\n29/11/2026 18:25\r\n"
		"\r\n"
		"You have sent Tk 5.00 to 01712345678. TrxID 9AB1CD2EFH\n"
		"\n"
		"You have received Tk 1.00 from 01712345678. TrxID SHORT\n",
		PAY_COUNT, &g, &c), 0);
	assert_int_equal(c.payments, 2);
	assert_int_equal(c.skipped, 1);
	assert_int_equal(c.bad, 1);
	assert_string_equal(g.p[0].trx, "9AB1CD2EFG");
	assert_int_equal(g.line[0], 1);
	assert_string_equal(g.p[1].trx, "7AB3C9D2");
	assert_int_equal(g.p[1].amount_poisha, 45000);
	assert_int_equal(g.line[1], 5);
	assert_int_equal(g.badline[0], 15);
}

static void test_xml(void **state)
{
	struct got g;
	struct paymsg_counts c;
	static const char xml[] =
		"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
		"<smses count=\"4\" backup_set=\"x\" backup_date=\"1764426000000\" type=\"full\">\n"
		"  <sms protocol=\"0\" address=\"bKash\" date=\"1764426000000\" type=\"1\" "
		"subject=\"null\" body=\"You have received Tk 720.00 from 01712345678. Fee Tk 0.00. "
		"Balance Tk 1,234.56. TrxID 9AB1CD2EFG at 29/11/2026 18:20\" toa=\"null\" "
		"sc_toa=\"null\" service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" "
		"date_sent=\"0\" sub_id=\"1\" readable_date=\"Nov 29, 2026 6:20:00 PM\" "
		"contact_name=\"(Unknown)\" />\n"
		"  <sms protocol=\"0\" address=\"NAGAD\" date=\"1764426300000\" type=\"1\" "
		"body=\"Money Received.&#10;Amount: Tk 450.00&#10;Sender: 01912345678&#10;"
		"Ref: N/A&#10;TxnID: 7AB3C9D2&#10;Balance: Tk 900.00&#10;29/11/2026 18:25\" />\n"
		"  <sms protocol=\"0\" address=\"bKash\" type=\"2\" body=\"You have received Tk 1.00"
		" from 01712345678. TrxID 1111111111\" />\n"
		"  <sms protocol=\"0\" address=\"+8801712345678\" type=\"1\" body=\"Bhai, sent "
		"&quot;Tk 720&quot; &amp; TrxID 9AB1CD2EFG\" />\n"
		"</smses>\n";

	(void)state;
	assert_int_equal(read_file(xml, PAY_COUNT, &g, &c), 0);
	assert_int_equal(c.payments, 2);
	assert_int_equal(c.skipped, 2);
	assert_int_equal(c.bad, 0);
	assert_int_equal(g.p[0].wallet, PAY_BKASH);
	assert_int_equal(g.line[0], 3);
	assert_int_equal(g.p[1].wallet, PAY_NAGAD);
	assert_string_equal(g.p[1].phone, "+8801912345678");
	assert_string_equal(g.p[1].when, "2026-11-29 18:25");
	/* a tag cut short is a broken file, not a skipped message */
	assert_int_equal(read_file("<smses><sms address=\"bKash\" body=\"You have", PAY_COUNT,
				   &g, &c), -1);
}

static void test_csv(void **state)
{
	struct got g;
	struct paymsg_counts c;

	(void)state;
	assert_int_equal(read_file(
		"\xEF\xBB\xBFTransaction ID,Date Time,Transaction Type,From Wallet,Amount,Balance\n"
		"9AB1CD2EFG,29/11/2026 18:20,Payment Received,01712345678,720.00,1234.56\n"
		"BKX7K2L1QA,29/11/2026 18:21,Cash Out,01712345678,100.00,1134.56\n"
		"CJU0PZQ3U6,29/11/2026 18:22,Payment Received,8801898765432,\"1,500.50\",2635.06\n",
		PAY_COUNT, &g, &c), 0);
	assert_int_equal(c.payments, 2);
	assert_int_equal(c.skipped, 1);
	assert_int_equal(g.p[0].wallet, PAY_BKASH);
	assert_string_equal(g.p[1].trx, "CJU0PZQ3U6");
	assert_int_equal(g.p[1].amount_poisha, 150050);
	assert_string_equal(g.p[1].phone, "+8801898765432");
	assert_string_equal(g.p[1].when, "2026-11-29 18:22");
	/* a wallet column and --wallet */
	assert_int_equal(read_file("TxnID,Amount,Wallet\n7AB3C9D2,450,Nagad\n1234567890,99,rocket\n",
				   PAY_COUNT, &g, &c), 0);
	assert_int_equal(c.payments, 2);
	assert_int_equal(g.p[0].wallet, PAY_NAGAD);
	assert_int_equal(g.p[1].wallet, PAY_ROCKET);
	assert_int_equal(read_file("TrxID,Amount\n73KQW91XZ2,450\n", PAY_NAGAD, &g, &c), 0);
	assert_int_equal(g.p[0].wallet, PAY_NAGAD);
	/* bad rows are counted with their line */
	assert_int_equal(read_file("TrxID,Amount\n9AB1CD2EFG,abc\nX,5\n", PAY_COUNT, &g, &c), 0);
	assert_int_equal(c.bad, 2);
	assert_int_equal(g.badline[0], 2);
	assert_int_equal(g.badline[1], 3);
	/* a TrxID column but no amount column: a statement it cannot read */
	assert_int_equal(read_file("TrxID,Amount\n", PAY_COUNT, &g, &c), 0);
	assert_int_equal(c.payments, 0);
	assert_int_equal(read_file("Date,Amount,TxnID\n", PAY_COUNT, &g, &c), 0);
	assert_int_equal(paymsg_detect("TrxID,Note\n9AB1CD2EFG,x\n", 22), PAYMSG_TEXT);
}

static void test_detect(void **state)
{
	(void)state;
	assert_int_equal(paymsg_detect("<?xml ?><smses>", 15), PAYMSG_XML);
	assert_int_equal(paymsg_detect("TrxID,Amount\n", 13), PAYMSG_CSV);
	assert_int_equal(paymsg_detect("You have received Tk 5, TrxID X\n", 32), PAYMSG_TEXT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bkash),        cmocka_unit_test(test_bkash_amounts),
		cmocka_unit_test(test_nagad),
		cmocka_unit_test(test_rocket),       cmocka_unit_test(test_not_received),
		cmocka_unit_test(test_bad),          cmocka_unit_test(test_text_blocks),
		cmocka_unit_test(test_xml),          cmocka_unit_test(test_csv),
		cmocka_unit_test(test_detect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
