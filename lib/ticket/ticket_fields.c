/* ticket_fields: one definition of what a valid ticket, message and priority are. */
#include "ticket/ticket_fields.h"

const char *const ticket_priorities[] = {"low", "normal", "high", "urgent", NULL};
/* In enum ticket_status order. */
const char *const ticket_statuses[] = {"OPEN",   "AUTO_RESOLVED", "RESOLVED", "REOPENED",
                                       "CLOSED", "PENDING",       NULL};

const struct field_spec ticket_create_fields[TF_CREATE_N] = {
    [TF_SUBJECT] = {"subject", FT_STRING, FS_REQUIRED, 1, 200, 0, 0, NULL},
    [TF_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
    [TF_PRIORITY] = {"priority", FT_STRING, 0, 1, 16, 0, 0, ticket_priorities},
};

const struct field_spec ticket_message_fields[TF_MESSAGE_N] = {
    [TF_MSG_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
    [TF_MSG_RESOLVE] = {"resolve", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    [TF_MSG_REUSABLE] = {"reusable", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    [TF_MSG_INTERNAL] = {"internal", FT_BOOL, 0, 0, 0, 0, 0, NULL},
};
