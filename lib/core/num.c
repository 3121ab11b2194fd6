/* num: strtoll/strtod wrapped with the checks request data needs. */
#include "core/num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

int num_parse_ll(const char *s, long long min, long long max, long long *out)
{
    if (!s || !*s || !(isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))))
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int num_parse_double(const char *s, double min, double max, double *out)
{
    if (!s || !*s || !(isdigit((unsigned char)*s) || *s == '-' || *s == '.'))
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v) || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}
