/* business_hours: SLA arithmetic — a weekly schedule of opening hours in an IANA time
 * zone, and adding or counting business time across nights, weekends and DST changes. */
#ifndef DESKPILOT_TICKET_BUSINESS_HOURS_H
#define DESKPILOT_TICKET_BUSINESS_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define BH_SPEC_MAX 200 /* characters of a schedule's text */
#define BH_ZONE_MAX 64  /* characters of a zone name */

/* Opening hours per weekday (index 0 = Sunday, as tm_wday), in minutes after local
 * midnight: open from open[d] to close[d] (close 1440 = midnight); closed when
 * close[d] <= open[d]. */
struct bh_schedule {
    short open[7], close[7];
};

/* Parse a schedule such as "mon-fri 09:00-17:00, sat 10:00-14:00": entries separated by
 * commas, each a day ("mon".."sun") or a day range (wrapping: "sat-sun", "fri-mon") and
 * a span HH:MM-HH:MM (00:00..24:00, opening before closing). A day not named is closed;
 * a later entry for a day replaces an earlier one. At least one day must open.
 * false with *why set (a static message) when malformed. */
bool bh_parse(const char *spec, struct bh_schedule *out, const char **why);

/* Whether zone names a time zone of the system's database (/usr/share/zoneinfo or
 * $TZDIR): a relative name of letters, digits, '_', '+', '-' and '/' parts. */
bool bh_zone_valid(const char *zone);

/* *due = the instant when `seconds` of business time have passed since start, counting
 * only the schedule's hours as the wall clock of zone reads them (DST included: an
 * opening day that loses an hour at night still opens 09:00-17:00 local time).
 * seconds <= 0 gives the first business instant at or after start. Uses TZ (setenv +
 * tzset, restored afterwards): not thread-safe, as the workers are single-threaded.
 * -1 when the schedule never opens or the zone is unknown. */
int bh_add(time_t start, long long seconds, const struct bh_schedule *s, const char *zone,
           time_t *due);

/* The business seconds between a and b (0 when b <= a), under the same rules.
 * -1 when the schedule never opens or the zone is unknown. */
long long bh_between(time_t a, time_t b, const struct bh_schedule *s, const char *zone);

#endif
