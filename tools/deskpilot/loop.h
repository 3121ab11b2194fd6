/* loop: what the tool's long-running commands (mail-out --loop, housekeeping --loop)
 * share — stop on SIGTERM or SIGINT after the work in hand, and pause in short steps
 * so a stop is seen within a tenth of a second. */
#ifndef DESKPILOT_TOOLS_LOOP_H
#define DESKPILOT_TOOLS_LOOP_H

#include <stdbool.h>

/* Catch SIGTERM and SIGINT: from now on loop_stopping() says whether one came. */
void loop_catch_stop(void);
bool loop_stopping(void);
/* Sleep seconds, or less when a stop comes. */
void loop_pause(unsigned long seconds);

#endif
