/* utc_time: strict parsing of a UTC date or time against the calendar. */
#include "core/utc_time.h"

#include <string.h>

/* The n digits at s as a number, or -1 when one of them is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool utc_time_parse(const char *s, struct utc_time *out)
{
    size_t len = strlen(s);
    if ((len != 10 && len != 20) || s[4] != '-' || s[7] != '-')
        return false;
    struct utc_time t = {digits(s, 4), digits(s + 5, 2), digits(s + 8, 2), 0, 0, 0};
    if (len == 20) {
        if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
            return false;
        t.hour = digits(s + 11, 2);
        t.minute = digits(s + 14, 2);
        t.second = digits(s + 17, 2);
    }
    /* Leap seconds are not times the database can store: 60 is refused too. */
    if (t.year < 1970 || t.month < 1 || t.month > 12 || t.day < 1 ||
        t.day > days_in_month(t.year, t.month) || t.hour < 0 || t.hour > 23 || t.minute < 0 ||
        t.minute > 59 || t.second < 0 || t.second > 59)
        return false;
    *out = t;
    return true;
}
