/* cmd_mail_in: `deskpilot mail-in` — one RFC 5322 message on standard input, as an
 * MTA delivers to a program (Postfix pipe or alias, fetchmail/getmail mda), stored
 * as a ticket or a follow-up. The exit status is what the MTA acts on (sysexits):
 *   0  stored (or delivered before: stored once)
 *   65 EX_DATAERR   never takeable: too large, not a message, no usable sender
 *   77 EX_NOPERM    the sender's account is disabled
 *   75 EX_TEMPFAIL  the database is unreachable or anything else went wrong:
 *                   nothing was stored, the MTA keeps the mail and retries
 *   78 EX_CONFIG    a bad setting (Postfix defers on it too) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_tx.h"
#include "mailin/mail_parse.h"
#include "ticket/ticket_fields.h"
#include "ticket/ticket_mail.h"
#include "user/account.h"

#define EX_OK 0
#define EX_DATAERR 65
#define EX_NOPERM 77
#define EX_TEMPFAIL 75
#define EX_CONFIG 78

/* All of standard input into a malloc'd buffer of at most max bytes; *too_big when
 * there was more (the rest is read and dropped, so the MTA sees it taken). */
static char *read_input(size_t max, size_t *len, bool *too_big)
{
    size_t cap = 64 * 1024, n = 0;
    char *data = malloc(cap);
    char chunk[64 * 1024];
    *too_big = false;
    if (!data)
        return NULL;
    for (size_t got; (got = fread(chunk, 1, sizeof chunk, stdin)) > 0;) {
        if (*too_big || n + got > max) {
            *too_big = true;
            continue;
        }
        if (n + got > cap) {
            while (n + got > cap)
                cap *= 2;
            char *more = realloc(data, cap);
            if (!more) {
                free(data);
                return NULL;
            }
            data = more;
        }
        memcpy(data + n, chunk, got);
        n += got;
    }
    if (ferror(stdin)) {
        free(data);
        return NULL;
    }
    *len = n;
    return data;
}

/* The exit status for a failure of the store. */
static int status_of(const struct app_err *err)
{
    switch (err->code) {
    case ERR_VALIDATION:
        return EX_DATAERR;
    case ERR_FORBIDDEN:
        return EX_NOPERM;
    default:
        return EX_TEMPFAIL;
    }
}

struct receive {
    struct arena *a;
    const struct ticket_mail *m;
    struct ticket_mail_result *r;
};

/* The whole receipt, run again once if its transaction lost a conflict (db_tx). */
static int receive(void *ctx, struct app_err *err)
{
    struct receive *c = ctx;
    return ticket_mail_receive(c->a, c->m, c->r, err);
}

static int store(struct arena *a, const struct mail_msg *mm)
{
    /* Mail from our own address came round a loop: keep it, answer nothing. */
    const char *automatic = mm->automatic;
    if (!*automatic && g_config.mail_from[0] && strcasecmp(mm->from_addr, g_config.mail_from) == 0)
        automatic = "from our own address";
    struct ticket_mail m = {mm->key,  mm->from_addr,  mm->from_name, mm->subject,
                            mm->body, mm->ref_ticket, automatic};
    struct ticket_mail_result r;
    struct app_err err;
    err_clear(&err);
    struct receive c = {a, &m, &r};
    int rc = db_tx_retry(receive, &c, &err);
    db_close();
    if (rc) {
        cli_fail("mail-in", &err);
        return status_of(&err);
    }
    if (r.duplicate)
        printf("mail-in: %s was delivered before (ticket %lld): stored once\n", m.key, r.ticket_id);
    else if (r.message_id)
        printf("mail-in: message %lld on ticket %lld from %s%s%s\n", r.message_id, r.ticket_id,
               m.from_addr, *automatic ? "; automatic: " : "", automatic);
    else
        printf("mail-in: ticket %lld from %s%s%s%s\n", r.ticket_id, m.from_addr,
               r.new_customer ? " (new customer)" : "",
               *automatic ? "; automatic, not answered: " : "", automatic);
    return EX_OK;
}

int cmd_mail_in(int argc, char **argv)
{
    if (cli_parse(argc, argv, 1, NULL, 0, NULL, 0)) {
        fprintf(stderr, "usage: deskpilot mail-in < message   (one RFC 5322 message; exit 0 "
                        "stored, 65 refused, 75 try again later)\n");
        return EX_DATAERR;
    }
    if (cli_setup("mail-in", 0))
        return EX_CONFIG;
    size_t len = 0;
    bool too_big = false;
    char *data = read_input((size_t)g_config.mail_max_bytes, &len, &too_big);
    if (!data) {
        fprintf(stderr, "deskpilot mail-in: cannot read the message (out of memory or I/O)\n");
        return EX_TEMPFAIL;
    }
    if (too_big) {
        free(data);
        fprintf(stderr,
                "deskpilot mail-in: the message is larger than %lld bytes "
                "(DESKPILOT_MAIL_MAX_BYTES)\n",
                g_config.mail_max_bytes);
        return EX_DATAERR;
    }
    const struct mail_limits lim = {
        (size_t)ticket_create_fields[TF_SUBJECT].max,
        (size_t)ticket_create_fields[TF_BODY].max,
        (size_t)user_register_fields[USER_REG_NAME].max,
    };
    struct arena a;
    arena_init(&a, 0);
    struct mail_msg mm;
    char why[160];
    int rc = mail_parse(&a, data, len, &lim, &mm, why, sizeof why);
    free(data);
    if (rc == MAIL_OK) {
        rc = store(&a, &mm);
    } else if (rc == MAIL_EDATA) {
        fprintf(stderr, "deskpilot mail-in: refused: %s\n", why);
        rc = EX_DATAERR;
    } else {
        fprintf(stderr, "deskpilot mail-in: out of memory\n");
        rc = EX_TEMPFAIL;
    }
    arena_cleanup(&a);
    return rc;
}
