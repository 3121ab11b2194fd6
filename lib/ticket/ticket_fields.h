/* ticket_fields: the field rules of ticket input, shared by the JSON API and the pages. */
#ifndef DESKPILOT_TICKET_FIELDS_H
#define DESKPILOT_TICKET_FIELDS_H

#include "json/validate.h"

/* NULL-terminated allowlists. */
extern const char *const ticket_priorities[];
extern const char *const ticket_statuses[];

/* A new ticket: subject (1..200 characters), body (1..20000), priority (optional). */
enum { TF_SUBJECT, TF_BODY, TF_PRIORITY, TF_CREATE_N };
extern const struct field_spec ticket_create_fields[TF_CREATE_N];

/* A message: body (1..20000), resolve and reusable (optional booleans). */
enum { TF_MSG_BODY, TF_MSG_RESOLVE, TF_MSG_REUSABLE, TF_MSG_INTERNAL, TF_MESSAGE_N };
extern const struct field_spec ticket_message_fields[TF_MESSAGE_N];

#endif
