/* cors: cross-origin answers for the few endpoints a shop's own site calls from the
 * browser (the widget: /api/answers/). Only origins listed exactly (scheme, host and
 * port as the browser sends them) get Access-Control-Allow-Origin; every answer says
 * Vary: Origin so no cache hands one origin's answer to another. No credentials:
 * the widget is anonymous. */
#ifndef DESKPILOT_HTTP_CORS_H
#define DESKPILOT_HTTP_CORS_H

#include <stdbool.h>

#include "http/request.h"
#include "http/response.h"

/* True when origin is one of the space- or comma-separated entries of list, byte
 * for byte. NULL or empty origin: false. */
bool cors_origin_allowed(const char *origin, const char *list);

/* Vary: Origin, and Access-Control-Allow-Origin when the request's Origin is in
 * list. 0, or -1 when the headers cannot be added. */
int cors_headers(const struct request *req, struct response *res, const char *list);

/* The preflight (OPTIONS) answer: 204 with the above and, for an allowed origin,
 * the method (POST) and header (Content-Type) it may use. */
int cors_preflight(const struct request *req, struct response *res, const char *list);

#endif
