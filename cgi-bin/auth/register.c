/* register: POST /api/auth/register — a new customer account. */
#include <ctype.h>

#include "auth/password.h"
#include "auth_handlers.h"
#include "core/config.h"
#include "db/db.h"
#include "db/db_users.h"
#include "json/validate.h"
#include "view/view_user.h"

enum { F_EMAIL, F_PASSWORD, F_NAME };
static const struct field_spec fields[] = {
    [F_EMAIL] = {"email", FT_STRING, FS_REQUIRED | FS_TRIM | FS_EMAIL, 3, 254, 0, 0, NULL},
    [F_PASSWORD] = {"password", FT_STRING, FS_REQUIRED | FS_BYTES, 8, 128, 0, 0, NULL},
    [F_NAME] = {"name", FT_STRING, FS_REQUIRED, 1, 100, 0, 0, NULL},
};

int auth_register(struct request *req, struct response *res, struct app_err *err)
{
    struct field_value v[3];
    if (validate_json(req->json, fields, 3, v, err))
        return -1;
    char *email = arena_strndup(req->arena, v[F_EMAIL].s, v[F_EMAIL].len);
    char *name = arena_strndup(req->arena, v[F_NAME].s, v[F_NAME].len);
    if (!email || !name)
        return err_unavailable(err, "out of memory");
    for (char *p = email; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(v[F_PASSWORD].s, v[F_PASSWORD].len, (int)g_config.bcrypt_cost, hash))
        return err_internal(err, "password hashing failed");
    long long id = 0;
    int rc = db_users_create(email, name, ROLE_CUSTOMER, hash, &id, err);
    if (rc == DB_DUPLICATE)
        return err_set(err, ERR_CONFLICT, "this e-mail is already registered");
    if (rc)
        return -1;
    struct user u;
    bool found = false;
    if (db_users_by_id(req->arena, id, &u, &found, err))
        return -1;
    if (!found)
        return err_internal(err, "user %lld vanished after insert", id);
    return response_json(res, 201, view_user_wrapped(&u)) ? err_unavailable(err, "out of memory")
                                                            : 0;
}
