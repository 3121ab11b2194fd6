/* db_migrate: the migration runner behind `deskpilot migrate`. */
#include "db/db_migrate.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "db/db.h"

#define MAX_MIGRATIONS 512

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_file(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(out, chunk, n);
    int bad = ferror(f) || out->failed;
    fclose(f);
    return bad ? -1 : 0;
}

static bool is_migration(const char *name)
{
    size_t len = strlen(name);
    return len > 8 && isdigit((unsigned char)name[0]) && isdigit((unsigned char)name[1]) &&
           isdigit((unsigned char)name[2]) && name[3] == '_' && strcmp(name + len - 4, ".sql") == 0;
}

static int apply_one(const char *dir, const char *name, struct app_err *err)
{
    long long version = strtoll(name, NULL, 10);
    long long seen = 0;
    if (db_query("SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
                 DB_PARAMS(DBP_INT(version)), db_row_first_ll, &seen, err))
        return -1;
    if (seen)
        return 0;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct buf sql;
    buf_init(&sql);
    if (read_file(path, &sql)) {
        buf_cleanup(&sql);
        return err_internal(err, "cannot read %s", path);
    }
    int rc = db_exec_script(sql.data ? sql.data : "", sql.len, err);
    buf_cleanup(&sql);
    if (rc)
        return -1;
    if (db_exec("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                DB_PARAMS(DBP_INT(version), DBP_STR(name)), NULL, NULL, err))
        return -1;
    log_info("applied migration %s", name);
    return 1;
}

/* The migration files of dir, sorted, into names (strdup'ed; the caller frees each). */
static int list_migrations(const char *dir, char **names, size_t *n, struct app_err *err)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return err_internal(err, "cannot open migrations folder %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) && *n < MAX_MIGRATIONS)
        if (is_migration(e->d_name) && !(names[(*n)++] = strdup(e->d_name))) {
            (*n)--;
            break;
        }
    closedir(d);
    qsort(names, *n, sizeof *names, cmp_names);
    return 0;
}

int db_migrate(const char *dir, int *applied, struct app_err *err)
{
    *applied = 0;
    char *names[MAX_MIGRATIONS];
    size_t n = 0;
    if (list_migrations(dir, names, &n, err))
        return -1;
    long long locked = 0;
    int rc = db_exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " version INT UNSIGNED NOT NULL PRIMARY KEY,"
                     " name VARCHAR(255) NOT NULL,"
                     " applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
                     ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                     DB_NO_PARAMS, NULL, NULL, err);
    if (rc == 0)
        rc = db_query("SELECT GET_LOCK('deskpilot_migrate', 60)", DB_NO_PARAMS, db_row_first_ll,
                      &locked, err);
    if (rc == 0 && locked != 1)
        rc = err_internal(err, "another migration run holds the lock");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        int one = apply_one(dir, names[i], err);
        if (one < 0)
            rc = -1;
        else
            *applied += one;
    }
    if (locked == 1) {
        struct app_err ignore;
        err_clear(&ignore);
        db_query("SELECT RELEASE_LOCK('deskpilot_migrate')", DB_NO_PARAMS, NULL, NULL, &ignore);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return rc;
}

int db_migrate_pending(const char *dir, int *pending, struct app_err *err)
{
    *pending = 0;
    char *names[MAX_MIGRATIONS];
    size_t n = 0;
    if (list_migrations(dir, names, &n, err))
        return -1;
    long long tables = 0;
    int rc = db_query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                      "DATABASE() AND table_name = 'schema_migrations'",
                      DB_NO_PARAMS, db_row_first_ll, &tables, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        long long seen = 0;
        if (tables)
            rc = db_query("SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
                          DB_PARAMS(DBP_INT(strtoll(names[i], NULL, 10))), db_row_first_ll, &seen,
                          err);
        *pending += !seen;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return rc;
}
