/* place.c - a door's or a station's name checked and trimmed. Pure core. */
#include "place.h"

#include <string.h>

#include "utf8.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int place_name_parse(const char *in, char out[PLACE_NAME_MAX + 1], char err[KERR_LEN])
{
	char why[64] = "";
	size_t n;

	out[0] = '\0';
	while (is_blank(*in))
		in++;
	n = strlen(in);
	while (n > 0 && is_blank(in[n - 1]))
		n--;
	if (n == 0)
		return kerr(err, "a name must not be empty");
	if (n > PLACE_NAME_MAX)
		return kerr(err, "a name must have at most %d bytes (this one has %zu)",
			    PLACE_NAME_MAX, n);
	memcpy(out, in, n);
	out[n] = '\0';
	if (strchr(out, '[') || strchr(out, ']') || utf8_field_check(out, why, sizeof why) != 0) {
		out[0] = '\0';
		return kerr(err, "a name must not hold control characters or brackets%s%s",
			    why[0] ? ": " : "", why);
	}
	return 0;
}
