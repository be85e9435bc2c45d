/* paymsg.c - money-received messages of bKash, Nagad and Rocket: one table
 * of message shapes per wallet, and reading one message against it. The
 * three file shapes a seller has are read in paymsg_file.c.
 * Pure: libc only (order, phone); no store, no clock. */
#include "paymsg_text.h"
#include "money.h"

#include <stdio.h>
#include <string.h>

/* ============================================================ the shapes */

#define SHAPE_WORDS 8

/* One wallet's messages. Every phrase is matched without regard to case.
 * Shapes seen in sellers' phones (all money received):
 *   bKash  "You have received Tk 720.00 from 01712345678. Fee Tk 0.00.
 *           Balance Tk 1,234.56. TrxID 9AB1CD2EFG at 29/11/2026 18:20"
 *          "You have received payment Tk 720.00 from 01712345678. ..." (merchant)
 *          "Cash In Tk 500.00 from 01712345678 successful. ... TrxID ..."
 *   Nagad  "Money Received.\nAmount: Tk 720.00\nSender: 01712345678\nRef: N/A\n
 *           TxnID: 7AB3C9D2\nBalance: Tk 1,234.56\n29/11/2026 18:20"
 *          "Received Tk 720.00 from 01712345678. TxnID: 7AB3C9D2 ..."
 *   Rocket "Tk720.00 received from A/C:017123456783 Fee:Tk0.00, Your A/C
 *           Balance: Tk1,234.56 TxnId:1234567890 Date:29-NOV-26 06:20:15 pm."
 *          (a Rocket account is the phone number and one check digit) */
struct wallet_shape {
	enum pay_method wallet;
	const char *senders[SHAPE_WORDS];  /* SMS sender addresses */
	const char *marks[SHAPE_WORDS];    /* text that names the wallet */
	const char *in[SHAPE_WORDS];       /* money came in */
	const char *out[SHAPE_WORDS];      /* money went out: not a payment to the seller */
	const char *amount[SHAPE_WORDS];   /* labels before the amount; else the first "Tk" */
	const char *trx[SHAPE_WORDS];      /* labels before the TrxID */
	const char *from[SHAPE_WORDS];     /* labels before the payer's number */
};

/* Tried in this order when the sender is not known: Rocket's and Nagad's
 * marks are more particular than bKash's. */
static const struct wallet_shape shapes[] = {
	{PAY_ROCKET, {"16216", "rocket", "dbbl"}, {"rocket", "dbbl", "a/c:"},
	 {"received from", "cash in"},
	 {"sent to", "transferred to", "cash out", "withdrawn", "you have sent", "paid to"},
	 {NULL}, {"txnid", "trxid", "txn id"}, {"a/c:", "a/c no", "from"}},
	{PAY_NAGAD, {"nagad"}, {"nagad", "money received", "sender:", "txnid"},
	 {"money received", "received tk", "cash in", "payment received"},
	 {"send money", "money sent", "cash out", "you have sent", "payment successful"},
	 {"amount:", "amount"}, {"txnid", "txn id", "trxid"}, {"sender:", "from"}},
	{PAY_BKASH, {"bkash"}, {"bkash", "trxid"},
	 {"you have received", "cash in tk", "payment received"},
	 {"you have sent", "send money", "cash out", "payment of", "sent to", "bill payment"},
	 {NULL}, {"trxid", "trx id"}, {"from"}},
};
#define NSHAPES ((int)(sizeof shapes / sizeof shapes[0]))

char paymsg_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int paymsg_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return paymsg_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* strstr without regard to ASCII case; needle is lowercase. */
const char *paymsg_ci_find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] && paymsg_lower(hay[i]) == needle[i])
			i++;
		if (i == n)
			return hay;
	}
	return NULL;
}

/* A label found as its own word (not the end of a longer word: "from" is
 * not in "wherefrom"). Returns the text just after it, or NULL. */
static const char *label_after(const char *text, const char *label)
{
	for (const char *p = text; (p = paymsg_ci_find(p, label)) != NULL; p++)
		if (p == text || !is_alnum(p[-1]) || !is_alnum(label[0]))
			return p + strlen(label);
	return NULL;
}

static int any_of(const char *text, const char *const *words)
{
	for (int i = 0; i < SHAPE_WORDS && words[i]; i++)
		if (paymsg_ci_find(text, words[i]))
			return 1;
	return 0;
}

/* ======================================================== small readers */

/* The amount at p (after spaces): the word there read by money_parse, the
 * one reader of taka ("1,234.56", Bengali digits, at most two decimals),
 * with a full stop or comma ending the sentence left off. Returns 0, -1
 * when no amount is there, or -2 with bad (the word) when one is there but
 * wrong: "260.005", "260.5abc", "-5.00", "184467440737095517.76". */
static int read_taka(const char *p, int64_t *poisha, char bad[KERR_LEN])
{
	char word[64];
	size_t n;

	while (*p == ' ' || *p == '\t' || *p == '.' || *p == ':')
		p++;
	/* ASCII digit, minus, or a Bengali digit's lead bytes (U+09E6..U+09EF). */
	if (!paymsg_is_digit(*p) && *p != '-' && !((unsigned char)p[0] == 0xE0 &&
						   (unsigned char)p[1] == 0xA7))
		return -1;
	n = strcspn(p, " \t\r\n");
	(void)snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
	n = strlen(word);
	if (n > 1 && (word[n - 1] == '.' || word[n - 1] == ',' || word[n - 1] == ';'))
		word[--n] = '\0';
	if (money_parse(word, poisha) != 0) {
		(void)snprintf(bad, KERR_LEN, "%s", word);
		return -2;
	}
	return 0;
}

/* The first "Tk" (or "BDT", "৳") that starts a word and is followed by an
 * amount, from p on: read_taka's answer (-1: none). */
static int first_tk(const char *text, int64_t *poisha, char bad[KERR_LEN])
{
	static const char *const cur[] = {"tk", "bdt", "৳"};

	for (const char *p = text; *p; p++) {
		if (p > text && is_alnum(p[-1]))
			continue;
		for (size_t i = 0; i < sizeof cur / sizeof cur[0]; i++) {
			size_t n = strlen(cur[i]), k = 0;
			int r;

			while (k < n && p[k] && paymsg_lower(p[k]) == cur[i][k])
				k++;
			if (k == n && (r = read_taka(p + n, poisha, bad)) != -1)
				return r;
		}
	}
	return -1;
}

static const char *const months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
					"jul", "aug", "sep", "oct", "nov", "dec"};

/* Up to max digits at *p into *v; returns how many were read. */
static int num(const char **p, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && paymsg_is_digit(**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

/* "HH:MM[:SS][ am|pm]" at p. */
static int read_clock(const char *p, int *hh, int *mm)
{
	int ss, pm = -1;

	while (*p == ' ')
		p++;
	if (num(&p, 2, hh) < 1 || *p++ != ':' || num(&p, 2, mm) != 2)
		return -1;
	if (*p == ':') {
		p++;
		if (num(&p, 2, &ss) != 2)
			return -1;
	}
	while (*p == ' ')
		p++;
	if ((paymsg_lower(p[0]) == 'a' || paymsg_lower(p[0]) == 'p') && paymsg_lower(p[1]) == 'm')
		pm = paymsg_lower(p[0]) == 'p';
	if (pm >= 0) {
		if (*hh < 1 || *hh > 12)
			return -1;
		*hh = *hh % 12 + (pm ? 12 : 0);
	}
	return *hh <= 23 && *mm <= 59 ? 0 : -1;
}

/* One date and time at p: "29/11/2026 18:20", "29-NOV-26 06:20:15 pm",
 * "2026-11-29 18:20:00". Returns 0 with when "YYYY-MM-DD HH:MM". */
static int read_when_at(const char *p, char when[PAYMSG_WHEN_MAX])
{
	int a, b, c, hh, mm, y, mo, d, n1;
	const char *q = p;

	n1 = num(&q, 4, &a);
	if (n1 == 4 && *q == '-') { /* ISO */
		q++;
		if (num(&q, 2, &b) != 2 || *q++ != '-' || num(&q, 2, &c) != 2)
			return -1;
		y = a, mo = b, d = c;
		if (*q == 'T')
			q++;
	} else if (n1 >= 1 && n1 <= 2 && (*q == '/' || *q == '-')) {
		char sep = *q++;

		d = a;
		if (paymsg_is_digit(*q)) {
			if (num(&q, 2, &b) < 1 || *q++ != sep)
				return -1;
			mo = b;
		} else {
			mo = 0;
			for (int i = 0; i < 12; i++)
				if (paymsg_lower(q[0]) == months[i][0] && paymsg_lower(q[1]) == months[i][1] &&
				    paymsg_lower(q[2]) == months[i][2])
					mo = i + 1;
			if (!mo || q[3] != sep)
				return -1;
			q += 4;
		}
		c = 0;
		int ny = num(&q, 4, &c);
		if (ny == 2)
			y = 2000 + c;
		else if (ny == 4)
			y = c;
		else
			return -1;
	} else {
		return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 2000 || y > 2099)
		return -1;
	if (*q != ' ' && *q != ',')
		return -1;
	while (*q == ' ' || *q == ',')
		q++;
	if (paymsg_ci_find(q, "at ") == q)
		q += 3;
	if (read_clock(q, &hh, &mm) != 0)
		return -1;
	(void)snprintf(when, PAYMSG_WHEN_MAX, "%04d-%02d-%02d %02d:%02d", y, mo, d, hh, mm);
	return 0;
}

void paymsg_read_when(const char *text, char when[PAYMSG_WHEN_MAX])
{
	when[0] = '\0';
	for (const char *p = text; *p; p++)
		if (paymsg_is_digit(*p) && (p == text || !is_alnum(p[-1])) && read_when_at(p, when) == 0)
			return;
	when[0] = '\0';
}

/* The payer's number after a label: digits (with '+'), a Rocket account's
 * check digit dropped. "" when there is none or it is no BD mobile number. */
void paymsg_read_phone(const char *p, char phone[PHONE_LEN])
{
	char digits[24];
	size_t n = 0;

	phone[0] = '\0';
	while (*p == ' ' || *p == ':' || *p == '\t')
		p++;
	if (*p == '+')
		digits[n++] = *p++;
	while (paymsg_is_digit(*p) && n + 1 < sizeof digits)
		digits[n++] = *p++;
	digits[n] = '\0';
	if (n == 12 && digits[0] == '0' && digits[1] == '1')
		digits[11] = '\0'; /* Rocket: 01XXXXXXXXX and a check digit */
	if (phone_normalise(digits, phone) != 0)
		phone[0] = '\0';
}

/* =========================================================== one message */

const struct wallet_shape *paymsg_shape_of(enum pay_method w)
{
	for (int i = 0; i < NSHAPES; i++)
		if (shapes[i].wallet == w)
			return &shapes[i];
	return NULL;
}

static const struct wallet_shape *which_wallet(const char *text, const char *sender)
{
	if (sender && *sender) {
		for (int i = 0; i < NSHAPES; i++)
			if (any_of(sender, shapes[i].senders))
				return &shapes[i];
		return NULL; /* a person's number or another service */
	}
	for (int i = 0; i < NSHAPES; i++)
		if (any_of(text, shapes[i].marks))
			return &shapes[i];
	return NULL;
}

int paymsg_parse_sms(const char *text, const char *sender, struct paymsg *out,
		     char err[KERR_LEN])
{
	const struct wallet_shape *w = which_wallet(text, sender);
	const char *p = NULL;
	char tok[ORDER_TRX_MAX + 2], e2[KERR_LEN];
	struct paymsg m;
	size_t n = 0;
	int r = -1;

	if (!w || !any_of(text, w->in) || any_of(text, w->out))
		return 0;
	memset(&m, 0, sizeof m);
	m.wallet = w->wallet;
	for (int i = 0; i < SHAPE_WORDS && w->amount[i] && r == -1; i++)
		if ((p = label_after(text, w->amount[i])) != NULL &&
		    (r = read_taka(p, &m.amount_poisha, e2)) == -1)
			r = first_tk(p, &m.amount_poisha, e2);
	if (r == -1)
		r = first_tk(text, &m.amount_poisha, e2);
	if (r == -1)
		return kerr(err, "%s: no amount in the message", pay_rule(w->wallet)->en);
	if (r == -2)
		return kerr(err, "%s: the amount '%.40s' is not taka (digits, at most two decimals)",
			    pay_rule(w->wallet)->en, e2);
	if (m.amount_poisha <= 0)
		return kerr(err, "%s: the amount is %s", pay_rule(w->wallet)->en,
			    m.amount_poisha ? "below 0" : "0");
	if (m.amount_poisha > ORDER_TOTAL_MAX)
		return kerr(err, "%s: the amount is over the limit of an order", pay_rule(w->wallet)->en);
	for (int i = 0, found = 0; i < SHAPE_WORDS && w->trx[i] && !found; i++) {
		if (!(p = label_after(text, w->trx[i])))
			continue;
		found = 1;
		while (*p == ' ' || *p == ':' || *p == '.' || *p == '#' || *p == '-')
			p++;
		while (is_alnum(*p) && n < sizeof tok - 1)
			tok[n++] = *p++;
	}
	tok[n] = '\0';
	if (n == 0)
		return kerr(err, "%s: no TrxID in the message", pay_rule(w->wallet)->en);
	if (pay_trx_check(w->wallet, tok, m.trx, e2) != 0)
		return kerr(err, "%s", e2);
	for (int i = 0; i < SHAPE_WORDS && w->from[i] && !m.phone[0]; i++)
		if ((p = label_after(text, w->from[i])) != NULL)
			paymsg_read_phone(p, m.phone);
	paymsg_read_when(text, m.when);
	*out = m;
	return 1;
}
