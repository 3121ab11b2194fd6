/* db_admin: account statements are DDL, which takes no placeholders: every name and
 * password is checked against a narrow alphabet before it is put into the text. */
#include "db/db_admin.h"

#include <mysql.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool only(const char *s, const char *extra, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || strchr(extra, *p)))
            return false;
    return true;
}

static int run(MYSQL *m, const char *sql, const char *what, struct app_err *err)
{
    if (mysql_real_query(m, sql, strlen(sql)) == 0)
        return 0;
    return err_internal(err, "%s: %s", what, mysql_error(m));
}

/* CREATE USER when missing, then its password and rights (a re-run after the
 * secret was replaced brings the server in line). */
static int account(MYSQL *m, const struct db_admin_spec *s, const char *user, const char *pw,
                   const char *rights, struct app_err *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, "CREATE USER IF NOT EXISTS '%s'@'%s' IDENTIFIED BY '%s'", user,
             s->account_host, pw);
    if (run(m, sql, "create the account", err))
        return -1;
    snprintf(sql, sizeof sql, "ALTER USER '%s'@'%s' IDENTIFIED BY '%s'", user, s->account_host, pw);
    if (run(m, sql, "set the account's password", err))
        return -1;
    snprintf(sql, sizeof sql, "GRANT %s ON `%s`.* TO '%s'@'%s'", rights, s->database, user,
             s->account_host);
    return run(m, sql, "grant the account its rights", err);
}

int db_admin_create(const struct db_admin_spec *s, struct app_err *err)
{
    const char *pwchars = ".+/=-";
    if (!only(s->database, "", 64) || !only(s->app_user, "", 80) ||
        !only(s->migrator_user, "", 80) || !only(s->app_password, pwchars, 128) ||
        !only(s->migrator_password, pwchars, 128) ||
        !(strcmp(s->account_host, "localhost") == 0 || strcmp(s->account_host, "%") == 0))
        return err_internal(err, "database name, account names or passwords outside [A-Za-z0-9_] "
                                 "(passwords: also .+/=-)");
    MYSQL *m = mysql_init(NULL);
    if (!m)
        return err_internal(err, "mysql_init: out of memory");
    unsigned int timeout = 10;
    int rc = -1;
    if (mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4") ||
        mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)) {
        err_internal(err, "mysql_options failed");
        goto out;
    }
    if (!mysql_real_connect(m, s->host, s->admin_user, s->admin_password, NULL, s->port,
                            s->socket && *s->socket ? s->socket : NULL, 0)) {
        err_internal(err, "connect as %s: %s", s->admin_user, mysql_error(m));
        goto out;
    }
    char sql[256];
    snprintf(sql, sizeof sql,
             "CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
             s->database);
    if (run(m, sql, "create the database", err) ||
        account(m, s, s->app_user, s->app_password, "SELECT, INSERT, UPDATE, DELETE", err) ||
        account(m, s, s->migrator_user, s->migrator_password, "ALL PRIVILEGES", err))
        goto out;
    rc = 0;
out:
    mysql_close(m);
    return rc;
}
