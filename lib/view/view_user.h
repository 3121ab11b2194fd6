/* view_user: the User object of the contract (never a hash). */
#ifndef DESKPILOT_VIEW_USER_H
#define DESKPILOT_VIEW_USER_H

#include "db/db_users.h"

struct json_object;

/* {"id","email","name","role","disabled","created_at"}; NULL when out of memory. */
struct json_object *view_user(const struct user *u);
/* {"user": User} */
struct json_object *view_user_wrapped(const struct user *u);

#endif
