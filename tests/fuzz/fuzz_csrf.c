/* fuzz_csrf: the CSRF token check and the dispatcher's hook on a form POST. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz.h"
#include "http/request.h"
#include "http/router.h"
#include "web/web_csrf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_csrf_handler(struct request *req, struct response *res, struct app_err *err)
{
    (void)req;
    (void)res;
    (void)err;
    return 0;
}

/* Login (anonymous, the dp_csrf cookie counts) and a signed-in form (it does not). */
static const struct route fuzz_csrf_routes[] = {
    {"POST", "/login", fuzz_csrf_handler, RF_PAGE | RF_FORM},
    {"POST", "/tickets/{id}/reply", fuzz_csrf_handler, RF_PAGE | RF_FORM | RF_AUTH},
};

/* Input: line 1 the Cookie header, line 2 the signed-in user's jti ("" = anonymous),
 * line 3 the route ("0" login, otherwise the signed-in form), the rest the form body. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_config_key();
    const unsigned char *key = (const unsigned char *)FUZZ_KEY;
    size_t pos = 0;
    char *cookie = fuzz_line(data, size, &pos), *jti = fuzz_line(data, size, &pos);
    char *route = fuzz_line(data, size, &pos);
    char *body = fuzz_cstr(data + pos, size - pos);

    /* The pure check: a token only ever matches the one web_csrf_token computes. */
    char want[WEB_CSRF_LEN + 1];
    bool ok = web_csrf_check(key, FUZZ_KEY_LEN, cookie, body);
    if (ok) {
        FUZZ_CHECK(web_csrf_token(key, FUZZ_KEY_LEN, cookie, want) == 0);
        FUZZ_CHECK(strcmp(want, body) == 0);
    }
    FUZZ_CHECK(!web_csrf_check(key, 31, cookie, body));
    if (web_csrf_nonce_ok(cookie))
        FUZZ_CHECK(strlen(cookie) == WEB_CSRF_LEN);

    /* The hook, on a request shaped like the ones the pages app gets. */
    struct arena a;
    arena_init(&a, 1 << 22);
    struct request req;
    memset(&req, 0, sizeof req);
    req.arena = &a;
    req.method = "POST";
    req.body = body;
    req.body_len = strlen(body);
    req.route = &fuzz_csrf_routes[route[0] == '0' ? 0 : 1];
    if (jti[0]) {
        req.user.id = 7;
        req.user.role = ROLE_CUSTOMER;
        req.user.jti = jti;
    }
    if (request_parse_cookies(&a, cookie, req.cookies, REQ_MAX_COOKIES, &req.ncookies) == 0) {
        struct app_err err;
        err_clear(&err);
        if (web_check_csrf(&req, &err) == 0) {
            FUZZ_CHECK(req.csrf_ok == 1 && !err_is_set(&err));
            /* Passing on the signed-in route needs the session's own token. */
            if (req.route->flags & RF_AUTH)
                FUZZ_CHECK(jti[0] != '\0');
        } else {
            FUZZ_CHECK(err.code == ERR_FORBIDDEN || err.code == ERR_BAD_REQUEST ||
                       err.code == ERR_UNAVAILABLE);
            FUZZ_CHECK(req.csrf_ok == 0);
        }
    }
    arena_cleanup(&a);
    free(cookie);
    free(jti);
    free(route);
    free(body);
    return 0;
}
