/* paymsg.c - money-received messages of bKash, Nagad and Rocket: one table
 * of message shapes per wallet, and the three file shapes a seller has (pasted
 * text, an SMS backup XML, a statement CSV).
 * Pure: libc only (order, phone, csv); no store, no clock. */
#include "paymsg.h"

#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "money.h"

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

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* strstr without regard to ASCII case; needle is lowercase. */
static const char *ci_find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] && lower(hay[i]) == needle[i])
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
	for (const char *p = text; (p = ci_find(p, label)) != NULL; p++)
		if (p == text || !is_alnum(p[-1]) || !is_alnum(label[0]))
			return p + strlen(label);
	return NULL;
}

static int any_of(const char *text, const char *const *words)
{
	for (int i = 0; i < SHAPE_WORDS && words[i]; i++)
		if (ci_find(text, words[i]))
			return 1;
	return 0;
}

/* ======================================================== small readers */

/* "1,234.56" at p (after spaces) into poisha: digits with commas between
 * them, then up to two decimals. Returns 0, or -1 when no amount is there. */
static int read_taka(const char *p, int64_t *poisha)
{
	int64_t v = 0;
	int digits = 0;

	while (*p == ' ' || *p == '\t' || *p == '.' || *p == ':')
		p++;
	for (; is_digit(*p) || (*p == ',' && digits && is_digit(p[1])); p++) {
		if (*p == ',')
			continue;
		if (++digits > 12)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (!digits)
		return -1;
	v *= 100;
	if (*p == '.' && is_digit(p[1])) {
		v += (p[1] - '0') * 10;
		if (is_digit(p[2]))
			v += p[2] - '0';
	}
	*poisha = v;
	return 0;
}

/* The first "Tk" (or "BDT", "৳") that starts a word and is followed by an
 * amount, from p on. */
static int first_tk(const char *text, int64_t *poisha)
{
	static const char *const cur[] = {"tk", "bdt", "৳"};

	for (const char *p = text; *p; p++) {
		if (p > text && is_alnum(p[-1]))
			continue;
		for (size_t i = 0; i < sizeof cur / sizeof cur[0]; i++) {
			size_t n = strlen(cur[i]), k = 0;

			while (k < n && p[k] && lower(p[k]) == cur[i][k])
				k++;
			if (k == n && read_taka(p + n, poisha) == 0)
				return 0;
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
	while (n < max && is_digit(**p)) {
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
	if ((lower(p[0]) == 'a' || lower(p[0]) == 'p') && lower(p[1]) == 'm')
		pm = lower(p[0]) == 'p';
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
		if (is_digit(*q)) {
			if (num(&q, 2, &b) < 1 || *q++ != sep)
				return -1;
			mo = b;
		} else {
			mo = 0;
			for (int i = 0; i < 12; i++)
				if (lower(q[0]) == months[i][0] && lower(q[1]) == months[i][1] &&
				    lower(q[2]) == months[i][2])
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
	if (ci_find(q, "at ") == q)
		q += 3;
	if (read_clock(q, &hh, &mm) != 0)
		return -1;
	(void)snprintf(when, PAYMSG_WHEN_MAX, "%04d-%02d-%02d %02d:%02d", y, mo, d, hh, mm);
	return 0;
}

static void read_when(const char *text, char when[PAYMSG_WHEN_MAX])
{
	when[0] = '\0';
	for (const char *p = text; *p; p++)
		if (is_digit(*p) && (p == text || !is_alnum(p[-1])) && read_when_at(p, when) == 0)
			return;
	when[0] = '\0';
}

/* The payer's number after a label: digits (with '+'), a Rocket account's
 * check digit dropped. "" when there is none or it is no BD mobile number. */
static void read_phone(const char *p, char phone[PHONE_LEN])
{
	char digits[24];
	size_t n = 0;

	phone[0] = '\0';
	while (*p == ' ' || *p == ':' || *p == '\t')
		p++;
	if (*p == '+')
		digits[n++] = *p++;
	while (is_digit(*p) && n + 1 < sizeof digits)
		digits[n++] = *p++;
	digits[n] = '\0';
	if (n == 12 && digits[0] == '0' && digits[1] == '1')
		digits[11] = '\0'; /* Rocket: 01XXXXXXXXX and a check digit */
	if (phone_normalise(digits, phone) != 0)
		phone[0] = '\0';
}

/* =========================================================== one message */

static const struct wallet_shape *shape_of(enum pay_method w)
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

	if (!w || !any_of(text, w->in) || any_of(text, w->out))
		return 0;
	memset(&m, 0, sizeof m);
	m.wallet = w->wallet;
	for (int i = 0; i < SHAPE_WORDS && w->amount[i] && !p; i++)
		if ((p = label_after(text, w->amount[i])) != NULL &&
		    read_taka(p, &m.amount_poisha) != 0 && first_tk(p, &m.amount_poisha) != 0)
			p = NULL;
	if (!p && first_tk(text, &m.amount_poisha) != 0)
		return kerr(err, "%s: no amount in the message", pay_rule(w->wallet)->en);
	if (m.amount_poisha <= 0)
		return kerr(err, "%s: the amount is 0", pay_rule(w->wallet)->en);
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
			read_phone(p, m.phone);
	read_when(text, m.when);
	*out = m;
	return 1;
}

/* ============================================================ the files */

enum { COL_TRX, COL_AMOUNT, COL_PHONE, COL_WALLET, COL_TYPE, COL_WHEN, COL_COUNT };

static int header_kind(const char *h)
{
	if (ci_find(h, "trx") || ci_find(h, "txn") || ci_find(h, "transaction id") ||
	    ci_find(h, "transaction_id"))
		return COL_TRX;
	if (ci_find(h, "amount"))
		return COL_AMOUNT;
	if (ci_find(h, "from") || ci_find(h, "sender") || ci_find(h, "customer") ||
	    ci_find(h, "msisdn") || ci_find(h, "phone") || ci_find(h, "mobile") ||
	    ci_find(h, "account"))
		return COL_PHONE;
	if (ci_find(h, "wallet") || ci_find(h, "provider") || ci_find(h, "channel") ||
	    ci_find(h, "method"))
		return COL_WALLET;
	if (ci_find(h, "type") || ci_find(h, "direction") || ci_find(h, "dr/cr"))
		return COL_TYPE;
	if (ci_find(h, "date") || ci_find(h, "time"))
		return COL_WHEN;
	return -1;
}

enum paymsg_format paymsg_detect(const char *buf, size_t len)
{
	char first[1024];
	size_t n = 0;

	for (size_t i = 0; i < len && i < 65536; i++)
		if (buf[i] == '<' && (strncmp(buf + i, "<smses", 6) == 0 ||
				      (i + 5 <= len && strncmp(buf + i, "<sms ", 5) == 0)))
			return PAYMSG_XML;
	if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
	    (unsigned char)buf[2] == 0xBF)
		buf += 3, len -= 3;
	while (n < len && n < sizeof first - 1 && buf[n] != '\n' && buf[n] != '\0')
		n++;
	memcpy(first, buf, n);
	first[n] = '\0';
	/* A header: short cells, one naming the TrxID and one the amount. */
	{
		int trx = 0, amount = 0;

		for (char *cell = first, *next; cell; cell = next) {
			next = strchr(cell, ',');
			if (next)
				*next++ = '\0';
			if (strlen(cell) > 40)
				return PAYMSG_TEXT;
			trx |= header_kind(cell) == COL_TRX;
			amount |= header_kind(cell) == COL_AMOUNT;
		}
		return trx && amount ? PAYMSG_CSV : PAYMSG_TEXT;
	}
}

struct reader {
	paymsg_pay_fn on_pay;
	paymsg_bad_fn on_bad;
	void *ctx;
	struct paymsg_counts *counts;
};

/* One message found: counted and handed on. Returns -1 when on_pay stops. */
static int one(struct reader *r, const char *text, const char *sender, long line)
{
	char err[KERR_LEN];
	struct paymsg m;
	int v = paymsg_parse_sms(text, sender, &m, err);

	if (v == 0) {
		r->counts->skipped++;
		return 0;
	}
	if (v < 0) {
		r->counts->bad++;
		if (r->on_bad)
			r->on_bad(r->ctx, line, err);
		return 0;
	}
	r->counts->payments++;
	return r->on_pay(r->ctx, &m, line) != 0 ? -1 : 0;
}

static int is_blank_line(const char *p, const char *end)
{
	for (; p < end && *p != '\n'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

/* Blocks separated by blank lines, one message each. */
static int read_text(struct reader *r, const char *buf, size_t len, char err[KERR_LEN])
{
	static char block[PAYMSG_TEXT_MAX];
	const char *p = buf, *end = buf + len;
	long line = 1;

	while (p < end) {
		long start;
		size_t n = 0;
		int too_long = 0;

		while (p < end && is_blank_line(p, end)) { /* skip blank lines */
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			p = nl ? nl + 1 : end;
			line++;
		}
		if (p >= end)
			break;
		start = line;
		while (p < end && !is_blank_line(p, end)) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *le = nl ? nl : end;
			size_t k = (size_t)(le - p);

			if (n + k + 2 > sizeof block)
				too_long = 1;
			else {
				if (n)
					block[n++] = '\n';
				memcpy(block + n, p, k);
				n += k;
			}
			p = nl ? nl + 1 : end;
			line++;
		}
		block[n] = '\0';
		if (memchr(block, '\0', n)) { /* a NUL inside: not text */
			r->counts->bad++;
			if (r->on_bad)
				r->on_bad(r->ctx, start, "the block holds a NUL byte");
			continue;
		}
		if (too_long) {
			r->counts->bad++;
			if (r->on_bad)
				r->on_bad(r->ctx, start, "the block is too long for one SMS");
			continue;
		}
		if (one(r, block, NULL, start) != 0)
			return kerr(err, "stopped");
	}
	return 0;
}

/* Append code point cp as UTF-8; returns the bytes written (0: no room). */
static size_t utf8_put(char *out, size_t room, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 0x80 && room >= 1) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800 && room >= 2) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000 && room >= 3) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (room >= 4) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

/* An attribute value v[0..n) with its XML entities decoded into out[cap]. */
static void xml_unescape(const char *v, size_t n, char *out, size_t cap)
{
	static const struct { const char *name; char c; } ent[] = {
		{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''},
	};
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		int done = 0;

		if (v[i] == '&') {
			for (size_t k = 0; k < sizeof ent / sizeof ent[0] && !done; k++) {
				size_t l = strlen(ent[k].name);

				if (i + 1 + l <= n && strncmp(v + i + 1, ent[k].name, l) == 0) {
					out[o++] = ent[k].c;
					i += l;
					done = 1;
				}
			}
			if (!done && i + 2 < n && v[i + 1] == '#') {
				unsigned long cp = 0;
				size_t j = i + 2, w;
				int hex = v[j] == 'x' || v[j] == 'X', digits = 0;

				if (hex)
					j++;
				for (; j < n && digits < 8; j++, digits++) {
					char c = v[j];

					if (is_digit(c))
						cp = cp * (hex ? 16 : 10) + (unsigned long)(c - '0');
					else if (hex && lower(c) >= 'a' && lower(c) <= 'f')
						cp = cp * 16 + (unsigned long)(lower(c) - 'a' + 10);
					else
						break;
				}
				if (digits && j < n && v[j] == ';' &&
				    (w = utf8_put(out + o, cap - 1 - o, cp)) > 0) {
					o += w;
					i = j;
					done = 1;
				}
			}
		}
		if (!done)
			out[o++] = v[i];
	}
	out[o] = '\0';
}

/* The value of attribute name in the tag tag[0..n); 1 found, 0 not. */
static int xml_attr(const char *tag, size_t n, const char *name, char *out, size_t cap)
{
	size_t l = strlen(name);

	for (size_t i = 0; i + l + 2 < n; i++) {
		char q;
		size_t j;

		if (tag[i] == '"' || tag[i] == '\'') { /* skip a value */
			const char *e = memchr(tag + i + 1, tag[i], n - i - 1);

			if (!e)
				return 0;
			i = (size_t)(e - tag);
			continue;
		}
		if ((i > 0 && tag[i - 1] != ' ' && tag[i - 1] != '\t' && tag[i - 1] != '\n' &&
		     tag[i - 1] != '\r') || strncmp(tag + i, name, l) != 0)
			continue;
		j = i + l;
		while (j < n && tag[j] == ' ')
			j++;
		if (j >= n || tag[j] != '=')
			continue;
		j++;
		while (j < n && tag[j] == ' ')
			j++;
		if (j >= n || (tag[j] != '"' && tag[j] != '\''))
			return 0;
		q = tag[j++];
		{
			const char *e = memchr(tag + j, q, n - j);

			if (!e)
				return 0;
			xml_unescape(tag + j, (size_t)(e - (tag + j)), out, cap);
		}
		return 1;
	}
	return 0;
}

/* SMS Backup & Restore: <smses count="N"><sms protocol="0" address="bKash"
 * date="1764426000000" type="1" body="You have received ..." .../></smses>.
 * type 1 is the inbox; sent messages and drafts are skipped. */
static int read_xml(struct reader *r, const char *buf, size_t len, char err[KERR_LEN])
{
	static char body[PAYMSG_TEXT_MAX];
	char address[128], type[16];
	const char *p = buf, *end = buf + len;
	long line = 1;

	for (;;) {
		const char *lt = NULL, *q;
		size_t n;

		for (q = p; q + 4 < end; q++) {
			if (*q == '\n')
				line++;
			if (q[0] == '<' && q[1] == 's' && q[2] == 'm' && q[3] == 's' &&
			    (q[4] == ' ' || q[4] == '\t' || q[4] == '\n' || q[4] == '\r' ||
			     q[4] == '/' || q[4] == '>')) {
				lt = q;
				break;
			}
		}
		if (!lt)
			return 0;
		/* The end of the tag, quotes respected. */
		for (q = lt + 4; q < end && *q != '>'; q++)
			if (*q == '"' || *q == '\'') {
				const char *e = memchr(q + 1, *q, (size_t)(end - q - 1));

				if (!e)
					return kerr(err, "line %ld: an <sms> tag has an unclosed quote", line);
				for (const char *c = q; c < e; c++)
					if (*c == '\n')
						line++;
				q = e;
			}
		if (q >= end)
			return kerr(err, "line %ld: an <sms> tag is not closed", line);
		n = (size_t)(q - lt);
		p = q + 1;
		if (xml_attr(lt, n, "type", type, sizeof type) && strcmp(type, "1") != 0) {
			r->counts->skipped++;
			continue;
		}
		if (!xml_attr(lt, n, "body", body, sizeof body)) {
			r->counts->skipped++;
			continue;
		}
		if (!xml_attr(lt, n, "address", address, sizeof address))
			address[0] = '\0';
		if (one(r, body, address, line) != 0)
			return kerr(err, "stopped");
	}
}

/* The wallet a TrxID's shape tells: 10 digits Rocket, 10 letters and digits
 * bKash, 8 or 9 Nagad. PAY_COUNT when it tells none. */
static enum pay_method wallet_of_trx(const char *t)
{
	size_t n = strlen(t);
	int all_digits = 1;

	for (size_t i = 0; i < n; i++)
		all_digits &= is_digit(t[i]);
	if (n == 10)
		return all_digits ? PAY_ROCKET : PAY_BKASH;
	if (n == 8 || n == 9)
		return PAY_NAGAD;
	return PAY_COUNT;
}

static int read_csv(struct reader *r, char *buf, size_t len, enum pay_method wallet,
		    char err[KERR_LEN])
{
	struct csv csv;
	struct csv_record rec;
	int col[COL_COUNT], v;
	char e2[KERR_LEN];

	for (int i = 0; i < COL_COUNT; i++)
		col[i] = -1;
	csv_init(&csv, buf, len);
	if ((v = csv_next(&csv, &rec, e2)) <= 0)
		return kerr(err, "%s", v == 0 ? "the statement is empty" : e2);
	for (int i = 0; i < rec.n; i++) {
		int k = header_kind(rec.field[i]);

		if (k >= 0 && col[k] < 0)
			col[k] = i;
	}
	if (col[COL_TRX] < 0 || col[COL_AMOUNT] < 0)
		return kerr(err, "line 1: the statement needs a transaction ID and an amount column");
	while ((v = csv_next(&csv, &rec, e2)) > 0) {
		struct paymsg m;
		const char *trx, *amt;
		char tok[32];
		size_t n = 0;
		enum pay_method w = wallet;

		memset(&m, 0, sizeof m);
		if (rec.n <= col[COL_TRX] || rec.n <= col[COL_AMOUNT]) {
			r->counts->bad++;
			if (r->on_bad)
				r->on_bad(r->ctx, rec.line, "the row has too few columns");
			continue;
		}
		trx = rec.field[col[COL_TRX]];
		amt = rec.field[col[COL_AMOUNT]];
		while (*amt == ' ')
			amt++;
		if (*amt == '-' || (col[COL_TYPE] >= 0 && col[COL_TYPE] < rec.n &&
				    (ci_find(rec.field[col[COL_TYPE]], "out") ||
				     ci_find(rec.field[col[COL_TYPE]], "send") ||
				     ci_find(rec.field[col[COL_TYPE]], "sent") ||
				     ci_find(rec.field[col[COL_TYPE]], "debit") ||
				     ci_find(rec.field[col[COL_TYPE]], "withdraw")))) {
			r->counts->skipped++;
			continue;
		}
		for (const char *s = trx; *s && n < sizeof tok - 1; s++)
			if (*s != ' ' && *s != '-')
				tok[n++] = *s;
		tok[n] = '\0';
		if (col[COL_WALLET] >= 0 && col[COL_WALLET] < rec.n) {
			const char *c = rec.field[col[COL_WALLET]];

			if (ci_find(c, "bkash"))
				w = PAY_BKASH;
			else if (ci_find(c, "nagad"))
				w = PAY_NAGAD;
			else if (ci_find(c, "rocket") || ci_find(c, "dbbl"))
				w = PAY_ROCKET;
		}
		if (w == PAY_COUNT)
			w = wallet_of_trx(tok);
		if (!shape_of(w)) {
			r->counts->bad++;
			if (r->on_bad)
				r->on_bad(r->ctx, rec.line, "the TrxID has the shape of no wallet");
			continue;
		}
		m.wallet = w;
		if (pay_trx_check(w, tok, m.trx, e2) != 0) {
			r->counts->bad++;
			if (r->on_bad)
				r->on_bad(r->ctx, rec.line, e2);
			continue;
		}
		if (money_parse(amt, &m.amount_poisha) != 0 || m.amount_poisha <= 0) {
			char why[KERR_LEN];

			r->counts->bad++;
			(void)snprintf(why, sizeof why, "'%.40s' is not an amount", amt);
			if (r->on_bad)
				r->on_bad(r->ctx, rec.line, why);
			continue;
		}
		if (col[COL_PHONE] >= 0 && col[COL_PHONE] < rec.n)
			read_phone(rec.field[col[COL_PHONE]], m.phone);
		if (col[COL_WHEN] >= 0 && col[COL_WHEN] < rec.n)
			read_when(rec.field[col[COL_WHEN]], m.when);
		r->counts->payments++;
		if (r->on_pay(r->ctx, &m, rec.line) != 0)
			return kerr(err, "stopped");
	}
	if (v < 0)
		return kerr(err, "%s", e2);
	return 0;
}

int paymsg_parse_file(char *buf, size_t len, enum pay_method wallet, paymsg_pay_fn on_pay,
		      paymsg_bad_fn on_bad, void *ctx, struct paymsg_counts *counts,
		      char err[KERR_LEN])
{
	struct reader r = {on_pay, on_bad, ctx, counts};

	memset(counts, 0, sizeof *counts);
	buf[len] = '\0';
	switch (paymsg_detect(buf, len)) {
	case PAYMSG_XML: return read_xml(&r, buf, len, err);
	case PAYMSG_CSV: return read_csv(&r, buf, len, wallet, err);
	case PAYMSG_TEXT: break;
	}
	return read_text(&r, buf, len, err);
}
