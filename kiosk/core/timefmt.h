/* timefmt.h - ISO 8601 times with offsets, and times shown in the event's zone.
 * Pure: libc only (no TZ database, no clock): the zone is a fixed UTC offset in
 * minutes; Asia/Dhaka is +06:00 with no daylight saving. */
#ifndef KIOSK_TIMEFMT_H
#define KIOSK_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#define TIME_TEXT_MAX 40
#define TZ_DHAKA_MIN 360

/* Parse "2026-12-05T15:00+06:00", "2026-12-05T15:00:30Z", "2026-12-05 15:00"
 * (no offset: taken in the zone default_off_min). Returns 0 and Unix ms, or -1. */
int time_parse_iso(const char *text, int default_off_min, int64_t *ms);

/* "2026-12-05T15:42:00+06:00" for ms in the zone off_min. Returns length or -1. */
int time_format_iso(int64_t ms, int off_min, char *out, size_t cap);

/* Short clock "15:42" (lang "en") or "১৫:৪২" (lang "bn") in the zone off_min. */
int time_format_clock(int64_t ms, int off_min, const char *lang, char *out, size_t cap);

/* Parse a zone: "Asia/Dhaka", "UTC", "+06:00", "-03:30". Returns 0 and minutes, or -1. */
int time_parse_zone(const char *text, int *off_min);

#endif
