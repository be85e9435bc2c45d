/* qrdecode.h - a QR code's payload from its modules, without zbar: the
 * format and the mask, the codewords in their zigzag, Reed-Solomon
 * correction of every block, and the segments (numeric, alphanumeric,
 * byte, Kanji, ECI, and the Hanzi mode of China's GB/T 18284 that zbar
 * lacks). The scanner gives it the modules of a code it warped upright
 * (qrscan_warp) when zbar read nothing there. Pure: no I/O, no allocation,
 * so it is unit-tested and fuzzed on its own. */
#ifndef KIOSK_QRDECODE_H
#define KIOSK_QRDECODE_H

#include <stddef.h>
#include <stdint.h>

/* Modules across a code of version 1 and of version 40. */
#define QRDECODE_MIN_N 21
#define QRDECODE_MAX_N 177

/* Decode the n x n modules dark[] (row by row, nonzero dark; n = 17 + 4 *
 * version) of a Model 2 code as it reads, or mirrored (tried when it does
 * not read as it is). Writes the payload's bytes to out (at most cap; no
 * NUL): numeric and alphanumeric segments as ASCII, byte segments as they
 * are, Kanji as Shift_JIS and Hanzi as GB 2312 double bytes. *stated: the
 * character set the code states (enum qrtext_charset: its Kanji or Hanzi
 * segments, or an ECI of UTF-8, Shift_JIS, GB 2312 or Latin-1; the last
 * one), or -1 when it states none and the bytes' set is to be guessed
 * (qrtext_stated_to_utf8). Returns their count (0 for a code that holds
 * nothing), or -1 when the modules are no code this reads: the format
 * beyond correction, a block with more errors than its codewords correct,
 * a segment that runs past the data or a mode unknown, more than cap
 * bytes. */
long qrdecode(const uint8_t *dark, int n, uint8_t *out, size_t cap, int *stated);

/* The segments of a code of version v whose error-corrected data
 * codewords are data[0..n) (qrdecode's last step, the parser of what a
 * code says: its own fuzz target's entry) into out as qrdecode() writes
 * them. Returns their count or -1, as qrdecode(). */
long qrdecode_segments(const uint8_t *data, long n, int v, uint8_t *out, size_t cap, int *stated);

#endif
