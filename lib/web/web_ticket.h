/* web_ticket: a ticket as the page templates read it — the contract's view (same
 * visibility rule as the API) plus labels, CSS classes and display times. */
#ifndef DESKPILOT_WEB_TICKET_H
#define DESKPILOT_WEB_TICKET_H

#include <stddef.h>

#include "db/db_tickets.h"
#include "db/db_users.h"
#include "http/request.h"

struct json_object;

/* Staff names for the agent pages (borrowed); NULL/0 shows "Agent #id". */
struct web_people {
    const struct user *staff;
    int nstaff;
};

/* The JSON for one ticket as `viewer` may see it: view_ticket's fields (a customer
 * never gets an unsent suggestion, its source, the similar ticket or the reasoning)
 * and, for the templates, status_label/status_class, priority_class, *_display
 * times, confidence_pct/similarity_pct (staff), response_excerpt (staff), url,
 * customer_name and assignee_name (staff), auto_answer (an answer sent
 * automatically, shown in the conversation), ask_feedback (the customer may rate
 * the current answer), can_message, request_author, decision_class and
 * response_source_label (staff); each message gets author_label, is_mine,
 * is_staff_author and created_display. messages may be NULL (lists).
 * Owned by a; NULL when out of memory. */
struct json_object *web_ticket_json(struct arena *a, const struct ticket *t,
                                    const struct principal *viewer,
                                    const struct ticket_message *messages, int nmessages,
                                    const struct web_people *people);

/* "2026-11-23T22:59:32Z" -> "23 Nov 2026, 22:59 UTC" into out (at least 32 bytes);
 * anything else is copied as it is (truncated). NULL -> "". */
void web_time_display(const char *rfc3339, char *out, size_t outlen);
/* Human label of a status ("Open", "Answered", "Resolved", "Reopened", "Closed"). */
const char *web_status_label(enum ticket_status s);

#endif
