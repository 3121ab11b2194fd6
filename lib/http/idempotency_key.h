/* idempotency_key: the Idempotency-Key request header (IETF httpapi draft), read
 * and bounded before anything is stored under it. */
#ifndef DESKPILOT_HTTP_IDEMPOTENCY_KEY_H
#define DESKPILOT_HTTP_IDEMPOTENCY_KEY_H

#include "core/err.h"
#include "http/request.h"

#define IDEMPOTENCY_KEY_MAX 255

/* *key: the header's key (NULL when absent), in the request's arena. Either a bare
 * token or the draft's quoted string; 1..255 visible ASCII characters, no quote
 * or backslash. Anything else is 400 bad_request naming the header. */
int request_idempotency_key(struct request *req, const char **key, struct app_err *err);

#endif
