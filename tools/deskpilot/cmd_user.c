/* cmd_user: `deskpilot user add` — create (or with --update, reset) an account; password on stdin.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "db/db.h"
#include "user/user_change.h"

struct user_args {
    const char *email, *name, *role;
    bool update;
};

static int usage(void)
{
    fprintf(stderr, "usage: deskpilot user add --email E --name N --role admin|agent|customer "
                    "[--update] < password\n");
    return 2;
}

static int parse(int argc, char **argv, struct user_args *a)
{
    const struct cli_opt opts[] = {
        {"--email", CLI_STR, &a->email, 0, 0},
        {"--name", CLI_STR, &a->name, 0, 0},
        {"--role", CLI_STR, &a->role, 0, 0},
        {"--update", CLI_FLAG, &a->update, 0, 0},
    };
    memset(a, 0, sizeof *a);
    if (argc < 2 || strcmp(argv[1], "add") != 0 ||
        cli_parse(argc, argv, 2, opts, sizeof opts / sizeof opts[0], NULL, 0))
        return -1;
    return a->email && a->name && role_parse(a->role) != ROLE_NONE && strchr(a->email, '@') &&
                   strlen(a->email) <= 254 && *a->name && strlen(a->name) <= 400
               ? 0
               : -1;
}

/* The password: one line on standard input, without its line end. */
static int read_password(char *pw, size_t size, size_t *len)
{
    if (!fgets(pw, (int)size, stdin))
        return -1;
    *len = strcspn(pw, "\r\n");
    pw[*len] = '\0';
    return 0;
}

int cmd_user(int argc, char **argv)
{
    struct user_args args;
    if (parse(argc, argv, &args))
        return usage();
    if (cli_setup("user", 0))
        return 2;
    char pw[256];
    size_t pwlen = 0;
    if (read_password(pw, sizeof pw, &pwlen) || pwlen < 8 || pwlen > 128) {
        fprintf(stderr, "deskpilot user: give a password of 8..128 bytes on standard input\n");
        return 2;
    }
    struct arena a;
    arena_init(&a, 0);
    struct app_err err;
    err_clear(&err);
    enum role role = role_parse(args.role);
    int rc = user_add(&a, args.email, args.name, role, pw, pwlen, args.update, NULL, &err);
    db_close();
    if (rc == 0)
        printf("user %s (%s) ready\n", args.email, role_name(role));
    else if (err.code == ERR_CONFLICT)
        fprintf(stderr, "deskpilot user: %s (use --update to reset it)\n", err.detail);
    else
        cli_fail("user", &err);
    arena_cleanup(&a);
    return rc ? 1 : 0;
}
