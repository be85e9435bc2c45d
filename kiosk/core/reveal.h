/* reveal.h - what a screen may show of a returning customer to whoever
 * stands at the kiosk: only what that person already knows. A saved address
 * comes back masked (the house and road numbers and the area's first word,
 * enough for its owner to recognise it), a saved name only once its first
 * letters were typed. Pure: libc only (with utf8 and translit); no allocation. */
#ifndef KIOSK_REVEAL_H
#define KIOSK_REVEAL_H

#include <stddef.h>

/* Letters the guest types before the saved name is offered. */
#define REVEAL_NAME_LETTERS 2
/* Consonants of the phonetic key (core/translit) a Latin-Bengali match needs. */
#define REVEAL_NAME_KEY 2

/* The masked form of a saved address into out[cap]: the leading words that
 * are house/road/flat/block words ("বাড়ি", "House", "Road", "রোড", ...) or
 * short numbers ("১২", "5", "12/A") are kept as typed, with their commas;
 * the next word is kept whole when more follow (then " ..."), or cut to its
 * first letters when it is the last ("Dhanmondi" -> "Dha..."); the rest is
 * left out. A long run of digits (a phone) is never kept. Never the whole
 * address unless it is empty:
 *   "বাড়ি ১২, রোড ৫, মিরপুর ১০, ঢাকা" -> "বাড়ি ১২, রোড ৫, মিরপুর ..."
 * Returns the length written (0 for an empty address), or -1 if cap is too
 * small (out then holds "" when cap > 0). */
int reveal_address(const char *address, char *out, size_t cap);

/* 1 if saved may be offered to a guest who has typed `typed`: at least
 * REVEAL_NAME_LETTERS letters that begin the saved name, ignoring case and
 * Bengali normal forms ("ফা" for "ফারহানা", "fa" for "Farhana"), or whose
 * phonetic key (core/translit) begins the saved name's, word by word and with
 * at least REVEAL_NAME_KEY consonants (or the whole key of a short word):
 * "farh" for "ফারহানা". 0 otherwise, and when typed already is the whole name. */
int reveal_name_offer(const char *typed, const char *saved);

/* A name as its initials into out[cap], for a screen where whoever stands
 * there may not know whose it is (an order opened by its number): each word's
 * first letter with its vowel sign, then a dot ("ফারহানা আক্তার" -> "ফা. আ.",
 * "Farhana Akter" -> "F. A."). Returns the length, or -1 if cap is too small
 * (out then "" when cap > 0). */
int reveal_initials(const char *name, char *out, size_t cap);

#endif
