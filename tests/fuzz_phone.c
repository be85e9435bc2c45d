/* fuzz_phone.c - libFuzzer target for phone_normalise. Whatever it accepts
 * must be in the one stored form, and normalising that form is a no-op. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char out[PHONE_LEN], again[PHONE_LEN];

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (phone_normalise(text, out) == 0) {
		if (strlen(out) != PHONE_LEN - 1 || strncmp(out, "+8801", 5) != 0 ||
		    out[5] < '3' || out[5] > '9' ||
		    strspn(out + 1, "0123456789") != PHONE_LEN - 2)
			abort();
		if (phone_normalise(out, again) != 0 || strcmp(out, again) != 0)
			abort();
	}
	free(text);
	return 0;
}
