/* fuzz_ui_text.c - libFuzzer target for the screens' text handling: UTF-8
 * decoding, script runs (which must tile the line exactly, whatever the
 * bytes), and keyboard edits (typing then deleting never leaves a broken
 * code point behind). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui_kb.h"
#include "ui/ui_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Coverage that depends on the code point, so both faces and the fallback
 * paths are taken. */
static int glyph(void *ctx, enum ui_face face, uint32_t cp)
{
	(void)ctx;
	return face == UI_FACE_BENGALI ? (cp & 3) != 0 : (cp & 5) != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), buf[24] = "";
	struct ui_run runs[UI_RUNS_MAX];
	size_t i, end = 0;
	int n, r;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	n = ui_text_runs(line, glyph, NULL, runs, 1 + (size ? data[0] % UI_RUNS_MAX : 0));
	for (r = 0; r < n; r++) {
		if (runs[r].start != end || runs[r].len == 0)
			abort();
		end += runs[r].len;
	}
	if (end != strlen(line))
		abort();
	for (i = 0; i < size;) {
		uint32_t cp;
		size_t len = ui_utf8_next(line + i, size - i, &cp);

		if (len == 0 || len > 4 || i + len > size)
			abort();
		i += len;
	}
	/* Type each input byte run as a key (what a keyboard may send), then
	 * delete everything: the buffer stays NUL-terminated and in bounds. */
	for (i = 0; i < size && i < 64; i++) {
		struct ui_key k = {UI_KEY_CHAR, "", UI_KB_LATIN};

		k.text[0] = line[i] ? line[i] : 'x';
		k.kind = data[i] % 7 == 0 ? UI_KEY_DELETE : UI_KEY_CHAR;
		(void)ui_kb_apply(&k, buf, sizeof buf);
		if (strlen(buf) >= sizeof buf)
			abort();
	}
	{
		struct ui_key del = {UI_KEY_DELETE, "", UI_KB_LATIN};

		while (ui_kb_apply(&del, buf, sizeof buf))
			;
		if (buf[0])
			abort();
	}
	free(line);
	return 0;
}
