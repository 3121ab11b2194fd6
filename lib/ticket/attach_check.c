/* attach_check: the allow-list, libmagic's opinion of the content, and the names. */
#include "ticket/attach_check.h"

#include <ctype.h>
#include <magic.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "html/escape.h"
#include "ticket/attach_image.h"

/* The allow-list: what customers send agents and what is harmless to hand back. */
struct attach_type {
    const char *mime;
    const char *exts[4];
    bool image;
    const char *also; /* another name libmagic gives the same content, or NULL */
};
static const struct attach_type types[] = {
    {"image/png", {"png"}, true, NULL},
    {"image/jpeg", {"jpg", "jpeg"}, true, NULL},
    {"image/gif", {"gif"}, true, NULL},
    {"image/webp", {"webp"}, true, NULL},
    {"application/pdf", {"pdf"}, false, NULL},
    /* a log with commas in every line is "text/csv" to libmagic: still plain text */
    {"text/plain", {"txt", "log"}, false, "text/csv"},
};
#define NTYPES (sizeof types / sizeof types[0])

const char *attach_allowed_types(void)
{
    return "PNG, JPEG, GIF and WebP images, PDF and plain text (.txt, .log)";
}

/* The worker's libmagic handle, loaded at the first check and kept (process
 * lifetime, read-only afterwards): loading the compiled database costs milliseconds. */
static magic_t cookie;

static const char *content_type_of(const unsigned char *d, size_t len)
{
    if (!cookie) {
        magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS |
                               MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_ELF);
        if (!m)
            return NULL;
        if (magic_load(m, NULL) != 0) {
            magic_close(m);
            return NULL;
        }
        cookie = m;
    }
    return magic_buffer(cookie, d, len);
}

/* The last extension of name, lower-cased into out; "" when none. */
static void extension(const char *name, char out[8])
{
    const char *dot = strrchr(name, '.');
    out[0] = '\0';
    if (!dot || strlen(dot + 1) >= 8)
        return;
    size_t i = 0;
    for (const char *p = dot + 1; *p; p++)
        out[i++] = (char)tolower((unsigned char)*p);
    out[i] = '\0';
}

static const struct attach_type *type_by_ext(const char *ext)
{
    for (size_t i = 0; i < NTYPES; i++)
        for (size_t k = 0; k < 4 && types[i].exts[k]; k++)
            if (strcmp(types[i].exts[k], ext) == 0)
                return &types[i];
    return NULL;
}

/* A name safe to show and to send back: valid UTF-8, control characters, quotes and
 * separators replaced, at most ATTACH_NAME_MAX characters, not empty or hidden. */
static char *clean_name(struct arena *a, const char *s)
{
    size_t len = strlen(s);
    if (!utf8_valid(s, len))
        return NULL;
    len = utf8_prefix(s, len, ATTACH_NAME_MAX);
    char *out = arena_strndup(a, s, len);
    for (char *p = out; p && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || strchr("\"\\/:*?<>|;", *p))
            *p = '_';
    while (out && *out == '.')
        *out = '_';
    return out;
}

int attach_check(struct arena *a, const char *field, const char *filename, const char *declared,
                 const unsigned char *d, size_t len, struct attach_verdict *v, struct app_err *err)
{
    memset(v, 0, sizeof *v);
    if (!filename || !*filename)
        return err_field(err, field, "needs a file name");
    if (len == 0)
        return err_field(err, field, "is empty");
    char *name = clean_name(a, filename);
    if (!name)
        return utf8_valid(filename, strlen(filename))
                   ? err_unavailable(err, "out of memory")
                   : err_field(err, field, "has a file name that is not UTF-8");
    char ext[8];
    extension(name, ext);
    const struct attach_type *t = type_by_ext(ext);
    if (!t)
        return err_field(err, field, "must be one of %s", attach_allowed_types());
    if (!declared || strcasecmp(declared, t->mime) != 0)
        return err_field(err, field, "is declared as %.40s, but a .%s file must be %s",
                         declared ? declared : "nothing", ext, t->mime);
    const char *seen = content_type_of(d, len);
    if (!seen)
        return err_unavailable(err, "libmagic: %s", cookie ? magic_error(cookie) : "not loaded");
    if (strcmp(seen, t->mime) != 0 && !(t->also && strcmp(seen, t->also) == 0))
        return err_field(err, field, "holds %.60s, not %s", seen, t->mime);
    if (t->image && !attach_image_verify(t->mime, d, len, &v->width, &v->height))
        return err_field(err, field,
                         "is not one whole %s image (damaged, larger than %d pixels a side, or "
                         "with something else inside)",
                         t->mime, ATTACH_IMAGE_MAX_SIDE);
    if (!t->image && strcmp(t->mime, "text/plain") == 0 && !utf8_valid((const char *)d, len))
        return err_field(err, field, "is text but not UTF-8");
    v->name = name;
    v->content_type = t->mime;
    v->image = t->image;
    return 0;
}

char *attach_disposition(struct arena *a, const char *name)
{
    /* RFC 3986's unreserved set is within RFC 5987's attr-char: one escaper for both. */
    struct buf b;
    buf_init(&b);
    buf_puts(&b, "attachment; filename*=UTF-8''");
    html_url_arg(&b, name, strlen(name));
    char *out = b.failed ? NULL : arena_strndup(a, b.data, b.len);
    buf_cleanup(&b);
    return out;
}
