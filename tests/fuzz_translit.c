/* fuzz_translit.c - libFuzzer target for translit_words, translit_match and
 * translit_nfc_bengali: any bytes; keys are short lowercase ASCII consonants,
 * a name always finds itself, and NFC output keys the same as its input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/translit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), out[2048];
	struct translit_words a, b;
	int i;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	translit_words(text, &a);
	if (a.n < 0 || a.n > TRANSLIT_WORDS_MAX)
		abort();
	for (i = 0; i < a.n; i++) {
		size_t n = strlen(a.key[i]);

		if (n == 0 || n >= TRANSLIT_KEY_MAX || strspn(a.key[i], "bcdfghjklmnpqrstvxz") != n)
			abort();
	}
	if (a.n > 0 && !translit_match(&a, &a))
		abort();
	if (translit_nfc_bengali(text, out, sizeof out) >= 0) {
		translit_words(out, &b);
		if (memcmp(&a, &b, sizeof a) != 0 && strlen(text) < 256)
			abort();
	}
	free(text);
	return 0;
}
