/* cmd_user: `deskpilot user add` — create (or with --update, reset) an account; password on stdin. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "core/config.h"
#include "db/db.h"
#include "db/db_users.h"

static int usage(void)
{
    fprintf(stderr, "usage: deskpilot user add --email E --name N --role admin|agent|customer "
                    "[--update] < password\n");
    return 2;
}

static int read_password(char *pw, size_t size, size_t *len)
{
    if (!fgets(pw, (int)size, stdin))
        return -1;
    *len = strcspn(pw, "\r\n");
    pw[*len] = '\0';
    return (*len < 8 || *len > 128) ? -1 : 0;
}

int cmd_user(int argc, char **argv)
{
    const char *email = NULL, *name = NULL, *role_s = NULL;
    int update = 0;
    if (argc < 2 || strcmp(argv[1], "add") != 0)
        return usage();
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--update") == 0)
            update = 1;
        else if (i + 1 < argc && strcmp(argv[i], "--email") == 0)
            email = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--name") == 0)
            name = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--role") == 0)
            role_s = argv[++i];
        else
            return usage();
    }
    enum role role = role_parse(role_s);
    if (!email || !name || role == ROLE_NONE || !strchr(email, '@') || strlen(email) > 254 ||
        !*name || strlen(name) > 400)
        return usage();
    if (cli_setup("user", 0))
        return 2;
    char lower[256];
    size_t n = strlen(email);
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)email[i]);
    char pw[256];
    size_t pwlen = 0;
    if (read_password(pw, sizeof pw, &pwlen)) {
        fprintf(stderr, "deskpilot user: give a password of 8..128 bytes on standard input\n");
        return 2;
    }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(pw, pwlen, (int)g_config.bcrypt_cost, hash)) {
        fprintf(stderr, "deskpilot user: hashing failed\n");
        return 1;
    }
    struct app_err err;
    err_clear(&err);
    long long id = 0;
    int rc = db_users_create(lower, name, role, hash, &id, &err);
    if (rc == DB_DUPLICATE && update)
        rc = db_users_update_by_email(lower, name, role, hash, &err);
    else if (rc == DB_DUPLICATE) {
        fprintf(stderr, "deskpilot user: %s already exists (use --update to reset it)\n", lower);
        db_close();
        return 1;
    }
    db_close();
    if (rc)
        return cli_fail("user", &err);
    printf("user %s (%s) ready\n", lower, role_name(role));
    return 0;
}
