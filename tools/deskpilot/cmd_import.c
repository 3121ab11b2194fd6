/* cmd_import: `deskpilot import intents FILE.csv` and `deskpilot import tickets FILE.jsonl`. */
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ai/csv.h"
#include "intent/intent_input.h"
#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_intents.h"
#include "db/db_tickets.h"
#include "db/db_users.h"
#include "json/validate.h"

static int usage(void)
{
    fprintf(stderr, "usage: deskpilot import intents FILE.csv [--if-empty]\n"
                    "       deskpilot import tickets FILE.jsonl [--reusable]\n");
    return 2;
}

/* One intent being gathered from consecutive CSV rows. */
struct pending {
    json_object *obj; /* {name, description, auto_resolve, threshold, response_template, examples} */
    size_t line;
};

static void set_if(json_object *o, const char *key, const char *cell)
{
    if (cell && *cell)
        json_object_object_add(o, key, json_object_new_string(cell));
}

/* Typed columns: auto_resolve true/false, threshold a number (empty = none). */
static int set_typed(json_object *o, const char *auto_cell, const char *thr_cell)
{
    if (auto_cell && *auto_cell) {
        if (strcasecmp(auto_cell, "true") && strcasecmp(auto_cell, "false"))
            return -1;
        json_object_object_add(o, "auto_resolve",
                               json_object_new_boolean(strcasecmp(auto_cell, "true") == 0));
    }
    if (thr_cell && *thr_cell) {
        char *end;
        double t = strtod(thr_cell, &end);
        if (*end)
            return -1;
        json_object_object_add(o, "threshold", json_object_new_double(t));
    }
    return 0;
}

/* Create the intent, or merge into an existing one: given fields overwrite,
 * examples not already present are appended. */
static int store_intent(struct arena *a, json_object *obj, size_t line, int *created,
                        struct app_err *err)
{
    struct intent in = {.auto_resolve = true};
    struct intent_given given;
    if (intent_input_apply(a, obj, true, &in, &given, err)) {
        fprintf(stderr, "line %zu:\n", line);
        return -1;
    }
    struct intent old;
    bool found = false;
    if (db_intents_get(a, in.name, &old, &found, err))
        return -1;
    if (!found) {
        long long id;
        (*created)++;
        return db_intents_create(&in, &id, err) == 0 ? 0 : -1;
    }
    const char **had = old.examples;
    int nhad = old.nexamples;
    struct intent_given g2;
    if (intent_input_apply(a, obj, false, &old, &g2, err))
        return -1;
    const char **all = arena_calloc(a, (size_t)(nhad + in.nexamples) + 1, sizeof *all);
    if (!all)
        return err_unavailable(err, "out of memory");
    int n = 0;
    for (int i = 0; i < nhad; i++)
        all[n++] = had[i];
    for (int i = 0; i < in.nexamples; i++) {
        int k = 0;
        while (k < n && strcmp(all[k], in.examples[i]) != 0)
            k++;
        if (k == n)
            all[n++] = in.examples[i];
    }
    return db_intents_update(old.id, &old, err) || db_intents_set_examples(old.id, all, n, err);
}

static int import_intents(const char *path, bool if_empty)
{
    struct app_err err;
    err_clear(&err);
    if (if_empty) {
        long long n = 0;
        if (db_intents_count(&n, &err))
            return cli_fail("import", &err);
        if (n > 0) {
            printf("intents: %lld present, nothing imported\n", n);
            return 0;
        }
    }
    struct ai_csv t = {0};
    char msg[512];
    if (ai_csv_read_file(path, &t, msg, sizeof msg)) {
        fprintf(stderr, "deskpilot import: %s\n", msg);
        return 1;
    }
    long c_name = ai_csv_column(&t, "name"), c_ex = ai_csv_column(&t, "example");
    long c_desc = ai_csv_column(&t, "description"), c_tpl = ai_csv_column(&t, "response_template");
    long c_auto = ai_csv_column(&t, "auto_resolve"), c_thr = ai_csv_column(&t, "threshold");
    if (c_name < 0 || c_ex < 0) {
        fprintf(stderr, "deskpilot import: %s needs the columns name and example\n", path);
        ai_csv_free(&t);
        return 1;
    }
    struct arena a;
    arena_init(&a, 0);
    int rc = db_begin(&err), created = 0;
    json_object *cur = NULL;
    size_t cur_line = 0, examples = 0;
#define CELL(c) ((c) >= 0 ? ai_csv_cell(&t, r, (size_t)(c)) : NULL)
    for (size_t r = 0; rc == 0 && r <= t.nrows; r++) {
        const char *name = r < t.nrows ? CELL(c_name) : NULL;
        if (cur && (!name || strcmp(name, json_object_get_string(json_object_object_get(cur, "name"))))) {
            rc = store_intent(&a, cur, cur_line, &created, &err);
            json_object_put(cur);
            cur = NULL;
        }
        if (rc || r == t.nrows)
            break;
        if (!cur) {
            cur = json_object_new_object();
            json_object_object_add(cur, "name", json_object_new_string(name));
            json_object_object_add(cur, "examples", json_object_new_array());
            cur_line = t.line[r];
        }
        set_if(cur, "description", CELL(c_desc));
        set_if(cur, "response_template", CELL(c_tpl));
        if (set_typed(cur, CELL(c_auto), CELL(c_thr))) {
            rc = err_field(&err, "auto_resolve/threshold", "line %zu: true/false and a number", t.line[r]);
            break;
        }
        if (CELL(c_ex) && *CELL(c_ex)) {
            json_object_array_add(json_object_object_get(cur, "examples"),
                                  json_object_new_string(CELL(c_ex)));
            examples++;
        }
    }
#undef CELL
    json_object_put(cur);
    if (rc == 0)
        rc = db_audit_write(0, "intents.import", path, NULL, &err);
    if (rc == 0)
        rc = db_commit(&err);
    else
        db_rollback();
    arena_cleanup(&a);
    ai_csv_free(&t);
    if (rc)
        return cli_fail("import", &err);
    printf("intents: %d created, %zu examples read from %s\n", created, examples, path);
    return 0;
}

/* The user imported tickets belong to: a disabled customer nobody can sign in as. */
static int import_customer(struct arena *a, long long *id, struct app_err *err)
{
    static const char email[] = "history-import@deskpilot.invalid";
    struct user u;
    bool found = false;
    if (db_users_by_email(a, email, &u, &found, err))
        return -1;
    if (found) {
        *id = u.id;
        return 0;
    }
    if (db_users_create(email, "Imported history", ROLE_CUSTOMER, "!", id, err))
        return -1;
    bool disabled = true, last = false;
    return db_users_patch(*id, NULL, &disabled, &last, err);
}

static int import_ticket_line(struct arena *a, const char *line, size_t len, long long customer,
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
    const char *intent = rc == 0 && v[F_INTENT].present && !v[F_INTENT].is_null ? v[F_INTENT].s : NULL;
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
    if (rc == 0)
        rc = db_tickets_import(customer, v[F_SUBJECT].s, v[F_BODY].s, intent, v[F_RESPONSE].s,
                               v[F_REUSABLE].present ? v[F_REUSABLE].b : reusable_default, created,
                               &id, err);
    json_object_put(o);
    return rc;
}

#define MAX_LINE (1 << 20)

static int import_tickets(const char *path, bool reusable)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 1;
    }
    struct app_err err;
    err_clear(&err);
    struct arena a;
    arena_init(&a, 0);
    char *line = malloc(MAX_LINE);
    long long customer = 0;
    size_t lineno = 0, n = 0;
    int rc = line ? db_begin(&err) : err_unavailable(&err, "out of memory");
    if (rc == 0)
        rc = import_customer(&a, &customer, &err);
    while (rc == 0 && fgets(line, MAX_LINE, f)) {
        lineno++;
        size_t len = strlen(line);
        if (len == MAX_LINE - 1 && line[len - 1] != '\n') {
            rc = err_field(&err, "line", "%zu is longer than 1 MiB", lineno);
            break;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        rc = import_ticket_line(&a, line, len, customer, reusable, &err);
        if (rc)
            fprintf(stderr, "%s:%zu:\n", path, lineno);
        n++;
        arena_reset(&a);
    }
    if (rc == 0)
        rc = db_audit_write(0, "tickets.import", path, NULL, &err);
    if (rc == 0)
        rc = db_commit(&err);
    else
        db_rollback();
    fclose(f);
    free(line);
    arena_cleanup(&a);
    if (rc)
        return cli_fail("import", &err);
    printf("tickets: %zu imported from %s (run `deskpilot train` to learn from them)\n", n, path);
    return 0;
}

int cmd_import(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    bool if_empty = false, reusable = false;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--if-empty") == 0)
            if_empty = true;
        else if (strcmp(argv[i], "--reusable") == 0)
            reusable = true;
        else
            return usage();
    }
    if (cli_setup("import", 0))
        return 2;
    int rc;
    if (strcmp(argv[1], "intents") == 0)
        rc = import_intents(argv[2], if_empty);
    else if (strcmp(argv[1], "tickets") == 0)
        rc = import_tickets(argv[2], reusable);
    else
        rc = usage();
    db_close();
    return rc;
}
