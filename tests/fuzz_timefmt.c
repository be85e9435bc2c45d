/* fuzz_timefmt.c - libFuzzer target for time_parse_iso and time_parse_zone
 * (event times typed on the command line or in a CSV). An accepted time must
 * print and read back to the same second. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char out[TIME_TEXT_MAX];
	int64_t ms, back;
	int off;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (time_parse_iso(text, TZ_DHAKA_MIN, &ms) == 0 &&
	    time_format_iso(ms, TZ_DHAKA_MIN, out, sizeof out) > 0) {
		if (time_parse_iso(out, 0, &back) != 0 || back != ms - (ms % 1000 + 1000) % 1000)
			abort();
	}
	if (time_parse_zone(text, &off) == 0 && (off < -14 * 60 || off > 14 * 60))
		abort();
	free(text);
	return 0;
}
