/* fuzz_multipart: multipart/form-data as the pages' upload forms and the API's
 * uploads send it — the boundary from a Content-Type, the splitter, and the form
 * reader that turns parts into fields and files. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz.h"
#include "http/multipart.h"
#include "http/router.h"
#include "web/web_form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_multipart_handler(struct request *req, struct response *res, struct app_err *err)
{
    (void)req;
    (void)res;
    (void)err;
    return 0;
}

static const struct route fuzz_multipart_route = {"POST", "/upload", fuzz_multipart_handler,
                                                  RF_AUTH | RF_UPLOAD};

/* Input: line 1 the Content-Type header, the rest the body (NUL bytes kept). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t pos = 0;
    char *ct = fuzz_line(data, size, &pos);
    size_t len = size - pos;
    /* Exactly the body's bytes (plus the NUL the body reader adds), so ASan sees
     * any read past them. */
    char *body = fuzz_cstr(data + pos, len);
    struct arena a;
    arena_init(&a, 1 << 22);
    struct app_err err;
    err_clear(&err);
    const char *boundary = NULL;
    struct multipart_part parts[8];
    size_t n = 0;
    if (multipart_boundary(&a, ct, &boundary, &err) == 0) {
        size_t blen = strlen(boundary);
        FUZZ_CHECK(blen >= 1 && blen <= MULTIPART_MAX_BOUNDARY);
        int rc = multipart_parse(&a, body, len, boundary, parts, 8, &n, &err);
        FUZZ_CHECK(rc == 0 || err_is_set(&err));
        FUZZ_CHECK(n <= 8);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const struct multipart_part *p = &parts[i];
            FUZZ_CHECK(p->name && *p->name);
            FUZZ_CHECK(p->data >= body && p->data + p->len <= body + len);
            FUZZ_CHECK(!p->filename || !strpbrk(p->filename, "/\\"));
            for (const char *c = p->content_type; c && *c; c++)
                FUZZ_CHECK(!(*c >= 'A' && *c <= 'Z'));
        }
    } else {
        FUZZ_CHECK(err_is_set(&err));
    }

    /* The form reader on an upload route: fields without NUL, files within bounds. */
    struct request req;
    memset(&req, 0, sizeof req);
    req.arena = &a;
    req.method = "POST";
    req.content_type = ct;
    req.body = body;
    req.body_len = len;
    req.route = &fuzz_multipart_route;
    static struct web_form f;
    err_clear(&err);
    if (web_form_parse(&req, &f, &err) == 0) {
        FUZZ_CHECK(f.n <= WEB_FORM_MAX && f.nfiles <= WEB_FORM_FILES);
        for (size_t i = 0; i < f.n; i++)
            FUZZ_CHECK(f.kv[i].key && f.kv[i].val);
        for (size_t i = 0; i < f.nfiles; i++)
            FUZZ_CHECK(f.files[i].data >= body && f.files[i].data + f.files[i].len <= body + len);
    } else {
        FUZZ_CHECK(err_is_set(&err));
    }
    arena_cleanup(&a);
    free(body);
    free(ct);
    return 0;
}
