/* response: status, headers and body of one answer, serialised as CGI output. */
#ifndef DESKPILOT_HTTP_RESPONSE_H
#define DESKPILOT_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"

struct json_object;

#define RES_MAX_HEADERS 16

struct response {
    int status;               /* 0 until a handler sets one */
    const char *content_type; /* static string or arena */
    struct buf body;
    char retry_after[16]; /* storage for a Retry-After value */
    const char *hnames[RES_MAX_HEADERS];
    const char *hvalues[RES_MAX_HEADERS];
    size_t nheaders;
};

void response_init(struct response *res);
/* Back to the empty state (keeps the body's storage). */
void response_reset(struct response *res);
void response_cleanup(struct response *res);
/* Add a header. Names and values are copied pointers (must outlive the response:
 * string literals or arena memory). Refuses CR, LF and NUL and a full table: -1. */
int response_header(struct response *res, const char *name, const char *value);
/* Add "Set-Cookie: name=value; Path=/; HttpOnly; SameSite=Strict[; Max-Age=max_age]
 * [; Secure]" (max_age < 0: a session cookie), formatted in the arena a — the same
 * attributes on every cookie we set, so a clear always matches a set. 0 or -1. */
int response_cookie(struct response *res, struct arena *a, const char *name, const char *value,
                    long long max_age, bool secure);
/* Serialise obj as the body with the status (obj is borrowed: the caller, or the
 * arena through jbuild, owns it). -1 when obj is NULL or out of memory. */
int response_json(struct response *res, int status, struct json_object *obj);
/* Status + content type + body text (copied). */
int response_text(struct response *res, int status, const char *content_type, const char *text,
                  size_t len);
/* 303 See Other to a local path (refuses anything but a path starting with one '/'). */
int response_redirect(struct response *res, const char *location);
/* Write "Status:", the headers, Content-Type, Content-Length and the body to out. */
int response_serialize(const struct response *res, struct buf *out);

#endif
