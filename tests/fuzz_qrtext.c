/* fuzz_qrtext.c - libFuzzer target: charset detection and escaping on any
 * bytes; the output must fit the documented bound (4x for UTF-8, 4x escaped). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/qrtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[KERR_LEN];
	char *out, *esc;
	size_t len = 0;
	int cs;

	if (size > 4096)
		return 0;
	out = malloc(4 * size + 1);
	esc = malloc(16 * size + 1);
	if (!out || !esc) {
		free(out);
		free(esc);
		return 0;
	}
	cs = qrtext_to_utf8(data, size, out, 4 * size, &len, err);
	if (cs < 0 || len > 4 * size)
		abort(); /* the documented bound says this cannot fail */
	if (qrtext_escape(out, len, esc, 16 * size, err) < 0)
		abort();
	free(esc);
	free(out);
	return 0;
}
