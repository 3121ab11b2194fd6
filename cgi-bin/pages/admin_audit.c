/* admin_audit: GET /admin/audit — the audit log, newest first, paged like
 * GET /api/admin/audit (admin_list_audit), with the actors' names. */
#include <json.h>

#include "audit/audit_list.h"
#include "pages.h"
#include "user/user_list.h"
#include "web/web_html.h"

/* "System" for actor 0, the user's name, or "User #id" when it is gone. */
static const char *actor_name(struct request *req, long long id)
{
    if (id <= 0)
        return "System";
    struct user u;
    bool found = false;
    struct app_err ignore;
    err_clear(&ignore);
    if (user_get(req->arena, id, &u, &found, &ignore) == 0 && found && u.name)
        return u.name;
    return arena_printf(req->arena, "User #%lld", id);
}

struct audit_page {
    const struct audit_entry *e;
    const char **who; /* the actor's name per entry */
};

static json_object *entry_row(struct arena *a, int i, const void *ctx)
{
    struct jbuild row, *d = &row;
    jb_object(d, a);
    const struct audit_page *ap = ctx;
    const struct audit_entry *e = &ap->e[i];
    char when[40];
    web_time_display(e->created_at, when, sizeof when);
    jb_text(d, "actor", ap->who[i]);
    jb_str(d, "action", e->action ? e->action : "");
    jb_str(d, "target", e->target ? e->target : "");
    jb_str(d, "detail", e->detail ? e->detail : "");
    jb_str(d, "created_at", e->created_at ? e->created_at : "");
    jb_str(d, "created_display", when);
    return jb_finish(d);
}

/* Each entry's actor name; a page holds few actors, so each is looked up once. */
static const char **actor_names(struct request *req, const struct audit_entry *e, int n)
{
    const char **who = arena_calloc(req->arena, (size_t)n + 1, sizeof *who);
    for (int i = 0; who && i < n; i++) {
        for (int k = 0; k < i && !who[i]; k++)
            if (e[k].actor_id == e[i].actor_id)
                who[i] = who[k];
        if (!who[i])
            who[i] = actor_name(req, e[i].actor_id);
    }
    return who;
}

int page_admin_audit(struct request *req, struct response *res, struct app_err *err)
{
    struct page p;
    struct audit_entry *e = NULL;
    int n = 0;
    const char *next = NULL;
    struct app_err bad;
    err_clear(&bad);
    int invalid = page_from_query(req->query, req->nquery, &p, &bad);
    if (!invalid && audit_list(req->arena, &p, &e, &n, &next, err))
        return -1;
    struct jbuild d;
    jb_object(&d, req->arena);
    struct audit_page ap = {e, actor_names(req, e, n)};
    jb_child(&d, "entries", ap.who ? jb_rows(req->arena, n, entry_row, &ap) : NULL);
    jb_bool(&d, "has_entries", n > 0);
    jb_bool(&d, "is_first_page", invalid || p.after == 0);
    if (next)
        jb_text(&d, "next_url", web_url(req->arena, "/admin/audit", "cursor", next, NULL));
    return pages_show_admin(req, res, invalid ? 422 : 200, "admin_audit", "Audit log", "audit", &d,
                            invalid ? &bad : NULL, err);
}
