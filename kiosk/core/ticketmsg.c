/* ticketmsg.c - ticket messages and send links (see ticketmsg.h).
 * Pure: libc only; no clock (times arrive as arguments). */
#include "ticketmsg.h"

#include <stdio.h>
#include <string.h>

#include "money.h"
#include "timefmt.h"

static const char *const months_bn[12] = {
	"জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন",
	"জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর",
};
static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

/* Civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm). */
static void civil(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int ticketmsg_when(int64_t ms, int off_min, const char *lang, char *out, size_t cap)
{
	int64_t local = ms + (int64_t)off_min * 60000, days;
	char date[96], clock[32], digits[96];
	int y, m, d, bn = lang && strcmp(lang, "bn") == 0, n;

	days = local >= 0 ? local / 86400000 : -((-local + 86399999) / 86400000);
	civil(days, &y, &m, &d);
	if (time_format_clock(ms, off_min, bn ? "bn" : "en", clock, sizeof clock) < 0)
		return -1;
	(void)snprintf(digits, sizeof digits, "%d", d);
	if (bn) {
		char yy[16];

		if (digits_to_bengali(digits, date, sizeof date) < 0)
			return -1;
		(void)snprintf(digits, sizeof digits, "%d", y);
		if (digits_to_bengali(digits, yy, sizeof yy) < 0)
			return -1;
		n = snprintf(out, cap, "%s %s %s, %s", date, months_bn[m - 1], yy, clock);
	} else {
		n = snprintf(out, cap, "%d %s %d, %s", d, months_en[m - 1], y, clock);
	}
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

int ticketmsg_text(const char *name, const char *event, const char *when, const char *venue,
		   const char *code, char *out, size_t cap)
{
	int n = snprintf(out, cap, "প্রিয় %s, \"%s\"-এ আপনার টিকিট।%s%s%s%s%s%s "
			 "দরজায় টিকিটের QR কোডটি দেখান। টিকিট কোড: %s",
			 name, event, when[0] ? " সময়: " : "", when, when[0] ? "।" : "",
			 venue[0] ? " স্থান: " : "", venue, venue[0] ? "।" : "", code);

	return n < 0 || (size_t)n >= cap ? -1 : n;
}

/* Percent-encode text after prefix into out. */
static int link(const char *prefix, const char *text, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = strlen(prefix), i;

	if (o + 1 > cap)
		return -1;
	memcpy(out, prefix, o);
	for (i = 0; text[i]; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			if (o + 2 > cap)
				return -1;
			out[o++] = (char)c;
		} else {
			if (o + 4 > cap)
				return -1;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return (int)o;
}

static int phone_ok(const char *phone)
{
	return strlen(phone) == 14 && strncmp(phone, "+8801", 5) == 0 &&
	       strspn(phone + 1, "0123456789") == 13;
}

int ticketmsg_whatsapp(const char *phone, const char *text, char *out, size_t cap)
{
	char prefix[64];

	if (!phone_ok(phone))
		return -1;
	(void)snprintf(prefix, sizeof prefix, "https://wa.me/%s?text=", phone + 1);
	return link(prefix, text, out, cap);
}

int ticketmsg_sms(const char *phone, const char *text, char *out, size_t cap)
{
	char prefix[64];

	if (!phone_ok(phone))
		return -1;
	(void)snprintf(prefix, sizeof prefix, "sms:%s?body=", phone);
	return link(prefix, text, out, cap);
}
