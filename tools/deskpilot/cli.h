/* cli: what every subcommand of the deskpilot tool shares. */
#ifndef DESKPILOT_TOOLS_CLI_H
#define DESKPILOT_TOOLS_CLI_H

#include <stdbool.h>

#include "core/err.h"

/* Load the configuration (no JWT secret needed unless need_secret) and set up
 * logging; prints the problem and returns -1 on a bad setting. */
int cli_setup(const char *command, int need_secret);
/* Command-line numbers: the whole argument, within [lo, hi] (lib/core/num.h rules). */
bool cli_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out);
bool cli_double(const char *s, double lo, double hi, double *out);

/* Print an error record for the operator (internal detail included) and return 1. */
int cli_fail(const char *command, const struct app_err *err);

#endif
