/* base32.h - RFC 4648 Base32, uppercase alphabet A-Z2-7, no padding.
 * Pure: libc only. Used for ticket codes so QR codes stay in alphanumeric mode. */
#ifndef KIOSK_BASE32_H
#define KIOSK_BASE32_H

#include <stddef.h>
#include <stdint.h>

/* Characters needed to encode n bytes (without the terminating NUL). */
#define BASE32_ENCODED_LEN(n) (((n) * 8 + 4) / 5)

/* Encode n bytes into out (capacity cap, NUL-terminated).
 * Returns the number of characters written, or -1 if cap is too small. */
int base32_encode(const uint8_t *in, size_t n, char *out, size_t cap);

/* Decode len characters (A-Z, 2-7; lowercase accepted; no padding, no spaces)
 * into out (capacity cap). Returns the number of bytes, or -1 on a bad
 * character, non-zero trailing bits, or too small cap. */
int base32_decode(const char *in, size_t len, uint8_t *out, size_t cap);

#endif
