/* translit.h - names as they are typed: a phonetic key that Bengali and
 * Latin spellings of one name share, so `rashed` finds রাশেদ, `kaushik` finds
 * কৌশিক and ক finds ক্ষমা. Bengali is read Avro-style (the romanisation
 * Bangladeshi phones type), both sides are folded to one coarse sound
 * alphabet. Pure: libc only; no allocation.
 *
 * The key of a word is its consonants in ASCII: aspiration dropped (kh=k,
 * bh=v=b), sibilants one (শ ষ স sh s = s), চ/ch = c, জ য z = j, ড় ঢ় = r,
 * ফ ph = f, ক্ষ ksh = k; vowels and the glides y, w left out (that is where
 * spellings of one name differ, and Bengali never writes its inherent
 * vowel); doubled letters made one. Words are split at anything that is
 * neither a Bengali nor a Latin letter. */
#ifndef KIOSK_TRANSLIT_H
#define KIOSK_TRANSLIT_H

#include <stddef.h>

#define TRANSLIT_WORDS_MAX 8   /* words of a name or query that are keyed */
#define TRANSLIT_KEY_MAX 48    /* bytes of one word's key, NUL included */

struct translit_words {
	int n;
	char key[TRANSLIT_WORDS_MAX][TRANSLIT_KEY_MAX];
};

/* Key every word of utf8 (any bytes: invalid UTF-8 and other scripts split
 * words). Words whose key is empty (all vowels, "o", "আ") are left out; words
 * past TRANSLIT_WORDS_MAX are ignored; a key is cut at TRANSLIT_KEY_MAX - 1.
 * Returns the number of words keyed (w->n). */
int translit_words(const char *utf8, struct translit_words *w);

/* 1 if every word of query is a prefix of some word of name (by key), 0 if
 * not or if query has no keyed word. */
int translit_match(const struct translit_words *name, const struct translit_words *query);

/* Canonical Bengali: the precomposed nukta letters (U+09DC, U+09DD, U+09DF)
 * written as their NFC sequences and the two-part vowel signs (ে+া, ে+ৗ) as
 * ো and ৌ, as Unicode NFC makes them, so a name typed either way compares
 * equal. Copies the rest. Returns the length written, or -1 if cap is too small
 * (out then holds a cut, NUL-terminated prefix). */
int translit_nfc_bengali(const char *utf8, char *out, size_t cap);

#endif
