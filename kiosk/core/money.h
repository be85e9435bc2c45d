/* money.h - taka amounts held as integer poisha (1 taka = 100 poisha), never floats;
 * formatting with Bengali digits and lakh grouping. Pure: libc only. */
#ifndef KIOSK_MONEY_H
#define KIOSK_MONEY_H

#include <stddef.h>
#include <stdint.h>

#define MONEY_TEXT_MAX 80 /* holds any int64 amount in Bengali digits: 70 bytes */

/* Format poisha as "৳১,২৫,০০০" (lang "bn") or "Tk 1,25,000" (lang "en").
 * Poisha are shown only when not zero ("৳১২.৫০"). Negative amounts get a minus.
 * Returns the length written (NUL-terminated), or -1 if cap is too small. */
int money_format(int64_t poisha, const char *lang, char *out, size_t cap);

#define MONEY_PLAIN_MAX 24 /* "-92233720368547758.08" and its NUL */

/* Plain taka for spreadsheets and couriers: "1250", "1250.50", "-12.50"
 * (ASCII digits, no grouping, no sign of the currency; poisha only when not
 * zero). Returns the length written. */
int money_format_plain(int64_t poisha, char out[MONEY_PLAIN_MAX]);

/* Parse "1250", "1,250.50", "12,50,000", "৳১২৫০", "Tk 1250" into poisha. Commas
 * group thousands (1,250,000) or lakhs (12,50,000), never anything else
 * ("10,0,0" is refused); at most two decimals. Returns 0 or -1. */
int money_parse(const char *text, int64_t *poisha);

/* Parse a count typed by a person ("3", "৩"): ASCII or Bengali digits only,
 * no sign, spaces, commas or decimals, 0 to max. Returns 0 and *n, or -1. */
int count_parse(const char *text, int64_t max, int64_t *n);

/* Replace ASCII digits in src with Bengali digits (U+09E6..). Returns length or -1. */
int digits_to_bengali(const char *src, char *out, size_t cap);

/* Format an integer with lakh grouping in lang's digits ("১,২৩,৪৫৬" / "1,23,456"). */
int count_format(int64_t n, const char *lang, char *out, size_t cap);

#endif
