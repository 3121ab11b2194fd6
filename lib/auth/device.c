/* device: signed device cookies "<nonce>.<expiry>.<mac>", mac = HMAC over
 * "<e-mail>|<nonce>|<expiry>" with the server key in its own domain. */
#include "auth/device.h"

#include <ctype.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/mac.h"
#include "core/num.h"

static const char domain[] = "deskpilot-device-v1:";

/* The signed message; NULL when out of memory. An address is at most 254 characters,
 * up to four bytes each: lowered in the arena, not a fixed buffer (a long non-ASCII
 * address could register but never sign in). */
static const char *message(struct arena *a, const char *email, size_t email_len, const char *nonce,
                           long long expiry)
{
    char *lower = arena_strndup(a, email, email_len);
    if (!lower)
        return NULL;
    for (size_t i = 0; i < email_len; i++)
        lower[i] = (char)tolower((unsigned char)lower[i]);
    return arena_printf(a, "%s|%s|%lld", lower, nonce, expiry);
}

const char *auth_device_nonce(struct request *req, const char *email, size_t email_len)
{
    const char *c = request_cookie(req, AUTH_DEVICE_COOKIE);
    if (!c || strlen(c) > AUTH_DEVICE_NONCE_LEN + 1 + 20 + 1 + MAC_HEX_LEN)
        return NULL;
    const char *dot1 = strchr(c, '.');
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot1 || !dot2 || dot1 - c != AUTH_DEVICE_NONCE_LEN ||
        strspn(c, "0123456789abcdef") != AUTH_DEVICE_NONCE_LEN)
        return NULL;
    char *nonce = arena_strndup(req->arena, c, AUTH_DEVICE_NONCE_LEN);
    char *exp_text = arena_strndup(req->arena, dot1 + 1, (size_t)(dot2 - dot1 - 1));
    long long expiry = 0;
    if (!nonce || !exp_text || num_parse_ll(exp_text, 1, (1LL << 53), &expiry) ||
        expiry <= (long long)time(NULL))
        return NULL;
    const char *msg = message(req->arena, email, email_len, nonce, expiry);
    if (!msg || !mac_hex_check(g_config.jwt_secret, g_config.jwt_secret_len, domain, msg, dot2 + 1))
        return NULL;
    return nonce;
}

int auth_device_set(struct request *req, struct response *res, const char *email)
{
    unsigned char raw[AUTH_DEVICE_NONCE_LEN / 2];
    char nonce[AUTH_DEVICE_NONCE_LEN + 1], mac[MAC_HEX_LEN + 1];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    mac_to_hex(raw, sizeof raw, nonce);
    long long expiry = (long long)time(NULL) + g_config.login_known_ttl;
    const char *msg = message(req->arena, email, strlen(email), nonce, expiry);
    if (!msg || mac_hex(g_config.jwt_secret, g_config.jwt_secret_len, domain, msg, mac))
        return -1;
    const char *value = arena_printf(req->arena, "%s.%lld.%s", nonce, expiry, mac);
    return value ? response_cookie(res, req->arena, AUTH_DEVICE_COOKIE, value,
                                   g_config.login_known_ttl, req->https)
                 : -1;
}
