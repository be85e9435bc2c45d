/* paymsg.h - what a seller's wallet says about money received, read from the
 * texts a seller has: "money received" SMS messages pasted as text (one per
 * block), an Android SMS backup (SMS Backup & Restore's <smses><sms .../>
 * XML) or a merchant statement CSV. The message shapes of bKash, Nagad and
 * Rocket live in one table per wallet (paymsg.c).
 * Pure: libc only (with order, phone, csv); no store, no clock, no files. */
#ifndef KIOSK_PAYMSG_H
#define KIOSK_PAYMSG_H

#include <stddef.h>
#include <stdint.h>

#include "kerr.h"
#include "order.h"
#include "phone.h"

#define PAYMSG_WHEN_MAX 20     /* "2026-11-29 18:20" + NUL */
#define PAYMSG_TEXT_MAX 4096   /* one message; longer blocks are not SMS */

/* One payment received. */
struct paymsg {
	enum pay_method wallet;          /* PAY_BKASH, PAY_NAGAD or PAY_ROCKET */
	char trx[ORDER_TRX_MAX];         /* in pay_trx_check's stored form */
	int64_t amount_poisha;           /* > 0 */
	char phone[PHONE_LEN];           /* the payer, normalised; "" when not said */
	char when[PAYMSG_WHEN_MAX];      /* local time the message names, or "" */
};

enum paymsg_format { PAYMSG_TEXT, PAYMSG_XML, PAYMSG_CSV };

/* Read one SMS. sender is the SMS sender address when known ("bKash",
 * "NAGAD", "16216"), else NULL and the text tells the wallet.
 * Returns 1 with *out for money received; 0 for any other message (money
 * sent, cash out, an offer, a one-time code); -1 for a money-received message
 * with a part missing or of the wrong shape, err saying which. */
int paymsg_parse_sms(const char *text, const char *sender, struct paymsg *out,
		     char err[KERR_LEN]);

/* The shape of a whole file: XML when it holds "<smses" or "<sms ", CSV when
 * its first line names a transaction ID column and has a comma, else text. */
enum paymsg_format paymsg_detect(const char *buf, size_t len);

/* Called once per payment found, with the line it starts on; a non-zero
 * return stops the reading (paymsg_parse_file then returns -1 with err
 * "stopped"). */
typedef int (*paymsg_pay_fn)(void *ctx, const struct paymsg *p, long line);
/* Called once per block, sms element or row that looks like money received
 * but cannot be read. */
typedef void (*paymsg_bad_fn)(void *ctx, long line, const char *why);

struct paymsg_counts {
	long payments;      /* given to on_pay */
	long skipped;       /* messages that are not money received */
	long bad;           /* given to on_bad */
};

/* Read every payment of buf[0..len) (buf[len] must be writable: the CSV
 * reader unquotes in place). wallet is the wallet of a statement CSV without
 * a wallet column (PAY_COUNT: tell from each TrxID's shape).
 * Returns 0 with *counts, or -1 when the file as a whole cannot be read (a
 * CSV without TrxID and amount columns, a broken XML tag) with err. */
int paymsg_parse_file(char *buf, size_t len, enum pay_method wallet, paymsg_pay_fn on_pay,
		      paymsg_bad_fn on_bad, void *ctx, struct paymsg_counts *counts,
		      char err[KERR_LEN]);

#endif
