/* cli: configuration and error reporting shared by the subcommands. */
#include "cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "core/num.h"
#include "json/jbuild.h"

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

int cli_print_json(const char *command, struct json_object *v)
{
    const char *text = jb_json(v, NULL);
    if (!text) {
        fprintf(stderr, "deskpilot %s: out of memory\n", command);
        return -1;
    }
    puts(text);
    return 0;
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

static int take(const struct cli_opt *o, const char *v)
{
    unsigned long u;
    double d;
    switch (o->kind) {
    case CLI_FLAG:
        *(bool *)o->dst = true;
        return 0;
    case CLI_STR:
        *(const char **)o->dst = v;
        return 0;
    case CLI_UINT:
        if (!cli_uint(v, (unsigned long)o->lo, (unsigned long)o->hi, &u))
            return -1;
        *(unsigned long *)o->dst = u;
        return 0;
    case CLI_DOUBLE:
        if (!cli_double(v, o->lo, o->hi, &d))
            return -1;
        *(double *)o->dst = d;
        return 0;
    }
    return -1;
}

/* Say why the command line was refused ("deskpilot eval: unknown option --x");
 * the caller prints its usage after it. Returns -1. */
static int bad(char **argv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(char **argv, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "deskpilot %s: ", argv[0]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return -1;
}

int cli_parse(int argc, char **argv, int first, const struct cli_opt *opts, size_t nopts,
              const char **pos, size_t npos)
{
    size_t npos_seen = 0;
    for (int i = first; i < argc; i++) {
        const struct cli_opt *o = NULL;
        for (size_t k = 0; k < nopts && !o; k++)
            if (strcmp(argv[i], opts[k].name) == 0)
                o = &opts[k];
        if (!o && strncmp(argv[i], "--", 2) != 0) {
            if (npos_seen == npos)
                return bad(argv, "unexpected argument %s", argv[i]);
            pos[npos_seen++] = argv[i];
            continue;
        }
        if (!o)
            return bad(argv, "unknown option %s", argv[i]);
        const char *v = NULL;
        if (o->kind != CLI_FLAG) {
            if (i + 1 >= argc)
                return bad(argv, "%s needs a value", argv[i]);
            v = argv[++i];
        }
        if (take(o, v))
            return bad(argv, "bad value for %s: %s", o->name, v);
    }
    return npos_seen == npos ? 0 : bad(argv, "missing arguments");
}
