/* if_match: read If-Match; write ETag. */
#include "http/if_match.h"

#include <stdio.h>
#include <string.h>

#include "core/num.h"

int request_if_match(const struct request *req, long long *version, struct app_err *err)
{
    *version = 0;
    const char *v = request_header(req, "IF_MATCH");
    if (!v || strcmp(v, "*") == 0)
        return 0;
    if (strncmp(v, "W/", 2) == 0)
        v += 2;
    size_t len = strlen(v);
    char digits[24];
    if (len < 3 || len - 2 >= sizeof digits || v[0] != '"' || v[len - 1] != '"')
        return err_bad_field(err, "If-Match", "must be one entity tag as ETag gave it, like \"7\"");
    memcpy(digits, v + 1, len - 2);
    digits[len - 2] = '\0';
    if (num_parse_ll(digits, 1, (1LL << 40), version))
        return err_bad_field(err, "If-Match", "must be one entity tag as ETag gave it, like \"7\"");
    return 0;
}

void etag_of(long long version, char *buf, size_t len)
{
    snprintf(buf, len, "\"%lld\"", version);
}
