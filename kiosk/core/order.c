/* order.c - totals, limits, payment rules and order numbers of orders.
 * Pure: libc only (phone, districts). Money is integer poisha throughout. */
#include "order.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "districts.h"
#include "i18n.h"
#include "money.h"
#include "utf8.h"

/* ---------------------------------------------------------------- payment */

static const struct pay_rule rules[PAY_COUNT] = {
	[PAY_CASH] = {"cash", N_("Cash"), PAY_TRX_NONE, 0, 0, 0},
	[PAY_BKASH] = {"bkash", N_("bKash"), PAY_TRX_UPPER_ALNUM, 10, 10, 0},
	[PAY_NAGAD] = {"nagad", N_("Nagad"), PAY_TRX_ALNUM, 8, 10, 0},
	[PAY_ROCKET] = {"rocket", N_("Rocket"), PAY_TRX_DIGITS, 10, 10, 0},
	[PAY_CARD] = {"card", N_("Card"), PAY_TRX_NONE, 0, 0, 0},
	[PAY_COD] = {"cod", N_("Cash on delivery"), PAY_TRX_NONE, 0, 0, 1},
};

const struct pay_rule *pay_rule(enum pay_method m)
{
	if ((int)m < 0 || m >= PAY_COUNT)
		return NULL;
	return &rules[m];
}

int pay_parse(const char *code, enum pay_method *m)
{
	for (int i = 0; i < PAY_COUNT && code; i++)
		if (strcmp(code, rules[i].code) == 0) {
			*m = (enum pay_method)i;
			return 0;
		}
	return -1;
}

/* 1 if c may stand in a TrxID of this charset (after uppercasing for bKash). */
static int trx_char_fits(enum pay_charset cs, char c)
{
	int digit = c >= '0' && c <= '9', upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';

	return cs == PAY_TRX_DIGITS ? digit
	     : cs == PAY_TRX_UPPER_ALNUM ? digit || upper
	     : digit || upper || lower;
}

int pay_trx_check(enum pay_method m, const char *text, char out[ORDER_TRX_MAX],
		  char err[KERR_LEN])
{
	const struct pay_rule *r = pay_rule(m);
	char t[ORDER_TRX_MAX];
	size_t n = 0;

	if (!r)
		return kerr(err, "unknown payment method");
	/* People copy TrxIDs from an SMS with spaces or dashes around them. */
	for (const char *s = text ? text : ""; *s; s++) {
		char c = *s;

		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (n + 1 >= sizeof t)
			return kerr(err, "%s transaction ID is too long", r->en);
		if (r->charset == PAY_TRX_UPPER_ALNUM && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		t[n++] = c;
	}
	t[n] = '\0';
	if (r->charset == PAY_TRX_NONE) {
		if (n > 0)
			return kerr(err, "%s takes no transaction ID", r->en);
		out[0] = '\0';
		return 0;
	}
	if (n == 0)
		return kerr(err, "%s needs the transaction ID", r->en);
	if ((int)n < r->min_len || (int)n > r->max_len) {
		if (r->min_len == r->max_len)
			return kerr(err, "%s transaction ID '%s' must have %d characters, not %zu",
				    r->en, t, r->min_len, n);
		return kerr(err, "%s transaction ID '%s' must have %d to %d characters, not %zu",
			    r->en, t, r->min_len, r->max_len, n);
	}
	for (size_t i = 0; i < n; i++) {
		if (!trx_char_fits(r->charset, t[i]))
			return kerr(err, "%s transaction ID '%s' may hold only %s", r->en, t,
				    r->charset == PAY_TRX_DIGITS ? "digits" : "letters and digits");
	}
	memcpy(out, t, n + 1);
	return 0;
}

/* A count in the screen's digits: "১০" or "10". */
static void count_text(int n, int bengali, char *out, size_t cap)
{
	char a[16];

	(void)snprintf(a, sizeof a, "%d", n);
	if (!bengali || digits_to_bengali(a, out, cap) < 0)
		(void)snprintf(out, cap, "%s", a);
}

static const char *const trx_example[PAY_COUNT] = {
	[PAY_BKASH] = "9AB1CD2EFG", [PAY_NAGAD] = "7AB3C9D2", [PAY_ROCKET] = "1234567890",
};

int pay_trx_hint(enum pay_method m, int bengali, char *out, size_t cap)
{
	const struct pay_rule *r = pay_rule(m);
	char lo[16], hi[16], len[40];
	int n;

	if (!r || r->charset == PAY_TRX_NONE) {
		if (cap)
			out[0] = '\0';
		return 0;
	}
	count_text(r->min_len, bengali, lo, sizeof lo);
	count_text(r->max_len, bengali, hi, sizeof hi);
	if (r->min_len == r->max_len)
		(void)snprintf(len, sizeof len, "%s", lo);
	else
		(void)snprintf(len, sizeof len, i18n_text(NULL, N_("%s to %s"), bengali), lo, hi);
	/* TRANSLATORS: the wallet, how many, "digits" or "letters and digits", an example. */
	n = snprintf(out, cap, i18n_text(NULL, N_("The TrxID in the %s SMS: %s %s, e.g. %s"), bengali),
		     i18n_text(NULL, r->en, bengali), len,
		     i18n_text(NULL, r->charset == PAY_TRX_DIGITS ? N_("digits")
							    : N_("letters and digits"), bengali),
		     trx_example[m]);
	return n >= 0 && (size_t)n < cap ? n : -1;
}

int pay_trx_explain(enum pay_method m, const char *text, int bengali, char *out, size_t cap)
{
	const struct pay_rule *r = pay_rule(m);
	char norm[ORDER_TRX_MAX], err[KERR_LEN], want[40], got[16], lo[16], hi[16];
	int n = 0, bad_char = 0;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	if (r && pay_trx_check(m, text, norm, err) == 0)
		return 0;
	if (!r || r->charset == PAY_TRX_NONE) {
		(void)snprintf(out, cap, "%s",
			       i18n_text(NULL, N_("This payment takes no transaction ID"), bengali));
		return -1;
	}
	for (const char *s = text ? text : ""; *s; s++) {
		char c = *s;

		if (c == ' ' || c == '-' || c == '\t')
			continue;
		n++;
		if (r->charset == PAY_TRX_UPPER_ALNUM && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		bad_char |= !trx_char_fits(r->charset, c);
	}
	if (n == 0) {
		(void)snprintf(out, cap, "%s", i18n_text(NULL, N_("Type the transaction ID"), bengali));
		return -1;
	}
	if (bad_char) {
		(void)snprintf(out, cap, "%s",
			       i18n_text(NULL, r->charset == PAY_TRX_DIGITS ? N_("Digits only")
									 : N_("Letters and digits only"),
					 bengali));
		return -1;
	}
	count_text(r->min_len, bengali, lo, sizeof lo);
	count_text(r->max_len, bengali, hi, sizeof hi);
	count_text(n, bengali, got, sizeof got);
	if (r->min_len == r->max_len)
		(void)snprintf(want, sizeof want, "%s", lo);
	else
		(void)snprintf(want, sizeof want, i18n_text(NULL, N_("%s to %s"), bengali), lo, hi);
	/* TRANSLATORS: how many characters a TrxID has, and how many were typed. */
	(void)snprintf(out, cap, i18n_text(NULL, N_("Should have %s characters, not %s"), bengali),
		       want, got);
	return -1;
}

/* ----------------------------------------------------------------- orders */

static const char *const reason_text[ORDER_REASON_COUNT] = {
	[ORDER_OK] = N_("OK"),
	[ORDER_E_EMPTY] = N_("The cart is empty"),
	[ORDER_E_QTY] = N_("Quantity must be 1 to 99"),
	[ORDER_E_STOCK] = N_("Not enough in stock"),
	[ORDER_E_TOTAL] = N_("The total is out of range"),
	[ORDER_E_PHONE] = N_("Not a Bangladeshi mobile number"),
	[ORDER_E_NAME] = N_("Please enter the name"),
	[ORDER_E_DISTRICT] = N_("Please choose the district"),
	[ORDER_E_ADDRESS] = N_("Please enter the address"),
	[ORDER_E_TRX] = N_("Transaction ID has the wrong shape"),
	[ORDER_E_COLLECT] = N_("Amount to collect is out of range"),
	[ORDER_E_PAY] = N_("Choose how it is paid"),
	[ORDER_E_TEXT] = N_("The name or address holds a character that cannot be stored"),
};

const char *order_reason_text(enum order_reason r, int bengali)
{
	if ((int)r < 0 || r >= ORDER_REASON_COUNT)
		return "?";
	return i18n_text(NULL, reason_text[r], bengali);
}

int order_total(const struct order_line *lines, int n, int64_t *total)
{
	int64_t sum = 0;

	if (n < 0 || n > ORDER_LINES_MAX)
		return -1;
	for (int i = 0; i < n; i++) {
		const struct order_line *l = &lines[i];

		if (l->qty < 0 || l->qty > ORDER_QTY_MAX || l->unit_poisha < 0 ||
		    l->unit_poisha > ORDER_TOTAL_MAX)
			return -1;
		/* Both factors are bounded above, so the product fits in int64. */
		sum += (int64_t)l->qty * l->unit_poisha;
		if (sum > ORDER_TOTAL_MAX)
			return -1;
	}
	*total = sum;
	return 0;
}

int order_line_set_qty(struct order_line *line, int qty)
{
	if (qty < 0)
		qty = 0;
	if (qty > ORDER_QTY_MAX)
		qty = ORDER_QTY_MAX;
	if (line->stock >= 0 && qty > line->stock)
		qty = (int)line->stock;
	line->qty = qty;
	return qty;
}

static int is_blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

int order_item_qty(const struct order_draft *d, int upto)
{
	int sum = 0;

	for (int j = 0; j <= upto && j < d->nlines; j++)
		if (d->lines[j].qty > 0 && strcmp(d->lines[j].item_id, d->lines[upto].item_id) == 0)
			sum += d->lines[j].qty;
	return sum;
}

enum order_reason order_check(const struct order_draft *d, struct order_checked *out)
{
	struct order_checked c;
	char err[KERR_LEN];
	int any = 0;

	memset(&c, 0, sizeof c);
	c.bad_line = -1;
	if (d->nlines < 0 || d->nlines > ORDER_LINES_MAX)
		return ORDER_E_EMPTY;
	for (int i = 0; i < d->nlines; i++) {
		const struct order_line *l = &d->lines[i];

		if (l->qty == 0)
			continue; /* a product looked at, then taken out of the cart */
		if (l->qty < 0 || l->qty > ORDER_QTY_MAX) {
			out->bad_line = i;
			return ORDER_E_QTY;
		}
		if (l->stock >= 0 && order_item_qty(d, i) > l->stock) {
			out->bad_line = i;
			return ORDER_E_STOCK;
		}
		any = 1;
	}
	if (!any)
		return ORDER_E_EMPTY;
	if (order_total(d->lines, d->nlines, &c.total_poisha) != 0 || d->delivery_poisha < 0 ||
	    d->delivery_poisha > ORDER_TOTAL_MAX - c.total_poisha)
		return ORDER_E_TOTAL;
	c.delivery_poisha = d->delivery_poisha;
	c.total_poisha += d->delivery_poisha;
	if (!d->phone || phone_normalise(d->phone, c.phone) != 0)
		return ORDER_E_PHONE;
	if (is_blank(d->name))
		return ORDER_E_NAME;
	if (utf8_field_check(d->name, err, sizeof err) != 0)
		return ORDER_E_TEXT;
	if ((c.district = district_find(d->district)) < 0)
		return ORDER_E_DISTRICT;
	if (is_blank(d->address))
		return ORDER_E_ADDRESS;
	if (utf8_field_check(d->address, err, sizeof err) != 0)
		return ORDER_E_TEXT;
	if (pay_rule(d->method) == NULL)
		return ORDER_E_PAY;
	if (pay_trx_check(d->method, d->trx, c.trx, err) != 0)
		return ORDER_E_TRX;
	if (pay_rule(d->method)->is_collect) {
		c.collect_poisha = d->collect_poisha < 0 ? c.total_poisha : d->collect_poisha;
		/* More than the total would reach the courier's sheet and the report. */
		if (c.collect_poisha > c.total_poisha)
			return ORDER_E_COLLECT;
	}
	*out = c;
	return ORDER_OK;
}

int64_t order_delivery_charge(int district, int64_t inside_dhaka, int64_t outside)
{
	if (district < 0)
		return 0;
	return district == district_find("Dhaka") ? inside_dhaka : outside;
}

/* ---------------------------------------------------------- order numbers */

/* Crockford's Base32 alphabet without Z: 31 symbols, no I, L, O or U to
 * misread. 31 is prime, so with position weights 1..30 the check catches
 * every single wrong symbol and every swap of two neighbours. */
static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXY";
#define ALPHA 31
#define NO_SYMBOLS_MAX 30

static int sym_value(char c)
{
	const char *p;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == '\0' || !(p = strchr(alphabet, c)))
		return -1;
	return (int)(p - alphabet);
}

/* Check symbol over the symbols of text, skipping dashes; -1 if text holds
 * anything else or too many symbols. */
static int check_symbol(const char *text)
{
	int sum = 0, w = 0;

	for (; *text; text++) {
		int v;

		if (*text == '-')
			continue;
		if ((v = sym_value(*text)) < 0 || ++w > NO_SYMBOLS_MAX)
			return -1;
		sum = (sum + w * v) % ALPHA;
	}
	return sum;
}

int order_no_format(const char *device_id, int64_t seq, char out[ORDER_NO_LEN])
{
	uint32_t h = 2166136261u; /* FNV-1a: a stable, well-spread prefix */
	char body[ORDER_NO_LEN];
	int n, chk;

	if (seq < 1 || seq > 999999999999LL)
		return -1;
	for (const char *s = device_id ? device_id : ""; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	body[0] = alphabet[h % ALPHA];
	body[1] = alphabet[(h / ALPHA) % ALPHA];
	body[2] = alphabet[(h / (ALPHA * ALPHA)) % ALPHA];
	body[3] = alphabet[(h / (ALPHA * ALPHA * ALPHA)) % ALPHA];
	n = snprintf(body + 4, sizeof body - 4, "-%04" PRId64, seq);
	if (n < 0 || (size_t)n >= sizeof body - 4)
		return -1;
	chk = check_symbol(body);
	if (chk < 0)
		return -1;
	n = snprintf(out, ORDER_NO_LEN, "%s-%c", body, alphabet[chk]);
	return n > 0 && n < ORDER_NO_LEN ? 0 : -1;
}

int order_no_is_valid(const char *text)
{
	char body[ORDER_NO_LEN];
	size_t n = text ? strlen(text) : 0;
	int chk;

	/* XXXX-NNNN-C at the least */
	if (n < 11 || n >= ORDER_NO_LEN || text[4] != '-' || text[n - 2] != '-')
		return 0;
	for (size_t i = 5; i < n - 2; i++)
		if (text[i] < '0' || text[i] > '9')
			return 0;
	for (size_t i = 0; i < 4; i++)
		if (sym_value(text[i]) < 0)
			return 0;
	memcpy(body, text, n - 2);
	body[n - 2] = '\0';
	chk = check_symbol(body);
	return chk >= 0 && sym_value(text[n - 1]) == chk;
}
