/* macros: canned replies — admins keep them (validated, audited), any agent puts one,
 * filled in for the ticket with the reply templates' placeholders, in a reply box. */
#ifndef DESKPILOT_TICKET_MACROS_H
#define DESKPILOT_TICKET_MACROS_H

#include "core/arena.h"
#include "core/err.h"
#include "core/identity.h"
#include "db/db_macros.h"
#include "db/db_tickets.h"

struct json_object;

#define MACROS_MAX 200      /* macros the desk keeps at most */
#define MACRO_TITLE_MAX 100 /* characters */
#define MACRO_BODY_MAX 5000 /* characters, as an intent's reply template */

/* Every macro, by title (at most MACROS_MAX, arena array). */
int macros_list(struct arena *a, struct macro **out, int *n, struct app_err *err);
/* One macro: 404 when there is none. */
int macros_load(struct arena *a, long long id, struct macro *out, struct app_err *err);

/* Create from {title, body} (title 1..100 characters, trimmed; body 1..5000) as
 * actor: 422 naming the bad field, 409 when the title is taken or MACROS_MAX are
 * kept; audited "macro.create" (target the id, detail the title) in the same
 * transaction. *out is the macro as stored. */
int macros_create(struct arena *a, long long actor, struct json_object *body, struct macro *out,
                  struct app_err *err);
/* Replace macro id's title and body (both required, as create); audited "macro.update". */
int macros_update(struct arena *a, long long actor, long long id, struct json_object *body,
                  struct macro *out, struct app_err *err);
/* Delete macro id (404 when none); audited "macro.delete". */
int macros_delete(struct arena *a, long long actor, long long id, struct app_err *err);

/* m's body filled in for ticket t with the reply templates' placeholders
 * ({{customer_name}}, {{ticket_id}}, {{subject}}, {{intent}}; ai_template_fill), in a.
 * NULL when out of memory. */
const char *macros_render(struct arena *a, const struct macro *m, const struct ticket *t);

#endif
