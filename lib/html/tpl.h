/* tpl: Mustache templates compiled once to a node tree, rendered from json-c data. */
#ifndef DESKPILOT_HTML_TPL_H
#define DESKPILOT_HTML_TPL_H

#include <stddef.h>

#include "core/buf.h"

struct json_object;

/* Return codes (0 is success). */
enum {
    TPL_OK = 0,
    TPL_ENOMEM = -1,    /* an allocation failed */
    TPL_ESYNTAX = -2,   /* template does not compile; errbuf names the line */
    TPL_EDEPTH = -3,    /* nesting or partial recursion beyond the bounds below */
    TPL_ENOTFOUND = -4, /* no template of that name in the set */
    TPL_EIO = -5,       /* a template directory or file could not be read */
    TPL_EINVAL = -6,    /* bad argument (NULL template, bad name, duplicate name) */
};

enum {
    TPL_MAX_NESTING = 64,       /* section nesting inside one template (compile time) */
    TPL_MAX_PARTIAL_DEPTH = 64, /* partials including partials (render time) */
    TPL_MAX_CONTEXT = 256,      /* context stack: sections and partials combined */
    TPL_MAX_FILE = 1 << 20,     /* largest template file tpl_set_load reads */
};

/* A compiled template: immutable after tpl_compile, so one compiled template
 * may be rendered by any number of requests (and threads) at once. */
struct tpl;

/* Where partials come from while rendering: find(ctx, name) returns the
 * compiled partial (borrowed, must outlive the render) or NULL when there is
 * none, which renders as the empty string as the Mustache spec says. */
struct tpl_partials {
    const struct tpl *(*find)(const void *ctx, const char *name);
    const void *ctx;
};

/* Compile `len` bytes of Mustache source (need not be NUL-terminated; copied,
 * so src may be freed afterwards). Supports variables (HTML-escaped through
 * html_txt), {{{raw}}} and {{& raw}}, dotted names, {{.}}, sections, inverted
 * sections, partials, comments, set delimiters and standalone-line rules.
 * On success *out owns a new template (free with tpl_free) and 0 is returned.
 * Errors: TPL_ENOMEM, TPL_ESYNTAX (unclosed or mismatched section, unclosed
 * tag, empty name, bad delimiters), TPL_EDEPTH (sections nested deeper than
 * TPL_MAX_NESTING), TPL_EINVAL (NULL src/out). On error *out is NULL and,
 * when errbuf is not NULL, a message such as "line 3: unclosed section 'x'"
 * is written into errbuf (always NUL-terminated, truncated to errlen). */
int tpl_compile(const char *src, size_t len, struct tpl **out, char *errbuf, size_t errlen);

/* Render t with `data` as the root context (borrowed; any json type, NULL
 * acts as an empty context) and append the result to `out`. `partials` may be
 * NULL (every partial is then missing). Numbers print as JSON would write
 * them: integers without decimals, doubles in the shortest form that reads
 * back the same (1.5 -> "1.5", 3.0 -> "3"); objects and arrays print as
 * compact JSON (json-c caches that text inside the object, the only write
 * to `data`). Truthiness follows JavaScript:
 * false, null, 0, "" and [] are falsy; other values (including {}) are truthy.
 * Returns 0, TPL_ENOMEM, TPL_EDEPTH (partials nested deeper than
 * TPL_MAX_PARTIAL_DEPTH or more than TPL_MAX_CONTEXT contexts) or TPL_EINVAL.
 * On error `out` holds a partial page that the caller must discard. */
int tpl_render(const struct tpl *t, struct json_object *data, const struct tpl_partials *partials,
               struct buf *out);

/* Free a compiled template. tpl_free(NULL) is harmless. */
void tpl_free(struct tpl *t);

/* A named collection of compiled templates; each one is both a page template
 * and a partial for the others. Read-only after loading: build it at worker
 * start-up and share it between requests. */
struct tpl_set;

/* An empty set in *out (free with tpl_set_free). Returns 0 or TPL_ENOMEM. */
int tpl_set_new(struct tpl_set **out);

/* Compile src and add it under `name` (copied; 1-128 bytes of
 * [A-Za-z0-9_.-]). Returns 0, TPL_ENOMEM, TPL_ESYNTAX/TPL_EDEPTH (errbuf as in
 * tpl_compile, prefixed with the name) or TPL_EINVAL (bad or duplicate name). */
int tpl_set_add(struct tpl_set *set, const char *name, const char *src, size_t len, char *errbuf,
                size_t errlen);

/* Compile every regular file "<name>.mustache" in directory `dir` (not
 * recursive; other files and dot files are ignored) into a new set in *out.
 * Returns 0, TPL_EIO (dir or a file unreadable, or a file over TPL_MAX_FILE),
 * TPL_ENOMEM, TPL_ESYNTAX, TPL_EDEPTH or TPL_EINVAL (a file name that is not a
 * valid template name). On error *out is NULL and errbuf (if not NULL) names
 * the file and the problem. */
int tpl_set_load(const char *dir, struct tpl_set **out, char *errbuf, size_t errlen);

/* The template called `name`, borrowed from the set; NULL if there is none. */
const struct tpl *tpl_set_get(const struct tpl_set *set, const char *name);

/* A partials source backed by the set (borrows the set). */
struct tpl_partials tpl_set_partials(const struct tpl_set *set);

/* Render the template `name` with the set's templates as partials, appending
 * to out. Returns tpl_render's codes, or TPL_ENOTFOUND if there is no such
 * template. */
int tpl_set_render(const struct tpl_set *set, const char *name, struct json_object *data,
                   struct buf *out);

/* Free a set and every template in it. tpl_set_free(NULL) is harmless. */
void tpl_set_free(struct tpl_set *set);

#endif
