/* admin_users: GET /admin/users — every user, paged, filtered by role — and
 * POST /admin/users/{id}: change the role, disable or enable (user_change, the
 * API's action, so the last-admin rule holds here too). */
#include <json.h>
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "user/user_change.h"
#include "user/user_list.h"
#include "web/web_html.h"

static const char *const role_labels[] = {"Customer", "Agent", "Admin", NULL};

struct user_page {
    const struct user *u;
    long long me;
};

static json_object *user_row(struct arena *a, int i, const void *ctx)
{
    struct jbuild row, *d = &row;
    jb_object(d, a);
    const struct user_page *up = ctx;
    const struct user *u = &up->u[i];
    char when[40];
    web_time_display(u->created_at, when, sizeof when);
    jb_int(d, "id", u->id);
    jb_str(d, "name", u->name ? u->name : "");
    jb_str(d, "email", u->email ? u->email : "");
    jb_child(d, "roles", pages_options(a, user_roles, role_labels, role_name(u->role)));
    jb_bool(d, "disabled", u->disabled);
    jb_bool(d, "is_me", u->id == up->me);
    jb_str(d, "created_at", u->created_at ? u->created_at : "");
    jb_str(d, "created_display", when);
    return jb_finish(d);
}

/* The list; errors is a failed change to show above it (or NULL). */
static int render(struct request *req, struct response *res, int status,
                  const struct app_err *errors, struct app_err *err)
{
    static const struct field_spec query[] = {{"role", FT_STRING, 0, 1, 16, 0, 0, user_roles}};
    struct field_value q[1];
    struct page p;
    struct app_err bad;
    err_clear(&bad);
    int invalid = validate_query(req->query, req->nquery, query, 1, q, &bad) ||
                  page_from_query(req->query, req->nquery, &p, &bad);
    const char *role = !invalid && q[0].present ? q[0].s : NULL;
    struct user *u = NULL;
    int n = 0;
    const char *next = NULL;
    if (!invalid &&
        user_list(req->arena, role ? role_parse(role) : ROLE_NONE, &p, &u, &n, &next, err))
        return -1;
    struct jbuild d;
    jb_object(&d, req->arena);
    struct user_page up = {u, req->user.id};
    jb_child(&d, "users", jb_rows(req->arena, n, user_row, &up));
    jb_bool(&d, "has_users", n > 0);
    jb_child(&d, "roles", pages_options(req->arena, user_roles, role_labels, role));
    jb_str(&d, "filter_role", role ? role : "");
    if (next)
        jb_text(&d, "next_url",
                web_url(req->arena, "/admin/users", "role", role, "cursor", next, NULL));
    return pages_show_admin(req, res, invalid ? 422 : status, "admin_users", "Users", "users", &d,
                            invalid ? &bad : errors, err);
}

int page_admin_users(struct request *req, struct response *res, struct app_err *err)
{
    return render(req, res, 200, NULL, err);
}

int page_admin_user_update(struct request *req, struct response *res, struct app_err *err)
{
    static const char *const yes_no[] = {"yes", "no", NULL};
    enum { F_ROLE, F_DISABLED, F_FILTER, NFIELDS };
    static const struct field_spec fields[NFIELDS] = {
        [F_ROLE] = {"role", FT_STRING, 0, 1, 16, 0, 0, user_roles},
        [F_DISABLED] = {"disabled", FT_STRING, 0, 1, 3, 0, 0, yes_no},
        [F_FILTER] = {"filter", FT_STRING, 0, 0, 16, 0, 0, user_roles},
    };
    struct web_form f;
    struct field_value v[NFIELDS];
    struct app_err bad;
    long long id = pages_path_id(req);
    if (id <= 0)
        return err_set(err, ERR_NOT_FOUND, "no such user");
    int rc = pages_form_fields(req, &f, fields, NFIELDS, v, &bad);
    if (rc == 0) {
        enum role role = v[F_ROLE].present ? role_parse(v[F_ROLE].s) : ROLE_NONE;
        bool disabled = v[F_DISABLED].present && strcmp(v[F_DISABLED].s, "yes") == 0;
        struct user u;
        rc = user_change(req->arena, req->user.id, id, v[F_ROLE].present ? &role : NULL,
                         v[F_DISABLED].present ? &disabled : NULL, &u, &bad);
    }
    /* The last-admin rule, said the way an admin can act on it. */
    if (rc && bad.code == ERR_CONFLICT)
        snprintf(bad.detail, sizeof bad.detail,
                 "Deskpilot needs at least one active admin. Make someone else an admin "
                 "before you disable or demote this account.");
    if (rc)
        return pages_form_failed(&bad, ERR_NONE, err)
                   ? render(req, res, err_status(bad.code), &bad, err)
                   : -1;
    const char *filter = v[F_FILTER].present && v[F_FILTER].len ? v[F_FILTER].s : NULL;
    const char *to =
        web_url(req->arena, "/admin/users", "done", "user_updated", "role", filter, NULL);
    return to ? pages_redirect(req, res, err, "%s", to) : err_unavailable(err, "out of memory");
}
