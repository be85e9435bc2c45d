/* trace.c - timestamped event lines for benchmarks. Adapter: stdio, clock. */
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/ticket.h"
#include "core/utf8.h"

/* Longest detail written (an error line, a ticket code). */
#define TRACE_DETAIL_MAX 1024

static FILE *trace_file;

int trace_open(const char *path, char err[KERR_LEN])
{
	if (!path || !*path)
		return 0;
	trace_file = fopen(path, "a");
	if (!trace_file)
		return kerr(err, "cannot open trace file '%s': %s", path, strerror(errno));
	return 0;
}

int trace_is_on(void)
{
	return trace_file != NULL;
}

void trace_event(const char *event, const char *detail)
{
	struct timespec ts;
	char safe[TRACE_DETAIL_MAX];

	if (!trace_file)
		return;
	(void)clock_gettime(CLOCK_REALTIME, &ts); /* cannot fail for CLOCK_REALTIME */
	/* stdio locks the stream, so lines from two threads do not interleave.
	 * Best effort: a trace line that cannot be written only weakens a figure. */
	(void)fprintf(trace_file, "%lld %s %s\n",
		      (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000, event,
		      detail ? utf8_term(detail, safe, sizeof safe, 0) : "-");
	(void)fflush(trace_file);
}

/* A short code of printable ASCII without a space and with few digits (a
 * roster's GF-1002, a seller's page link): no room for a phone number, an
 * address or a card, so traced whole like a ticket, as scripts read it. */
#define TRACE_PLAIN_MAX 40
#define TRACE_PLAIN_DIGITS 6
static int trace_code_is_plain(const char *code)
{
	size_t n = 0;
	int digits = 0;

	for (; code[n]; n++) {
		if (code[n] <= ' ' || code[n] > '~' || n >= TRACE_PLAIN_MAX)
			return 0;
		digits += code[n] >= '0' && code[n] <= '9';
	}
	return n > 0 && digits <= TRACE_PLAIN_DIGITS;
}

void trace_code(const char *event, const char *code)
{
	struct ticket t;
	char line[64];

	if (!trace_file)
		return;
	if (ticket_is_card_text(code)) {
		trace_event(event, "(unlock card)");
		return;
	}
	if (ticket_decode(code, &t) == 0 || trace_code_is_plain(code)) {
		trace_event(event, code);
		return;
	}
	(void)snprintf(line, sizeof line, "%.*s...(%zu bytes)", (int)ticket_foreign_head(code), code,
		       strlen(code));
	trace_event(event, line);
}

void trace_close(void)
{
	if (trace_file && fclose(trace_file) != 0)
		fprintf(stderr, "kiosk: trace file: %s\n", strerror(errno));
	trace_file = NULL;
}
