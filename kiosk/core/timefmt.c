/* timefmt.c - ISO 8601 times with fixed UTC offsets, and clock times for screens.
 * Pure: libc only; must not depend on the TZ database, locale or the clock
 * (no localtime, no mktime, no time()): offsets arrive as minutes. */
#include "timefmt.h"

#include <stdio.h>
#include <string.h>

#define MS_PER_DAY 86400000LL
#define OFF_MAX (14 * 60) /* the widest offset in use (Kiribati, +14:00) */

/* ------------------------------------------------------ calendar arithmetic */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil); exact for every year, no table. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ----------------------------------------------------------------- parsing */

/* Exactly n ASCII digits at *p; advances *p. Returns the value or -1. */
static int take_num(const char **p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	return v;
}

/* "+06:00", "+0600", "-03:30", and with short_hour also "+6".
 * Returns 0 and minutes east of UTC, or -1. */
static int take_offset(const char **p, int short_hour, int *off)
{
	const char *q = *p;
	int sign, h, m = 0;

	if (*q != '+' && *q != '-')
		return -1;
	sign = *q++ == '-' ? -1 : 1;
	h = take_num(&q, 2);
	if (h < 0 && short_hour)
		h = take_num(&q, 1);
	if (h < 0)
		return -1;
	if (*q == ':') {
		q++;
		if ((m = take_num(&q, 2)) < 0)
			return -1;
	} else if (*q >= '0' && *q <= '9') {
		if ((m = take_num(&q, 2)) < 0)
			return -1;
	}
	if (m > 59 || h * 60 + m > OFF_MAX)
		return -1;
	*off = sign * (h * 60 + m);
	*p = q;
	return 0;
}

/* Skip the character c at *p if it is there; never steps over the NUL. */
static int take_char(const char **p, char c)
{
	if (**p != c)
		return 0;
	(*p)++;
	return 1;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

int time_parse_iso(const char *text, int default_off_min, int64_t *ms)
{
	const char *p, *q;
	int mo, d, h = 0, mi = 0, s = 0, frac = 0, off = default_off_min;
	int64_t y;

	if (text == NULL || default_off_min < -OFF_MAX || default_off_min > OFF_MAX)
		return -1;
	p = skip_spaces(text);
	if ((y = take_num(&p, 4)) < 0 || !take_char(&p, '-') || (mo = take_num(&p, 2)) < 0 ||
	    !take_char(&p, '-') || (d = take_num(&p, 2)) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	/* A date alone (trailing spaces allowed) means its midnight in the default zone. */
	if (*p == 'T' || *p == 't' || (*p == ' ' && *skip_spaces(p) != '\0')) {
		p++;
		if ((h = take_num(&p, 2)) < 0 || !take_char(&p, ':') || (mi = take_num(&p, 2)) < 0)
			return -1;
		if (take_char(&p, ':')) {
			if ((s = take_num(&p, 2)) < 0)
				return -1;
			if (*p == '.' || *p == ',') {
				int n = 0;

				for (p++; *p >= '0' && *p <= '9'; p++, n++)
					if (n < 3)
						frac = frac * 10 + (*p - '0');
				if (n == 0)
					return -1;
				for (; n < 3; n++)
					frac *= 10;
			}
		}
		if (h > 23 || mi > 59 || s > 59)
			return -1;
		/* "15:00+06:00", "15:00Z", and as people type it, "15:00 +06:00". */
		q = skip_spaces(p);
		if (*q == 'Z' || *q == 'z') {
			p = q + 1;
			off = 0;
		} else if (*q == '+' || *q == '-') {
			p = q;
			if (take_offset(&p, 0, &off) < 0)
				return -1;
		}
	}
	if (*skip_spaces(p) != '\0')
		return -1;
	*ms = ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) - (int64_t)off * 60)
		* 1000 + frac;
	return 0;
}

/* Zones people type for events; only ones without daylight saving, since
 * an offset here is fixed for the whole event. */
static const struct { const char *name; int off; } zones[] = {
	{"Asia/Dhaka", 360}, {"Asia/Dacca", 360}, {"Asia/Kolkata", 330},
	{"Asia/Calcutta", 330}, {"Asia/Kathmandu", 345}, {"Asia/Thimphu", 360},
	{"Asia/Yangon", 390}, {"Asia/Karachi", 300}, {"Asia/Dubai", 240},
	{"Asia/Riyadh", 180}, {"Asia/Qatar", 180}, {"Asia/Kuala_Lumpur", 480},
	{"Asia/Singapore", 480}, {"Asia/Tokyo", 540}, {"UTC", 0}, {"Etc/UTC", 0},
	{"GMT", 0}, {"Z", 0},
};

int time_parse_zone(const char *text, int *off_min)
{
	const char *p;
	char name[32];
	size_t n;
	int off;

	if (text == NULL)
		return -1;
	p = skip_spaces(text);
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	if (n == 0 || n >= sizeof name)
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		if (strcmp(name, zones[i].name) == 0) {
			*off_min = zones[i].off;
			return 0;
		}
	p = name;
	if (strncmp(p, "UTC", 3) == 0 || strncmp(p, "GMT", 3) == 0)
		p += 3; /* "UTC+06:00", "GMT+6" */
	if (take_offset(&p, 1, &off) < 0 || *p != '\0')
		return -1;
	*off_min = off;
	return 0;
}

/* --------------------------------------------------------------- formatting */

/* Split ms into the local calendar of zone off_min. Years 0..9999 only,
 * which is all ISO 8601's basic form can show. */
static int local_time(int64_t ms, int off_min, int64_t *y, int *mo, int *d,
		      int *h, int *mi, int *s)
{
	/* Years 0..9999 plus a day each side, checked before adding the offset
	 * so that nothing below can overflow. */
	const int64_t lo = days_from_civil(0, 1, 1) * MS_PER_DAY - MS_PER_DAY;
	const int64_t hi = days_from_civil(10000, 1, 1) * MS_PER_DAY + MS_PER_DAY;
	int64_t local, days, sec;

	if (off_min < -OFF_MAX || off_min > OFF_MAX || ms < lo || ms > hi)
		return -1;
	local = ms + (int64_t)off_min * 60000;
	days = floor_div(local, MS_PER_DAY);
	sec = (local - days * MS_PER_DAY) / 1000;
	civil_from_days(days, y, mo, d);
	if (*y < 0 || *y > 9999)
		return -1;
	*h = (int)(sec / 3600);
	*mi = (int)(sec / 60 % 60);
	*s = (int)(sec % 60);
	return 0;
}

static int fits(int n, size_t cap)
{
	return n >= 0 && (size_t)n < cap ? n : -1;
}

int time_format_iso(int64_t ms, int off_min, char *out, size_t cap)
{
	int64_t y;
	int mo, d, h, mi, s, a = off_min < 0 ? -off_min : off_min;

	if (local_time(ms, off_min, &y, &mo, &d, &h, &mi, &s) < 0)
		return -1;
	return fits(snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (int)y, mo,
			     d, h, mi, s, off_min < 0 ? '-' : '+', a / 60, a % 60), cap);
}

int time_format_clock(int64_t ms, int off_min, const char *lang, char *out, size_t cap)
{
	static const char *const bn[10] = {"০", "১", "২", "৩", "৪", "৫", "৬", "৭", "৮", "৯"};
	int64_t y;
	int mo, d, h, mi, s;

	if (local_time(ms, off_min, &y, &mo, &d, &h, &mi, &s) < 0)
		return -1;
	if (lang != NULL && strcmp(lang, "bn") == 0)
		return fits(snprintf(out, cap, "%s%s:%s%s", bn[h / 10], bn[h % 10], bn[mi / 10],
				     bn[mi % 10]), cap);
	return fits(snprintf(out, cap, "%02d:%02d", h, mi), cap);
}
