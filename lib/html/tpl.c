/* tpl: Mustache compiler (source -> node tree), renderer (tree + json -> buf), template sets. */
#include "html/tpl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/vec.h"
#include "html/escape.h"

enum { TAG_MAX = 32, NAME_MAX_LEN = 128 };

/* ------------------------------------------------------------------ */
/* The node tree                                                        */
/* ------------------------------------------------------------------ */

enum node_kind { NODE_TEXT, NODE_VAR, NODE_RAW, NODE_SECTION, NODE_INVERTED, NODE_PARTIAL };

/* A tag name split on dots: "a.b" is stored as "a\0b\0" with nparts 2.
 * nparts 0 is the implicit iterator "."; partial names keep one part. */
struct name {
    char *parts;
    size_t nparts;
};

struct node;

struct block {
    struct node *nodes;
    size_t n, cap;
};

struct node {
    enum node_kind kind;
    const char *text; /* TEXT: bytes in tpl->src; PARTIAL: the indentation */
    size_t len;
    struct name name;  /* every kind but TEXT */
    bool standalone;   /* PARTIAL: the tag stood alone on its line */
    struct block body; /* SECTION, INVERTED */
};

struct tpl {
    char *src; /* private copy; TEXT nodes and indents point into it */
    struct block root;
};

static void block_cleanup(struct block *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->nodes[i].name.parts);
        block_cleanup(&b->nodes[i].body);
    }
    free(b->nodes);
    memset(b, 0, sizeof *b);
}

/* Append a node (copied by value; on success the block owns its name and body). */
static int block_push(struct block *b, const struct node *nd)
{
    if (VEC_RESERVE(b->nodes, b->cap, b->n + 1))
        return TPL_ENOMEM;
    b->nodes[b->n++] = *nd;
    return 0;
}

static int block_push_text(struct block *b, const char *text, size_t len)
{
    if (len == 0)
        return 0;
    struct node nd = {.kind = NODE_TEXT, .text = text, .len = len};
    return block_push(b, &nd);
}

void tpl_free(struct tpl *t)
{
    if (!t)
        return;
    block_cleanup(&t->root);
    free(t->src);
    free(t);
}

/* ------------------------------------------------------------------ */
/* Compiler                                                             */
/* ------------------------------------------------------------------ */

struct parser {
    const char *src;
    size_t len;
    size_t pos; /* first byte not yet turned into nodes */
    char otag[TAG_MAX + 1], ctag[TAG_MAX + 1];
    size_t olen, clen;
    char *err;
    size_t errlen;
};

/* One tag as found in the source. */
struct tag {
    char sigil;       /* one of # ^ / ! > = { & or 0 for a plain variable */
    size_t open, end; /* the whole tag is src[open, end) */
    const char *body; /* content between sigil and closing delimiter, trimmed */
    size_t body_len;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
    return is_blank(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int line_of(const struct parser *p, size_t pos)
{
    int line = 1;
    for (size_t i = 0; i < pos && i < p->len; i++)
        line += p->src[i] == '\n';
    return line;
}

static int parse_error(struct parser *p, int rc, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record the first error as "line N: ..." and return rc. */
static int parse_error(struct parser *p, int rc, size_t pos, const char *fmt, ...)
{
    if (!p->err || p->errlen == 0)
        return rc;
    int n = snprintf(p->err, p->errlen, "line %d: ", line_of(p, pos));
    if (n >= 0 && (size_t)n < p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* Offset of the first occurrence of needle in src[from, len), or len if none. */
static size_t find_str(const char *src, size_t len, size_t from, const char *needle, size_t nlen)
{
    while (from < len && len - from >= nlen) {
        const char *hit = memchr(src + from, needle[0], len - from - nlen + 1);
        if (!hit)
            break;
        size_t at = (size_t)(hit - src);
        if (memcmp(hit, needle, nlen) == 0)
            return at;
        from = at + 1;
    }
    return len;
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

/* Find the next tag at or after p->pos. Returns 1 and fills *tg, 0 when the
 * rest is plain text, or TPL_ESYNTAX for a tag that never closes. */
static int next_tag(struct parser *p, struct tag *tg)
{
    size_t open = find_str(p->src, p->len, p->pos, p->otag, p->olen);
    if (open == p->len)
        return 0;
    size_t i = open + p->olen;
    char sigil = i < p->len ? p->src[i] : 0;
    if (sigil && strchr("#^/!>={&", sigil))
        i++;
    else
        sigil = 0;
    /* {{{x}}} and {{=a b=}} end with their sigil's partner before the delimiter. */
    char tail[TAG_MAX + 2];
    size_t tlen = 0;
    if (sigil == '{' || sigil == '=')
        tail[tlen++] = sigil == '{' ? '}' : '=';
    memcpy(tail + tlen, p->ctag, p->clen);
    tlen += p->clen;
    size_t close = find_str(p->src, p->len, i, tail, tlen);
    if (close == p->len)
        return parse_error(p, TPL_ESYNTAX, open, "unclosed tag '%.*s'", (int)p->olen, p->otag);
    tg->sigil = sigil;
    tg->open = open;
    tg->end = close + tlen;
    tg->body = p->src + i;
    tg->body_len = close - i;
    trim(&tg->body, &tg->body_len);
    return 1;
}

/* Spec "standalone" rule: a block, comment, partial or delimiter tag alone on
 * its line (only blanks around it) takes the whole line with it. On true,
 * *text_end is where the line's leading blanks begin and *resume is the
 * first byte after the line break. */
static bool is_standalone(const struct parser *p, const struct tag *tg, size_t *text_end,
                          size_t *resume)
{
    if (!tg->sigil || tg->sigil == '{' || tg->sigil == '&')
        return false;
    size_t i = tg->open;
    while (i > p->pos && is_blank(p->src[i - 1]))
        i--;
    /* p->pos is always just after a tag or a consumed line, so reaching it
     * only counts as a line start when a newline (or nothing) precedes it. */
    if (i > 0 && p->src[i - 1] != '\n')
        return false;
    size_t j = tg->end;
    while (j < p->len && is_blank(p->src[j]))
        j++;
    if (j < p->len && p->src[j] == '\r' && j + 1 < p->len && p->src[j + 1] == '\n')
        j++;
    if (j < p->len && p->src[j] != '\n')
        return false;
    *text_end = i;
    *resume = j < p->len ? j + 1 : j;
    return true;
}

static bool has_empty_part(const char *s, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (s[i] == '.' && s[i - 1] == '.')
            return true;
    return false;
}

/* Split a tag body into a struct name: "." or dot-separated non-empty parts
 * without white space. Partials keep the whole body as one part. */
static int parse_name(struct parser *p, const struct tag *tg, bool whole, struct name *nm)
{
    const char *s = tg->body;
    size_t n = tg->body_len;

    memset(nm, 0, sizeof *nm);
    if (n == 0)
        return parse_error(p, TPL_ESYNTAX, tg->open, "empty tag name");
    if (n > NAME_MAX_LEN)
        return parse_error(p, TPL_ESYNTAX, tg->open, "tag name longer than %d bytes", NAME_MAX_LEN);
    for (size_t i = 0; i < n; i++)
        if (is_space(s[i]))
            return parse_error(p, TPL_ESYNTAX, tg->open, "white space in tag name '%.*s'", (int)n,
                               s);
    if (!whole && n == 1 && s[0] == '.')
        return 0;
    if (!whole && (s[0] == '.' || s[n - 1] == '.' || has_empty_part(s, n)))
        return parse_error(p, TPL_ESYNTAX, tg->open, "bad dotted name '%.*s'", (int)n, s);
    nm->parts = malloc(n + 1);
    if (!nm->parts)
        return TPL_ENOMEM;
    memcpy(nm->parts, s, n);
    nm->parts[n] = '\0';
    nm->nparts = 1;
    for (size_t i = 0; !whole && i < n; i++)
        if (nm->parts[i] == '.') {
            nm->parts[i] = '\0';
            nm->nparts++;
        }
    return 0;
}

/* {{=<% %>=}}: two blank-separated delimiters, neither containing '=' or
 * white space. They apply from the next byte on, in this template only. */
static int set_delimiters(struct parser *p, const struct tag *tg)
{
    const char *s = tg->body, *end = tg->body + tg->body_len;
    const char *o = s, *c;
    size_t olen, clen;

    while (s < end && !is_space(*s))
        s++;
    olen = (size_t)(s - o);
    while (s < end && is_space(*s))
        s++;
    c = s;
    while (s < end && !is_space(*s))
        s++;
    clen = (size_t)(s - c);
    bool ok = s == end && olen && clen && olen <= TAG_MAX && clen <= TAG_MAX &&
              !memchr(o, '=', olen) && !memchr(c, '=', clen);
    if (!ok)
        return parse_error(p, TPL_ESYNTAX, tg->open, "bad set-delimiter tag '%.*s'",
                           (int)tg->body_len, tg->body);
    memcpy(p->otag, o, olen);
    p->otag[olen] = '\0';
    p->olen = olen;
    memcpy(p->ctag, c, clen);
    p->ctag[clen] = '\0';
    p->clen = clen;
    return 0;
}

static int parse_block(struct parser *p, struct block *blk, int depth, const struct tag *opener);

/* {{#name}} or {{^name}}: parse the body up to the matching close tag. */
static int parse_section(struct parser *p, struct block *blk, int depth, const struct tag *tg)
{
    struct node nd = {.kind = tg->sigil == '#' ? NODE_SECTION : NODE_INVERTED};
    int rc;

    if (depth >= TPL_MAX_NESTING)
        return parse_error(p, TPL_EDEPTH, tg->open, "sections nested deeper than %d",
                           TPL_MAX_NESTING);
    rc = parse_name(p, tg, false, &nd.name);
    if (rc == 0)
        rc = parse_block(p, &nd.body, depth + 1, tg);
    if (rc == 0)
        rc = block_push(blk, &nd);
    if (rc != 0) {
        free(nd.name.parts);
        block_cleanup(&nd.body);
    }
    return rc;
}

/* {{/name}}: must close the innermost open section, by the same name. */
static int close_section(struct parser *p, const struct tag *tg, const struct tag *opener)
{
    if (!opener)
        return parse_error(p, TPL_ESYNTAX, tg->open, "closing tag '%.*s' without an open section",
                           (int)tg->body_len, tg->body);
    if (tg->body_len != opener->body_len || memcmp(tg->body, opener->body, tg->body_len) != 0)
        return parse_error(p, TPL_ESYNTAX, tg->open,
                           "closing tag '%.*s' does not match '%.*s' (line %d)", (int)tg->body_len,
                           tg->body, (int)opener->body_len, opener->body, line_of(p, opener->open));
    return 0;
}

/* Variables, raw variables and partials: a leaf node with a name. */
static int add_leaf(struct parser *p, struct block *blk, const struct tag *tg, size_t indent_at,
                    bool standalone)
{
    struct node nd = {.kind = NODE_VAR};

    if (tg->sigil == '{' || tg->sigil == '&')
        nd.kind = NODE_RAW;
    if (tg->sigil == '>') {
        nd.kind = NODE_PARTIAL;
        nd.standalone = standalone;
        nd.text = p->src + indent_at;
        nd.len = standalone ? tg->open - indent_at : 0;
    }
    int rc = parse_name(p, tg, nd.kind == NODE_PARTIAL, &nd.name);
    if (rc == 0 && (rc = block_push(blk, &nd)) != 0)
        free(nd.name.parts);
    return rc;
}

/* Turn one tag into nodes. Returns 0, 1 when it closed the current section,
 * or an error. */
static int handle_tag(struct parser *p, struct block *blk, int depth, const struct tag *tg,
                      const struct tag *opener, size_t indent_at, bool standalone)
{
    switch (tg->sigil) {
    case '!':
        return 0;
    case '=':
        return set_delimiters(p, tg);
    case '#':
    case '^':
        return parse_section(p, blk, depth, tg);
    case '/': {
        int rc = close_section(p, tg, opener);
        return rc ? rc : 1;
    }
    default:
        return add_leaf(p, blk, tg, indent_at, standalone);
    }
}

/* Parse nodes into blk until the end of input (top level) or the tag that
 * closes `opener`. */
static int parse_block(struct parser *p, struct block *blk, int depth, const struct tag *opener)
{
    for (;;) {
        struct tag tg;
        int rc = next_tag(p, &tg);
        if (rc < 0)
            return rc;
        if (rc == 0) {
            if (opener)
                return parse_error(p, TPL_ESYNTAX, opener->open, "unclosed section '%.*s'",
                                   (int)opener->body_len, opener->body);
            rc = block_push_text(blk, p->src + p->pos, p->len - p->pos);
            p->pos = p->len;
            return rc;
        }
        size_t text_end = tg.open, resume = tg.end;
        bool standalone = is_standalone(p, &tg, &text_end, &resume);
        if ((rc = block_push_text(blk, p->src + p->pos, text_end - p->pos)) != 0)
            return rc;
        p->pos = resume;
        rc = handle_tag(p, blk, depth, &tg, opener, text_end, standalone);
        if (rc != 0)
            return rc > 0 ? 0 : rc;
    }
}

int tpl_compile(const char *src, size_t len, struct tpl **out, char *errbuf, size_t errlen)
{
    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!out || (!src && len))
        return TPL_EINVAL;
    *out = NULL;
    struct tpl *t = calloc(1, sizeof *t);
    if (!t)
        return TPL_ENOMEM;
    t->src = malloc(len + 1);
    if (!t->src) {
        free(t);
        return TPL_ENOMEM;
    }
    if (len)
        memcpy(t->src, src, len);
    t->src[len] = '\0';
    struct parser p = {.src = t->src,
                       .len = len,
                       .otag = "{{",
                       .ctag = "}}",
                       .olen = 2,
                       .clen = 2,
                       .err = errbuf,
                       .errlen = errlen};
    int rc = parse_block(&p, &t->root, 0, NULL);
    if (rc != 0) {
        if (rc == TPL_ENOMEM)
            parse_error(&p, rc, p.pos, "out of memory");
        tpl_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Renderer                                                             */
/* ------------------------------------------------------------------ */

/* Per-call state; lives on the caller's stack, so concurrent renders of the
 * same template share nothing mutable. */
struct render {
    const struct tpl_partials *partials;
    struct buf *out;
    struct json_object *stack[TPL_MAX_CONTEXT];
    size_t depth;
    int partial_depth;
    /* Standalone partials indent each of their lines: the active indent is
     * indent.data[indent_from, indent.len); `pending` means the next output
     * starts a line of the partial and must be preceded by it. */
    struct buf indent;
    size_t indent_from;
    bool pending;
};

static int render_block(struct render *r, const struct block *b);

static int push_context(struct render *r, struct json_object *v)
{
    if (r->depth >= TPL_MAX_CONTEXT)
        return TPL_EDEPTH;
    r->stack[r->depth++] = v;
    return 0;
}

/* Resolve a name against the context stack (spec "Name resolution"): the
 * first part is looked up from the top of the stack down; later parts only
 * inside the value found. Returns false when any part is missing. A key
 * holding JSON null is found (and *val is NULL). */
static bool lookup(const struct render *r, const struct name *nm, struct json_object **val)
{
    const char *part = nm->parts;
    struct json_object *v = NULL;
    bool found = false;

    if (nm->nparts == 0) {
        *val = r->depth ? r->stack[r->depth - 1] : NULL;
        return true;
    }
    for (size_t i = r->depth; i-- > 0 && !found;)
        found = json_object_is_type(r->stack[i], json_type_object) &&
                json_object_object_get_ex(r->stack[i], part, &v);
    for (size_t k = 1; found && k < nm->nparts; k++) {
        part += strlen(part) + 1;
        found = json_object_is_type(v, json_type_object) && json_object_object_get_ex(v, part, &v);
    }
    *val = found ? v : NULL;
    return found;
}

/* JavaScript truthiness: false, null, 0, NaN, "" and [] are falsy. */
static bool is_truthy(struct json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null:
        return false;
    case json_type_boolean:
        return json_object_get_boolean(v);
    case json_type_int:
        return json_object_get_int64(v) != 0;
    case json_type_double: {
        double d = json_object_get_double(v);
        return d != 0 && !isnan(d);
    }
    case json_type_string:
        return json_object_get_string_len(v) > 0;
    case json_type_array:
        return json_object_array_length(v) > 0;
    default:
        return true;
    }
}

/* Shortest "%.*g" that reads back as the same double; integral values
 * below 1e16 print without a decimal point or exponent, as JSON does. */
static void format_double(double d, char *tmp, size_t n)
{
    if (d == 0) {
        snprintf(tmp, n, "0"); /* also -0 */
        return;
    }
    if (isfinite(d) && d == floor(d) && fabs(d) < 1e16) {
        snprintf(tmp, n, "%.0f", d);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, n, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            return;
    }
}

static void format_int(struct json_object *v, char *tmp, size_t n)
{
    int64_t i = json_object_get_int64(v);
    if (i == INT64_MAX)
        snprintf(tmp, n, "%llu", (unsigned long long)json_object_get_uint64(v));
    else
        snprintf(tmp, n, "%lld", (long long)i);
}

/* The text of a value as Mustache prints it; points into tmp or into v. */
static int value_text(struct json_object *v, char *tmp, size_t n, const char **s, size_t *len)
{
    *s = tmp;
    tmp[0] = '\0';
    switch (json_object_get_type(v)) {
    case json_type_null:
        break;
    case json_type_boolean:
        snprintf(tmp, n, "%s", json_object_get_boolean(v) ? "true" : "false");
        break;
    case json_type_int:
        format_int(v, tmp, n);
        break;
    case json_type_double:
        format_double(json_object_get_double(v), tmp, n);
        break;
    case json_type_string:
        *s = json_object_get_string(v);
        *len = (size_t)json_object_get_string_len(v);
        return 0;
    default: /* objects and arrays print as JSON */
        *s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
        if (!*s)
            return TPL_ENOMEM;
        *len = strlen(*s);
        return 0;
    }
    *len = strlen(tmp);
    return 0;
}

static void flush_indent(struct render *r)
{
    if (r->pending)
        buf_append(r->out, r->indent.data + r->indent_from, r->indent.len - r->indent_from);
    r->pending = false;
}

/* Text is copied as is, with the partial indent before each non-empty line. */
static void render_text(struct render *r, const char *s, size_t n)
{
    if (r->indent.len == r->indent_from) {
        buf_append(r->out, s, n);
        return;
    }
    while (n) {
        const char *nl = memchr(s, '\n', n);
        size_t line = nl ? (size_t)(nl - s) + 1 : n;
        if (s[0] != '\n')
            flush_indent(r);
        buf_append(r->out, s, line);
        r->pending = nl != NULL;
        s += line;
        n -= line;
    }
}

static int render_var(struct render *r, const struct node *nd)
{
    struct json_object *v;
    char tmp[64];
    const char *s;
    size_t len;

    flush_indent(r);
    if (!lookup(r, &nd->name, &v))
        return 0;
    int rc = value_text(v, tmp, sizeof tmp, &s, &len);
    if (rc != 0)
        return rc;
    if (nd->kind == NODE_RAW)
        return buf_append(r->out, s, len) ? TPL_ENOMEM : 0;
    return html_txt(r->out, s, len) ? TPL_ENOMEM : 0;
}

static int render_with(struct render *r, const struct block *b, struct json_object *ctx)
{
    int rc = push_context(r, ctx);
    if (rc == 0)
        rc = render_block(r, b);
    r->depth--;
    return rc;
}

/* {{#x}}: once per list element, once with x as context if truthy.
 * {{^x}}: once, in the current context, if x is falsy or missing. */
static int render_section(struct render *r, const struct node *nd)
{
    struct json_object *v;
    bool found = lookup(r, &nd->name, &v);
    bool truthy = found && is_truthy(v);

    if (nd->kind == NODE_INVERTED)
        return truthy ? 0 : render_block(r, &nd->body);
    if (!truthy)
        return 0;
    if (!json_object_is_type(v, json_type_array))
        return render_with(r, &nd->body, v);
    size_t n = json_object_array_length(v);
    for (size_t i = 0; i < n; i++) {
        int rc = render_with(r, &nd->body, json_object_array_get_idx(v, i));
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* {{>name}} renders another template in the current context. A standalone
 * partial indents its lines by the blanks before the tag (on top of any
 * outer indent); an inline one continues the current line unindented. */
static int render_partial(struct render *r, const struct node *nd)
{
    const struct tpl *pt = r->partials ? r->partials->find(r->partials->ctx, nd->name.parts) : NULL;
    size_t saved_len = r->indent.len, saved_from = r->indent_from;
    int rc;

    if (!nd->standalone)
        flush_indent(r);
    if (!pt)
        return 0;
    if (r->partial_depth >= TPL_MAX_PARTIAL_DEPTH)
        return TPL_EDEPTH;
    if (nd->standalone) {
        if (buf_append(&r->indent, nd->text, nd->len) != 0)
            return TPL_ENOMEM;
        r->pending = true;
    } else {
        r->indent_from = r->indent.len;
    }
    r->partial_depth++;
    rc = render_block(r, &pt->root);
    r->partial_depth--;
    r->indent.len = saved_len;
    if (r->indent.data)
        r->indent.data[saved_len] = '\0';
    r->indent_from = saved_from;
    r->pending = nd->standalone; /* a standalone tag ate its line break */
    return rc;
}

static int render_block(struct render *r, const struct block *b)
{
    for (size_t i = 0; i < b->n; i++) {
        const struct node *nd = &b->nodes[i];
        int rc = 0;
        switch (nd->kind) {
        case NODE_TEXT:
            render_text(r, nd->text, nd->len);
            break;
        case NODE_VAR:
        case NODE_RAW:
            rc = render_var(r, nd);
            break;
        case NODE_SECTION:
        case NODE_INVERTED:
            rc = render_section(r, nd);
            break;
        case NODE_PARTIAL:
            rc = render_partial(r, nd);
            break;
        }
        if (rc == 0 && r->out->failed)
            rc = TPL_ENOMEM;
        if (rc != 0)
            return rc;
    }
    return 0;
}

int tpl_render(const struct tpl *t, struct json_object *data, const struct tpl_partials *partials,
               struct buf *out)
{
    if (!t || !out)
        return TPL_EINVAL;
    struct render r = {.partials = partials && partials->find ? partials : NULL, .out = out};
    buf_init(&r.indent);
    int rc = push_context(&r, data);
    if (rc == 0)
        rc = render_block(&r, &t->root);
    if (rc == 0 && out->failed)
        rc = TPL_ENOMEM;
    buf_cleanup(&r.indent);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Template sets                                                        */
/* ------------------------------------------------------------------ */

struct tpl_entry {
    char *name;
    struct tpl *tpl;
};

/* Entries kept sorted by name so lookups are a binary search. */
struct tpl_set {
    struct tpl_entry *v;
    size_t n, cap;
};

int tpl_set_new(struct tpl_set **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : TPL_ENOMEM;
}

void tpl_set_free(struct tpl_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        free(set->v[i].name);
        tpl_free(set->v[i].tpl);
    }
    free(set->v);
    free(set);
}

static bool valid_name(const char *name, size_t n)
{
    if (n == 0 || n > NAME_MAX_LEN || name[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

/* Index of name, or of where it would go (with *found false). */
static size_t set_find(const struct tpl_set *set, const char *name, bool *found)
{
    size_t lo = 0, hi = set->n;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, set->v[mid].name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static void set_error(char *errbuf, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_error(char *errbuf, size_t errlen, const char *fmt, ...)
{
    if (!errbuf || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, errlen, fmt, ap);
    va_end(ap);
}

/* Insert a compiled template; takes ownership of t only on success. */
static int set_insert(struct tpl_set *set, size_t at, const char *name, struct tpl *t)
{
    if (VEC_RESERVE(set->v, set->cap, set->n + 1))
        return TPL_ENOMEM;
    char *copy = strdup(name);
    if (!copy)
        return TPL_ENOMEM;
    memmove(set->v + at + 1, set->v + at, (set->n - at) * sizeof *set->v);
    set->v[at] = (struct tpl_entry){.name = copy, .tpl = t};
    set->n++;
    return 0;
}

int tpl_set_add(struct tpl_set *set, const char *name, const char *src, size_t len, char *errbuf,
                size_t errlen)
{
    bool found;
    char msg[256];
    struct tpl *t;

    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!set || !name || !valid_name(name, strlen(name))) {
        set_error(errbuf, errlen, "invalid template name");
        return TPL_EINVAL;
    }
    size_t at = set_find(set, name, &found);
    if (found) {
        set_error(errbuf, errlen, "%s: duplicate template name", name);
        return TPL_EINVAL;
    }
    int rc = tpl_compile(src, len, &t, msg, sizeof msg);
    if (rc != 0) {
        set_error(errbuf, errlen, "%s: %s", name, msg);
        return rc;
    }
    if ((rc = set_insert(set, at, name, t)) != 0) {
        tpl_free(t);
        set_error(errbuf, errlen, "%s: out of memory", name);
    }
    return rc;
}

/* Read a whole regular file of at most TPL_MAX_FILE bytes into *data (malloc'd). */
static int read_file(const char *path, char **data, size_t *len)
{
    int rc = TPL_EIO;
    struct stat st;
    char *p = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return TPL_EIO;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > TPL_MAX_FILE)
        goto out_close;
    size_t size = (size_t)st.st_size, got = 0;
    if (!(p = malloc(size + 1))) {
        rc = TPL_ENOMEM;
        goto out_close;
    }
    while (got < size) {
        ssize_t k = read(fd, p + got, size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    if (got != size) {
        free(p);
        goto out_close;
    }
    *data = p;
    *len = size;
    rc = 0;
out_close:
    close(fd);
    return rc;
}

/* Add dir/<fname> to the set if fname is "<name>.mustache". */
static int load_one(struct tpl_set *set, const char *dir, const char *fname, char *errbuf,
                    size_t errlen)
{
    static const char ext[] = ".mustache";
    size_t flen = strlen(fname), elen = sizeof ext - 1;
    char path[4096], name[NAME_MAX_LEN + 1];
    char *src = NULL;
    size_t len = 0;

    if (fname[0] == '.' || flen <= elen || strcmp(fname + flen - elen, ext) != 0)
        return 0;
    if (flen - elen > NAME_MAX_LEN || !valid_name(fname, flen - elen)) {
        set_error(errbuf, errlen, "%s/%s: invalid template name", dir, fname);
        return TPL_EINVAL;
    }
    memcpy(name, fname, flen - elen);
    name[flen - elen] = '\0';
    int n = snprintf(path, sizeof path, "%s/%s", dir, fname);
    int rc = n < 0 || (size_t)n >= sizeof path ? TPL_EIO : read_file(path, &src, &len);
    if (rc != 0) {
        set_error(errbuf, errlen, "%s/%s: cannot read (or larger than %d bytes)", dir, fname,
                  TPL_MAX_FILE);
        return rc;
    }
    rc = tpl_set_add(set, name, src, len, errbuf, errlen);
    free(src);
    return rc;
}

int tpl_set_load(const char *dir, struct tpl_set **out, char *errbuf, size_t errlen)
{
    struct tpl_set *set = NULL;
    struct dirent *de;
    int rc;

    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!out || !dir)
        return TPL_EINVAL;
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        set_error(errbuf, errlen, "%s: cannot open directory: %s", dir, strerror(errno));
        return TPL_EIO;
    }
    if ((rc = tpl_set_new(&set)) != 0)
        goto out_closedir;
    while ((de = readdir(d)) != NULL && rc == 0)
        rc = load_one(set, dir, de->d_name, errbuf, errlen);
    if (rc != 0) {
        tpl_set_free(set);
        set = NULL;
    }
out_closedir:
    closedir(d);
    *out = set;
    return rc;
}

const struct tpl *tpl_set_get(const struct tpl_set *set, const char *name)
{
    bool found;
    if (!set || !name)
        return NULL;
    size_t at = set_find(set, name, &found);
    return found ? set->v[at].tpl : NULL;
}

static const struct tpl *set_partial(const void *ctx, const char *name)
{
    return tpl_set_get(ctx, name);
}

struct tpl_partials tpl_set_partials(const struct tpl_set *set)
{
    return (struct tpl_partials){.find = set_partial, .ctx = set};
}

int tpl_set_render(const struct tpl_set *set, const char *name, struct json_object *data,
                   struct buf *out)
{
    const struct tpl *t = tpl_set_get(set, name);
    if (!t)
        return TPL_ENOTFOUND;
    struct tpl_partials partials = tpl_set_partials(set);
    return tpl_render(t, data, &partials, out);
}
