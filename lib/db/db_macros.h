/* db_macros: the canned replies agents pick from (sql/019). */
#ifndef DESKPILOT_DB_DB_MACROS_H
#define DESKPILOT_DB_DB_MACROS_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"

struct macro {
    long long id;
    const char *title, *body; /* the body holds the reply templates' placeholders */
    const char *created_at, *updated_at;
};

/* Every macro by title (at most max), into a new arena array. */
int db_macros_list(struct arena *a, int max, struct macro **out, int *n, struct app_err *err);
/* One macro; *found false when there is none. */
int db_macros_get(struct arena *a, long long id, struct macro *out, bool *found,
                  struct app_err *err);
int db_macros_count(long long *n, struct app_err *err);
/* Insert or change one: DB_DUPLICATE when another macro has the title. */
int db_macros_create(const char *title, const char *body, long long *id, struct app_err *err);
int db_macros_update(long long id, const char *title, const char *body, struct app_err *err);
int db_macros_delete(long long id, struct app_err *err);

#endif
