/* multipart: a strict multipart/form-data splitter — every delimiter, header and
 * parameter checked, nothing copied but names, so a hostile body costs one pass. */
#include "http/multipart.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* The length of s[0..len) up to the first c (len when none): header values inside
 * a body are not NUL-terminated. */
static size_t span_to(const char *s, size_t len, char c)
{
    const char *e = memchr(s, c, len);
    return e ? (size_t)(e - s) : len;
}

/* "multipart/form-data" matches with or without parameters. */
static bool is_form_data(const char *ct)
{
    static const char want[] = "multipart/form-data";
    size_t n = sizeof want - 1;
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* RFC 2046's bchars (space allowed inside, not last). */
static bool boundary_char(char c)
{
    return isalnum((unsigned char)c) || strchr("'()+_,-./:=? ", c) != NULL;
}

/* The value of parameter `name` in a header's parameter list ("; a=b; c=\"d\""),
 * unquoted (a quoted value runs to the next quote, as browsers write them: they
 * percent-encode a quote inside), into the arena; NULL when absent. Sets *bad for
 * an unterminated quote. */
static char *param(struct arena *a, const char *s, size_t len, const char *name, bool *bad,
                   bool *oom)
{
    size_t nlen = strlen(name);
    size_t i = 0;
    while (i < len) {
        if (s[i] != ';') {
            if (s[i] == '"') { /* skip a quoted value of another parameter */
                const char *q = memchr(s + i + 1, '"', len - i - 1);
                if (!q) {
                    *bad = true;
                    return NULL;
                }
                i = (size_t)(q - s);
            }
            i++;
            continue;
        }
        i++;
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (len - i > nlen && strncasecmp(s + i, name, nlen) == 0 && s[i + nlen] == '=') {
            i += nlen + 1;
            const char *v = s + i;
            size_t vlen;
            if (i < len && *v == '"') {
                const char *q = memchr(v + 1, '"', len - i - 1);
                if (!q) {
                    *bad = true;
                    return NULL;
                }
                v++;
                vlen = (size_t)(q - v);
            } else {
                vlen = span_to(v, len - i, ';');
                while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                    vlen--;
            }
            char *out = arena_strndup(a, v, vlen);
            *oom = out == NULL;
            return out;
        }
    }
    return NULL;
}

int multipart_boundary(struct arena *a, const char *content_type, const char **boundary,
                       struct app_err *err)
{
    if (!is_form_data(content_type))
        return err_set(err, ERR_UNSUPPORTED_MEDIA, "send the body as multipart/form-data");
    bool bad = false, oom = false;
    const char *params = content_type + strlen("multipart/form-data");
    char *b = param(a, params, strlen(params), "boundary", &bad, &oom);
    if (oom)
        return err_unavailable(err, "out of memory");
    size_t n = b ? strlen(b) : 0;
    if (bad || n == 0 || n > MULTIPART_MAX_BOUNDARY || b[n - 1] == ' ')
        return err_bad_field(err, "Content-Type", "needs a boundary of 1 to 70 characters");
    for (size_t i = 0; i < n; i++)
        if (!boundary_char(b[i]))
            return err_bad_field(err, "Content-Type", "the boundary holds a forbidden character");
    *boundary = b;
    return 0;
}

/* memmem without _GNU_SOURCE: the first needle[0..nlen) in hay[0..hlen), or NULL. */
static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    while (nlen && hlen >= nlen) {
        const char *c = memchr(hay, needle[0], hlen - nlen + 1);
        if (!c)
            return NULL;
        if (memcmp(c, needle, nlen) == 0)
            return c;
        hlen -= (size_t)(c - hay) + 1;
        hay = c + 1;
    }
    return NULL;
}

/* The last path segment of a file name (a browser on Windows, or a hostile client,
 * may send "C:\\dir\\x.png" or "../x.png"). */
static const char *base_name(const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p == '/' || *p == '\\')
            s = p + 1;
    return s;
}

/* One part's header block h[0..hlen) (lines ending CRLF, without the empty line). */
static int part_headers(struct arena *a, const char *h, size_t hlen, struct multipart_part *p,
                        struct app_err *err)
{
    bool disposition = false;
    int lines = 0;
    while (hlen > 0) {
        const char *eol = find(h, hlen, "\r\n", 2);
        size_t llen = eol ? (size_t)(eol - h) : hlen;
        if (++lines > MULTIPART_MAX_HEADERS || llen > MULTIPART_MAX_HEADER_LINE)
            return err_set(err, ERR_BAD_REQUEST,
                           "a part of the form has too many or too long "
                           "headers");
        if (memchr(h, '\0', llen))
            return err_set(err, ERR_BAD_REQUEST, "a part's header holds a NUL byte");
        const char *colon = memchr(h, ':', llen);
        if (!colon)
            return err_set(err, ERR_BAD_REQUEST, "a part of the form has a malformed header");
        size_t nlen = (size_t)(colon - h);
        const char *v = colon + 1;
        size_t vlen = llen - nlen - 1;
        while (vlen && (*v == ' ' || *v == '\t')) {
            v++;
            vlen--;
        }
        bool bad = false, oom = false;
        if (nlen == 19 && strncasecmp(h, "Content-Disposition", 19) == 0) {
            if (disposition || vlen < 9 || strncasecmp(v, "form-data", 9) != 0 ||
                (vlen > 9 && v[9] != ';' && v[9] != ' '))
                return err_set(err, ERR_BAD_REQUEST, "a part of the form is not form-data");
            disposition = true;
            p->name = param(a, v + 9, vlen - 9, "name", &bad, &oom);
            if (!bad && !oom) {
                char *f = param(a, v + 9, vlen - 9, "filename", &bad, &oom);
                p->filename = f ? base_name(f) : NULL;
            }
        } else if (nlen == 12 && strncasecmp(h, "Content-Type", 12) == 0) {
            size_t tlen = span_to(v, vlen, ';');
            while (tlen && (v[tlen - 1] == ' ' || v[tlen - 1] == '\t'))
                tlen--;
            char *t = arena_strndup(a, v, tlen);
            oom = t == NULL;
            for (char *c = t; c && *c; c++)
                *c = (char)tolower((unsigned char)*c);
            p->content_type = t;
        } /* other headers (Content-Transfer-Encoding is deprecated by RFC 7578) are ignored */
        if (oom)
            return err_unavailable(err, "out of memory");
        if (bad)
            return err_set(err, ERR_BAD_REQUEST, "a part's header has an unterminated quote");
        if (!eol)
            break;
        h = eol + 2;
        hlen -= llen + 2;
    }
    if (!disposition || !p->name || !*p->name)
        return err_set(err, ERR_BAD_REQUEST, "a part of the form has no field name");
    return 0;
}

int multipart_parse(struct arena *a, const char *body, size_t len, const char *boundary,
                    struct multipart_part *out, size_t max, size_t *n, struct app_err *err)
{
    *n = 0;
    size_t blen = strlen(boundary);
    /* "\r\n--" boundary: the first delimiter may also open the body without the CRLF. */
    char *delim = arena_printf(a, "\r\n--%s", boundary);
    if (!delim)
        return err_unavailable(err, "out of memory");
    size_t dlen = blen + 4;
    const char *p;
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
        p = body + dlen - 2;
    else if ((p = find(body, len, delim, dlen)))
        p += dlen;
    else
        return err_set(err, ERR_BAD_REQUEST, "the form has no part");
    const char *end = body + len;
    for (;;) {
        /* After a delimiter: "--" closes the body, else transport padding and CRLF. */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return err_set(err, ERR_BAD_REQUEST, "the form is cut or malformed");
        p += 2;
        if (*n >= max)
            return err_set(err, ERR_BAD_REQUEST, "the form has too many parts (at most %zu)", max);
        const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
        size_t hlen;
        const char *data;
        if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') { /* no headers at all */
            hlen = 0;
            data = p + 2;
        } else if (hend) {
            hlen = (size_t)(hend - p);
            data = hend + 4;
        } else {
            return err_set(err, ERR_BAD_REQUEST, "the form is cut or malformed");
        }
        struct multipart_part *part = &out[*n];
        memset(part, 0, sizeof *part);
        if (part_headers(a, p, hlen, part, err))
            return -1;
        const char *next = find(data, (size_t)(end - data), delim, dlen);
        if (!next)
            return err_set(err, ERR_BAD_REQUEST, "the form is cut: no closing boundary");
        part->data = data;
        part->len = (size_t)(next - data);
        (*n)++;
        p = next + dlen;
    }
}

int multipart_request(struct request *req, struct multipart_part *out, size_t max, size_t *n,
                      struct app_err *err)
{
    const char *boundary;
    *n = 0;
    if (!req->body || req->body_len == 0)
        return 0;
    return multipart_boundary(req->arena, req->content_type, &boundary, err) ||
                   multipart_parse(req->arena, req->body, req->body_len, boundary, out, max, n, err)
               ? -1
               : 0;
}
