/* fuzz_reveal.c - libFuzzer target for reveal_address, reveal_initials and
 * reveal_name_offer: any bytes; the masked address is never the whole of a
 * non-empty address (unless it ends in the very dots the mask adds), a
 * result that does not fit is "" with -1, and a name is never offered to
 * itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/reveal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), out[512], small[8];
	size_t half = size / 2;
	int n;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	n = reveal_address(text, out, sizeof out);
	if (n >= 0 && (size_t)n != strlen(out))
		abort();
	/* the text ends at its first NUL, not at size */
	if (n > 0 && strcmp(out, text) == 0 &&
	    (strlen(text) < 3 || strcmp(text + strlen(text) - 3, "...") != 0))
		abort(); /* a whole address shown */
	if (reveal_address(text, small, sizeof small) < 0 && small[0] != '\0')
		abort();
	n = reveal_initials(text, out, sizeof out);
	if (n >= 0 && (size_t)n != strlen(out))
		abort();
	if (reveal_name_offer(text, text) != 0)
		abort();
	/* The first half typed against the whole: must not crash, any answer. */
	{
		char c = text[half];

		text[half] = '\0';
		(void)reveal_name_offer(text, text + 0);
		text[half] = c;
		(void)reveal_name_offer(text + half, text);
	}
	free(text);
	return 0;
}
