/* clock: seconds on the monotonic clock, for the timings the builds and the tools report. */
#ifndef DESKPILOT_AI_CLOCK_H
#define DESKPILOT_AI_CLOCK_H

#include <time.h>

/* Seconds since an arbitrary start; only differences mean anything. */
static inline double ai_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

#endif
