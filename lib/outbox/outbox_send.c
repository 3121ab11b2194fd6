/* outbox_send: what each kind of mail says, and one delivery pass. Only what the
 * customer may see goes out — the mirror of view_ticket's customer view: the
 * automatic answer (sent as the response), a staff reply (a message of the
 * conversation) or a status notice, never a suggestion or a decision reason, and
 * only to the ticket's own customer. */
#include "outbox/outbox_send.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/log.h"
#include "core/mac.h"
#include "db/db_outbox.h"
#include "outbox/mail_compose.h"
#include "outbox/smtp.h"
#include "ticket/feedback_link.h"
#include "user/password_reset.h"

#define REFERENCES_MAX 10 /* earlier Message-IDs a mail names for threading */
#define SEND_SECONDS 150  /* the longest one mail may take (smtp.c's timeouts) */

int outbox_send_setup(char *msg, size_t msglen)
{
    const char *at = strchr(g_config.mail_from, '@');
    if (!g_config.mail_from[0]) {
        snprintf(msg, msglen, "DESKPILOT_MAIL_FROM is empty: mail is off");
        return -1;
    }
    if (!at || at == g_config.mail_from || !at[1] || strpbrk(g_config.mail_from, " <>\r\n")) {
        snprintf(msg, msglen, "DESKPILOT_MAIL_FROM must be an address like support@example.com");
        return -1;
    }
    if (strncmp(g_config.public_url, "http://", 7) != 0 &&
        strncmp(g_config.public_url, "https://", 8) != 0) {
        snprintf(msg, msglen,
                 "DESKPILOT_PUBLIC_URL must be where customers reach this site "
                 "(https://help.example.com): the feedback links point there");
        return -1;
    }
    return smtp_setup(msg, msglen);
}

/* An address we hand to the relay as is: no spaces, brackets or control bytes. */
static bool plain_address(const char *s)
{
    if (!s || !*s || !strchr(s, '@'))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == '<' || *p == '>' || *p == 0x7f)
            return false;
    return true;
}

/* PUBLIC_URL without its trailing slashes, then path (NULL stays NULL). */
static const char *public_url(struct arena *a, const char *path)
{
    size_t n = strlen(g_config.public_url);
    while (n > 0 && g_config.public_url[n - 1] == '/')
        n--;
    return path ? arena_printf(a, "%.*s%s", (int)n, g_config.public_url, path) : NULL;
}

/* A feedback link: PUBLIC_URL/feedback/TOKEN?helpful=yes|no. */
static const char *feedback_url(struct arena *a, const char *token, const char *helpful)
{
    return public_url(a, arena_printf(a, "/feedback/%s?helpful=%s", token, helpful));
}

/* A mail to staff (notification_prefs): what happened and the link to the ticket —
 * no message text, no threading into the customer's conversation, no [#id] tag (a
 * reply to it must not become the customer's message). */
static int staff_parts(struct arena *a, const struct outbox_row *r, struct mail_parts *m,
                       struct app_err *err)
{
    bool fresh = strcmp(r->kind, "new_ticket") == 0;
    const char *url = public_url(a, arena_printf(a, "/agent/tickets/%lld", r->ticket_id));
    const char *prefs = public_url(a, "/notifications/settings");
    m->subject = arena_printf(a, "%s #%lld: %s", fresh ? "New ticket" : "Ticket changed",
                              r->ticket_id, r->subject ? r->subject : "");
    m->text = url && prefs
                  ? arena_printf(a,
                                 "%s: #%lld \"%s\".\n\nOpen it: %s\n\nYou get this mail because "
                                 "you chose it in your notification settings (%s).",
                                 fresh ? "A new ticket is waiting in the queue"
                                       : "A ticket assigned to you changed",
                                 r->ticket_id, r->subject ? r->subject : "", url, prefs)
                  : NULL;
    return m->subject && m->text ? 0 : err_unavailable(err, "out of memory");
}

/* A password-reset mail: the link to the new-password page, and what to do when the
 * customer did not ask. The token never goes anywhere but into this mail. */
static int reset_parts(struct arena *a, const char *token, struct mail_parts *m,
                       struct app_err *err)
{
    const char *url = public_url(a, arena_printf(a, "/reset?token=%s", token));
    long long minutes = g_config.reset_ttl / 60;
    m->subject = "Reset your password";
    m->auto_submitted = "auto-generated";
    m->text = url ? arena_printf(a,
                                 "Someone, hopefully you, asked to set a new password for the "
                                 "account with this address.\n\n"
                                 "To choose a new password, open this link:\n%s\n\n"
                                 "The link works once and for %lld minutes. Setting a new "
                                 "password signs you out everywhere you are signed in.\n\n"
                                 "If you did not ask, ignore this mail: your password stays "
                                 "as it is.",
                                 url, minutes)
                  : NULL;
    return m->text ? 0 : err_unavailable(err, "out of memory");
}

/* The mail for row r (its Message-ID fixed by the claim, refs the earlier ones). */
static int parts_for(struct arena *a, const struct outbox_row *r, const char *refs,
                     const char *reset_token, struct mail_parts *m, struct app_err *err)
{
    bool auto_answer = strcmp(r->kind, "auto_answer") == 0;
    bool status = strcmp(r->kind, "resolved") == 0 || strcmp(r->kind, "closed") == 0;
    bool to_staff = r->recipient_id > 0;
    *m = (struct mail_parts){
        .from_name = g_config.mail_name,
        .from_addr = g_config.mail_from,
        .to_name = r->to_name,
        .to_addr = r->to_email,
        .message_id = r->message_id,
        .references = *refs ? refs : NULL,
        .auto_submitted = auto_answer          ? "auto-replied"
                          : status || to_staff ? "auto-generated"
                                               : NULL,
    };
    if (to_staff)
        return staff_parts(a, r, m, err);
    if (reset_token)
        return reset_parts(a, reset_token, m, err);
    /* The subject tag [#id] is how a reply finds its ticket (mail-in). */
    m->subject = arena_printf(a, "%s[#%lld] %s", auto_answer ? "" : "Re: ", r->ticket_id,
                              r->subject ? r->subject : "");
    const char *last = strrchr(refs, ' ');
    m->in_reply_to = *refs ? (last ? last + 1 : refs) : NULL;
    if (strcmp(r->kind, "resolved") == 0)
        m->text = arena_printf(a,
                               "We have marked your request [#%lld] as resolved.\n\n"
                               "If you still need help with it, just reply to this mail.",
                               r->ticket_id);
    else if (strcmp(r->kind, "closed") == 0)
        m->text = arena_printf(a,
                               "We have closed your request [#%lld].\n\n"
                               "For anything new, write to us again and we will open a new "
                               "request.",
                               r->ticket_id);
    else
        m->text = r->body ? r->body : "";
    /* An answer to rate: the automatic one, a resolving reply, a resolution notice. */
    if (r->response_no > 0 && strcmp(r->kind, "closed") != 0) {
        struct feedback_link l = {r->ticket_id, r->response_no,
                                  (long long)time(NULL) + FEEDBACK_LINK_TTL};
        char token[FEEDBACK_LINK_MAX];
        if (feedback_link_make(&l, token))
            return err_internal(err, "the feedback link cannot be signed (no server key)");
        m->question = "Did this solve your problem?";
        m->yes_label = "Yes";
        m->no_label = "No";
        m->yes_url = feedback_url(a, token, "yes");
        m->no_url = feedback_url(a, token, "no");
        if (!m->yes_url || !m->no_url)
            return err_unavailable(err, "out of memory");
    }
    return m->subject && m->text ? 0 : err_unavailable(err, "out of memory");
}

/* Deliver one claimed row and record what happened. */
static int deliver(struct arena *a, const struct outbox_send_opts *o, const char *token,
                   const struct outbox_row *r, struct outbox_send_count *c, struct app_err *err)
{
    char why[600] = "";
    enum smtp_result res = SMTP_REFUSED;
    const char *refs = "";
    struct mail_parts m;
    struct buf data;
    bool reset = strcmp(r->kind, "password_reset") == 0, live = true;
    char reset_token[PASSWORD_RESET_TOKEN_LEN + 1] = "";
    buf_init(&data);
    if (!r->to_email || !r->message_id)
        snprintf(why, sizeof why, "the ticket or its customer is gone");
    else if (!plain_address(r->to_email))
        snprintf(why, sizeof why, "the customer's address cannot be mailed to");
    else if (reset && password_reset_mail_token(r->reset_id, reset_token, &live, err))
        return -1;
    else if (!live)
        snprintf(why, sizeof why, "the reset link was used or expired before it could be sent");
    else if ((!reset && !r->recipient_id &&
              db_outbox_references(a, r->ticket_id, r->id, REFERENCES_MAX, &refs, err)) ||
             parts_for(a, r, refs, reset ? reset_token : NULL, &m, err) ||
             mail_compose(&m, &data, err)) {
        buf_cleanup(&data);
        return -1;
    } else {
        res = smtp_send(g_config.mail_from, r->to_email, buf_str(&data), data.len, why, sizeof why);
    }
    buf_cleanup(&data);
    OPENSSL_cleanse(reset_token, sizeof reset_token); /* its only copy was the mail */
    if (res == SMTP_SENT) {
        log_info("mail %lld (ticket %lld, %s) sent as %s", r->id, r->ticket_id, r->kind,
                 r->message_id);
        c->sent++;
        return db_outbox_mark_sent(r->id, token, err);
    }
    bool give_up = res == SMTP_REFUSED || !live || r->attempts + 1 >= o->max_attempts;
    long long delay = o->backoff;
    for (long long i = 0; i < r->attempts && delay < o->backoff_max; i++)
        delay *= 2;
    if (delay > o->backoff_max)
        delay = o->backoff_max;
    if (give_up) {
        log_warn("mail %lld (ticket %lld) failed after %lld attempts: %s", r->id, r->ticket_id,
                 r->attempts + 1, why);
        c->failed++;
    } else {
        log_info("mail %lld (ticket %lld) not sent, again in %lld s: %s", r->id, r->ticket_id,
                 delay, why);
        c->retried++;
    }
    return db_outbox_mark_retry(r->id, token, why, give_up, delay, err);
}

int outbox_send_due(struct arena *a, const struct outbox_send_opts *o, struct outbox_send_count *c,
                    struct app_err *err)
{
    unsigned char raw[OUTBOX_TOKEN_LEN / 2];
    char token[OUTBOX_TOKEN_LEN + 1];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return err_internal(err, "no random bytes for a claim token");
    mac_to_hex(raw, sizeof raw, token);
    const char *domain = strchr(g_config.mail_from, '@') + 1;
    int claimed = 0, n = 0;
    struct outbox_row *rows = NULL;
    /* The lease outlasts the whole batch: no other sender takes a mail in flight. */
    if (db_outbox_claim(token, domain, o->batch, o->batch * SEND_SECONDS + 60, &claimed, err) ||
        (claimed && db_outbox_claimed(a, token, o->batch, &rows, &n, err)))
        return -1;
    for (int i = 0; i < n; i++)
        if (deliver(a, o, token, &rows[i], c, err))
            return -1;
    return 0;
}
