/* cmd_backup: `deskpilot backup FILE` and `deskpilot restore FILE` — every row of the
 * database from one consistent snapshot, and the model file, in one file of JSON lines
 * that another host's deskpilot of the same schema takes back whole or not at all.
 *
 * The file: a header {"deskpilot_backup":1,"created_at":…,"migrations":[…]}; per table
 * {"table":NAME,"columns":[…]} and then its rows as arrays of strings and nulls; the
 * model {"model":BASE64|null}; and {"end":true,"rows":N}, so a cut file is refused.
 * A value that is not UTF-8 text (a BINARY column) is {"base64":…}. */
#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "core/config.h"
#include "core/utf8.h"
#include "db/db.h"
#include "db/db_dump.h"
#include "db/db_generation.h"
#include "db/db_tickets_search.h"
#include "pipeline/model_dist.h"
#include "ticket/ticket_search.h"

#define MODEL_MAX (512u << 20) /* a model file larger than this is not a model */
#define MAX_COLUMNS 32         /* db_dump_insert's bound */

/* One JSON value as a line of f; 0 or -1 (the file failed). Takes v. */
static int put_line(FILE *f, struct json_object *v)
{
    int rc = -1;
    if (v) {
        const char *s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
        rc = s && fputs(s, f) >= 0 && fputc('\n', f) != EOF ? 0 : -1;
    }
    json_object_put(v);
    return rc;
}

/* A new file beside path, created afresh (mkstemp: O_EXCL, a name no one could plant
 * a link at), mode 0600; its name in tmp. -1 with err. */
static int fresh_beside(const char *path, char *tmp, size_t tmplen, struct app_err *err)
{
    if (snprintf(tmp, tmplen, "%s.XXXXXX", path) >= (int)tmplen)
        return err_internal(err, "%s: path too long", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return err_internal(err, "%s: %s", tmp, strerror(errno));
    return fd;
}

static struct json_object *string_array(char **v, size_t n)
{
    struct json_object *a = json_object_new_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_object_array_add(a, json_object_new_string(v[i]))) {
            json_object_put(a);
            return NULL;
        }
    return a;
}

struct dump {
    FILE *f;
    long long rows;
};

/* A value as JSON: text as a string; bytes that are not UTF-8 (a BINARY column's) as
 * {"base64": …}, so the file stays valid JSON in UTF-8 and the bytes come back as they
 * were. NULL out of memory. */
static struct json_object *dump_value(const char *v, size_t len)
{
    if (utf8_valid(v, len))
        return json_object_new_string_len(v, (int)len);
    char *b64 = malloc(4 * ((len + 2) / 3) + 1);
    struct json_object *o = b64 ? json_object_new_object() : NULL;
    if (o) {
        EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)v, (int)len);
        if (json_object_object_add(o, "base64", json_object_new_string(b64))) {
            json_object_put(o);
            o = NULL;
        }
    }
    free(b64);
    return o;
}

/* base64 into new bytes (*out, *outlen); -1 when it is not base64 or out of memory. */
static int base64_bytes(const char *b64, unsigned char **out, size_t *outlen)
{
    size_t len = strlen(b64);
    *out = NULL;
    if (len % 4 || len > (size_t)INT_MAX)
        return -1;
    unsigned char *raw = malloc(len / 4 * 3 + 3);
    if (!raw)
        return -1;
    int n = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)len);
    if (n < 0) {
        free(raw);
        return -1;
    }
    n -= (len && b64[len - 1] == '=') + (len > 1 && b64[len - 2] == '=');
    *out = raw;
    *outlen = (size_t)n;
    return 0;
}

static int dump_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    struct dump *d = ctx;
    struct json_object *a = json_object_new_array();
    for (size_t i = 0; a && i < row->ncols; i++) {
        struct json_object *v = row->val[i] ? dump_value(row->val[i], row->len[i]) : NULL;
        if ((row->val[i] && !v) || json_object_array_add(a, v)) {
            json_object_put(v);
            json_object_put(a);
            a = NULL;
        }
    }
    if (!a)
        return err_unavailable(err, "out of memory");
    if (put_line(d->f, a))
        return err_internal(err, "writing the backup: %s", strerror(errno));
    d->rows++;
    return 0;
}

/* The model file as base64 in a new string (NULL and *none when there is no file). */
static char *model_base64(const char *path, bool *none, struct app_err *err)
{
    *none = false;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *none = errno == ENOENT;
        if (!*none)
            err_internal(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    unsigned char *raw = NULL;
    char *out = NULL;
    struct stat st;
    if (fstat(fileno(f), &st) || st.st_size <= 0 || st.st_size > MODEL_MAX) {
        err_internal(err, "%s: not a model file", path);
    } else if (!(raw = malloc((size_t)st.st_size)) ||
               !(out = malloc(4 * (((size_t)st.st_size + 2) / 3) + 1))) {
        err_unavailable(err, "out of memory");
    } else if (fread(raw, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        err_internal(err, "%s: read failed", path);
    } else {
        EVP_EncodeBlock((unsigned char *)out, raw, (int)st.st_size);
        free(raw);
        fclose(f);
        return out;
    }
    free(raw);
    free(out);
    fclose(f);
    return NULL;
}

static int backup(FILE *f, struct arena *a, long long *rows, struct app_err *err)
{
    char **tables, **versions;
    size_t ntables, nversions;
    /* One transaction: every table read from the same snapshot. */
    if (db_begin(err) || db_dump_versions(a, &versions, &nversions, err) ||
        db_dump_tables(a, &tables, &ntables, err))
        return -1;
    char when[32];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    struct json_object *h = json_object_new_object();
    if (!h || json_object_object_add(h, "deskpilot_backup", json_object_new_int(1)) ||
        json_object_object_add(h, "created_at", json_object_new_string(when)) ||
        json_object_object_add(h, "migrations", string_array(versions, nversions)) ||
        put_line(f, h))
        return err_internal(err, "writing the backup: %s", strerror(errno));
    struct dump d = {f, 0};
    for (size_t t = 0; t < ntables; t++) {
        char **cols;
        bool *blob;
        size_t ncols;
        if (db_dump_columns(a, tables[t], &cols, &ncols, err) ||
            db_dump_blobs(a, tables[t], cols, ncols, &blob, err))
            return -1;
        struct json_object *th = json_object_new_object();
        if (!th || json_object_object_add(th, "table", json_object_new_string(tables[t])) ||
            json_object_object_add(th, "columns", string_array(cols, ncols)) || put_line(f, th))
            return err_internal(err, "writing the backup: %s", strerror(errno));
        if (db_dump_rows(tables[t], cols, ncols, blob, dump_row, &d, err))
            return -1;
    }
    if (db_commit(err))
        return -1;
    bool none;
    char *model = model_base64(g_config.model_path, &none, err);
    if (!model && !none)
        return -1;
    struct json_object *m = json_object_new_object();
    int rc = !m || json_object_object_add(m, "model", model ? json_object_new_string(model) : NULL)
                 ? -1
                 : put_line(f, m);
    free(model);
    struct json_object *end = json_object_new_object();
    if (rc || !end || json_object_object_add(end, "end", json_object_new_boolean(1)) ||
        json_object_object_add(end, "rows", json_object_new_int64(d.rows)) || put_line(f, end))
        return err_internal(err, "writing the backup: %s", strerror(errno));
    *rows = d.rows;
    return 0;
}

int cmd_backup(int argc, char **argv)
{
    const char *path = NULL;
    if (cli_parse(argc, argv, 1, NULL, 0, &path, 1)) {
        fprintf(stderr, "usage: deskpilot backup FILE   (the database and the model; restore "
                        "with deskpilot restore FILE)\n");
        return 2;
    }
    if (cli_setup("backup", 0))
        return 2;
    /* Password hashes and customers' words: the file is private (a fresh 0600 file, not
     * one someone else could have made), and appears whole, by rename. */
    char tmp[4096];
    struct app_err oerr;
    err_clear(&oerr);
    int fd = fresh_beside(path, tmp, sizeof tmp, &oerr);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        return cli_fail("backup", &oerr);
    }
    struct arena a;
    arena_init(&a, 0);
    struct app_err err;
    err_clear(&err);
    long long rows = 0;
    int rc = backup(f, &a, &rows, &err);
    if (rc)
        db_rollback();
    db_close();
    arena_cleanup(&a);
    bool written = fflush(f) == 0 && fsync(fileno(f)) == 0;
    written = fclose(f) == 0 && written;
    if (rc == 0 && !written)
        rc = err_internal(&err, "writing %s: %s", tmp, strerror(errno));
    if (rc == 0 && rename(tmp, path) != 0)
        rc = err_internal(&err, "%s: %s", path, strerror(errno));
    if (rc) {
        unlink(tmp);
        return cli_fail("backup", &err);
    }
    printf("backup %s: %lld rows and the model\n", path, rows);
    return 0;
}

/* ---- restore ---- */

struct restore {
    struct arena *a;
    char table[64];
    char **cols;
    size_t ncols;
    long long rows;
    bool ended;
    char *model; /* base64, owned */
    bool has_model;
};

static const char *str_of(struct json_object *o, const char *key)
{
    struct json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

/* The header: this format, and the schema the target has now. */
static int check_header(struct json_object *h, struct arena *a, struct app_err *err)
{
    struct json_object *v, *m;
    if (!json_object_object_get_ex(h, "deskpilot_backup", &v) || json_object_get_int(v) != 1 ||
        !json_object_object_get_ex(h, "migrations", &m) || !json_object_is_type(m, json_type_array))
        return err_set(err, ERR_VALIDATION, "not a deskpilot backup (or of a newer format)");
    char **have;
    size_t nhave;
    if (db_dump_versions(a, &have, &nhave, err))
        return -1;
    size_t n = json_object_array_length(m);
    bool same = n == nhave;
    for (size_t i = 0; same && i < n; i++) {
        struct json_object *e = json_object_array_get_idx(m, i);
        if (!json_object_is_type(e, json_type_string))
            return err_set(err, ERR_VALIDATION, "not a deskpilot backup (a damaged header)");
        same = strcmp(json_object_get_string(e), have[i]) == 0;
    }
    if (!same)
        return err_set(err, ERR_CONFLICT,
                       "the backup's schema has %zu migrations, this database %zu: restore with "
                       "the deskpilot version that made the backup, after `deskpilot migrate`",
                       n, nhave);
    return 0;
}

/* A table's header: its columns, which this database must have; its rows go. */
static int start_table(struct restore *r, struct json_object *o, struct app_err *err)
{
    const char *name = str_of(o, "table");
    struct json_object *cols;
    if (!name || strlen(name) >= sizeof r->table ||
        !json_object_object_get_ex(o, "columns", &cols) ||
        !json_object_is_type(cols, json_type_array))
        return err_set(err, ERR_VALIDATION, "a damaged table header");
    /* Only names the database lists go into SQL. */
    char **tables, **have;
    size_t ntables, nhave, t = 0;
    if (db_dump_tables(r->a, &tables, &ntables, err))
        return -1;
    while (t < ntables && strcmp(tables[t], name) != 0)
        t++;
    if (t == ntables)
        return err_set(err, ERR_CONFLICT, "this database has no table %s", name);
    if (db_dump_columns(r->a, tables[t], &have, &nhave, err))
        return -1;
    size_t n = json_object_array_length(cols);
    if (n == 0 || n > MAX_COLUMNS || !(r->cols = arena_calloc(r->a, n, sizeof *r->cols)))
        return err_set(err, ERR_VALIDATION, "table %s: unexpected columns", name);
    for (size_t i = 0; i < n; i++) {
        struct json_object *cv = json_object_array_get_idx(cols, i);
        const char *c = json_object_is_type(cv, json_type_string) ? json_object_get_string(cv) : "";
        size_t k = 0;
        while (k < nhave && strcmp(have[k], c ? c : "") != 0)
            k++;
        if (k == nhave)
            return err_set(err, ERR_CONFLICT, "table %s has no column %s here", name, c ? c : "?");
        r->cols[i] = have[k];
    }
    r->ncols = n;
    snprintf(r->table, sizeof r->table, "%s", tables[t]);
    return db_dump_clear(r->table, err);
}

static int put_row(struct restore *r, struct json_object *row, struct app_err *err)
{
    if (!r->table[0] || json_object_array_length(row) != r->ncols)
        return err_set(err, ERR_VALIDATION, "a row that fits no table header");
    struct db_param p[MAX_COLUMNS];
    unsigned char *bytes[MAX_COLUMNS] = {0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < r->ncols; i++) {
        struct json_object *v = json_object_array_get_idx(row, i), *b64 = NULL;
        size_t n = 0;
        if (!v) {
            p[i] = DBP_NULL;
        } else if (json_object_is_type(v, json_type_string)) {
            p[i] = DBP_STRN(json_object_get_string(v), (size_t)json_object_get_string_len(v));
        } else if (json_object_is_type(v, json_type_object) &&
                   json_object_object_get_ex(v, "base64", &b64) &&
                   json_object_is_type(b64, json_type_string)) {
            if (base64_bytes(json_object_get_string(b64), &bytes[i], &n))
                rc = err_set(err, ERR_VALIDATION, "table %s: damaged base64", r->table);
            p[i] = DBP_BLOB(bytes[i], n);
        } else {
            rc = err_set(err, ERR_VALIDATION, "table %s: a value that is neither text nor null",
                         r->table);
        }
    }
    if (rc == 0) {
        r->rows++;
        rc = db_dump_insert(r->table, r->cols, p, r->ncols, err);
    }
    for (size_t i = 0; i < r->ncols; i++)
        free(bytes[i]);
    return rc;
}

/* One line of the file after the header. */
static int restore_line(struct restore *r, struct json_object *o, struct app_err *err)
{
    if (r->ended)
        return err_set(err, ERR_VALIDATION, "lines after the end");
    if (json_object_is_type(o, json_type_array))
        return put_row(r, o, err);
    struct json_object *v;
    if (!json_object_is_type(o, json_type_object))
        return err_set(err, ERR_VALIDATION, "a damaged line");
    if (json_object_object_get_ex(o, "table", &v))
        return start_table(r, o, err);
    if (json_object_object_get_ex(o, "model", &v)) {
        r->has_model = v != NULL;
        if (v && !(r->model = strdup(json_object_get_string(v))))
            return err_unavailable(err, "out of memory");
        return 0;
    }
    if (json_object_object_get_ex(o, "end", &v)) {
        struct json_object *n;
        if (!json_object_object_get_ex(o, "rows", &n) || json_object_get_int64(n) != r->rows)
            return err_set(err, ERR_VALIDATION, "the row count does not match: a damaged file");
        r->ended = true;
        return 0;
    }
    return err_set(err, ERR_VALIDATION, "a line of an unknown kind");
}

/* The model from base64 into a new file beside path (tmp: its name), synced: written
 * before the rows are committed, renamed over path only after, so a damaged model
 * leaves both the rows and the model as they were. Run by root (make run's `cli`), it
 * gives the file to the owner of the model's folder: the workers must read it. */
static int stage_model(const char *b64, const char *path, char *tmp, size_t tmplen,
                       struct app_err *err)
{
    unsigned char *raw;
    size_t rawlen;
    if (base64_bytes(b64, &raw, &rawlen))
        return err_set(err, ERR_VALIDATION, "the model in the backup is damaged");
    ssize_t n = (ssize_t)rawlen;
    int fd = fresh_beside(path, tmp, tmplen, err);
    if (fd < 0) {
        free(raw);
        return -1;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    snprintf(slash ? slash + 1 : dir, sizeof dir - (size_t)(slash ? slash + 1 - dir : 0), ".");
    struct stat ds;
    bool ok = write(fd, raw, (size_t)n) == n &&
              (geteuid() != 0 || (stat(dir, &ds) == 0 && fchown(fd, ds.st_uid, ds.st_gid) == 0)) &&
              fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    free(raw);
    if (!ok) {
        unlink(tmp);
        return err_internal(err, "%s: %s", tmp, strerror(errno));
    }
    return 0;
}

static int restore(FILE *f, struct restore *r, struct app_err *err)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    bool header = true;
    struct json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
    if (!tok)
        return err_unavailable(err, "out of memory");
    if (db_begin(err) || db_generation_batch_begin(err) || db_dump_constraints(false, err))
        rc = -1;
    while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
        json_tokener_reset(tok);
        struct json_object *o = json_tokener_parse_ex(tok, line, (int)len);
        if (!o) {
            rc = err_set(err, ERR_VALIDATION, "a line that is not JSON: a damaged file");
            break;
        }
        rc = header ? check_header(o, r->a, err) : restore_line(r, o, err);
        header = false;
        json_object_put(o);
    }
    free(line);
    json_tokener_free(tok);
    if (rc == 0 && !r->ended)
        rc = err_set(err, ERR_VALIDATION, "the file ends early: a cut or damaged backup");
    char staged[4096] = "";
    if (rc == 0 && r->has_model)
        rc = stage_model(r->model, g_config.model_path, staged, sizeof staged, err);
    /* The other hosts fetch the restored model from the rows, as after a retrain. */
    if (rc == 0)
        rc = model_dist_republish(staged[0] ? staged : NULL, err);
    /* The search index is not in a backup (derived, and the largest table): the texts
     * are made again with it, after the commit (cmd_restore). */
    if (rc == 0)
        rc = db_tickets_forget_all_search(err);
    if (rc == 0)
        rc = db_dump_constraints(true, err) || db_generation_batch_end(err) || db_commit(err);
    if (rc) {
        db_rollback();
        if (staged[0])
            unlink(staged);
        return -1;
    }
    if (staged[0] && rename(staged, g_config.model_path) != 0) {
        unlink(staged);
        return err_internal(err, "the rows are restored but not the model: %s: %s",
                            g_config.model_path, strerror(errno));
    }
    return 0;
}

int cmd_restore(int argc, char **argv)
{
    const char *path = NULL;
    if (cli_parse(argc, argv, 1, NULL, 0, &path, 1)) {
        fprintf(stderr, "usage: deskpilot restore FILE   (replaces every row and the model with "
                        "the backup's)\n");
        return 2;
    }
    if (cli_setup("restore", 0))
        return 2;
    FILE *f = fopen(path, "re");
    if (!f) {
        fprintf(stderr, "deskpilot restore: %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct arena a;
    arena_init(&a, 0);
    struct app_err err;
    err_clear(&err);
    struct restore r = {.a = &a};
    int rc = restore(f, &r, &err);
    fclose(f);
    long long indexed = rc == 0 ? ticket_search_catch_up("restore") : 0;
    db_close();
    free(r.model);
    arena_cleanup(&a);
    if (rc)
        return cli_fail("restore", &err);
    printf("restored %s: %lld rows%s\n", path, r.rows,
           r.has_model ? " and the model" : " (no model in it: run deskpilot train)");
    if (indexed > 0)
        printf("search: %lld tickets indexed\n", indexed);
    return 0;
}
