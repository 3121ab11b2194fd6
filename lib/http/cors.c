/* cors: exact-match origin allowlist and its headers. */
#include "http/cors.h"

#include <string.h>

bool cors_origin_allowed(const char *origin, const char *list)
{
    if (!origin || !*origin || !list)
        return false;
    size_t n = strlen(origin);
    for (const char *p = list; *p;) {
        p += strspn(p, " ,\t");
        size_t len = strcspn(p, " ,\t");
        if (len && len == n && memcmp(p, origin, n) == 0)
            return true;
        p += len;
    }
    return false;
}

int cors_headers(const struct request *req, struct response *res, const char *list)
{
    const char *origin = request_header(req, "ORIGIN");
    if (response_header(res, "Vary", "Origin"))
        return -1;
    /* The value is the request's own, checked against the list: never a wildcard. */
    return cors_origin_allowed(origin, list)
               ? response_header(res, "Access-Control-Allow-Origin", origin)
               : 0;
}

int cors_preflight(const struct request *req, struct response *res, const char *list)
{
    if (cors_headers(req, res, list))
        return -1;
    if (cors_origin_allowed(request_header(req, "ORIGIN"), list) &&
        (response_header(res, "Access-Control-Allow-Methods", "POST") ||
         response_header(res, "Access-Control-Allow-Headers", "Content-Type") ||
         response_header(res, "Access-Control-Max-Age", "600")))
        return -1;
    return response_text(res, 204, NULL, "", 0);
}
