/* multipart: multipart/form-data bodies (RFC 7578) as parts that point into the body —
 * the pages' forms with files and the API's uploads. Pure: no I/O, no allocation but
 * the arena, so it is unit-tested and fuzzed (tests/fuzz/fuzz_multipart.c). */
#ifndef DESKPILOT_HTTP_MULTIPART_H
#define DESKPILOT_HTTP_MULTIPART_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "http/request.h"

#define MULTIPART_MAX_PARTS 64         /* parts in one body; more is 400 */
#define MULTIPART_MAX_HEADERS 8        /* header lines of one part; more is 400 */
#define MULTIPART_MAX_HEADER_LINE 1024 /* bytes of one header line; more is 400 */
#define MULTIPART_MAX_BOUNDARY 70      /* RFC 2046's limit */

struct multipart_part {
    const char *name;         /* the form field (arena, NUL-terminated, never NULL) */
    const char *filename;     /* a file's name as sent, path cut off (arena); NULL: not a file */
    const char *content_type; /* as declared, lower-cased, parameters cut (arena); NULL: none */
    const char *data;         /* the content: borrowed from the body, not NUL-terminated */
    size_t len;
};

/* The boundary parameter of a Content-Type "multipart/form-data; boundary=…" into
 * the arena. 415 when the type is not multipart/form-data, 400 when the boundary is
 * missing, empty, longer than 70 characters or holds characters RFC 2046 forbids. */
int multipart_boundary(struct arena *a, const char *content_type, const char **boundary,
                       struct app_err *err);

/* Split body[0..len) at boundary into at most max parts (out). Every part must carry
 * Content-Disposition: form-data with a name; the body must end with the closing
 * delimiter (a preamble before the first delimiter and an epilogue after the last
 * are ignored). 400 naming what is wrong for anything malformed, a part without a
 * name, too many parts or headers; 503 when the arena runs out. */
int multipart_parse(struct arena *a, const char *body, size_t len, const char *boundary,
                    struct multipart_part *out, size_t max, size_t *n, struct app_err *err);

/* The request's multipart/form-data body (its Content-Type's boundary) as parts:
 * multipart_boundary then multipart_parse; no body is no part. */
int multipart_request(struct request *req, struct multipart_part *out, size_t max, size_t *n,
                      struct app_err *err);

#endif
