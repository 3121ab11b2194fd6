/* ticket_status: the statuses of a ticket and their contract names — a value type the
 * data layer stores and the lifecycle (lib/ticket) decides on. */
#ifndef DESKPILOT_CORE_TICKET_STATUS_H
#define DESKPILOT_CORE_TICKET_STATUS_H

/* PENDING: staff answered without resolving and wait for the customer (out of the queue). */
enum ticket_status {
    TS_OPEN = 0,
    TS_AUTO_RESOLVED,
    TS_RESOLVED,
    TS_REOPENED,
    TS_CLOSED,
    TS_PENDING,
    TS_COUNT
};

const char *ticket_status_name(enum ticket_status s);
/* -1 when the name is not a status. */
int ticket_status_parse(const char *s);

#endif
