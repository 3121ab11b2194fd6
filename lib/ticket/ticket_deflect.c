/* ticket_deflect: the suggestion before filing, and the counted "Yes". */
#include "ticket/ticket_deflect.h"

#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/mac.h"
#include "core/num.h"
#include "db/db_deflections.h"
#include "pipeline/pipeline.h"

/* Its own domain: no other signature of the server key passes for this one. */
static const char domain[] = "deskpilot deflection v1\n";

int ticket_deflect_token(const char *intent, time_t now, char out[DEFLECT_TOKEN_MAX])
{
    unsigned char raw[8];
    char nonce[17], msg[100], mac[MAC_HEX_LEN + 1];
    out[0] = '\0';
    if (!intent || !*intent || strlen(intent) > 64 || strchr(intent, '.') ||
        RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    mac_to_hex(raw, sizeof raw, nonce);
    snprintf(msg, sizeof msg, "%s.%lld.%s", intent, (long long)now, nonce);
    if (mac_hex(g_config.jwt_secret, g_config.jwt_secret_len, domain, msg, mac))
        return -1;
    snprintf(out, DEFLECT_TOKEN_MAX, "%s.%s", msg, mac);
    return 0;
}

bool ticket_deflect_token_check(const char *token, time_t now, char intent[65])
{
    if (!token || strlen(token) >= DEFLECT_TOKEN_MAX)
        return false;
    const char *mac = strrchr(token, '.');
    if (!mac || (size_t)(mac - token) >= 100)
        return false;
    char msg[100];
    memcpy(msg, token, (size_t)(mac - token));
    msg[mac - token] = '\0';
    if (!mac_hex_check(g_config.jwt_secret, g_config.jwt_secret_len, domain, msg, mac + 1))
        return false;
    /* Ours, so "INTENT.TIME.NONCE"; parsed strictly all the same. */
    char *t = strchr(msg, '.');
    char *n = t ? strchr(t + 1, '.') : NULL;
    if (!t || !n || t == msg || (size_t)(t - msg) > 64)
        return false;
    *t = *n = '\0';
    long long issued;
    if (num_parse_ll(t + 1, 1, 1LL << 62, &issued) || issued > (long long)now + 60 ||
        (long long)now - issued > DEFLECT_TOKEN_TTL)
        return false;
    memcpy(intent, msg, (size_t)(t - msg) + 1); /* with the NUL that ended it */
    return true;
}

int ticket_deflect_suggest(struct arena *a, const struct principal *who, const char *subject,
                           const char *body, struct deflect_answer *out, struct app_err *err)
{
    struct pipeline_result r;
    struct pipeline_ticket pt = {0, subject, body, who && who->name ? who->name : "there"};
    memset(out, 0, sizeof *out);
    if (pipeline_run(a, &pt, &r, err))
        return -1;
    /* Only what would be sent automatically: a suggestion for agents is not an answer. */
    if (!r.auto_resolve || !r.outcome.response || !r.outcome.intent)
        return 0;
    /* "ticket #{{ticket_id}}" reads "ticket not filed yet": the '#' goes too. */
    char *text = arena_strdup(a, r.outcome.response);
    if (!text)
        return err_unavailable(err, "out of memory");
    for (char *p; (p = strstr(text, "#" PIPELINE_ID_PLACEHOLDER));)
        memmove(p, p + 1, strlen(p + 1) + 1);
    if (!(out->answer = pipeline_put_id(a, text, DEFLECT_NO_TICKET)))
        return err_unavailable(err, "out of memory");
    if (ticket_deflect_token(r.outcome.intent, time(NULL), out->token))
        return err_internal(err, "the answer cannot be signed (no server key)");
    out->found = true;
    return 0;
}

int ticket_deflect_count(const char *token, bool *counted, struct app_err *err)
{
    char intent[65];
    unsigned char hash[SHA256_DIGEST_LENGTH];
    *counted = false;
    if (!ticket_deflect_token_check(token, time(NULL), intent))
        return err_field(err, "token", "is not a current answer's token");
    SHA256((const unsigned char *)token, strlen(token), hash);
    return db_deflections_add(hash, intent, counted, err);
}
