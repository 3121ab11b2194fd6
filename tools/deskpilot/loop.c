/* loop: one flag set by the signal handler, read between units of work. */
#include "loop.h"

#include <signal.h>
#include <time.h>

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

void loop_catch_stop(void)
{
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}

bool loop_stopping(void)
{
    return stopping != 0;
}

void loop_pause(unsigned long seconds)
{
    for (unsigned long i = 0; i < seconds * 10 && !stopping; i++)
        nanosleep(&(struct timespec){0, 100000000L}, NULL);
}
