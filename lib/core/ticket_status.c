/* ticket_status: contract names of the statuses. */
#include "core/ticket_status.h"

#include <string.h>

static const char *const names[TS_COUNT] = {"OPEN",     "AUTO_RESOLVED", "RESOLVED",
                                            "REOPENED", "CLOSED",        "PENDING"};

const char *ticket_status_name(enum ticket_status s)
{
    return (unsigned)s < TS_COUNT ? names[s] : "OPEN";
}

int ticket_status_parse(const char *s)
{
    for (int i = 0; s && i < TS_COUNT; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}
