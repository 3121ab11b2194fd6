/* view_user: the User object of the contract (never a hash). */
#ifndef DESKPILOT_VIEW_USER_H
#define DESKPILOT_VIEW_USER_H

#include "core/arena.h"
#include "db/db_users.h"

struct json_object;

/* {"id","email","name","role","disabled","created_at"}. Owned by a; NULL when out
 * of memory. */
struct json_object *view_user(struct arena *a, const struct user *u);
/* {"user": User}, as view_user. */
struct json_object *view_user_wrapped(struct arena *a, const struct user *u);

#endif
