/* if_match: the If-Match request header (RFC 9110 §13.1.1) with the entity tags this
 * API gives tickets: the ticket's version, "7" (ETag on GET). */
#ifndef DESKPILOT_HTTP_IF_MATCH_H
#define DESKPILOT_HTTP_IF_MATCH_H

#include "core/err.h"
#include "http/request.h"

/* *version: the version the request is based on; 0 when the header is absent or "*"
 * (any). A weak tag W/"7" counts as "7". Anything else (a list, a tag that is not a
 * version) is 400 bad_request naming the header. */
int request_if_match(const struct request *req, long long *version, struct app_err *err);

/* The ETag value of a version: "\"7\"" into buf. */
void etag_of(long long version, char *buf, size_t len);

#endif
