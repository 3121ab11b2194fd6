/* cmd_user: `deskpilot user` — the operator's account changes, each explicit and audited:
 *   add --email E --name N --role R [--update | --if-missing]  (password on stdin)
 *   set-password EMAIL  (password on stdin)
 *   enable EMAIL | disable EMAIL
 * --if-missing is how `make run` bootstraps its admin: an existing account is left as
 * the admins made it (enabled or not, its role, its password). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "db/db.h"
#include "user/user_change.h"

struct user_args {
    const char *email, *name, *role;
    bool update, if_missing;
};

static int usage(void)
{
    fprintf(stderr, "usage: deskpilot user add --email E --name N --role admin|agent|customer "
                    "[--update | --if-missing] < password\n"
                    "       deskpilot user set-password EMAIL < password\n"
                    "       deskpilot user enable EMAIL | disable EMAIL\n");
    return 2;
}

static bool email_ok(const char *e)
{
    return e && strchr(e, '@') && strlen(e) <= 254;
}

static int parse_add(int argc, char **argv, struct user_args *a)
{
    const struct cli_opt opts[] = {
        {"--email", CLI_STR, &a->email, 0, 0},
        {"--name", CLI_STR, &a->name, 0, 0},
        {"--role", CLI_STR, &a->role, 0, 0},
        {"--update", CLI_FLAG, &a->update, 0, 0},
        {"--if-missing", CLI_FLAG, &a->if_missing, 0, 0},
    };
    memset(a, 0, sizeof *a);
    if (cli_parse(argc, argv, 2, opts, sizeof opts / sizeof opts[0], NULL, 0))
        return -1;
    return email_ok(a->email) && a->name && role_parse(a->role) != ROLE_NONE && *a->name &&
                   strlen(a->name) <= 400 && !(a->update && a->if_missing)
               ? 0
               : -1;
}

/* The password: one line on standard input, without its line end, 8..128 bytes. */
static int read_password(char *pw, size_t size, size_t *len)
{
    if (!fgets(pw, (int)size, stdin))
        pw[0] = '\0';
    *len = strcspn(pw, "\r\n");
    pw[*len] = '\0';
    if (*len >= 8 && *len <= 128)
        return 0;
    fprintf(stderr, "deskpilot user: give a password of 8..128 bytes on standard input\n");
    return -1;
}

static int add(const struct user_args *args, struct arena *a, struct app_err *err)
{
    char pw[256];
    size_t pwlen = 0;
    if (read_password(pw, sizeof pw, &pwlen))
        return 2;
    enum role role = role_parse(args->role);
    if (user_add(a, args->email, args->name, role, pw, pwlen, args->update, NULL, err) == 0) {
        printf("user %s (%s) %s\n", args->email, role_name(role),
               args->update ? "ready" : "created");
        return 0;
    }
    if (err->code == ERR_CONFLICT && args->if_missing) {
        printf("user %s exists: unchanged\n", args->email);
        return 0;
    }
    if (err->code == ERR_CONFLICT) {
        fprintf(stderr, "deskpilot user: %s (use --update to reset it)\n", err->detail);
        return 1;
    }
    return cli_fail("user", err);
}

/* set-password / enable / disable EMAIL. */
static int change(const char *what, const char *email, struct arena *a, struct app_err *err)
{
    int rc;
    if (strcmp(what, "set-password") == 0) {
        char pw[256];
        size_t pwlen = 0;
        if (read_password(pw, sizeof pw, &pwlen))
            return 2;
        rc = user_set_password(a, email, pw, pwlen, err);
    } else {
        rc = user_set_disabled(a, email, strcmp(what, "disable") == 0, err);
    }
    if (rc)
        return cli_fail("user", err);
    printf("user %s: %s done\n", email, what);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    struct user_args args;
    const char *what = argc >= 2 ? argv[1] : "";
    bool is_add = strcmp(what, "add") == 0;
    bool is_change = strcmp(what, "set-password") == 0 || strcmp(what, "enable") == 0 ||
                     strcmp(what, "disable") == 0;
    if (is_add ? parse_add(argc, argv, &args) : !(is_change && argc == 3 && email_ok(argv[2])))
        return usage();
    if (cli_setup("user", 0))
        return 2;
    struct arena a;
    arena_init(&a, 0);
    struct app_err err;
    err_clear(&err);
    int rc = is_add ? add(&args, &a, &err) : change(what, argv[2], &a, &err);
    db_close();
    arena_cleanup(&a);
    return rc;
}
