/* cli: what every subcommand of the deskpilot tool shares. */
#ifndef DESKPILOT_TOOLS_CLI_H
#define DESKPILOT_TOOLS_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Load the configuration (no JWT secret needed unless need_secret) and set up
 * logging; prints the problem and returns -1 on a bad setting. */
int cli_setup(const char *command, int need_secret);
/* Command-line numbers: the whole argument, within [lo, hi] (lib/core/num.h rules). */
bool cli_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out);
bool cli_double(const char *s, double lo, double hi, double *out);

/* The options of a subcommand, as a table: each fills its destination. */
enum cli_opt_kind {
    CLI_FLAG,   /* bool *: present */
    CLI_STR,    /* const char **: the next argument */
    CLI_UINT,   /* unsigned long *: the next argument, in [lo, hi] */
    CLI_DOUBLE, /* double *: the next argument, in [lo, hi] */
};
struct cli_opt {
    const char *name; /* "--email" */
    enum cli_opt_kind kind;
    void *dst;
    double lo, hi;
};

/* Parse argv[first..argc) (argv[0]: the subcommand's name): an argument equal
 * to a name in opts[0..nopts) is that option (so a table may hold "-h" too),
 * any other "--name" is refused; the other arguments fill pos[0..npos) in order
 * and there must be exactly npos of them. Destinations of absent options keep
 * their values. 0, or -1 for an unknown option, a missing or out-of-range
 * value, or the wrong number of positional arguments, after one line on stderr
 * saying which (the caller then prints its usage). */
int cli_parse(int argc, char **argv, int first, const struct cli_opt *opts, size_t nopts,
              const char **pos, size_t npos);

/* v as compact JSON (jb_json) on stdout, one line. v NULL (a jbuild that
 * failed) or out of memory: says so on stderr and returns -1. */
struct json_object;
int cli_print_json(const char *command, struct json_object *v);

/* Print an error record for the operator (internal detail included) and return 1. */
int cli_fail(const char *command, const struct app_err *err);

#endif
