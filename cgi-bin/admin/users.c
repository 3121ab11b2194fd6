/* users: GET /api/admin/users and PATCH /api/admin/users/{id}. */
#include "admin.h"
#include "core/num.h"
#include "http/page.h"
#include "user/user_change.h"
#include "user/user_list.h"
#include "view/view_user.h"
#include "json/validate.h"

static struct json_object *row_view(struct arena *a, int i, const void *rows)
{
    return view_user(a, (const struct user *)rows + i);
}

int api_users_list(struct request *req, struct response *res, struct app_err *err)
{
    static const struct field_spec query[] = {{"role", FT_STRING, 0, 1, 16, 0, 0, user_roles}};
    struct field_value q[1];
    struct page p;
    if (validate_query(req->query, req->nquery, query, 1, q, err) ||
        page_from_query(req->query, req->nquery, &p, err))
        return -1;
    struct user *users;
    int n;
    const char *next;
    enum role role = q[0].present ? role_parse(q[0].s) : ROLE_NONE;
    if (user_list(req->arena, role, &p, &users, &n, &next, err))
        return -1;
    return page_respond(res, req->arena, n, row_view, users, next, err);
}

int api_users_patch(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_ROLE, F_DISABLED };
    static const struct field_spec fields[] = {
        [F_ROLE] = {"role", FT_STRING, 0, 1, 16, 0, 0, user_roles},
        [F_DISABLED] = {"disabled", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    };
    struct field_value v[2];
    long long id;
    /* A malformed id is a 404 like an unknown one. */
    if (num_parse_ll(request_param(req, 0), 1, (1LL << 62), &id))
        return err_set(err, ERR_NOT_FOUND, "no such user");
    if (validate_json(req->json, fields, 2, v, err))
        return -1;
    enum role role = v[F_ROLE].present ? role_parse(v[F_ROLE].s) : ROLE_NONE;
    bool disabled = v[F_DISABLED].present && v[F_DISABLED].b;
    struct user u;
    if (user_change(req->arena, req->user.id, id, v[F_ROLE].present ? &role : NULL,
                    v[F_DISABLED].present ? &disabled : NULL, &u, err))
        return -1;
    return api_respond(res, 200, view_user_wrapped(req->arena, &u), err);
}
