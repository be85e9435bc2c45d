/* receipt.c - a guest's receipt as text and as a wa.me message link.
 * Pure: libc only. */
#include "receipt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "districts.h"
#include "i18n.h"
#include "money.h"

int receipt_mask_address(const char *address, char *out, size_t cap)
{
	const char *a = address ? address : "";
	size_t n = 0, chars = 0;
	int n2;

	/* The first part, up to a comma, at most 16 characters. */
	while (a[n] && a[n] != ',' && chars < 16) {
		n++;
		while ((a[n] & 0xC0) == 0x80) /* the rest of this UTF-8 character */
			n++;
		chars++;
	}
	while (n > 0 && a[n - 1] == ' ')
		n--;
	n2 = snprintf(out, cap, "%.*s%s", (int)n, a, a[n] ? ", ***" : "");
	return n2 >= 0 && (size_t)n2 < cap ? n2 : -1;
}

static void put(char lines[][RECEIPT_LINE_MAX], int max, int *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char lines[][RECEIPT_LINE_MAX], int max, int *n, const char *fmt, ...)
{
	va_list ap;

	if (*n >= max)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(lines[*n], RECEIPT_LINE_MAX, fmt, ap);
	va_end(ap);
	(*n)++;
}

static void taka(int64_t poisha, int bengali, char out[MONEY_TEXT_MAX])
{
	if (money_format(poisha, bengali ? "bn" : "en", out, MONEY_TEXT_MAX) < 0)
		out[0] = '\0';
}

static void num(int64_t v, int bengali, char out[32])
{
	if (count_format(v, bengali ? "bn" : "en", out, 32) < 0)
		out[0] = '\0';
}

int receipt_lines(const struct receipt *r, int bengali, char lines[][RECEIPT_LINE_MAX], int max)
{
	const struct pay_rule *p = pay_rule(r->method);
	const char *pay = p ? i18n_text(NULL, p->en, bengali) : "";
	int d = district_find(r->district), n = 0;
	char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX], q[32], addr[ORDER_TEXT_MAX];

	if (r->event[0])
		put(lines, max, &n, "%s", r->event);
	put(lines, max, &n, "%s: %s", i18n_text(NULL, N_("Seller"), bengali), r->seller);
	put(lines, max, &n, "%s: %s", i18n_text(NULL, N_("Order number"), bengali), r->order_no);
	for (int i = 0; i < r->nitems; i++) {
		num(r->items[i].qty, bengali, q);
		taka(r->items[i].unit_poisha, bengali, a);
		taka(r->items[i].unit_poisha * r->items[i].qty, bengali, b);
		put(lines, max, &n, "%s × %s (%s) = %s", q, r->items[i].name, a, b);
	}
	if (r->delivery_poisha > 0) {
		taka(r->delivery_poisha, bengali, a);
		put(lines, max, &n, "%s: %s", i18n_text(NULL, N_("Delivery charge"), bengali), a);
	}
	taka(r->total_poisha, bengali, a);
	put(lines, max, &n, "%s: %s", i18n_text(NULL, N_("Total"), bengali), a);
	if (r->method == PAY_COD) {
		taka(r->collect_poisha, bengali, a);
		put(lines, max, &n, "%s: %s · %s %s", i18n_text(NULL, N_("Payment"), bengali), pay,
		    i18n_text(NULL, N_("pay on delivery"), bengali), a);
	} else if (p && p->charset != PAY_TRX_NONE) {
		put(lines, max, &n, "%s: %s · TrxID %s · %s", i18n_text(NULL, N_("Payment"), bengali), pay,
		    r->trx, r->matched_known ? paymatch_status_text(r->status, bengali)
		    : i18n_text(NULL, N_("to be matched"), bengali));
	} else {
		put(lines, max, &n, "%s: %s · %s", i18n_text(NULL, N_("Payment"), bengali), pay,
		    i18n_text(NULL, N_("paid"), bengali));
	}
	if (receipt_mask_address(r->address, addr, sizeof addr) < 0)
		addr[0] = '\0';
	put(lines, max, &n, "%s: %s, %s", i18n_text(NULL, N_("Delivery"), bengali), addr,
	    d >= 0 ? (bengali ? district_at(d)->bn : district_at(d)->en) : r->district);
	return n;
}

int receipt_text(const struct receipt *r, int bengali, char *out, size_t cap)
{
	static char lines[RECEIPT_LINES_MAX][RECEIPT_LINE_MAX];
	int n = receipt_lines(r, bengali, lines, RECEIPT_LINES_MAX);
	size_t o = 0;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(lines[i]);

		if (o + l + 2 > cap)
			return -1;
		memcpy(out + o, lines[i], l);
		o += l;
		out[o++] = '\n';
	}
	if (o)
		o--; /* no newline after the last line */
	out[o] = '\0';
	return (int)o;
}

int receipt_wa_link(const struct receipt *r, int bengali, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	static char text[RECEIPT_TEXT_MAX];
	const char *ph = r->phone[0] == '+' ? r->phone + 1 : r->phone;
	int n = snprintf(out, cap, "https://wa.me/%s?text=", ph);
	size_t o;

	if (n < 0 || (size_t)n >= cap || receipt_text(r, bengali, text, sizeof text) < 0)
		return -1;
	o = (size_t)n;
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		int keep = (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
			   (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' || *s == '_' ||
			   *s == '~';

		if (o + (keep ? 1 : 3) + 1 > cap)
			return -1;
		if (keep) {
			out[o++] = (char)*s;
		} else {
			out[o++] = '%';
			out[o++] = hex[*s >> 4];
			out[o++] = hex[*s & 15];
		}
	}
	out[o] = '\0';
	return (int)o;
}
