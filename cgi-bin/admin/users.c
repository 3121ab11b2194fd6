/* users: GET /api/admin/users and PATCH /api/admin/users/{id}. */
#include <json.h>
#include <stdio.h>

#include "admin.h"
#include "core/num.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_users.h"
#include "http/page.h"
#include "json/validate.h"
#include "view/view_user.h"

static const char *const roles[] = {"customer", "agent", "admin", NULL};

int admin_users_list(struct request *req, struct response *res, struct app_err *err)
{
    static const struct field_spec query[] = {{"role", FT_STRING, 0, 1, 16, 0, 0, roles}};
    struct field_value q[1];
    struct page p;
    if (validate_query(req, query, 1, q, err) || page_from_query(req, &p, err))
        return -1;
    struct user *users;
    int n;
    enum role role = q[0].present ? role_parse(q[0].s) : ROLE_NONE;
    if (db_users_list(req->arena, role, p.after, p.limit + 1, &users, &n, err))
        return -1;
    const char *next = NULL;
    if (n > p.limit) {
        n = p.limit;
        if (!(next = page_cursor(req->arena, users[n - 1].id)))
            return err_unavailable(err, "out of memory");
    }
    json_object *items = json_object_new_array();
    for (int i = 0; items && i < n; i++)
        json_object_array_add(items, view_user(&users[i]));
    return response_json(res, 200, page_json(items, next)) ? err_unavailable(err, "out of memory")
                                                             : 0;
}

/* "id" path parameter as a positive integer; anything else is a 404 like an unknown id. */
static int path_id(const struct request *req, long long *id, struct app_err *err)
{
    if (num_parse_ll(request_param(req, 0), 1, (1LL << 62), id))
        return err_set(err, ERR_NOT_FOUND, "no such user");
    return 0;
}

int admin_users_patch(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_ROLE, F_DISABLED };
    static const struct field_spec fields[] = {
        [F_ROLE] = {"role", FT_STRING, 0, 1, 16, 0, 0, roles},
        [F_DISABLED] = {"disabled", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    };
    struct field_value v[2];
    long long id;
    if (path_id(req, &id, err) || validate_json(req->json, fields, 2, v, err))
        return -1;
    struct user u;
    bool found = false;
    if (db_begin(err) || db_users_by_id(req->arena, id, &u, &found, err))
        return -1;
    if (!found)
        return err_set(err, ERR_NOT_FOUND, "no such user");
    enum role role = v[F_ROLE].present ? role_parse(v[F_ROLE].s) : u.role;
    bool disabled = v[F_DISABLED].present ? v[F_DISABLED].b : u.disabled;
    bool last_admin = false;
    if (db_users_patch(id, v[F_ROLE].present ? &role : NULL,
                       v[F_DISABLED].present ? &disabled : NULL, &last_admin, err))
        return -1;
    if (last_admin)
        return err_set(err, ERR_CONFLICT, "the last active admin cannot be disabled or demoted");
    char detail[160];
    snprintf(detail, sizeof detail, "{\"role\":\"%s\",\"disabled\":%s,\"was_role\":\"%s\","
             "\"was_disabled\":%s}", role_name(role), disabled ? "true" : "false",
             role_name(u.role), u.disabled ? "true" : "false");
    char target[32];
    snprintf(target, sizeof target, "user:%lld", id);
    if (db_audit_write(req->user.id, "user.update", target, detail, err) ||
        db_users_by_id(req->arena, id, &u, &found, err) || db_commit(err))
        return -1;
    return response_json(res, 200, view_user_wrapped(&u)) ? err_unavailable(err, "out of memory")
                                                            : 0;
}
