/* cmd_setup: `deskpilot setup` — the first start of a packaged install (README "A VPS:
 * the Debian package"). Given a database administrator once (or root over the unix
 * socket), it makes the database and both accounts, writes the secrets (mode 600),
 * migrates, creates the admin, loads the default knowledge base, trains and enables the
 * nginx site. Run again, it keeps what exists: secrets, data, the admin account.
 *
 * In C rather than a script: it is the same configuration, migrations, account and
 * training code the other subcommands run (called in-process), and no secret passes
 * through a command line. Root only: it writes /etc/deskpilot and hands the workers'
 * files to their user. */
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/config_file.h"
#include "db/db.h"
#include "db/db_admin.h"
#include "setup_host.h"
#include "user/user_change.h"

#define WORKERS_USER "deskpilot"
#define SITE_AVAILABLE "/etc/nginx/sites-available/deskpilot"
#define SITE_ENABLED "/etc/nginx/sites-enabled/deskpilot"

struct setup_args {
    const char *db_admin, *email;
    bool no_nginx, skip_kb;
};

static int usage(void)
{
    fprintf(stderr,
            "usage: deskpilot setup [--db-admin USER] [--admin-email E] [--skip-kb] [--no-nginx]\n"
            "  --db-admin USER  a database account that may create databases and accounts; its\n"
            "                   password is the first line of standard input (without it: root\n"
            "                   over the unix socket, as MariaDB lets the system's root in)\n"
            "  The settings come from DESKPILOT_CONFIG [/etc/deskpilot/deskpilot.env];\n"
            "  DESKPILOT_ADMIN_PASSWORD chooses the admin's password (else one is made up).\n");
    return 2;
}

/* A setting the configuration file must give (setup-only names included). */
static const char *need(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        fprintf(stderr, "deskpilot setup: %s is not set (see %s)\n", name,
                getenv("DESKPILOT_CONFIG"));
    return v && *v ? v : NULL;
}

/* The administrator's password: one line on standard input. */
static int read_line(char *out, size_t size)
{
    if (!fgets(out, (int)size, stdin))
        out[0] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    if (out[0])
        return 0;
    fprintf(stderr, "deskpilot setup: give --db-admin's password on standard input\n");
    return -1;
}

/* Load the configuration file into the environment (the environment wins). */
static int load_file(void)
{
    const char *file = getenv("DESKPILOT_CONFIG");
#ifdef DESKPILOT_DEFAULT_CONFIG
    if (!file && setenv("DESKPILOT_CONFIG", DESKPILOT_DEFAULT_CONFIG, 1) == 0)
        file = DESKPILOT_DEFAULT_CONFIG;
#endif
    char msg[512];
    if (!file || !*file) {
        fprintf(stderr, "deskpilot setup: set DESKPILOT_CONFIG to the configuration file\n");
        return -1;
    }
    if (config_file_apply(file, msg, sizeof msg)) {
        fprintf(stderr, "deskpilot setup: %s\n", msg);
        return -1;
    }
    return 0;
}

/* The migrator's option file beside its password: how the package's purge drops the
 * database (its conffiles are gone by then). */
static int write_migrator_cnf(const char *pwfile, const char *user, const char *pw,
                              const char *account_host)
{
    char path[4096], text[2048], where[600], copy[4096];
    snprintf(copy, sizeof copy, "%s", pwfile);
    snprintf(path, sizeof path, "%s/migrator.cnf", dirname(copy));
    if (strcmp(g_config.db_host, "localhost") == 0)
        snprintf(where, sizeof where, "socket=%s\n",
                 g_config.db_socket[0] ? g_config.db_socket : "/run/mysqld/mysqld.sock");
    else
        snprintf(where, sizeof where, "host=%s\nport=%lld\n", g_config.db_host,
                 (long long)g_config.db_port);
    snprintf(text, sizeof text,
             "# written by deskpilot setup: the migrator account, for upgrades and purge\n"
             "[client]\nuser=%s\npassword=%s\n%s"
             "[deskpilot]\ndatabase=%s\napp_user=%s\naccount_host=%s\n",
             user, pw, where, g_config.db_name, g_config.db_user, account_host);
    return setup_write_private(path, text);
}

/* Run a subcommand in-process as the migrator: DESKPILOT_DB_USER and its password file
 * are swapped for the call (the environment wins over the file), then put back. */
static int as_migrator(int (*cmd)(int, char **), char **argv, int argc, const char *user,
                       const char *pwfile)
{
    char app_user[256], app_pw[4096];
    snprintf(app_user, sizeof app_user, "%s", getenv("DESKPILOT_DB_USER"));
    snprintf(app_pw, sizeof app_pw, "%s", getenv("DESKPILOT_DB_PASSWORD_FILE"));
    if (setenv("DESKPILOT_DB_USER", user, 1) || setenv("DESKPILOT_DB_PASSWORD_FILE", pwfile, 1))
        return 1;
    int rc = cmd(argc, argv);
    if (setenv("DESKPILOT_DB_USER", app_user, 1) || setenv("DESKPILOT_DB_PASSWORD_FILE", app_pw, 1))
        return 1;
    return rc;
}

/* The admin account, when missing; its password printed once (and kept, root's). */
static int admin(const char *email, const char *keep_dir)
{
    char pw[130], path[4200];
    const char *given = getenv("DESKPILOT_ADMIN_PASSWORD");
    if (given && *given)
        snprintf(pw, sizeof pw, "%s", given);
    else if (setup_random_hex(pw, 20))
        return 1;
    if (cli_setup("setup", 0))
        return 1;
    struct arena a;
    arena_init(&a, 0);
    struct app_err err;
    err_clear(&err);
    int rc = user_add(&a, email, "Administrator", ROLE_ADMIN, pw, strlen(pw), false, NULL, &err);
    db_close();
    arena_cleanup(&a);
    if (rc && err.code == ERR_CONFLICT) {
        printf("admin login: %s (an existing account, left as it is)\n", email);
        return 0;
    }
    if (rc)
        return cli_fail("setup", &err);
    if (!(given && *given)) {
        char line[140];
        snprintf(path, sizeof path, "%s/admin_password", keep_dir);
        snprintf(line, sizeof line, "%s\n", pw);
        if (setup_write_private(path, line))
            return 1;
    }
    printf("admin login: %s / %s\n", email, pw);
    return 0;
}

static int parse(int argc, char **argv, struct setup_args *a)
{
    const struct cli_opt opts[] = {
        {"--db-admin", CLI_STR, &a->db_admin, 0, 0},
        {"--admin-email", CLI_STR, &a->email, 0, 0},
        {"--no-nginx", CLI_FLAG, &a->no_nginx, 0, 0},
        {"--skip-kb", CLI_FLAG, &a->skip_kb, 0, 0},
    };
    *a = (struct setup_args){.email = "admin@example.com"};
    return cli_parse(argc, argv, 1, opts, sizeof opts / sizeof opts[0], NULL, 0);
}

int cmd_setup(int argc, char **argv)
{
    struct setup_args args;
    if (parse(argc, argv, &args))
        return usage();
    if (geteuid() != 0) {
        fprintf(stderr, "deskpilot setup: run it as root (it writes /etc/deskpilot)\n");
        return 1;
    }
    struct passwd *pw = getpwnam(WORKERS_USER);
    if (!pw) {
        fprintf(stderr, "deskpilot setup: no user %s (the package makes it)\n", WORKERS_USER);
        return 1;
    }
    uid_t uid = pw->pw_uid;
    gid_t gid = pw->pw_gid;
    char admin_pw[256] = "", app_pw[200], jwt[200], mig_pw[200];
    if (args.db_admin && read_line(admin_pw, sizeof admin_pw))
        return 2;
    if (load_file())
        return 1;
    const char *app_file = need("DESKPILOT_DB_PASSWORD_FILE");
    const char *jwt_file = need("DESKPILOT_JWT_SECRET_FILE");
    const char *mig_user = need("DESKPILOT_MIGRATOR_USER");
    const char *mig_file = need("DESKPILOT_MIGRATOR_PASSWORD_FILE");
    if (!app_file || !jwt_file || !mig_user || !mig_file)
        return 1;
    /* The workers read theirs; the migrator's stays root's. */
    if (setup_secret(app_file, uid, gid, app_pw, sizeof app_pw) ||
        setup_secret(jwt_file, uid, gid, jwt, sizeof jwt) ||
        setup_secret(mig_file, 0, 0, mig_pw, sizeof mig_pw))
        return 1;
    if (cli_setup("setup", 1))
        return 1;
    const char *account_host = strcmp(g_config.db_host, "localhost") == 0 ? "localhost" : "%";
    struct db_admin_spec spec = {
        .host = g_config.db_host,
        .socket = g_config.db_socket,
        .port = (unsigned)g_config.db_port,
        .admin_user = args.db_admin ? args.db_admin : "root",
        .admin_password = args.db_admin ? admin_pw : NULL,
        .database = g_config.db_name,
        .account_host = account_host,
        .app_user = g_config.db_user,
        .app_password = app_pw,
        .migrator_user = mig_user,
        .migrator_password = mig_pw,
    };
    struct app_err err;
    err_clear(&err);
    int rc = db_admin_create(&spec, &err);
    explicit_bzero(admin_pw, sizeof admin_pw);
    if (rc)
        return cli_fail("setup", &err);
    printf("database %s: accounts %s (data) and %s (schema) ready\n", g_config.db_name,
           g_config.db_user, mig_user);
    if (write_migrator_cnf(mig_file, mig_user, mig_pw, account_host))
        return 1;
    char *migrate[] = {"migrate", NULL};
    if (as_migrator(cmd_migrate, migrate, 1, mig_user, mig_file))
        return 1;
    char keep_dir[4096];
    snprintf(keep_dir, sizeof keep_dir, "%s", mig_file);
    if (admin(args.email, dirname(keep_dir)))
        return 1;
    const char *kb = getenv("DESKPILOT_KB_FILE");
    char *import[] = {"import", "intents", (char *)kb, "--if-empty", NULL};
    if (!args.skip_kb && kb && *kb && cmd_import(4, import))
        return 1;
    char *train[] = {"train", "--if-needed", NULL};
    if (setup_model_dir(g_config.model_path, uid, gid) || cmd_train(2, train) ||
        setup_model_dir(g_config.model_path, uid, gid))
        return 1;
    if (!args.no_nginx && setup_nginx(SITE_AVAILABLE, SITE_ENABLED))
        return 1;
    printf("ready: start the workers with: systemctl enable --now deskpilot.target\n");
    return 0;
}
