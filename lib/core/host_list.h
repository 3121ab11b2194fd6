/* host_list: the database hosts a worker may use (DESKPILOT_DB_HOSTS), in order of
 * preference, and which of them failed lately, so a lost node costs one failed
 * connect per worker and hold time, not one per request. */
#ifndef DESKPILOT_CORE_HOST_LIST_H
#define DESKPILOT_CORE_HOST_LIST_H

#include <stddef.h>
#include <time.h>

#define HOST_LIST_MAX 8

struct host_entry {
    char host[128];
    int port;
    time_t down_until; /* skipped until then (0: up) */
};

struct host_list {
    size_t n;
    struct host_entry h[HOST_LIST_MAX];
};

/* Parse "host:port,host:port" (spaces allowed around the commas; a port is required;
 * an IPv6 address in brackets: "[::1]:3306"). 0 on success, else -1 with the reason
 * in msg. An empty text gives an empty list. */
int host_list_parse(struct host_list *l, const char *text, char *msg, size_t msglen);
/* The order to try the hosts in now: those not held down in list order, then the
 * held-down ones in list order (every host down: still somewhere to try). Fills
 * order[] (HOST_LIST_MAX long) and returns how many. */
size_t host_list_order(const struct host_list *l, time_t now, int *order);
/* Hold host i down for `hold` seconds from now (a failed connect, a lost connection,
 * a Galera node that is not ready). */
void host_list_down(struct host_list *l, int i, time_t now, long hold);

#endif
