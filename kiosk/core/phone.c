/* phone.c - Bangladeshi mobile numbers to the one form the store keys on.
 * Pure: libc only; must not depend on locale, the store or any I/O. */
#include "phone.h"

#include <string.h>

/* Longest digit run worth looking at: "00" + "880" + 10 digits. */
#define DIGITS_MAX 15

/* Separators people put between digit groups. */
static int is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')';
}

int phone_normalise(const char *text, char out[PHONE_LEN])
{
	char d[DIGITS_MAX + 1];
	size_t nd = 0;
	int plus = 0;
	const char *p, *national;

	if (text == NULL)
		return -1;
	for (p = text; *p != '\0';) {
		unsigned char c = (unsigned char)*p;

		if (c >= '0' && c <= '9') {
			if (nd == DIGITS_MAX)
				return -1;
			d[nd++] = (char)c;
			p++;
		} else if (c == 0xE0 && (unsigned char)p[1] == 0xA7 &&
			   (unsigned char)p[2] >= 0xA6 && (unsigned char)p[2] <= 0xAF) {
			/* Bengali digit zero..nine, U+09E6..U+09EF. */
			if (nd == DIGITS_MAX)
				return -1;
			d[nd++] = (char)('0' + ((unsigned char)p[2] - 0xA6));
			p += 3;
		} else if (c == '+' && nd == 0 && !plus) {
			plus = 1; /* only before the first digit: "+880..." */
			p++;
		} else if (is_separator((char)c) || c == '\r' || c == '\n') {
			p++;
		} else {
			return -1; /* letters, other scripts, '/', ',' ...: not one phone number */
		}
	}
	d[nd] = '\0';

	/* Find the 10-digit national number 1[3-9]XXXXXXXX behind each accepted prefix. */
	if (plus) {
		if (nd != 13 || strncmp(d, "880", 3) != 0)
			return -1; /* a foreign number, or the wrong length */
		national = d + 3;
	} else if (nd == 15 && strncmp(d, "00880", 5) == 0) {
		national = d + 5;
	} else if (nd == 13 && strncmp(d, "880", 3) == 0) {
		national = d + 3;
	} else if (nd == 11 && d[0] == '0') {
		national = d + 1;
	} else if (nd == 10) {
		/* Spreadsheets (Google Sheets, Excel) drop the leading zero of 017...;
		 * ten digits starting 1[3-9] can only be that number. */
		national = d;
	} else {
		return -1;
	}
	if (national[0] != '1' || national[1] < '3' || national[1] > '9')
		return -1; /* landline, or an operator code that does not exist */
	memcpy(out, "+880", 4);
	memcpy(out + 4, national, 10);
	out[14] = '\0';
	return 0;
}
