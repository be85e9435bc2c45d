/* reveal.c - masked saved addresses and the first-letters rule for saved
 * names (see reveal.h). Pure: libc only, no allocation; any bytes are safe
 * input (words are cut on UTF-8 boundaries, invalid bytes kept as they are). */
#include "reveal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "translit.h"
#include "utf8.h"

#define WORDS_MAX 64     /* words of an address looked at */
#define KEPT_MAX 8       /* house/road words kept before the area */
#define NUMBER_DIGITS 5  /* a longer run of digits is no house number */
#define NUMBER_BYTES 16
#define CUT_LETTERS 3    /* of a last word: at most this many letters shown */
#define TEXT_MAX 1024    /* bytes of a name or word compared */

/* ----------------------------------------------------------------- words */

struct word {
	const char *s;
	size_t n;
	int comma;      /* a comma (or ; or the danda) follows it */
};

static uint32_t cp_at(const char *s, size_t n, size_t *len)
{
	uint32_t c;

	*len = utf8_seq((const unsigned char *)s, n, &c);
	if (*len == 0) {
		*len = 1;
		return 0xFFFD;
	}
	return c;
}

static int is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0;
}

static int is_comma(uint32_t c)
{
	return c == ',' || c == ';' || c == 0x060C || c == 0x0964; /* ، । */
}

static int split(const char *a, struct word *w, int max)
{
	size_t n = strlen(a), i = 0, len;
	int k = 0;

	while (i < n && k < max) {
		uint32_t c = cp_at(a + i, n - i, &len);

		if (is_space(c) || is_comma(c)) {
			if (is_comma(c) && k > 0)
				w[k - 1].comma = 1;
			i += len;
			continue;
		}
		w[k].s = a + i;
		w[k].comma = 0;
		while (i < n) {
			c = cp_at(a + i, n - i, &len);
			if (is_space(c) || is_comma(c))
				break;
			i += len;
		}
		w[k].n = (size_t)(a + i - w[k].s);
		k++;
	}
	return k;
}

/* Digits (ASCII or Bengali) in w, or -1 when w has more than NUMBER_BYTES. */
static int digits(const struct word *w)
{
	size_t i = 0, len;
	int d = 0;

	while (i < w->n) {
		uint32_t c = cp_at(w->s + i, w->n - i, &len);

		d += (c >= '0' && c <= '9') || (c >= 0x09E6 && c <= 0x09EF);
		i += len;
	}
	return d;
}

/* The words of an address that only say where in a street (they are typed in
 * either script; Bengali compared in NFC). */
static int is_place_word(const struct word *w)
{
	static const char *const words[] = {
		"house", "h", "road", "rd", "r", "flat", "apt", "apartment", "block", "blk",
		"sector", "sec", "lane", "plot", "holding", "no", "level", "floor", "bari",
		"basha", "goli", "avenue", "ave", "st", "street",
		"বাড়ি", "বাড়ী", "বাসা", "হাউস", "হোল্ডিং", "রোড", "সড়ক", "লেন", "গলি",
		"ফ্ল্যাট", "ব্লক", "সেক্টর", "প্লট", "নং", "নম্বর", "তলা", "এভিনিউ",
	};
	char a[64], b[64];
	size_t n = w->n;

	/* "House#", "Rd.", "নং:" */
	while (n > 0 && strchr(".:#-", w->s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof a)
		return 0;
	memcpy(b, w->s, n);
	b[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (b[i] >= 'A' && b[i] <= 'Z')
			b[i] = (char)(b[i] - 'A' + 'a');
	if (translit_nfc_bengali(b, a, sizeof a) < 0)
		return 0;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		char k[64];

		if (translit_nfc_bengali(words[i], k, sizeof k) >= 0 && strcmp(a, k) == 0)
			return 1;
	}
	return 0;
}

/* A house or flat number: some digits, short ("১২", "5", "12/A", "7B"). */
static int is_number_word(const struct word *w)
{
	int d = digits(w);

	return d > 0 && d <= NUMBER_DIGITS && w->n <= NUMBER_BYTES;
}

/* A combining mark of Bengali (signs, nukta, virama, length mark). */
static int is_mark(uint32_t c)
{
	return (c >= 0x0981 && c <= 0x0983) || c == 0x09BC || (c >= 0x09BE && c <= 0x09CD) ||
	       c == 0x09D7;
}

/* Bytes of w's first letters: half its letters, at most CUT_LETTERS, at
 * least one, with the marks that belong to them and no dangling virama. */
static size_t cut_word(const struct word *w)
{
	size_t i = 0, len, end = 0;
	int letters = 0, keep;

	while (i < w->n) {
		uint32_t c = cp_at(w->s + i, w->n - i, &len);

		letters += !is_mark(c);
		i += len;
	}
	keep = letters / 2 < CUT_LETTERS ? letters / 2 : CUT_LETTERS;
	if (keep < 1)
		keep = 1;
	i = 0;
	letters = 0;
	while (i < w->n) {
		uint32_t c = cp_at(w->s + i, w->n - i, &len);

		if (!is_mark(c) && letters++ == keep)
			break;
		if (c == 0x09CD) /* a virama joins the next letter: stop before it */
			break;
		i += len;
		end = i;
	}
	return end;
}

/* --------------------------------------------------------------- address */

struct out {
	char *p;
	size_t cap, o;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || o->o + n + 1 > o->cap) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->o, s, n);
	o->o += n;
	o->p[o->o] = '\0';
}

/* What reveal_* return: the length, or -1 with "" when it did not fit. */
static int out_end(struct out *o)
{
	if (o->full) {
		o->p[0] = '\0';
		return -1;
	}
	return (int)o->o;
}

static void put_word(struct out *o, const struct word *w, size_t n, int first)
{
	if (!first)
		put(o, " ", 1);
	put(o, w->s, n);
}

int reveal_address(const char *address, char *out, size_t cap)
{
	struct word w[WORDS_MAX];
	struct out o = {out, cap, 0, 0};
	int n, k = 0;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	n = split(address ? address : "", w, WORDS_MAX);
	if (n == 0)
		return 0;
	while (k < n && k < KEPT_MAX && (is_place_word(&w[k]) || is_number_word(&w[k])))
		k++;
	if (k == n)
		k--; /* all of it is numbers: the last one is not shown */
	for (int i = 0; i < k; i++) {
		put_word(&o, &w[i], w[i].n, i == 0);
		if (w[i].comma)
			put(&o, ",", 1);
	}
	if (digits(&w[k]) > NUMBER_DIGITS || is_number_word(&w[k]) || is_place_word(&w[k])) {
		put(&o, k ? " ..." : "...", k ? 4 : 3); /* a phone, or a number cut */
	} else if (k + 1 < n) {
		put_word(&o, &w[k], w[k].n, k == 0);
		put(&o, " ...", 4);
	} else {
		put_word(&o, &w[k], cut_word(&w[k]), k == 0);
		put(&o, "...", 3);
	}
	return out_end(&o);
}

/* Bytes of w's first letter and the marks that belong to it (no virama). */
static size_t first_letter(const struct word *w)
{
	size_t i, len;

	(void)cp_at(w->s, w->n, &len);
	for (i = len; i < w->n; i += len) {
		uint32_t c = cp_at(w->s + i, w->n - i, &len);

		if (!is_mark(c) || c == 0x09CD)
			break;
	}
	return i;
}

int reveal_initials(const char *name, char *out, size_t cap)
{
	struct word w[WORDS_MAX];
	struct out o = {out, cap, 0, 0};
	int n;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	n = split(name ? name : "", w, WORDS_MAX);
	for (int i = 0; i < n; i++) {
		put_word(&o, &w[i], first_letter(&w[i]), i == 0);
		put(&o, ".", 1);
	}
	return out_end(&o);
}

/* ------------------------------------------------------------------ name */

/* s without leading and trailing spaces, ASCII lowercased, Bengali in NFC,
 * into out[cap]. -1 if it does not fit. */
static int fold(const char *s, char *out, size_t cap)
{
	char t[TEXT_MAX];
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n >= sizeof t)
		return -1;
	for (size_t i = 0; i < n; i++)
		t[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	t[n] = '\0';
	return translit_nfc_bengali(t, out, cap);
}

static int letters_of(const char *s)
{
	size_t n = strlen(s), i = 0, len;
	int k = 0;

	while (i < n) {
		uint32_t c = cp_at(s + i, n - i, &len);

		k += !is_space(c) && !(c < 0x80 && strchr(".,-'", (int)c));
		i += len;
	}
	return k;
}

int reveal_name_offer(const char *typed, const char *saved)
{
	struct translit_words q, nm;
	char t[TEXT_MAX], s[TEXT_MAX];
	size_t keyed = 0;

	if (!typed || !saved || fold(typed, t, sizeof t) < 0 || fold(saved, s, sizeof s) < 0)
		return 0;
	if (!s[0] || strcmp(t, s) == 0 || letters_of(t) < REVEAL_NAME_LETTERS)
		return 0;
	if (strncmp(s, t, strlen(t)) == 0)
		return 1;
	if (translit_words(t, &q) == 0 || translit_words(s, &nm) < q.n)
		return 0;
	for (int i = 0; i < q.n; i++) {
		size_t l = strlen(q.key[i]);

		if (strncmp(nm.key[i], q.key[i], l) != 0)
			return 0;
		keyed += l;
	}
	return keyed >= REVEAL_NAME_KEY || (q.n == 1 && strcmp(q.key[0], nm.key[0]) == 0);
}
