/* user_list: reading users — one by id, a page of them, the staff who can take tickets. */
#ifndef DESKPILOT_USER_USER_LIST_H
#define DESKPILOT_USER_USER_LIST_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/paging.h"
#include "db/db_users.h"

/* User id into *out (strings in a); *found false when there is none. */
int user_get(struct arena *a, long long id, struct user *out, bool *found, struct app_err *err);

/* Users by id after p->after, at most p->limit into *out (arena array); *next gets the
 * signed cursor of the following page or NULL on the last. role ROLE_NONE = every
 * role. 503 when the database is down or memory ran out. */
int user_list(struct arena *a, enum role role, const struct page *p, struct user **out, int *n,
              const char **next, struct app_err *err);

/* The active agents and admins (at most 100 of each), agents first: who a ticket can
 * be assigned to. */
int user_staff(struct arena *a, struct user **out, int *n, struct app_err *err);

#endif
