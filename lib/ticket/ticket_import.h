/* ticket_import: resolved history from another help desk (deskpilot import tickets):
 * each line becomes a resolved ticket the model learns from. */
#ifndef DESKPILOT_TICKET_TICKET_IMPORT_H
#define DESKPILOT_TICKET_TICKET_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

/* The customer imported tickets belong to — a disabled account nobody can sign in
 * as — created on first use; its id into *id. */
int ticket_import_customer(struct arena *a, long long *id, struct app_err *err);

/* One JSON line {subject, body, intent?, response, created_at?, reusable?} as a
 * resolved ticket of customer: 422 naming the field (an intent must be in the
 * catalogue), 400 for malformed JSON. reusable_default applies when the line does
 * not say. Runs in the caller's transaction. */
int ticket_import_line(struct arena *a, const char *line, size_t len, long long customer,
                       bool reusable_default, struct app_err *err);

#endif
