/* fuzzbytes.h - reading a fuzzer's input as numbers, for the fuzz targets:
 * the input runs out into zeros, so every target takes what it needs
 * whatever the length. */
#ifndef KIOSK_FUZZBYTES_H
#define KIOSK_FUZZBYTES_H

#include <stddef.h>
#include <stdint.h>

/* The next (bits + 7) / 8 bytes of *d (big-endian; zeros once *n runs
 * out), advancing *d and *n, as a number of the low bits bits (1-24). */
int fuzz_take(const uint8_t **d, size_t *n, int bits);

#endif
