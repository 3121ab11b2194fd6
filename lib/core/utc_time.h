/* utc_time: the times a client may give as a bound ("2026-11-23" or
 * "2026-11-23T22:59:32Z"), checked against the calendar: a date that does not
 * exist (2026-02-31) or second 60 is refused rather than passed on, where the
 * database would read it as no time at all. */
#ifndef DESKPILOT_CORE_UTC_TIME_H
#define DESKPILOT_CORE_UTC_TIME_H

#include <stdbool.h>

struct utc_time {
    int year, month, day, hour, minute, second;
};

/* Parse s (a date: midnight; or RFC 3339 with Z, no fraction), years 1970..9999.
 * false when malformed or not a real instant. */
bool utc_time_parse(const char *s, struct utc_time *out);

#endif
