/* admin_list: fetch one row more than the page holds; its presence means a next page. */
#include "admin/admin_list.h"

int admin_list_intents(struct arena *a, bool with_examples, const struct page *p,
                       struct intent **out, int *n, const char **next, struct app_err *err)
{
    if (db_intents_list(a, p->after, p->limit + 1, with_examples, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int admin_list_audit(struct arena *a, const struct page *p, struct audit_entry **out, int *n,
                     const char **next, struct app_err *err)
{
    if (db_audit_list(a, p->after, p->limit + 1, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}
