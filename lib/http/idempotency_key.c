/* idempotency_key: parse and bound the Idempotency-Key header. */
#include "http/idempotency_key.h"

#include <string.h>

int request_idempotency_key(struct request *req, const char **key, struct app_err *err)
{
    *key = NULL;
    const char *v = request_header(req, "IDEMPOTENCY_KEY");
    if (!v)
        return 0;
    size_t len = strlen(v);
    /* The draft sends a structured-field string ("..."); most clients a bare token. */
    if (len >= 2 && v[0] == '"' && v[len - 1] == '"')
        v++, len -= 2;
    if (len < 1 || len > IDEMPOTENCY_KEY_MAX)
        return err_bad_field(err, "Idempotency-Key", "must be 1..%d characters",
                             IDEMPOTENCY_KEY_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c < 0x21 || c > 0x7e || c == '"' || c == '\\')
            return err_bad_field(err, "Idempotency-Key",
                                 "must be visible ASCII characters without quotes or backslashes");
    }
    if (!(*key = arena_strndup(req->arena, v, len)))
        return err_unavailable(err, "out of memory");
    return 0;
}
