/* cmd_mail_out: `deskpilot mail-out [--loop]` — deliver the outbox over SMTP: once
 * through whatever is due (cron), or as a long-running worker (--loop, started by
 * tools/stack.sh when mail is on) that polls every --interval seconds and stops on
 * SIGTERM or SIGINT after the mail in hand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "loop.h"
#include "outbox/outbox_send.h"

/* Passes until one finds nothing due: what cron's run, or one wake-up, does. */
static int drain(struct arena *a, const struct outbox_send_opts *o, struct outbox_send_count *c,
                 struct app_err *err)
{
    while (!loop_stopping()) {
        struct outbox_send_count before = *c;
        int rc = outbox_send_due(a, o, c, err);
        arena_reset(a);
        if (rc)
            return -1;
        if (c->sent + c->retried + c->failed == before.sent + before.retried + before.failed)
            return 0;
    }
    return 0;
}

int cmd_mail_out(int argc, char **argv)
{
    bool loop = false;
    unsigned long interval = 5, batch = 10, attempts = 8, backoff = 60, backoff_max = 6 * 3600;
    const struct cli_opt opts[] = {
        {"--loop", CLI_FLAG, &loop, 0, 0},
        {"--interval", CLI_UINT, &interval, 1, 3600},
        {"--batch", CLI_UINT, &batch, 1, 100},
        {"--max-attempts", CLI_UINT, &attempts, 1, 100},
        {"--backoff", CLI_UINT, &backoff, 1, 86400},
        {"--backoff-max", CLI_UINT, &backoff_max, 1, 7 * 86400},
    };
    if (cli_parse(argc, argv, 1, opts, sizeof opts / sizeof opts[0], NULL, 0)) {
        fprintf(stderr, "usage: deskpilot mail-out [--loop [--interval S]] [--batch N] "
                        "[--max-attempts N] [--backoff S] [--backoff-max S]\n");
        return 2;
    }
    if (cli_setup("mail-out", 1))
        return 2;
    char msg[256];
    if (outbox_send_setup(msg, sizeof msg)) {
        fprintf(stderr, "deskpilot mail-out: %s\n", msg);
        return 2;
    }
    loop_catch_stop();
    struct outbox_send_opts o = {(int)batch, (int)attempts, (long long)backoff,
                                 (long long)backoff_max};
    struct outbox_send_count c = {0, 0, 0};
    struct arena a;
    arena_init(&a, 64u << 20);
    int rc = 0;
    if (loop)
        log_info("mail-out: sending through %s every %lu s", g_config.smtp_url, interval);
    do {
        struct app_err err;
        err_clear(&err);
        if (drain(&a, &o, &c, &err)) {
            /* The database may be back at the next pass: a worker waits for it. */
            log_error("mail-out: %s%s%s", err.detail, err.internal[0] ? ": " : "", err.internal);
            db_rollback();
            rc = 1;
        }
        if (loop)
            loop_pause(interval);
    } while (loop && !loop_stopping());
    arena_cleanup(&a);
    db_close();
    printf("mail-out: %d sent, %d to retry, %d failed\n", c.sent, c.retried, c.failed);
    return loop ? 0 : rc;
}
