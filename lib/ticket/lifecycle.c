/* lifecycle: status rules of API.md in one table-free function, tested over every pair. */
#include "ticket/lifecycle.h"

#include <stdbool.h>

enum ticket_event ticket_set_event(enum ticket_status s)
{
    return (enum ticket_event)(TE_SET_OPEN + (int)s);
}

static bool is_staff(enum role r)
{
    return r == ROLE_AGENT || r == ROLE_ADMIN;
}

static bool answered(enum ticket_status s)
{
    return s == TS_AUTO_RESOLVED || s == TS_RESOLVED;
}

static enum transition_refusal refuse(enum transition_refusal r, const char *msg, const char **why)
{
    *why = msg;
    return r;
}

enum transition_refusal ticket_transition(enum ticket_status cur, enum ticket_event ev,
                                          enum role actor, enum ticket_status *next,
                                          const char **why)
{
    *next = cur;
    *why = "";
    if (actor == ROLE_NONE)
        return refuse(TR_FORBIDDEN, "sign in first", why);
    switch (ev) {
    case TE_MESSAGE:
        if (cur == TS_CLOSED)
            return refuse(TR_CONFLICT, "the ticket is closed; open a new ticket", why);
        /* A customer writing back after an answer means it did not settle things;
         * writing back to a question puts the ticket back in the queue. */
        if (actor == ROLE_CUSTOMER && answered(cur))
            *next = TS_REOPENED;
        else if (actor == ROLE_CUSTOMER && cur == TS_PENDING)
            *next = TS_OPEN;
        /* Staff answering without resolving now wait for the customer. */
        else if (is_staff(actor) && !answered(cur))
            *next = TS_PENDING;
        return TR_OK;
    case TE_NOTE:
        if (!is_staff(actor))
            return refuse(TR_FORBIDDEN, "internal notes are for agents and admins", why);
        return TR_OK;
    case TE_RESOLVE:
        if (!is_staff(actor))
            return refuse(TR_FORBIDDEN, "only agents and admins can resolve tickets", why);
        if (cur == TS_CLOSED)
            return refuse(TR_CONFLICT, "the ticket is closed", why);
        *next = TS_RESOLVED;
        return TR_OK;
    case TE_FEEDBACK_YES:
    case TE_FEEDBACK_NO:
        if (actor != ROLE_CUSTOMER)
            return refuse(TR_FORBIDDEN, "only the ticket's customer can rate the answer", why);
        if (cur == TS_CLOSED)
            return refuse(TR_CONFLICT, "the ticket is closed and takes no more feedback", why);
        if (!answered(cur))
            return refuse(TR_CONFLICT, "there is no answer to rate", why);
        *next = ev == TE_FEEDBACK_YES ? TS_CLOSED : TS_REOPENED;
        return TR_OK;
    case TE_SET_AUTO_RESOLVED:
        return refuse(TR_INVALID, "AUTO_RESOLVED is set only by the automation", why);
    case TE_SET_OPEN:
    case TE_SET_RESOLVED:
    case TE_SET_REOPENED:
    case TE_SET_CLOSED:
    case TE_SET_PENDING:
        if (!is_staff(actor))
            return refuse(TR_FORBIDDEN, "only agents and admins can change the status", why);
        *next = (enum ticket_status)(ev - TE_SET_OPEN);
        return TR_OK;
    case TE_COUNT:
        break;
    }
    return refuse(TR_INVALID, "unknown event", why);
}
