/* trace.h - timestamped event lines for measurements: with KIOSK_TRACE=FILE
 * the kiosk appends "UNIX_US EVENT DETAIL" lines (wall clock in microseconds,
 * so a benchmark script can compare them with its own `date +%s%6N`).
 * Adapter: stdio + clock. Any thread may call trace_event. */
#ifndef KIOSK_TRACE_H
#define KIOSK_TRACE_H

#include "core/kerr.h"

/* Open path for appending (NULL or "": tracing stays off). Returns 0 or -1. */
int trace_open(const char *path, char err[KERR_LEN]);
/* 1 when tracing is on (skip building details otherwise). */
int trace_is_on(void);
/* One line; detail may be NULL, and its control characters are written as
 * \xHH, so one event stays one line. Flushed at once so a killed process loses nothing. */
void trace_event(const char *event, const char *detail);
/* A scanned code's line (decoded, scan_camera, scan_usb, debounced): a ticket
 * or a short code of printable ASCII with no space and at most 6 digits (a
 * roster's GF-1002) as it is; an unlock card as "(unlock card)" (its secret
 * opens the data); any other text (a vCard shown by mistake may hold a name,
 * a phone and an address) only as its head and length: "BEGI...(97 bytes)". */
void trace_code(const char *event, const char *code);
void trace_close(void);

#endif
