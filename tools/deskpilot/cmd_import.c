/* cmd_import: `deskpilot import intents FILE.csv` and `deskpilot import tickets FILE.jsonl`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ai/csv.h"
#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_generation.h"
#include "intent/intent_import.h"
#include "ticket/ticket_import.h"
#include "json/jbuild.h"

static int usage(void)
{
    fprintf(stderr, "usage: deskpilot import intents FILE.csv [--if-empty]\n"
                    "       deskpilot import tickets FILE.jsonl [--reusable]\n");
    return 2;
}

/* One intent gathered from consecutive CSV rows of the same name, as the admin
 * API's Intent JSON: a later row's non-empty cell replaces an earlier one. */
struct gathered {
    const char *name;
    size_t line;
    struct jbuild obj, examples;
};

static void set_if(struct jbuild *o, const char *key, const char *cell)
{
    if (cell && *cell)
        jb_str(o, key, cell);
}

/* Typed columns: auto_resolve true/false, threshold a number (empty = none). */
static int set_typed(struct jbuild *o, const char *auto_cell, const char *thr_cell)
{
    if (auto_cell && *auto_cell) {
        if (strcasecmp(auto_cell, "true") && strcasecmp(auto_cell, "false"))
            return -1;
        jb_bool(o, "auto_resolve", strcasecmp(auto_cell, "true") == 0);
    }
    if (thr_cell && *thr_cell) {
        char *end;
        double t = strtod(thr_cell, &end);
        if (*end)
            return -1;
        jb_dbl(o, "threshold", t);
    }
    return 0;
}

/* Store what g gathered (then the arena, which holds it, starts afresh). */
static int store(struct arena *a, struct gathered *g, int *created, struct app_err *err)
{
    jb_child(&g->obj, "examples", jb_finish(&g->examples));
    struct json_object *obj = jb_finish(&g->obj);
    int rc = obj ? intent_import(a, obj, created, err) : err_unavailable(err, "out of memory");
    if (rc && err->nfields)
        fprintf(stderr, "line %zu:\n", g->line);
    arena_reset(a);
    g->name = NULL;
    return rc;
}

static int import_intents(const char *path, bool if_empty)
{
    struct app_err err;
    err_clear(&err);
    if (if_empty) {
        long long n = 0;
        if (intent_count(&n, &err))
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
    /* One transaction, bumping the cache generation once at its end. */
    int rc = db_begin(&err) || db_generation_batch_begin(&err), created = 0;
    struct gathered g = {0};
    size_t examples = 0;
#define CELL(c) ((c) >= 0 ? ai_csv_cell(&t, r, (size_t)(c)) : NULL)
    for (size_t r = 0; rc == 0 && r <= t.nrows; r++) {
        const char *name = r < t.nrows ? CELL(c_name) : NULL;
        if (g.name && (!name || strcmp(name, g.name)))
            rc = store(&a, &g, &created, &err);
        if (rc || r == t.nrows)
            break;
        if (!g.name) {
            g.name = name;
            g.line = t.line[r];
            jb_object(&g.obj, &a);
            jb_str(&g.obj, "name", name);
            jb_array(&g.examples, &a);
        }
        set_if(&g.obj, "description", CELL(c_desc));
        set_if(&g.obj, "response_template", CELL(c_tpl));
        if (set_typed(&g.obj, CELL(c_auto), CELL(c_thr))) {
            rc = err_field(&err, "auto_resolve/threshold", "line %zu: true/false and a number",
                           t.line[r]);
            break;
        }
        if (CELL(c_ex) && *CELL(c_ex)) {
            jb_push_str(&g.examples, CELL(c_ex));
            examples++;
        }
    }
#undef CELL
    if (rc == 0)
        rc = db_generation_batch_end(&err) || db_audit_write(0, "intents.import", path, NULL, &err);
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
    int rc = line ? db_begin(&err) || db_generation_batch_begin(&err)
                  : err_unavailable(&err, "out of memory");
    if (rc == 0)
        rc = ticket_import_customer(&a, &customer, &err);
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
        rc = ticket_import_line(&a, line, len, customer, reusable, &err);
        if (rc)
            fprintf(stderr, "%s:%zu:\n", path, lineno);
        n++;
        arena_reset(&a);
    }
    if (rc == 0)
        rc = db_generation_batch_end(&err) || db_audit_write(0, "tickets.import", path, NULL, &err);
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

struct import_args {
    const char *what, *path; /* "intents" or "tickets", the file */
    bool if_empty, reusable;
};

static int parse(int argc, char **argv, struct import_args *a)
{
    const struct cli_opt opts[] = {
        {"--if-empty", CLI_FLAG, &a->if_empty, 0, 0},
        {"--reusable", CLI_FLAG, &a->reusable, 0, 0},
    };
    const char *pos[2];
    memset(a, 0, sizeof *a);
    if (cli_parse(argc, argv, 1, opts, sizeof opts / sizeof opts[0], pos, 2))
        return -1;
    a->what = pos[0];
    a->path = pos[1];
    return strcmp(a->what, "intents") == 0 || strcmp(a->what, "tickets") == 0 ? 0 : -1;
}

int cmd_import(int argc, char **argv)
{
    struct import_args args;
    if (parse(argc, argv, &args))
        return usage();
    if (cli_setup("import", 0))
        return 2;
    int rc = strcmp(args.what, "intents") == 0 ? import_intents(args.path, args.if_empty)
                                               : import_tickets(args.path, args.reusable);
    db_close();
    return rc;
}
