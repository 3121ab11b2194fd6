/* problem: the one writer of RFC 9457 problem+json error bodies. */
#ifndef DESKPILOT_HTTP_PROBLEM_H
#define DESKPILOT_HTTP_PROBLEM_H

#include "core/arena.h"
#include "core/err.h"
#include "http/response.h"

struct json_object;

/* The problem document for err: type, title, status, code, detail and, for
 * validation failures, errors[{field, message}]. Owned by a; NULL when out of
 * memory. */
struct json_object *problem_json(struct arena *a, const struct app_err *err);
/* Replace res with the problem+json answer for err (adds Retry-After when set,
 * Allow is the caller's). Never fails visibly: falls back to a static body. */
void problem_write(struct response *res, const struct app_err *err);

#endif
