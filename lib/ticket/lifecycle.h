/* lifecycle: the one pure function that decides every ticket status change. */
#ifndef DESKPILOT_TICKET_LIFECYCLE_H
#define DESKPILOT_TICKET_LIFECYCLE_H

#include <stdbool.h>

#include "core/identity.h"
#include "core/ticket_status.h"

enum ticket_event {
    TE_MESSAGE,      /* a message without resolve */
    TE_RESOLVE,      /* a message with "resolve": true */
    TE_FEEDBACK_YES, /* helpful: true */
    TE_FEEDBACK_NO,  /* helpful: false */
    TE_NOTE,         /* an internal note: staff only, never moves the status */
    TE_SET_OPEN,     /* PATCH status=... by staff (in enum ticket_status's order) */
    TE_SET_AUTO_RESOLVED,
    TE_SET_RESOLVED,
    TE_SET_REOPENED,
    TE_SET_CLOSED,
    TE_SET_PENDING,
    TE_COUNT,
};

/* Why a change was refused; each maps to one HTTP status. */
enum transition_refusal {
    TR_OK = 0,
    TR_FORBIDDEN, /* 403: this role may not do this */
    TR_CONFLICT,  /* 409: not in this state (closed ticket, nothing to rate) */
    TR_INVALID,   /* 422: a status nobody may set by hand */
};

/* From the current status, an event and the actor's role: the new status in *next
 * (unchanged when the event does not move it) and TR_OK, or a refusal with a short
 * public reason in *why. No I/O. */
enum transition_refusal ticket_transition(enum ticket_status cur, enum ticket_event ev,
                                          enum role actor, enum ticket_status *next,
                                          const char **why);

/* The PATCH event that sets status s. */
enum ticket_event ticket_set_event(enum ticket_status s);

#endif
