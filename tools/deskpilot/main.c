/* main: the deskpilot command-line tool — dispatches to one subcommand per file. */
#include <stdio.h>
#include <string.h>

#include <mysql.h>

#include "commands.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"migrate", cmd_migrate, "apply pending SQL migrations"},
    {"user", cmd_user,
     "user add --email E --name N --role R [--if-missing] | set-password E | enable E | disable E"},
    {"import", cmd_import, "import intents FILE.csv | import tickets FILE.jsonl"},
    {"train", cmd_train, "rebuild the model from intents and resolved tickets"},
    {"backup", cmd_backup, "backup FILE: every row (one snapshot) and the model, in one file"},
    {"setup", cmd_setup,
     "setup [--db-admin USER]: database, accounts, secrets, schema, admin, model, nginx site"},
    {"doctor", cmd_doctor, "doctor [--url URL]: check this deployment and say what to fix"},
    {"housekeeping", cmd_housekeeping,
     "housekeeping [--loop]: resolve tickets left pending past the setting "
     "pending_auto_close_days (--loop: keep at it)"},
    {"mail-out", cmd_mail_out,
     "mail-out [--loop]: send the queued mails to customers over SMTP (--loop: keep at it)"},
    {"restore", cmd_restore, "restore FILE: replace every row and the model with a backup's"},
    {"eval", cmd_eval, "eval --train TRAIN.csv --test TEST.csv [--oos-label L] [--json]"},
    {"mail-in", cmd_mail_in,
     "mail-in < MESSAGE: store one mail as a ticket or follow-up (sysexits)"},
    {"bench", cmd_bench, "similarity/classifier latency on synthetic histories"},
};

static int usage(void)
{
    fprintf(stderr, "usage: deskpilot COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(stderr, "  %-8s %s\n", commands[i].name, commands[i].help);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) {
            int rc = commands[i].fn(argc - 1, argv + 1);
            mysql_library_end();
            return rc;
        }
    fprintf(stderr, "deskpilot: unknown command '%s'\n", argv[1]);
    return usage();
}
