/* commands: the subcommands of the deskpilot command-line tool, one file each. */
#ifndef DESKPILOT_TOOLS_COMMANDS_H
#define DESKPILOT_TOOLS_COMMANDS_H

/* Each takes the arguments after its own name (argv[0] is the command name)
 * and returns the process exit code: 0 ok, 1 failure, 2 usage error. */
int cmd_migrate(int argc, char **argv);      /* cmd_migrate.c */
int cmd_user(int argc, char **argv);         /* cmd_user.c */
int cmd_eval(int argc, char **argv);         /* cmd_eval.c */
int cmd_bench(int argc, char **argv);        /* cmd_bench.c */
int cmd_train(int argc, char **argv);        /* cmd_train.c */
int cmd_import(int argc, char **argv);       /* cmd_import.c */
int cmd_backup(int argc, char **argv);       /* cmd_backup.c */
int cmd_restore(int argc, char **argv);      /* cmd_backup.c */
int cmd_doctor(int argc, char **argv);       /* cmd_doctor.c */
int cmd_mail_in(int argc, char **argv);      /* cmd_mail_in.c: returns sysexits codes */
int cmd_mail_out(int argc, char **argv);     /* cmd_mail_out.c */
int cmd_setup(int argc, char **argv);        /* cmd_setup.c */
int cmd_housekeeping(int argc, char **argv); /* cmd_housekeeping.c */

#endif
