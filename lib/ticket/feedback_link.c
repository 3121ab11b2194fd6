/* feedback_link: sign and check the tokens of the mail's feedback links. */
#include "ticket/feedback_link.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/mac.h"
#include "core/num.h"

/* Its own domain: no other signature of the server key (JWTs, cursors, CSRF
 * tokens, device cookies) can pass for a feedback link. */
static const char domain[] = "deskpilot feedback link v1\n";

int feedback_link_make(const struct feedback_link *l, char out[FEEDBACK_LINK_MAX])
{
    char msg[72], mac[MAC_HEX_LEN + 1];
    out[0] = '\0';
    snprintf(msg, sizeof msg, "%lld.%lld.%lld", l->ticket_id, l->response_no, l->expires);
    if (mac_hex(g_config.jwt_secret, g_config.jwt_secret_len, domain, msg, mac))
        return -1;
    snprintf(out, FEEDBACK_LINK_MAX, "%s.%s", msg, mac);
    return 0;
}

bool feedback_link_check(const char *token, time_t now, struct feedback_link *l)
{
    if (!token || strlen(token) >= FEEDBACK_LINK_MAX)
        return false;
    const char *mac = strrchr(token, '.');
    if (!mac || (size_t)(mac - token) >= 72)
        return false;
    char msg[72], part[3][24];
    memcpy(msg, token, (size_t)(mac - token));
    msg[mac - token] = '\0';
    if (!mac_hex_check(g_config.jwt_secret, g_config.jwt_secret_len, domain, msg, mac + 1))
        return false;
    /* Signed by us, so well formed; parsed strictly all the same. */
    const char *s = msg;
    for (int i = 0; i < 3; i++) {
        const char *dot = i < 2 ? strchr(s, '.') : s + strlen(s);
        if (!dot || dot == s || (size_t)(dot - s) >= sizeof part[i])
            return false;
        memcpy(part[i], s, (size_t)(dot - s));
        part[i][dot - s] = '\0';
        s = *dot ? dot + 1 : dot;
    }
    long long v[3];
    for (int i = 0; i < 3; i++)
        if (num_parse_ll(part[i], 1, 1LL << 62, &v[i]))
            return false;
    *l = (struct feedback_link){v[0], v[1], v[2]};
    return (long long)now <= l->expires;
}
