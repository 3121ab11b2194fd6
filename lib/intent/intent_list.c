/* intent_list: fetch one row more than the page holds; its presence means a next page. */
#include "intent/intent_list.h"

int intent_list(struct arena *a, bool with_examples, const struct page *p, struct intent **out,
                int *n, const char **next, struct app_err *err)
{
    if (db_intents_list(a, p->after, p->limit + 1, with_examples, out, n, err))
        return -1;
    return page_cut(a, n, p->limit, *n > p->limit ? (*out)[p->limit - 1].id : 0, next, err);
}

int intent_list_paused(struct arena *a, struct intent **out, int *n, struct app_err *err)
{
    return db_intents_paused(a, INTENTS_PAUSED_SHOWN, out, n, err);
}
