/* cli: configuration and error reporting shared by the subcommands. */
#include "cli.h"

#include <stdio.h>

#include <limits.h>

#include "core/config.h"
#include "core/num.h"
#include "core/log.h"

int cli_setup(const char *command, int need_secret)
{
    char msg[256];
    if (config_load(&g_config, need_secret, msg, sizeof msg)) {
        fprintf(stderr, "deskpilot %s: configuration error: %s\n", command, msg);
        return -1;
    }
    log_init(g_config.log_level, "deskpilot");
    return 0;
}

int cli_fail(const char *command, const struct app_err *err)
{
    fprintf(stderr, "deskpilot %s: %s%s%s\n", command, err->detail, err->internal[0] ? ": " : "",
            err->internal);
    for (int i = 0; i < err->nfields; i++)
        fprintf(stderr, "  %s: %s\n", err->fields[i].field, err->fields[i].message);
    return 1;
}

bool cli_uint(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
    long long v;
    long long max = hi > (unsigned long)LLONG_MAX ? LLONG_MAX : (long long)hi;
    if (num_parse_ll(s, (long long)lo, max, &v))
        return false;
    *out = (unsigned long)v;
    return true;
}

bool cli_double(const char *s, double lo, double hi, double *out)
{
    return num_parse_double(s, lo, hi, out) == 0;
}
