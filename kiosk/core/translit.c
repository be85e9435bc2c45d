/* translit.c - one phonetic key for Bengali and Latin spellings of a name
 * (see translit.h for the alphabet). Pure: libc only, no allocation; any
 * bytes are safe input (fuzzed by tests/fuzz_translit.c). */
#include "translit.h"

#include "utf8.h"

#include <stdint.h>
#include <string.h>

#define CP_MAX 512 /* code points of one text that are looked at */

/* ------------------------------------------------------------- UTF-8 */

/* Decode one code point at s (n bytes left); *len gets its length. Invalid
 * bytes decode as U+FFFD of length 1. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c;

	/* Strict RFC 3629 (core/utf8): an overlong form such as C0 80 must not
	 * decode to NUL and cut the NFC copy short. A byte that starts no valid
	 * sequence is U+FFFD, one byte at a time. */
	*len = utf8_seq(s, n, &c);
	if (*len == 0) {
		*len = 1;
		return 0xFFFD;
	}
	return c;
}

static int put_cp(uint32_t c, char *out, size_t cap, size_t *o)
{
	unsigned char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (unsigned char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (unsigned char)(0xC0 | c >> 6);
		b[1] = (unsigned char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (unsigned char)(0xE0 | c >> 12);
		b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		b[2] = (unsigned char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | c >> 18);
		b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
		b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		b[3] = (unsigned char)(0x80 | (c & 0x3F));
		n = 4;
	}
	if (*o + n + 1 > cap)
		return -1;
	memcpy(out + *o, b, n);
	*o += n;
	return 0;
}

/* Code points of s after the Bengali NFC fixes; returns how many (<= max). */
static int decode_nfc(const char *s, uint32_t *cp, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;
	int k = 0;

	while (n > 0 && k < max) {
		uint32_t c = next_cp(p, n, &len);

		p += len;
		n -= len;
		/* Composition exclusions: NFC keeps these letters decomposed. */
		if ((c == 0x09DC || c == 0x09DD || c == 0x09DF) && k + 2 <= max) {
			cp[k++] = c == 0x09DC ? 0x09A1 : c == 0x09DD ? 0x09A2 : 0x09AF;
			cp[k++] = 0x09BC;
			continue;
		}
		/* Two-part vowel signs compose: ে + া = ো, ে + ৗ = ৌ. */
		if (k > 0 && cp[k - 1] == 0x09C7 && (c == 0x09BE || c == 0x09D7)) {
			cp[k - 1] = c == 0x09BE ? 0x09CB : 0x09CC;
			continue;
		}
		if (c == 0x09DC || c == 0x09DD || c == 0x09DF)
			break; /* no room for the pair: stop at a whole letter */
		cp[k++] = c;
	}
	return k;
}

int translit_nfc_bengali(const char *utf8, char *out, size_t cap)
{
	uint32_t cp[CP_MAX];
	int n, i;
	size_t o = 0;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	if (strlen(utf8) > CP_MAX)
		return -1; /* longer than a name: not cut silently */
	n = decode_nfc(utf8, cp, CP_MAX);
	for (i = 0; i < n; i++) {
		if (put_cp(cp[i], out, cap, &o) != 0) {
			out[o] = '\0';
			return -1;
		}
	}
	out[o] = '\0';
	return (int)o;
}

/* ----------------------------------------------------------- the keys */

/* The raw sounds of one word are built in w (the caller's buffer), then
 * folded: glides out, a/o out, doubles made one. */
struct word {
	char s[TRANSLIT_KEY_MAX * 3];
	size_t n;
};

static void add(struct word *w, const char *t)
{
	while (*t && w->n + 1 < sizeof w->s)
		w->s[w->n++] = *t++;
	w->s[w->n] = '\0';
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* A run of ASCII letters (lowercase) in Latin spelling, to raw sounds. */
static void latin(struct word *w, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		char c = s[i], d = i + 1 < n ? s[i + 1] : 0, e = i + 2 < n ? s[i + 2] : 0;

		if (c == 'k' && d == 's' && e == 'h') { add(w, "k"); i += 3; continue; }
		if (c == 'c' && d == 'h' && e == 'h') { add(w, "c"); i += 3; continue; }
		if (c == 'c' && d == 'h') { add(w, "c"); i += 2; continue; }
		if (c == 's' && d == 'h') { add(w, "s"); i += 2; continue; }
		if (c == 'p' && d == 'h') { add(w, "f"); i += 2; continue; }
		if ((c == 'e' && d == 'e') || (c == 'i' && d == 'i')) { add(w, "i"); i += 2; continue; }
		if ((c == 'o' && d == 'o') || (c == 'u' && d == 'u')) { add(w, "u"); i += 2; continue; }
		if ((c == 'a' || c == 'o') && (d == 'u' || d == 'w')) { add(w, "o"); i += 2; continue; }
		if ((c == 'a' || c == 'o') && d == 'i') { add(w, "i"); i += 2; continue; }
		if (d == 'h' && strchr("bdgjkt", c)) {
			char t[2] = {c, 0};

			add(w, t); /* aspiration: kh, gh, th, dh, bh, jh are k, g, t, d, b, j */
			i += 2;
			continue;
		}
		switch (c) {
		case 'c': case 'q': add(w, "k"); break;
		case 'x': add(w, "ks"); break;
		case 'z': add(w, "j"); break;
		case 'v': add(w, "b"); break;
		default: {
			char t[2] = {c, 0};

			add(w, t);
		}
		}
		i++;
	}
}

/* Bengali letters and signs to raw sounds; NULL for what makes no sound
 * (hasanta, chandrabindu, nukta, joiners are handled by the caller). */
static const char *bengali(uint32_t c)
{
	static const char *const t[0x80] = {
		[0x05] = "a", [0x06] = "a", [0x07] = "i", [0x08] = "i", [0x09] = "u",
		[0x0A] = "u", [0x0B] = "ri", [0x0C] = "li", [0x0F] = "e", [0x10] = "i",
		[0x13] = "o", [0x14] = "o",
		[0x15] = "k", [0x16] = "k", [0x17] = "g", [0x18] = "g", [0x19] = "ng",
		[0x1A] = "c", [0x1B] = "c", [0x1C] = "j", [0x1D] = "j", [0x1E] = "n",
		[0x1F] = "t", [0x20] = "t", [0x21] = "d", [0x22] = "d", [0x23] = "n",
		[0x24] = "t", [0x25] = "t", [0x26] = "d", [0x27] = "d", [0x28] = "n",
		[0x2A] = "p", [0x2B] = "f", [0x2C] = "b", [0x2D] = "b", [0x2E] = "m",
		[0x2F] = "j", [0x30] = "r", [0x32] = "l", [0x36] = "s", [0x37] = "s",
		[0x38] = "s", [0x39] = "h",
		[0x3E] = "a", [0x3F] = "i", [0x40] = "i", [0x41] = "u", [0x42] = "u",
		[0x43] = "ri", [0x47] = "e", [0x48] = "i", [0x4B] = "o", [0x4C] = "o",
		[0x57] = "o", [0x02] = "ng", [0x03] = "h", [0x4E] = "t", [0x62] = "li",
		[0x70] = "r", [0x71] = "b",
	};

	if (c < 0x0980 || c > 0x09FF)
		return NULL;
	return t[c - 0x0980];
}

static int is_bengali_letter(uint32_t c)
{
	return c >= 0x0980 && c <= 0x09FF && !(c >= 0x09E6 && c <= 0x09EF) && c != 0x09F2 &&
	       c != 0x09F3 && c != 0x0964 && c != 0x0965;
}

static int is_latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Fold raw sounds into the key: the consonants only. Vowels are where the
 * spellings of one name part (Akter, Akhtar, আক্তার; Hossain, Hosen, হোসেন;
 * the inherent vowel Bengali never writes), and y and w are glides; a doubled
 * letter counts once. */
static void fold(const struct word *w, char *key)
{
	size_t i, k = 0;

	for (i = 0; i < w->n && k + 1 < TRANSLIT_KEY_MAX; i++) {
		char c = w->s[i];

		if (is_vowel(c) || c == 'y' || c == 'w')
			continue;
		if (k > 0 && key[k - 1] == c)
			continue;
		key[k++] = c;
	}
	key[k] = '\0';
}

static void end_word(struct word *w, struct translit_words *out)
{
	if (w->n > 0 && out->n < TRANSLIT_WORDS_MAX) {
		fold(w, out->key[out->n]);
		if (out->key[out->n][0])
			out->n++;
	}
	w->n = 0;
	w->s[0] = '\0';
}

int translit_words(const char *utf8, struct translit_words *out)
{
	uint32_t cp[CP_MAX];
	char run[CP_MAX];
	struct word w;
	int n, i;

	memset(out, 0, sizeof *out);
	w.n = 0;
	w.s[0] = '\0';
	n = decode_nfc(utf8, cp, CP_MAX);
	for (i = 0; i < n; i++) {
		uint32_t c = cp[i];

		if (is_latin(c)) {
			size_t r = 0;

			while (i < n && is_latin(cp[i]) && r < sizeof run)
				run[r++] = (char)(cp[i] >= 'A' && cp[i] <= 'Z' ? cp[i] + 32 : cp[i]), i++;
			i--;
			latin(&w, run, r);
			continue;
		}
		if (c == 0x200C || c == 0x200D || c == 0x0981)
			continue; /* joiners and chandrabindu: no sound of their own */
		if (!is_bengali_letter(c)) {
			end_word(&w, out);
			continue;
		}
		if (c == 0x09BC) {
			/* Nukta: ড় ঢ় are r, য় a glide. */
			if (w.n > 0 && (w.s[w.n - 1] == 'd'))
				w.s[w.n - 1] = 'r';
			else if (w.n > 0 && w.s[w.n - 1] == 'j')
				w.s[w.n - 1] = 'y';
			continue;
		}
		if (c == 0x09CD) {
			/* Hasanta: ক্ষ is k (kh); ব-phala and য-phala are glides. */
			uint32_t nx = i + 1 < n ? cp[i + 1] : 0;

			if (nx == 0x09B7 && w.n > 0 && w.s[w.n - 1] == 'k') {
				i++;
				continue;
			}
			if (nx == 0x09AC || nx == 0x09AF) {
				i++;
				add(&w, nx == 0x09AC ? "w" : "y");
			}
			continue;
		}
		{
			const char *t = bengali(c);

			if (t)
				add(&w, t);
		}
	}
	end_word(&w, out);
	return out->n;
}

int translit_match(const struct translit_words *name, const struct translit_words *query)
{
	int q, k;

	if (query->n == 0)
		return 0;
	for (q = 0; q < query->n; q++) {
		size_t len = strlen(query->key[q]);
		int found = 0;

		for (k = 0; k < name->n && !found; k++)
			found = strncmp(name->key[k], query->key[q], len) == 0;
		if (!found)
			return 0;
	}
	return 1;
}
