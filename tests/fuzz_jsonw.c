/* fuzz_jsonw.c - libFuzzer target for jsonw (journal bodies). The input is a
 * program: each byte picks a call (member string/int, open object/array,
 * close), strings come from the input itself, into a buffer of a size the
 * input picks. Whenever jsonw_end says 0 the text must be one valid JSON
 * object (SQLite's json_valid judges) whose length is w.len; whatever it
 * says, the buffer stays NUL-terminated inside its capacity. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *valid;

static int is_valid_json(const char *text)
{
	int ok;

	if (!db) {
		if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
		    sqlite3_prepare_v2(db, "SELECT json_valid(?1) AND json_type(?1)='object'", -1,
				       &valid, NULL) != SQLITE_OK)
			abort();
	}
	sqlite3_bind_text(valid, 1, text, -1, SQLITE_STATIC);
	ok = sqlite3_step(valid) == SQLITE_ROW && sqlite3_column_int(valid, 0) == 1;
	sqlite3_reset(valid);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[4096 + 1];
	char *buf;
	size_t cap, i = 1;
	struct jsonw w;
	/* What each open level is, to give a key inside objects only. */
	char kind[JSONW_DEPTH + 1] = {'o'};
	int depth = 1;

	if (size < 1)
		return 0;
	cap = 1 + (size_t)data[0] * 8; /* 1 .. 2041 bytes */
	buf = malloc(cap);
	if (!buf)
		return 0;
	jsonw_init(&w, buf, cap);
	while (i < size) {
		uint8_t op = data[i++];
		size_t n = i < size ? data[i++] % 32 : 0;
		const char *key = kind[depth - 1] == 'o' ? "k\"\\\x01é" : NULL;

		if (n > size - i)
			n = size - i;
		memcpy(text, data + i, n);
		text[n] = '\0'; /* a NUL inside the input just ends the string early */
		i += n;
		switch (op % 6) {
		case 0: jsonw_str(&w, key, text); break;
		case 1: jsonw_str(&w, key, NULL); break;
		case 2: jsonw_int(&w, key, (int64_t)op << 56 | (int64_t)n); break;
		case 3:
		case 4:
			if (depth < JSONW_DEPTH) {
				if (op % 6 == 3)
					jsonw_object(&w, key);
				else
					jsonw_array(&w, key);
				kind[depth++] = op % 6 == 3 ? 'o' : 'a';
			}
			break;
		case 5:
			if (depth > 1) {
				jsonw_close(&w);
				depth--;
			}
			break;
		}
	}
	while (depth > 1 && (data[size - 1] & 1)) { /* often: a balanced body */
		jsonw_close(&w);
		depth--;
	}
	if (jsonw_end(&w) == 0) {
		if (strlen(buf) != w.len || !is_valid_json(buf))
			abort();
	}
	if (memchr(buf, '\0', cap) == NULL)
		abort();
	free(buf);
	return 0;
}
