/* jpeg.c - Motion-JPEG framing and JPEG headers. Pure: no allocation. */
#include "jpeg.h"

int jpeg_shrink_for(int w, int want)
{
	int s = 8;

	while (s > 1 && w / s < want)
		s /= 2;
	return s;
}

int jpeg_size(const uint8_t *data, size_t len, int *w, int *h)
{
	size_t i = 2;

	if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
		return -1;
	while (i + 4 <= len) {
		unsigned m, seg;
		if (data[i] != 0xFF)
			return -1;
		m = data[i + 1];
		if (m == 0xFF) {
			i++;
			continue;
		}
		seg = (unsigned)data[i + 2] << 8 | data[i + 3];
		if (seg < 2)
			return -1;
		/* SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC) */
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (i + 9 > len)
				return -1;
			*h = data[i + 5] << 8 | data[i + 6];
			*w = data[i + 7] << 8 | data[i + 8];
			return *w > 0 && *h > 0 ? 0 : -1;
		}
		if (m == 0xDA)
			return -1; /* scan data before a frame header */
		i += 2 + seg;
	}
	return -1;
}

int mjpeg_next(const uint8_t *buf, size_t len, size_t *pos, size_t *start, size_t *end)
{
	size_t i = *pos;

	for (;;) {
		/* the next SOI */
		while (i + 1 < len && !(buf[i] == 0xFF && buf[i + 1] == 0xD8))
			i++;
		if (i + 1 >= len) {
			*pos = len;
			return 0;
		}
		size_t s = i, j = i + 2;
		int in_scan = 0, ok = 0;
		while (j + 1 < len) {
			unsigned m;
			if (buf[j] != 0xFF) {
				if (!in_scan)
					break; /* not a marker where one must be: resync */
				j++;
				continue;
			}
			m = buf[j + 1];
			if (m == 0xFF) { /* fill byte */
				j++;
				continue;
			}
			if (in_scan && (m == 0x00 || (m >= 0xD0 && m <= 0xD7))) {
				j += 2; /* stuffed byte or restart marker */
				continue;
			}
			if (m == 0xD9) {
				ok = 1;
				j += 2;
				break;
			}
			if (m == 0xD8)
				break; /* a new image before this one ended: resync there */
			if (j + 4 > len)
				break;
			unsigned seg = (unsigned)buf[j + 2] << 8 | buf[j + 3];
			if (seg < 2)
				break;
			j += 2 + seg;
			in_scan = m == 0xDA;
		}
		if (ok) {
			*start = s;
			*end = j;
			*pos = j;
			return 1;
		}
		if (j + 1 >= len) {
			*pos = len;
			return 0;
		}
		i = s + 2; /* a broken frame: look for the next SOI after it */
	}
}
