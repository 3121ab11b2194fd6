/* ticket_import: history lines checked like API input, stored as resolved tickets. */
#include "ticket/ticket_import.h"

#include <json.h>
#include <stdio.h>

#include "db/db_intents.h"
#include "db/db_tickets.h"
#include "db/db_users.h"
#include "ticket/ticket_search.h"
#include "json/validate.h"

/* The disabled customer every imported ticket belongs to. */
static const char import_email[] = "history-import@deskpilot.invalid";
static const char import_name[] = "Imported history";

int ticket_import_customer(struct arena *a, long long *id, struct app_err *err)
{
    const char *email = import_email;
    struct user u;
    bool found = false;
    if (db_users_by_email(a, email, &u, &found, err))
        return -1;
    if (found) {
        *id = u.id;
        return 0;
    }
    if (db_users_create(email, import_name, ROLE_CUSTOMER, "!", id, err))
        return -1;
    bool disabled = true, last = false;
    return db_users_patch(*id, NULL, &disabled, &last, err);
}

int ticket_import_line(struct arena *a, const char *line, size_t len, long long customer,
                       bool reusable_default, struct app_err *err)
{
    enum { F_SUBJECT, F_BODY, F_INTENT, F_RESPONSE, F_CREATED, F_REUSABLE };
    static const struct field_spec fields[] = {
        [F_SUBJECT] = {"subject", FT_STRING, FS_REQUIRED, 1, 200, 0, 0, NULL},
        [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
        [F_INTENT] = {"intent", FT_STRING, FS_NULLABLE | FS_IDENT, 1, 64, 0, 0, NULL},
        [F_RESPONSE] = {"response", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
        [F_CREATED] = {"created_at", FT_STRING, FS_NULLABLE, 10, 40, 0, 0, NULL},
        [F_REUSABLE] = {"reusable", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    };
    json_object *o = NULL;
    struct field_value v[6];
    int rc = json_parse_object(line, len, &o, err);
    if (rc == 0)
        rc = validate_json(o, fields, 6, v, err);
    const char *intent =
        rc == 0 && v[F_INTENT].present && !v[F_INTENT].is_null ? v[F_INTENT].s : NULL;
    if (rc == 0 && intent) {
        bool exists = false;
        rc = db_intents_exists(intent, &exists, err);
        if (rc == 0 && !exists)
            rc = err_field(err, "intent", "%s is not in the intent catalogue", intent);
    }
    const char *created = NULL;
    if (rc == 0 && v[F_CREATED].present && !v[F_CREATED].is_null) {
        int y, mo, d, h, mi, s;
        if (sscanf(v[F_CREATED].s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
            rc = err_field(err, "created_at", "must be an RFC 3339 UTC time");
        else
            created = arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, s);
    }
    long long id;
    const char *search = NULL;
    if (rc == 0)
        rc = ticket_search_text(a, v[F_SUBJECT].s, v[F_BODY].s, import_name, import_email,
                                v[F_RESPONSE].s, &search, err);
    if (rc == 0)
        rc = db_tickets_import(customer, v[F_SUBJECT].s, v[F_BODY].s, intent, v[F_RESPONSE].s,
                               v[F_REUSABLE].present ? v[F_REUSABLE].b : reusable_default, created,
                               search, &id, err);
    if (rc == 0)
        rc = ticket_search_store(a, id, search, err);
    json_object_put(o);
    return rc;
}
