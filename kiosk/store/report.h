/* report.h - the figures of the after-meetup report, read from the store's
 * projections and journal into a struct report (core/report_data.h);
 * io/report_write.c turns them into index.html and CSVs. Adapter over sqlite3
 * (read only); no SDL, no libpq, no clock (the generation time is an argument). */
#ifndef KIOSK_REPORT_H
#define KIOSK_REPORT_H

#include <stdint.h>

#include "core/kerr.h"
#include "core/report_data.h"

struct store;

/* Fill r from st for event_id (NULL: the store's current event). r needs no
 * init; on success the caller calls report_release. Returns 0, or -1 with err
 * and nothing to release. progress(ctx, step, steps) is called between the
 * queries when not NULL. */
int report_collect(struct report *r, struct store *st, const char *event_id, int64_t now_ms,
		   void (*progress)(void *ctx, int step, int steps), void *ctx,
		   char err[KERR_LEN]);

#endif
