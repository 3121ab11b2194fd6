/* business_hours: opening hours, time zones and business-time arithmetic for SLAs. */
#include "ticket/business_hours.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *const day_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static const char *skip_blank(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* A day name at *p: its tm_wday, advancing *p; -1 when none. */
static int day_at(const char **p)
{
    for (int d = 0; d < 7; d++)
        if (strncasecmp(*p, day_names[d], 3) == 0 && !isalpha((unsigned char)(*p)[3])) {
            *p += 3;
            return d;
        }
    return -1;
}

/* "HH:MM" at *p as minutes after midnight (00:00..24:00), advancing *p; -1 when not. */
static int time_at(const char **p)
{
    const char *s = *p;
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
        !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m > 0))
        return -1;
    *p = s + 5;
    return h * 60 + m;
}

bool bh_parse(const char *spec, struct bh_schedule *out, const char **why)
{
    memset(out, 0, sizeof *out);
    *why = "is empty: give opening hours such as \"mon-fri 09:00-17:00\"";
    if (!spec || strlen(spec) > BH_SPEC_MAX) {
        *why = "is too long";
        return false;
    }
    const char *p = skip_blank(spec);
    bool any = false;
    while (*p) {
        int from = day_at(&p), to = from;
        if (from < 0) {
            *why = "needs a day (mon, tue, wed, thu, fri, sat or sun) at the start of each entry";
            return false;
        }
        if (*p == '-') {
            p++;
            if ((to = day_at(&p)) < 0) {
                *why = "needs a day after '-' in a day range";
                return false;
            }
        }
        p = skip_blank(p);
        int open = time_at(&p);
        int close = open >= 0 && *p == '-' ? (p++, time_at(&p)) : -1;
        if (open < 0 || close < 0) {
            *why = "needs opening hours HH:MM-HH:MM (00:00 to 24:00) after the days";
            return false;
        }
        if (close <= open) {
            *why = "needs each day to open before it closes";
            return false;
        }
        for (int d = from;; d = (d + 1) % 7) {
            out->open[d] = (short)open;
            out->close[d] = (short)close;
            if (d == to)
                break;
        }
        any = true;
        p = skip_blank(p);
        if (*p == ',')
            p = skip_blank(p + 1);
        else if (*p) {
            *why = "separates entries with commas";
            return false;
        }
    }
    return any;
}

bool bh_zone_valid(const char *zone)
{
    size_t n = zone ? strlen(zone) : 0;
    if (n == 0 || n > BH_ZONE_MAX || zone[0] == '/' || strstr(zone, ".."))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)zone[i]) && !strchr("_+-/", zone[i]))
            return false;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
    return access(path, R_OK) == 0;
}

/* TZ as it was, to put back after working in a zone. */
struct saved_tz {
    bool had;
    char value[256];
};

static int zone_enter(const char *zone, struct saved_tz *saved)
{
    const char *old = getenv("TZ");
    saved->had = old && strlen(old) < sizeof saved->value;
    if (saved->had)
        strcpy(saved->value, old);
    if (!bh_zone_valid(zone) || setenv("TZ", zone, 1))
        return -1;
    tzset();
    return 0;
}

static void zone_leave(const struct saved_tz *saved)
{
    if (saved->had)
        setenv("TZ", saved->value, 1);
    else
        unsetenv("TZ");
    tzset();
}

/* The instant of local day `day` + plus days at `minute` after midnight. */
static time_t local_at(const struct tm *day, int plus, int minute)
{
    struct tm x = {0};
    x.tm_year = day->tm_year;
    x.tm_mon = day->tm_mon;
    x.tm_mday = day->tm_mday + plus;
    x.tm_hour = minute / 60;
    x.tm_min = minute % 60;
    x.tm_isdst = -1;
    return mktime(&x);
}

/* The first opening [*ws, *we) that ends after t (*ws may be before t). -1 when the
 * schedule has none in the coming eight days, i.e. never opens. */
static int window_after(time_t t, const struct bh_schedule *s, time_t *ws, time_t *we)
{
    struct tm lt;
    if (!localtime_r(&t, &lt))
        return -1;
    for (int plus = 0; plus <= 8; plus++) {
        int wd = ((lt.tm_wday + plus) % 7 + 7) % 7;
        if (s->close[wd] <= s->open[wd])
            continue;
        time_t a = local_at(&lt, plus, s->open[wd]), b = local_at(&lt, plus, s->close[wd]);
        if (a == (time_t)-1 || b == (time_t)-1)
            return -1;
        if (b > t && b > a) {
            *ws = a;
            *we = b;
            return 0;
        }
    }
    return -1;
}

/* The business seconds of one week of s: its openings' wall-clock lengths. */
static long long week_seconds(const struct bh_schedule *s)
{
    long long sum = 0;
    for (int d = 0; d < 7; d++)
        if (s->close[d] > s->open[d])
            sum += (long long)(s->close[d] - s->open[d]) * 60;
    return sum;
}

/* t moved on by `weeks` weeks of the zone's calendar: the same wall-clock time. */
static time_t weeks_later(time_t t, long long weeks)
{
    struct tm lt;
    if (!localtime_r(&t, &lt) || weeks > 1000000)
        return (time_t)-1;
    lt.tm_mday += (int)(7 * weeks);
    lt.tm_isdst = -1;
    return mktime(&lt);
}

/* Long spans skip whole weeks, each worth week_seconds, so a target of months on
 * sparse hours costs a few steps rather than one per opening. A week's business
 * time is its openings' wall-clock lengths: exact unless an opening holds a DST
 * change (a night shift over 02:00-03:00 on that Sunday), and only for spans over
 * two weeks of business time. */
int bh_add(time_t start, long long seconds, const struct bh_schedule *s, const char *zone,
           time_t *due)
{
    struct saved_tz saved;
    if (zone_enter(zone, &saved))
        return -1;
    int rc = 0;
    time_t t = start, ws, we;
    long long left = seconds > 0 ? seconds : 0, week = week_seconds(s);
    for (;;) {
        if (week > 0 && left > 2 * week) {
            long long k = left / week - 1;
            time_t next = weeks_later(t, k);
            if (next == (time_t)-1) {
                rc = -1;
                break;
            }
            t = next;
            left -= k * week;
        }
        if (window_after(t, s, &ws, &we)) {
            rc = -1;
            break;
        }
        if (ws > t)
            t = ws;
        if (left <= (long long)(we - t)) {
            *due = t + (time_t)left;
            break;
        }
        left -= (long long)(we - t);
        t = we;
    }
    zone_leave(&saved);
    return rc;
}

long long bh_between(time_t a, time_t b, const struct bh_schedule *s, const char *zone)
{
    struct saved_tz saved;
    if (zone_enter(zone, &saved))
        return -1;
    long long sum = 0, week = week_seconds(s);
    time_t t = a, ws, we;
    while (t < b) {
        if (week > 0 && b - t > 3 * 7 * 86400) {
            long long k = (long long)(b - t) / (7 * 86400) - 1;
            time_t next = weeks_later(t, k);
            if (next == (time_t)-1) {
                sum = -1;
                break;
            }
            if (next < b) {
                sum += k * week;
                t = next;
            }
        }
        if (window_after(t, s, &ws, &we)) {
            sum = -1;
            break;
        }
        if (ws >= b)
            break;
        if (ws > t)
            t = ws;
        sum += (long long)((we < b ? we : b) - t);
        t = we;
    }
    zone_leave(&saved);
    return sum;
}
