/* user_list: fetch one row more than the page holds; its presence means a next page. */
#include "user/user_list.h"

int user_get(struct arena *a, long long id, struct user *out, bool *found, struct app_err *err)
{
    return db_users_by_id(a, id, out, found, err);
}

int user_list(struct arena *a, enum role role, const struct page *p, struct user **out, int *n,
              const char **next, struct app_err *err)
{
    if (db_users_list(a, role, p->after, p->limit + 1, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int user_staff(struct arena *a, struct user **out, int *n, struct app_err *err)
{
    enum { MAX_EACH = 100 };
    struct user *agents = NULL, *admins = NULL;
    int na = 0, nd = 0;
    if (db_users_list(a, ROLE_AGENT, 0, MAX_EACH, &agents, &na, err) ||
        db_users_list(a, ROLE_ADMIN, 0, MAX_EACH, &admins, &nd, err))
        return -1;
    struct user *all = arena_calloc(a, (size_t)(na + nd + 1), sizeof *all);
    if (!all)
        return err_unavailable(err, "out of memory");
    int k = 0;
    for (int i = 0; i < na; i++)
        if (!agents[i].disabled)
            all[k++] = agents[i];
    for (int i = 0; i < nd; i++)
        if (!admins[i].disabled)
            all[k++] = admins[i];
    *out = all;
    *n = k;
    return 0;
}
