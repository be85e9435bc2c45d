/* fuzz_paymsg.c - libFuzzer target for the wallet message reader: the input
 * as one SMS (with and without a sender), and as a whole file in each wallet
 * hint, as `kiosk payments import` reads it. The file buffer has exactly
 * len+1 bytes, the most paymsg_parse_file allows. Every payment it gives
 * must hold a TrxID of its wallet's shape and a positive amount. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/paymsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct paymsg *p)
{
	char out[ORDER_TRX_MAX], err[KERR_LEN];

	if (p->amount_poisha <= 0 || pay_trx_check(p->wallet, p->trx, out, err) != 0 ||
	    strcmp(out, p->trx) != 0 || (p->phone[0] && strncmp(p->phone, "+8801", 5) != 0))
		abort();
}

static int on_pay(void *ctx, const struct paymsg *p, long line)
{
	(void)ctx;
	if (line < 1)
		abort();
	check(p);
	return 0;
}

static void on_bad(void *ctx, long line, const char *why)
{
	(void)ctx;
	if (line < 1 || !why[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pay_method hints[] = {PAY_COUNT, PAY_BKASH, PAY_NAGAD, PAY_ROCKET};
	static const char *const senders[] = {NULL, "bKash", "NAGAD", "16216"};
	char *buf = malloc(size + 1), err[KERR_LEN];
	struct paymsg m;
	struct paymsg_counts c;

	if (!buf)
		return 0;
	for (size_t h = 0; h < sizeof hints / sizeof hints[0]; h++) {
		memcpy(buf, data, size);
		if (paymsg_parse_file(buf, size, hints[h], on_pay, on_bad, NULL, &c, err) == 0 &&
		    (c.payments < 0 || c.bad < 0 || c.skipped < 0))
			abort();
	}
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (size_t s = 0; s < sizeof senders / sizeof senders[0]; s++)
		if (paymsg_parse_sms(buf, senders[s], &m, err) == 1)
			check(&m);
	free(buf);
	return 0;
}
