/* fuzz_hours: the SLA's opening-hours text, and business time added and counted on it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ticket/business_hours.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    struct bh_schedule sched;
    const char *why = NULL;
    if (bh_parse(s, &sched, &why)) {
        bool open = false;
        for (int d = 0; d < 7; d++) {
            FUZZ_CHECK(sched.open[d] >= 0 && sched.close[d] <= 1440);
            open |= sched.close[d] > sched.open[d];
        }
        FUZZ_CHECK(open);
        /* In UTC (no DST) adding and counting agree exactly, from any start. */
        time_t start = 1795000000 + (time_t)(size * 7919 % 604800);
        long long seconds = (long long)(size * 104729 % (90 * 24 * 3600));
        time_t due = 0;
        FUZZ_CHECK(bh_add(start, seconds, &sched, "UTC", &due) == 0);
        FUZZ_CHECK(due >= start);
        FUZZ_CHECK(bh_between(start, due, &sched, "UTC") == seconds);
    } else {
        FUZZ_CHECK(why != NULL);
    }
    free(s);
    return 0;
}
