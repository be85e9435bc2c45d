/* money.c - taka amounts as integer poisha, lakh grouping, Bengali digits.
 * Pure: libc only; must not depend on locale (no printf %', no localeconv),
 * so a kiosk shows the same figures whatever the system is set to. */
#include "money.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define TAKA_SIGN "\xE0\xA7\xB3" /* ৳ U+09F3 */

/* ---------------------------------------------------------------- output */

/* Bounded writer: remembers overflow instead of failing at every call. */
struct sink {
	char *p;
	size_t cap, len;
	int over;
};

static void put(struct sink *s, const char *text, size_t n)
{
	if (s->over || s->cap - s->len <= n) { /* keep room for the NUL */
		s->over = 1;
		return;
	}
	memcpy(s->p + s->len, text, n);
	s->len += n;
}

/* Copy ASCII text, turning 0-9 into Bengali digits when bn. */
static void put_digits(struct sink *s, const char *ascii, int bn)
{
	for (; *ascii != '\0'; ascii++) {
		if (bn && *ascii >= '0' && *ascii <= '9') {
			char d[3] = {'\xE0', '\xA7', (char)(0xA6 + (*ascii - '0'))};

			put(s, d, 3);
		} else {
			put(s, ascii, 1);
		}
	}
}

static int finish(struct sink *s)
{
	if (s->cap > 0)
		s->p[s->over ? 0 : s->len] = '\0';
	return s->over || s->cap == 0 ? -1 : (int)s->len;
}

/* "12345678" -> "1,23,45,678": the last three digits, then pairs (South Asian
 * grouping: thousand, lakh, crore). out needs 20 digits + 9 commas + NUL. */
static void group_lakh(uint64_t v, char out[32])
{
	char d[24];
	int n = 0, o = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	/* d holds the digits in reverse; digit i (from the right) gets a comma
	 * after it when i == 3, 5, 7, ... */
	for (int i = n - 1; i >= 0; i--) {
		out[o++] = d[i];
		if (i >= 3 && (i - 3) % 2 == 0)
			out[o++] = ',';
	}
	out[o] = '\0';
}

static int is_bn(const char *lang)
{
	return lang != NULL && strcmp(lang, "bn") == 0;
}

int money_format(int64_t poisha, const char *lang, char *out, size_t cap)
{
	struct sink s = {out, cap, 0, 0};
	/* Unsigned, so INT64_MIN has a magnitude too. */
	uint64_t mag = poisha < 0 ? 0 - (uint64_t)poisha : (uint64_t)poisha;
	char grouped[32];
	int bn = is_bn(lang);

	if (poisha < 0)
		put(&s, "-", 1);
	if (bn)
		put(&s, TAKA_SIGN, sizeof TAKA_SIGN - 1);
	else
		put(&s, "Tk ", 3);
	group_lakh(mag / 100, grouped);
	put_digits(&s, grouped, bn);
	if (mag % 100 != 0) {
		char frac[4] = {'.', (char)('0' + mag % 100 / 10), (char)('0' + mag % 10), '\0'};

		put_digits(&s, frac, bn);
	}
	return finish(&s);
}

int count_format(int64_t n, const char *lang, char *out, size_t cap)
{
	struct sink s = {out, cap, 0, 0};
	uint64_t mag = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	char grouped[32];

	if (n < 0)
		put(&s, "-", 1);
	group_lakh(mag, grouped);
	put_digits(&s, grouped, is_bn(lang));
	return finish(&s);
}

int digits_to_bengali(const char *src, char *out, size_t cap)
{
	struct sink s = {out, cap, 0, 0};

	put_digits(&s, src, 1);
	return finish(&s);
}

/* ----------------------------------------------------------------- input */

/* Digit value of an ASCII or Bengali digit at *p, advancing *p; -1 if none. */
static int take_digit(const char **p)
{
	const unsigned char *u = (const unsigned char *)*p;

	if (u[0] >= '0' && u[0] <= '9') {
		*p += 1;
		return u[0] - '0';
	}
	if (u[0] == 0xE0 && u[1] == 0xA7 && u[2] >= 0xA6 && u[2] <= 0xAF) {
		*p += 3;
		return u[2] - 0xA6;
	}
	return -1;
}

static int peek_digit(const char *p)
{
	return take_digit(&p);
}

static void skip_spaces(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n')
		(*p)++;
}

/* Skip word at *p if it is there (ASCII case ignored, without locale). */
static int take_word(const char **p, const char *word)
{
	size_t i;

	for (i = 0; word[i] != '\0'; i++) {
		char c = (*p)[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	*p += i;
	return 1;
}

int count_parse(const char *text, int64_t max, int64_t *n)
{
	const char *p = text;
	int64_t v = 0;
	int d;

	if (!text || !*text || max < 0)
		return -1;
	while ((d = take_digit(&p)) >= 0) {
		if (v > (max - d) / 10)
			return -1; /* over max, before it could overflow */
		v = v * 10 + d;
	}
	if (*p)
		return -1;
	*n = v;
	return 0;
}

int money_parse(const char *text, int64_t *poisha)
{
	const char *p = text;
	uint64_t taka = 0;
	int neg = 0, digits = 0, frac = 0, group[16], ngroups = 0, i;
	const uint64_t limit = ((uint64_t)INT64_MAX - 99) / 100;

	if (text == NULL)
		return -1;
	skip_spaces(&p);
	if (*p == '-') {
		neg = 1;
		p++;
		skip_spaces(&p);
	}
	/* Currency in front: ৳, Tk, Tk., BDT. */
	if (take_word(&p, TAKA_SIGN) || take_word(&p, "bdt") || take_word(&p, "tk")) {
		if (*p == '.')
			p++;
		skip_spaces(&p);
	}
	for (;;) {
		int d = take_digit(&p);

		if (d < 0) {
			/* A grouping comma must sit between digits: "1,250", "1,25,000". */
			if (*p == ',' && digits > 0 && peek_digit(p + 1) >= 0) {
				if (ngroups == 15)
					return -1;
				group[ngroups++] = digits;
				p++;
				continue;
			}
			break;
		}
		if (taka > limit / 10 || (taka == limit / 10 && (uint64_t)d > limit % 10))
			return -1;
		taka = taka * 10 + (uint64_t)d;
		digits++;
	}
	if (digits == 0)
		return -1;
	if (ngroups) {
		/* One documented grouping: thousands (1,250,000) or lakh (12,50,000):
		 * the last group has 3 digits, the ones between all 3 or all 2, the
		 * first no more than those. "10,0,0" is a typo, not ৳1,000. */
		int first = group[0], mid = 0;

		group[ngroups] = digits;
		for (i = ngroups; i > 0; i--)
			group[i] -= group[i - 1];
		if (group[ngroups] != 3)
			return -1;
		for (i = 1; i < ngroups; i++) {
			if (mid == 0)
				mid = group[i];
			if (group[i] != mid || (mid != 2 && mid != 3))
				return -1;
		}
		if (first < 1 || first > (mid ? mid : 3))
			return -1;
	}
	if (*p == '.' && peek_digit(p + 1) >= 0) {
		int d;

		p++;
		frac = take_digit(&p) * 10;
		d = take_digit(&p);
		if (d >= 0)
			frac += d;
		if (peek_digit(p) >= 0)
			return -1; /* a third decimal is not a poisha amount */
	}
	/* Words people write after the amount: "1250/-", "১২৫০ টাকা", "1250 taka", "1250 Tk". */
	skip_spaces(&p);
	if (take_word(&p, "/-") || take_word(&p, "\xE0\xA6\x9F\xE0\xA6\xBE\xE0\xA6\x95\xE0\xA6\xBE") ||
	    take_word(&p, "taka") || take_word(&p, "tk") || take_word(&p, TAKA_SIGN))
		skip_spaces(&p);
	if (*p != '\0')
		return -1;
	*poisha = (int64_t)(taka * 100 + (uint64_t)frac);
	if (neg)
		*poisha = -*poisha;
	return 0;
}

int money_format_plain(int64_t poisha, char out[MONEY_PLAIN_MAX])
{
	/* The magnitude in unsigned arithmetic: -INT64_MIN does not fit. */
	uint64_t mag = poisha < 0 ? 0 - (uint64_t)poisha : (uint64_t)poisha;
	const char *sign = poisha < 0 ? "-" : "";

	if (mag % 100)
		return snprintf(out, MONEY_PLAIN_MAX, "%s%" PRIu64 ".%02" PRIu64, sign, mag / 100,
				mag % 100);
	return snprintf(out, MONEY_PLAIN_MAX, "%s%" PRIu64, sign, mag / 100);
}
