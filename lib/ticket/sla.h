/* sla: the service-level targets — per priority, first response and resolution within
 * so many business minutes of the opening hours — their admin changes (validated,
 * audited) and what they mean for a ticket: its due times, kept on the ticket row. */
#ifndef DESKPILOT_TICKET_SLA_H
#define DESKPILOT_TICKET_SLA_H

#include <stdbool.h>
#include <time.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/ticket_status.h"
#include "db/db_tickets.h"
#include "ticket/business_hours.h"

struct json_object;

#define SLA_PRIORITIES 4                /* ticket_priorities, in order */
#define SLA_MAX_MINUTES (60 * 24 * 365) /* a target's business minutes at most */

struct sla_config {
    const char *time_zone, *hours; /* as stored */
    struct bh_schedule schedule;   /* hours parsed */
    bool usable;                   /* the hours parse and the zone exists here */
    /* Business minutes per priority (index as in ticket_priorities); 0 = no target. */
    long long first_response_minutes[SLA_PRIORITIES], resolution_minutes[SLA_PRIORITIES];
};

/* The configuration as stored now (strings in a). 503 when the database is down. */
int sla_load(struct arena *a, struct sla_config *out, struct app_err *err);
/* This worker's copy, reloaded when the cache generation moved (no statement when it
 * has not): what filing and changing tickets use. Borrowed until the next call. */
int sla_live(const struct sla_config **out, struct app_err *err);

/* {"time_zone": "Europe/Paris", "hours": "mon-fri 09:00-17:00", "policies": {"low":
 * {"first_response_minutes": null, "resolution_minutes": 2400}, ...}}. Owned by a;
 * NULL when out of memory. */
struct json_object *sla_json(struct arena *a, const struct sla_config *c);

/* Apply changes (that shape, any subset; within a priority, the targets given replace
 * those stored, null removes one) as admin actor: a bad zone, schedule or target is
 * 422 naming it ("policies.urgent.first_response_minutes") and nothing is written;
 * else every change is stored and audited ("sla.update", target "calendar" or the
 * priority, detail the JSON given) in one transaction, and *out is the configuration
 * afterwards. Targets apply to tickets filed, reprioritised or resumed afterwards. */
int sla_update(struct arena *a, struct json_object *changes, long long actor,
               struct sla_config *out, struct app_err *err);

/* A ticket's due times (Unix time) when filed at `start` with `paused` business
 * seconds of PENDING behind it; has_* false where the priority has no target or the
 * configuration is not usable. Pure but for the zone rules it reads. */
struct sla_due {
    bool has_first, has_resolution;
    time_t first, resolution;
};
void sla_due_for(const struct sla_config *c, const char *priority, time_t start, long long paused,
                 struct sla_due *out);

/* t as "YYYY-MM-DD HH:MM:SS" into sql (for the database) and, when rfc is not NULL,
 * "YYYY-MM-DDTHH:MM:SSZ" into rfc: false (nothing written) when !has. */
bool sla_sql_time(bool has, time_t t, char sql[24], char *rfc);
/* "YYYY-MM-DDTHH:MM:SSZ" as a Unix time: false when s is NULL or malformed. */
bool sla_parse_time(const char *s, time_t *t);

/* What a status change does to the resolution clock, which runs only while the ticket
 * waits for the desk (OPEN, REOPENED): */
enum sla_clock {
    SLA_CLOCK_KEEP,  /* nothing changes (running on, or stopped on) */
    SLA_CLOCK_STOP,  /* it stops now: the ticket waits on its customer or is done */
    SLA_CLOCK_START, /* it runs again: the time it stood still is added to the budget */
    SLA_CLOCK_SETTLE /* PENDING ends in a resolution or closing: the wait is added to
                      * the budget (so it never counts against the desk) and the clock
                      * stays stopped */
};
enum sla_clock sla_clock_change(enum ticket_status from, enum ticket_status to);

/* In the transaction of a change to t (locked): what moving it to `next` and, when
 * priority is not NULL, to that priority does to its clocks (sla_clock_change), and a
 * new priority recomputes both due times from the filing time. */
int sla_on_change(const struct ticket *t, enum ticket_status next, const char *priority,
                  struct app_err *err);

/* What the ticket waits for next, as due: its first response until there is one, then
 * its resolution (none once resolved or closed, or while PENDING). NULL: nothing due. */
const char *sla_next_due(const struct ticket *t);
/* Whether that due time has passed at now. */
bool sla_overdue(const struct ticket *t, time_t now);

#endif
