/* bench_zxing.h - the peer decoder (zxing-cpp) for the benches only. */
#ifndef KIOSK_BENCH_ZXING_H
#define KIOSK_BENCH_ZXING_H

#include <stddef.h>
#include <stdint.h>

/* Decode the QR codes in a grey image with zxing-cpp's default hints (QR
 * only). Writes up to max NUL-terminated texts one after another into
 * texts[cap]. Returns how many. */
int zxing_read(const uint8_t *grey, int w, int h, int stride, char *texts, size_t cap, int max);

#endif
