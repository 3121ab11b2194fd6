/* audit_list: fetch one row more than the page holds; its presence means a next page. */
#include "audit/audit_list.h"

int audit_list(struct arena *a, const struct page *p, struct audit_entry **out, int *n,
               const char **next, struct app_err *err)
{
    if (db_audit_list(a, p->after, p->limit + 1, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}
