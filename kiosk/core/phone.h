/* phone.h - Bangladeshi mobile numbers normalised to +8801[3-9]XXXXXXXX.
 * Pure: libc only. Accepts ASCII and Bengali digits (U+09E6..U+09EF). */
#ifndef KIOSK_PHONE_H
#define KIOSK_PHONE_H

#include <stddef.h>

#define PHONE_LEN 15 /* "+8801XXXXXXXXX" + NUL */

/* Normalise text such as "017...", "8801...", "+880 17..", "০১৭১১-২২২৩৩৩",
 * allowing spaces, dashes, dots and parentheses between digits.
 * Returns 0 and writes out[PHONE_LEN]; -1 if it is not a valid BD mobile number. */
int phone_normalise(const char *text, char out[PHONE_LEN]);

#endif
