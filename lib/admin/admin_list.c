/* admin_list: fetch one row more than the page holds; its presence means a next page. */
#include "admin/admin_list.h"

/* Cut *n fetched rows to limit; when there were more, *next is the cursor after
 * the last row kept, whose position is last_kept (read only then). */
static int cut(struct arena *a, int *n, int limit, long long last_kept, const char **next,
               struct app_err *err)
{
    *next = NULL;
    if (*n <= limit)
        return 0;
    *n = limit;
    if (!(*next = page_cursor(a, last_kept)))
        return err_unavailable(err, "out of memory");
    return 0;
}

int admin_list_users(struct arena *a, enum role role, const struct page *p, struct user **out,
                     int *n, const char **next, struct app_err *err)
{
    if (db_users_list(a, role, p->after, p->limit + 1, out, n, err))
        return -1;
    return cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int admin_list_intents(struct arena *a, bool with_examples, const struct page *p,
                       struct intent **out, int *n, const char **next, struct app_err *err)
{
    if (db_intents_list(a, p->after, p->limit + 1, with_examples, out, n, err))
        return -1;
    return cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int admin_list_audit(struct arena *a, const struct page *p, struct audit_entry **out, int *n,
                     const char **next, struct app_err *err)
{
    if (db_audit_list(a, p->after, p->limit + 1, out, n, err))
        return -1;
    return cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}
