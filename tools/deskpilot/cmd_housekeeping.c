/* cmd_housekeeping: `deskpilot housekeeping [--loop [--interval S]]` — the work nobody
 * asks for by a request: today, resolving tickets left PENDING longer than the setting
 * pending_auto_close_days. Once (cron on a shared host), or as a long-running worker
 * started by tools/stack.sh and the Debian package's deskpilot-housekeeping.service. */
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "core/log.h"
#include "db/db.h"
#include "loop.h"
#include "ticket/ticket_pending.h"

/* Batches until one comes back short; *done adds up what was resolved. */
static int pass(struct arena *a, int batch, long long *done, struct app_err *err)
{
    int n = batch;
    while (n == batch && !loop_stopping()) {
        int rc = ticket_pending_resolve_stale(a, batch, &n, err);
        arena_reset(a);
        if (rc)
            return -1;
        *done += n;
    }
    return 0;
}

int cmd_housekeeping(int argc, char **argv)
{
    bool loop = false;
    unsigned long interval = 300, batch = 100;
    const struct cli_opt opts[] = {
        {"--loop", CLI_FLAG, &loop, 0, 0},
        {"--interval", CLI_UINT, &interval, 1, 86400},
        {"--batch", CLI_UINT, &batch, 1, 1000},
    };
    if (cli_parse(argc, argv, 1, opts, sizeof opts / sizeof opts[0], NULL, 0)) {
        fprintf(stderr, "usage: deskpilot housekeeping [--loop [--interval S]] [--batch N]\n");
        return 2;
    }
    if (cli_setup("housekeeping", 1))
        return 2;
    loop_catch_stop();
    struct arena a;
    arena_init(&a, 16u << 20);
    long long done = 0;
    int rc = 0;
    do {
        struct app_err err;
        err_clear(&err);
        long long before = done;
        if (pass(&a, (int)batch, &done, &err)) {
            /* The database may be back at the next pass: a worker waits for it. */
            log_error("housekeeping: %s%s%s", err.detail, err.internal[0] ? ": " : "",
                      err.internal);
            db_rollback();
            rc = 1;
        } else if (loop && done > before) {
            log_info("housekeeping: %lld pending tickets resolved", done - before);
        }
        if (loop)
            loop_pause(interval);
    } while (loop && !loop_stopping());
    arena_cleanup(&a);
    db_close();
    printf("housekeeping: %lld pending tickets resolved\n", done);
    return loop ? 0 : rc;
}
