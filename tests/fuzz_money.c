/* fuzz_money.c - libFuzzer target for money_parse (prices typed into the
 * catalog CSV). An accepted amount must print and read back unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char out[MONEY_TEXT_MAX];
	int64_t p, back;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (money_parse(text, &p) == 0) {
		if (money_format(p, "bn", out, sizeof out) < 0 || money_parse(out, &back) != 0 ||
		    back != p)
			abort();
		if (money_format(p, "en", out, sizeof out) < 0 || money_parse(out, &back) != 0 ||
		    back != p)
			abort();
	}
	if (size >= 8) { /* any int64 amount must fit MONEY_TEXT_MAX */
		memcpy(&p, data, 8);
		if (money_format(p, "bn", out, sizeof out) < 0 ||
		    count_format(p, "bn", out, sizeof out) < 0)
			abort();
	}
	free(text);
	return 0;
}
