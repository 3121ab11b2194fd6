/* db_admin: the database and its two accounts, made with an administrator's connection. */
#ifndef DESKPILOT_DB_DB_ADMIN_H
#define DESKPILOT_DB_DB_ADMIN_H

#include "core/err.h"

struct db_admin_spec {
    /* The server and the administrator: admin_password NULL tries the server's own
     * authentication of this process (MariaDB's unix_socket: root over the socket). */
    const char *host, *socket;
    unsigned port;
    const char *admin_user, *admin_password;
    const char *database;
    const char *account_host;            /* where the accounts connect from: "localhost" or "%" */
    const char *app_user, *app_password; /* SELECT, INSERT, UPDATE, DELETE */
    const char *migrator_user, *migrator_password; /* all rights on the database */
};

/* Create the database (utf8mb4) and both accounts when missing, (re)set their
 * passwords and grant their rights; running it again is harmless. Names must be
 * [A-Za-z0-9_], passwords [A-Za-z0-9_.+/=-] (they go into the statements: CREATE USER
 * takes no placeholders). 0, or -1 with err (the server's message as internal). */
int db_admin_create(const struct db_admin_spec *s, struct app_err *err);

#endif
