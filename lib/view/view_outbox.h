/* view_outbox: the admins' JSON of an outbox row (GET /api/admin/outbox). */
#ifndef DESKPILOT_VIEW_OUTBOX_H
#define DESKPILOT_VIEW_OUTBOX_H

#include "core/arena.h"
#include "db/db_outbox.h"

struct json_object;

/* Everything but the body (the conversation shows it); NULL when out of memory. */
struct json_object *view_outbox(struct arena *a, const struct outbox_row *r);

#endif
