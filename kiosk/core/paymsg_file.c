/* paymsg_file.c - the three file shapes a seller has: pasted text and an
 * SMS backup XML (each message read by paymsg.c), a statement CSV.
 * Pure: libc only (csv, money); no store, no clock. */
#include "paymsg_text.h"

#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "money.h"

/* ============================================================ the files */

enum { COL_TRX, COL_AMOUNT, COL_PHONE, COL_WALLET, COL_TYPE, COL_WHEN, COL_COUNT };

static int header_kind(const char *h)
{
	if (paymsg_ci_find(h, "trx") || paymsg_ci_find(h, "txn") || paymsg_ci_find(h, "transaction id") ||
	    paymsg_ci_find(h, "transaction_id"))
		return COL_TRX;
	if (paymsg_ci_find(h, "amount"))
		return COL_AMOUNT;
	if (paymsg_ci_find(h, "from") || paymsg_ci_find(h, "sender") || paymsg_ci_find(h, "customer") ||
	    paymsg_ci_find(h, "msisdn") || paymsg_ci_find(h, "phone") || paymsg_ci_find(h, "mobile") ||
	    paymsg_ci_find(h, "account"))
		return COL_PHONE;
	if (paymsg_ci_find(h, "wallet") || paymsg_ci_find(h, "provider") || paymsg_ci_find(h, "channel") ||
	    paymsg_ci_find(h, "method"))
		return COL_WALLET;
	if (paymsg_ci_find(h, "type") || paymsg_ci_find(h, "direction") || paymsg_ci_find(h, "dr/cr"))
		return COL_TYPE;
	if (paymsg_ci_find(h, "date") || paymsg_ci_find(h, "time"))
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

/* 1 when two or more lines of block (n bytes) each read as a payment on
 * their own: messages pasted one per line without the empty line between
 * them. Read as one block, all but the first TrxID were lost without a
 * word. */
static int lines_each_pay(const char *block, size_t n)
{
	static char one_line[PAYMSG_TEXT_MAX];
	char err[KERR_LEN];
	struct paymsg m;
	int pays = 0;

	for (const char *p = block, *end = block + n; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((nl ? nl : end) - p);

		memcpy(one_line, p, k);
		one_line[k] = '\0';
		if (paymsg_parse_sms(one_line, NULL, &m, err) > 0 && ++pays >= 2)
			return 1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* A block of messages one per line (lines_each_pay): each line a message. */
static int read_lines(struct reader *r, const char *block, size_t n, long line)
{
	static char one_line[PAYMSG_TEXT_MAX];

	for (const char *p = block, *end = block + n; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((nl ? nl : end) - p);

		memcpy(one_line, p, k);
		one_line[k] = '\0';
		if (one(r, one_line, NULL, line) != 0)
			return -1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* Blocks separated by blank lines, one message each; or one per line when
 * its lines each read as a payment. */
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
		if (lines_each_pay(block, n) ? read_lines(r, block, n, start) != 0
					     : one(r, block, NULL, start) != 0)
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

					if (paymsg_is_digit(c))
						cp = cp * (hex ? 16 : 10) + (unsigned long)(c - '0');
					else if (hex && paymsg_lower(c) >= 'a' && paymsg_lower(c) <= 'f')
						cp = cp * 16 + (unsigned long)(paymsg_lower(c) - 'a' + 10);
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
		all_digits &= paymsg_is_digit(t[i]);
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
				    (paymsg_ci_find(rec.field[col[COL_TYPE]], "out") ||
				     paymsg_ci_find(rec.field[col[COL_TYPE]], "send") ||
				     paymsg_ci_find(rec.field[col[COL_TYPE]], "sent") ||
				     paymsg_ci_find(rec.field[col[COL_TYPE]], "debit") ||
				     paymsg_ci_find(rec.field[col[COL_TYPE]], "withdraw")))) {
			r->counts->skipped++;
			continue;
		}
		for (const char *s = trx; *s && n < sizeof tok - 1; s++)
			if (*s != ' ' && *s != '-')
				tok[n++] = *s;
		tok[n] = '\0';
		if (col[COL_WALLET] >= 0 && col[COL_WALLET] < rec.n) {
			const char *c = rec.field[col[COL_WALLET]];

			if (paymsg_ci_find(c, "bkash"))
				w = PAY_BKASH;
			else if (paymsg_ci_find(c, "nagad"))
				w = PAY_NAGAD;
			else if (paymsg_ci_find(c, "rocket") || paymsg_ci_find(c, "dbbl"))
				w = PAY_ROCKET;
		}
		if (w == PAY_COUNT)
			w = wallet_of_trx(tok);
		if (!paymsg_shape_of(w)) {
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
			paymsg_read_phone(rec.field[col[COL_PHONE]], m.phone);
		if (col[COL_WHEN] >= 0 && col[COL_WHEN] < rec.n)
			paymsg_read_when(rec.field[col[COL_WHEN]], m.when);
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
