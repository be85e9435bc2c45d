/* place.h - the name of a door or a station, checked once where it comes in
 * (door set, station add, checkin --door/--station, run, walk-ins), so a
 * name can neither inject lines into `kiosk status` nor make a second
 * station that differs only by spaces. Pure core: libc only. */
#ifndef KIOSK_PLACE_H
#define KIOSK_PLACE_H

#include "kerr.h"

/* Longest name in bytes (status, reports and the door screen show it whole). */
#define PLACE_NAME_MAX 60

/* Trim surrounding spaces (and tabs) off in and check what is left: 1 to
 * PLACE_NAME_MAX bytes of strict UTF-8, no control characters and no
 * brackets (status prints names inside [ ]). Writes the trimmed name to out.
 * Returns 0, or -1 with err (in is not copied into err: it may be huge or
 * hold control characters). Stations are compared ignoring ASCII case
 * (store/visits.c, store/checkin.c); Bengali has no case. */
int place_name_parse(const char *in, char out[PLACE_NAME_MAX + 1], char err[KERR_LEN]);

#endif
