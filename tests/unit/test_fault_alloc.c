/* test_fault_alloc: fail the n-th allocation, for every n, on the request paths that matter. */
#define _GNU_SOURCE 1 /* dladdr */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ai/resolver.h"
#include "ai/status.h"
#include "ai/template.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "html/tpl.h"
#include "http/app.h"
#include "json/jbuild.h"
#include "json/validate.h"

/*
 * How it works (SQLite's malloc fault injection, in one file). This binary
 * defines malloc, calloc, realloc, free and the aligned allocators itself;
 * being in the executable they take precedence over glibc's for every library
 * (json-c, libutf8proc, OpenSSL, glibc's own strdup and printf), and forward
 * to glibc's allocator through its __libc_* entry points. While armed, the
 * n-th allocation returns NULL; every path below is run for n = 1, 2, 3, ...
 * until a run completes without reaching n. Each run must end in one of two
 * ways: the same result as the run without failures, or a clean error (503
 * problem / TPL_ENOMEM / AI_ENOMEM / ERR_UNAVAILABLE) — never a crash, a
 * corrupted "success" or a leak (the live-allocation count must come back to
 * where it was). Then the same state must serve the next request normally.
 *
 * ASan (make asan) replaces malloc itself, so there the tests skip.
 */
#if defined(__SANITIZE_ADDRESS__)
#define FA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_ASAN 1
#endif
#endif

static bool fa_armed;      /* count (and maybe fail) allocations */
static bool fa_persist;    /* fail every allocation from the n-th on, not just the n-th */
static long fa_fail_at;    /* n */
static long fa_count;      /* allocations since arming */
static bool fa_hit;        /* the n-th allocation happened (and failed) */
static long fa_live;       /* blocks allocated and not yet freed */
static void *fa_where[32]; /* the stack of the first failed allocation */
static int fa_nwhere;

#ifndef FA_ASAN
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t align, size_t n);

/* json-c 0.16 (Debian 12) does not check its own allocations in two places:
 * the parser hashes a failed strdup of an object key as NULL and crashes, and
 * the serializer ignores failed printbuf appends and returns JSON with bytes
 * missing. Nothing in lib/ can detect either, so allocations made inside
 * those two json-c functions are never failed (they are counted in
 * fa_skipped); every other allocation, json-c's included, is. */
static bool fa_in_stack(void *const *where, int n, const char *fn);

static long fa_skipped;

static bool fa_fail(void)
{
    if (!fa_armed)
        return false;
    fa_count++;
    if (fa_count < fa_fail_at || (fa_count > fa_fail_at && !fa_persist))
        return false;
    fa_armed = false; /* backtrace() and dladdr() must not come back here */
    void *where[32];
    int nwhere = backtrace(where, 32);
    bool spare = fa_in_stack(where, nwhere, "json_tokener_parse_ex") ||
                 fa_in_stack(where, nwhere, "json_object_to_json_string_length") ||
                 fa_in_stack(where, nwhere, "json_object_to_json_string_ext");
    fa_armed = true;
    if (spare) {
        fa_skipped++;
        if (fa_count == fa_fail_at)
            fa_fail_at++; /* fail the next one instead */
        return false;
    }
    if (!fa_hit) { /* keep the stack of the first failure for the report */
        fa_hit = true;
        memcpy(fa_where, where, sizeof where);
        fa_nwhere = nwhere;
    }
    return true;
}

void *malloc(size_t n)
{
    if (fa_fail())
        return NULL;
    void *p = __libc_malloc(n);
    if (p)
        fa_live++;
    return p;
}

void *calloc(size_t n, size_t size)
{
    if (fa_fail())
        return NULL;
    void *p = __libc_calloc(n, size);
    if (p)
        fa_live++;
    return p;
}

void *realloc(void *old, size_t n)
{
    if (!old)
        return malloc(n);
    if (n == 0) { /* glibc frees and returns NULL */
        fa_live--;
        return __libc_realloc(old, 0);
    }
    if (fa_fail())
        return NULL; /* old stays valid, as on a real failure */
    return __libc_realloc(old, n);
}

void free(void *p)
{
    if (p)
        fa_live--;
    __libc_free(p);
}

void *memalign(size_t align, size_t n);
void *memalign(size_t align, size_t n)
{
    if (fa_fail())
        return NULL;
    void *p = __libc_memalign(align, n);
    if (p)
        fa_live++;
    return p;
}

void *aligned_alloc(size_t align, size_t n)
{
    return memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    void *p = memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
#endif

static void fa_arm(long n, bool persist)
{
    fa_fail_at = n;
    fa_persist = persist;
    fa_count = 0;
    fa_hit = false;
    fa_nwhere = 0;
    fa_armed = true;
}

static void fa_disarm(void)
{
    fa_armed = false;
}

#ifndef FA_ASAN
/* True when one of the frames is in the exported function fn (of any library). */
static bool fa_in_stack(void *const *where, int n, const char *fn)
{
    for (int i = 0; i < n; i++) {
        Dl_info info;
        if (dladdr(where[i], &info) && info.dli_sname && strcmp(info.dli_sname, fn) == 0)
            return true;
    }
    return false;
}
#endif

/* Failures are collected, not asserted one by one, so one run lists them all. */
static int fa_problems;

static void fa_report(const char *path, long n, bool persist, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fa_report(const char *path, long n, bool persist, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fa_problems++;
    if (fa_problems > 12)
        return;
    print_error("%s: failing allocation %ld%s: %s\n", path, n, persist ? " and all after" : "",
                msg);
    /* Frames 0-1 are fa_fail and malloc. Static functions have no dynamic
     * symbol: resolve "binary+0x..." with addr2line -f -e <binary> 0x... */
    for (int i = 2; i < fa_nwhere && i < 10; i++) {
        Dl_info info;
        const char *lib = "?", *fn = NULL;
        uintptr_t off = (uintptr_t)fa_where[i];
        if (dladdr(fa_where[i], &info)) {
            lib = strrchr(info.dli_fname, '/') ? strrchr(info.dli_fname, '/') + 1 : info.dli_fname;
            fn = info.dli_sname;
            off = (uintptr_t)fa_where[i] - (uintptr_t)(fn ? info.dli_saddr : info.dli_fbase);
        }
        print_error("    at %s+0x%lx (%s)\n", fn ? fn : lib, (unsigned long)off, lib);
    }
}

/* Run one path for n = 1.. until it completes without reaching n; both modes. */
typedef void (*fa_path_fn)(long n, bool persist, bool *hit);

static long fa_sweep(const char *name, fa_path_fn fn)
{
#ifdef FA_ASAN
    (void)name;
    (void)fn;
    skip();
    return 0;
#else
    long total = 0;
    fa_problems = 0;
    for (int persist = 0; persist < 2; persist++) {
        long n;
        fa_skipped = 0;
        for (n = 1; n < 100000; n++) {
            bool hit = false;
            fn(n, persist, &hit);
            if (!hit)
                break;
        }
        print_message("%s: %ld runs, failing allocation n (%s); %ld json-c parser/serializer "
                      "allocations spared\n",
                      name, n - 1, persist ? "and every one after it" : "alone", fa_skipped);
        total += n - 1;
        assert_true(n > 1); /* the path allocates at all: the hooks are live */
    }
    if (fa_problems)
        fail_msg("%s: %d unclean failure(s), listed above", name, fa_problems);
    return total;
#endif
}

/* ------------------------------------------------------------------ */
/* 1. A JSON API request through app_dispatch                           */
/* ------------------------------------------------------------------ */

static const char *const fa_prio[] = {"low", "normal", "high", "urgent", NULL};

/* A handler the way cgi-bin writes them: validate, build JSON in the request
 * arena with jbuild, answer 201. */
static int fa_handler(struct request *req, struct response *res, struct app_err *err)
{
    enum { F_SUBJECT, F_BODY, F_PRIORITY, F_TAGS, F_RATING, F_N };
    static const struct field_spec fields[F_N] = {
        [F_SUBJECT] = {"subject", FT_STRING, FS_REQUIRED | FS_TRIM, 1, 200, 0, 0, NULL},
        [F_BODY] = {"body", FT_STRING, FS_REQUIRED, 1, 20000, 0, 0, NULL},
        [F_PRIORITY] = {"priority", FT_STRING, 0, 1, 16, 0, 0, fa_prio},
        [F_TAGS] = {"tags", FT_STRING_ARRAY, 0, 0, 10, 1, 32, NULL},
        [F_RATING] = {"rating", FT_INT, FS_NULLABLE, 1, 5, 0, 0, NULL},
    };
    struct field_value v[F_N];
    if (validate_json(req->json, fields, F_N, v, err))
        return -1;
    const char *id = request_param(req, 0), *who = request_cookie(req, "who");
    struct jbuild tags, o;
    jb_array(&tags, req->arena);
    size_t ntags = v[F_TAGS].present ? json_object_array_length(v[F_TAGS].arr) : 0;
    for (size_t i = 0; i < ntags; i++)
        jb_push_str(&tags, json_object_get_string(json_object_array_get_idx(v[F_TAGS].arr, i)));
    jb_object(&o, req->arena);
    jb_child(&o, "tags", jb_finish(&tags));
    jb_str(&o, "id", id ? id : "");
    jb_text(&o, "subject", arena_strndup(req->arena, v[F_SUBJECT].s, v[F_SUBJECT].len));
    jb_strn(&o, "body", v[F_BODY].s, v[F_BODY].len);
    jb_str(&o, "priority", v[F_PRIORITY].present ? v[F_PRIORITY].s : "normal");
    jb_text(&o, "note",
            arena_printf(req->arena, "ticket %s from %s", id ? id : "-", who ? who : "-"));
    jb_bool(&o, "verbose", request_query(req, "verbose") != NULL);
    if (response_json(res, 201, jb_finish(&o)))
        return err_unavailable(err, "out of memory");
    return 0;
}

static const struct route fa_routes[] = {
    {"POST", "/api/things/{id}", fa_handler, RF_JSON},
};
static const struct app fa_app = {.name = "fault", .routes = fa_routes, .nroutes = 1};

struct fa_feed {
    const char *data;
    size_t len, pos;
};

static int fa_read(void *ctx, char *buf, int n)
{
    struct fa_feed *f = ctx;
    size_t take = f->len - f->pos;
    if (take > (size_t)n)
        take = (size_t)n;
    if (take > 7)
        take = 7; /* several reads, as FastCGI does */
    memcpy(buf, f->data + f->pos, take);
    f->pos += take;
    return (int)take;
}

struct fa_answer {
    int status;
    char ctype[64];
    char text[4096]; /* the serialised response */
    int serialize_rc;
};

/* One request, start to finish, as serve() does it; the answer copied out. */
static void fa_request(struct arena *a, struct response *res, const char *body,
                       struct fa_answer *ans)
{
    char cl[48];
    snprintf(cl, sizeof cl, "CONTENT_LENGTH=%zu", strlen(body));
    char *env[] = {"REQUEST_METHOD=POST",
                   "REQUEST_URI=/api/things/42?verbose=1&x=%41",
                   "QUERY_STRING=verbose=1&x=%41",
                   "HTTP_COOKIE=who=ada; dp_csrf=x",
                   "CONTENT_TYPE=application/json; charset=utf-8",
                   cl,
                   "REMOTE_ADDR=127.0.0.1",
                   NULL};
    struct request req;
    memset(&req, 0, sizeof req);
    req.arena = a;
    req.envp = env;
    req.request_id = "fault-1";
    struct fa_feed feed = {body, strlen(body), 0};
    app_dispatch(&fa_app, &req, res, fa_read, &feed);
    struct buf out;
    buf_init(&out);
    ans->serialize_rc = response_serialize(res, &out);
    ans->status = res->status;
    snprintf(ans->ctype, sizeof ans->ctype, "%s", res->content_type ? res->content_type : "");
    snprintf(ans->text, sizeof ans->text, "%s", ans->serialize_rc == 0 ? buf_str(&out) : "");
    buf_cleanup(&out);
    if (req.json)
        json_object_put(req.json);
    response_reset(res);
    arena_reset(a);
}

static const char *fa_body;
static struct fa_answer fa_want;

static void fa_dispatch_path(long n, bool persist, bool *hit)
{
    long live0 = fa_live;
    struct arena a;
    arena_init(&a, 1 << 20);
    struct response res;
    response_init(&res);
    static struct fa_answer got, again;
    memset(&got, 0, sizeof got);

    fa_arm(n, persist);
    fa_request(&a, &res, fa_body, &got);
    fa_disarm();
    *hit = fa_hit;

    if (got.serialize_rc != 0) {
        /* Nothing could be written at all; serve() then sends nothing. */
    } else if (got.status == fa_want.status) {
        if (strcmp(got.text, fa_want.text) != 0)
            fa_report("dispatch", n, persist,
                      "status %d as without failures, but a different body:\n%s", got.status,
                      got.text);
    } else if (got.status == 503) {
        if (!strstr(got.ctype, "application/problem+json"))
            fa_report("dispatch", n, persist, "503 but content type '%s'", got.ctype);
    } else {
        fa_report("dispatch", n, persist, "answered %d (want %d or 503):\n%s", got.status,
                  fa_want.status, got.text);
    }
    /* The same worker state serves the next request normally. */
    fa_request(&a, &res, fa_body, &again);
    if (again.status != fa_want.status || strcmp(again.text, fa_want.text) != 0)
        fa_report("dispatch", n, persist, "the next request got %d instead of %d", again.status,
                  fa_want.status);
    response_cleanup(&res);
    arena_cleanup(&a);
    if (fa_live != live0)
        fa_report("dispatch", n, persist, "%ld block(s) leaked", fa_live - live0);
}

static void fa_dispatch_case(const char *label, const char *body, int want_status)
{
    fa_body = body;
    struct arena a;
    arena_init(&a, 1 << 20);
    struct response res;
    response_init(&res);
    fa_request(&a, &res, body, &fa_want); /* the reference answer; also warms up caches */
    fa_request(&a, &res, body, &fa_want);
    response_cleanup(&res);
    arena_cleanup(&a);
    assert_int_equal(fa_want.serialize_rc, 0);
    assert_int_equal(fa_want.status, want_status);
    fa_sweep(label, fa_dispatch_path);
}

static void test_dispatch_created(void **state)
{
    (void)state;
    fa_dispatch_case(
        "dispatch 201",
        "{\"subject\":\"  Card <missing>  \",\"body\":\"It has been two weeks. \\u00e9\","
        "\"priority\":\"high\",\"tags\":[\"card\",\"delivery\"],\"rating\":null,"
        "\"extra\":{\"nested\":[1,2.5,true]}}",
        201);
}

static void test_dispatch_validation(void **state)
{
    (void)state;
    fa_dispatch_case(
        "dispatch 422",
        "{\"subject\":\"\",\"body\":5,\"priority\":\"asap\",\"tags\":[1],\"rating\":9}", 422);
}

static void test_dispatch_malformed(void **state)
{
    (void)state;
    fa_dispatch_case("dispatch 400", "{\"subject\":\"x\",", 400);
}

/* ------------------------------------------------------------------ */
/* 2. json_parse_object + validate_json on their own                    */
/* ------------------------------------------------------------------ */

static const struct field_spec fa_fields[] = {
    {"email", FT_STRING, FS_REQUIRED | FS_EMAIL | FS_TRIM, 3, 254, 0, 0, NULL},
    {"name", FT_STRING, FS_REQUIRED, 1, 100, 0, 0, NULL},
    {"threshold", FT_NUMBER, 0, 0, 0, 0.0, 1.0, NULL},
    {"examples", FT_STRING_ARRAY, 0, 0, 50, 1, 500, NULL},
    {"auto", FT_BOOL, 0, 0, 0, 0, 0, NULL},
};
static const char fa_json[] =
    "{\"email\":\" ada@example.com \",\"name\":\"Ada \\u00c9\",\"threshold\":0.75,"
    "\"examples\":[\"where is my card\",\"card not arrived\",\"\\ud83d\\ude00 "
    "emoji\"],\"auto\":true}";

static void fa_validate_path(long n, bool persist, bool *hit)
{
    long live0 = fa_live;
    struct app_err err;
    err_clear(&err);
    struct json_object *o = NULL;
    struct field_value v[5];
    fa_arm(n, persist);
    int rc = json_parse_object(fa_json, strlen(fa_json), &o, &err);
    if (rc == 0)
        rc = validate_json(o, fa_fields, 5, v, &err);
    fa_disarm();
    *hit = fa_hit;
    if (rc == 0) {
        if (!(v[0].len == 15 && strncmp(v[0].s, "ada@example.com", 15) == 0 && v[2].d == 0.75 &&
              v[4].b && json_object_array_length(v[3].arr) == 3))
            fa_report("validate", n, persist, "success with wrong values");
    } else if (err.code == ERR_UNAVAILABLE) {
        if (o)
            fa_report("validate", n, persist, "failed but left an object");
    } else {
        fa_report("validate", n, persist, "failed with %s: %s", err_code_name(err.code),
                  err.detail);
    }
    json_object_put(o);
    if (fa_live != live0)
        fa_report("validate", n, persist, "%ld block(s) leaked", fa_live - live0);
}

static void test_json_validate(void **state)
{
    (void)state;
    fa_sweep("json_parse_object + validate_json", fa_validate_path);
}

/* ------------------------------------------------------------------ */
/* 3. Mustache: compile a set with partials, render sections             */
/* ------------------------------------------------------------------ */

static const char *const fa_tpl_src[][2] = {
    {"page",
     "<h1>{{title}}</h1>\n{{#tickets}}\n{{>row}}\n{{/tickets}}\n{{^tickets}}none{{/tickets}}\n"
     "{{#user}}{{>user}}{{/user}}{{{raw}}} {{n}} {{pi}}\n"},
    {"row", "<li class=\"{{#open}}open{{/open}}\">{{id}}: {{subject}}{{#messages}} "
            "[{{body}}]{{/messages}}</li>"},
    {"user", "{{name}} ({{role}}){{#tags}}<{{.}}>{{/tags}}"},
};
static const char fa_tpl_data[] =
    "{\"title\":\"<b>Queue</b> & more\",\"raw\":\"<hr>\",\"n\":3,\"pi\":3.25,"
    "\"user\":{\"name\":\"Ada\",\"role\":\"agent\",\"tags\":[\"a\",\"b\"]},"
    "\"tickets\":[{\"id\":1,\"subject\":\"Card ' missing\",\"open\":true,"
    "\"messages\":[{\"body\":\"hi\"},{\"body\":\"<i>there</i>\"}]},"
    "{\"id\":2,\"subject\":\"Refund\",\"open\":false,\"messages\":[]}]}";
static char fa_tpl_want[2048];

static int fa_tpl_run(struct buf *out)
{
    struct tpl_set *set = NULL;
    struct json_object *data = NULL;
    int rc = tpl_set_new(&set);
    for (size_t i = 0; rc == 0 && i < 3; i++)
        rc =
            tpl_set_add(set, fa_tpl_src[i][0], fa_tpl_src[i][1], strlen(fa_tpl_src[i][1]), NULL, 0);
    if (rc == 0) {
        data = json_tokener_parse(fa_tpl_data);
        rc = data ? tpl_set_render(set, "page", data, out) : TPL_ENOMEM;
    }
    json_object_put(data);
    tpl_set_free(set);
    return rc;
}

static void fa_tpl_path(long n, bool persist, bool *hit)
{
    long live0 = fa_live;
    struct buf out;
    buf_init(&out);
    fa_arm(n, persist);
    int rc = fa_tpl_run(&out);
    fa_disarm();
    *hit = fa_hit;
    if (rc == 0) {
        if (out.failed || strcmp(buf_str(&out), fa_tpl_want) != 0)
            fa_report("tpl", n, persist, "rendered 0 but a different page:\n%s", buf_str(&out));
    } else if (rc != TPL_ENOMEM) {
        fa_report("tpl", n, persist, "returned %d instead of TPL_ENOMEM", rc);
    }
    buf_cleanup(&out);
    if (fa_live != live0)
        fa_report("tpl", n, persist, "%ld block(s) leaked", fa_live - live0);
}

static void test_tpl(void **state)
{
    (void)state;
    struct buf out;
    buf_init(&out);
    assert_int_equal(fa_tpl_run(&out), 0);
    assert_true(out.len < sizeof fa_tpl_want);
    strcpy(fa_tpl_want, buf_str(&out));
    buf_cleanup(&out);
    assert_non_null(strstr(fa_tpl_want, "Card &#39; missing"));
    fa_sweep("tpl compile + render", fa_tpl_path);
}

/* ------------------------------------------------------------------ */
/* 4. The AI resolver and the reply template filler                     */
/* ------------------------------------------------------------------ */

/* The four texts of one resolver run ("" where a call failed) and whether each succeeded. */
struct fa_replies {
    char text[4][256];
    int ok[4];
};
static struct fa_replies fa_replies_want;

static void fa_resolve_run(struct fa_replies *out, const char *path, long n, bool persist)
{
    static const struct ai_similar best = {
        9,
        0.90f,
        "card_arrival",
        "Hi {{customer_name}}, ticket {{ticket_id}} ({{subject}}) ships soon.",
        true,
        false};
    struct ai_resolve_input in = {"card_arrival",
                                  "Template for {{ customer_name }} about {{intent}}",
                                  "Fallback {{ticket_id}}",
                                  &best,
                                  0.8,
                                  0,
                                  {"Ada", "42", "Card {{missing}}", "card_arrival"}};
    struct ai_resolution r[3];
    int rc[3];
    struct buf b;
    buf_init(&b);
    rc[0] = ai_resolve(&in, &r[0]); /* the similar ticket's solution */
    in.best = NULL;
    rc[1] = ai_resolve(&in, &r[1]); /* the intent's template */
    in.intent_template = NULL;
    rc[2] = ai_resolve(&in, &r[2]); /* the fallback */
    int frc = ai_template_fill("Dear {{customer_name}}, re {{subject}} {{{intent}}} {{ticket_id",
                               &in.vars, &b);
    bool was_armed = fa_armed;
    fa_disarm();
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 3; i++) {
        out->ok[i] = rc[i] == 0;
        if (rc[i] == 0)
            snprintf(out->text[i], sizeof out->text[i], "%s", r[i].text ? r[i].text : "(null)");
        else if (rc[i] != AI_ENOMEM || r[i].text || r[i].source != AI_REPLY_NONE)
            fa_report(path, n, persist, "reply %d: returned %d without an empty result", i, rc[i]);
        ai_resolution_cleanup(&r[i]);
    }
    out->ok[3] = frc == 0;
    if (frc == 0)
        snprintf(out->text[3], sizeof out->text[3], "%s", buf_str(&b));
    else if (!b.failed)
        fa_report(path, n, persist, "ai_template_fill failed without setting failed");
    buf_cleanup(&b);
    fa_armed = was_armed;
}

static void fa_resolve_path(long n, bool persist, bool *hit)
{
    long live0 = fa_live;
    struct fa_replies got;
    fa_arm(n, persist);
    fa_resolve_run(&got, "resolve", n, persist);
    fa_disarm();
    *hit = fa_hit;
    for (int i = 0; i < 4; i++)
        if (got.ok[i] && strcmp(got.text[i], fa_replies_want.text[i]) != 0)
            fa_report("resolve", n, persist, "reply %d: '%s' instead of '%s'", i, got.text[i],
                      fa_replies_want.text[i]);
    if (fa_live != live0)
        fa_report("resolve", n, persist, "%ld block(s) leaked", fa_live - live0);
}

static void test_resolve(void **state)
{
    (void)state;
    fa_problems = 0;
    fa_resolve_run(&fa_replies_want, "resolve reference", 0, false);
    for (int i = 0; i < 4; i++)
        assert_true(fa_replies_want.ok[i]);
    assert_string_equal(fa_replies_want.text[2], "Fallback 42");
    assert_int_equal(fa_problems, 0);
    fa_sweep("ai_resolve + ai_template_fill", fa_resolve_path);
}

static int setup(void **state)
{
    (void)state;
    g_config.max_body = 1 << 20;
    g_config.db_retry_after = 5;
    /* Quiet: every swept failure logs an internal error line otherwise. */
    log_init((enum log_level)(LOG_ERROR + 1), "test_fault_alloc");
    void *frames[4];
    backtrace(frames, 4); /* loads libgcc_s now, not while armed */
    return 0;
}

/* An optional argument runs only the tests whose names match it (cmocka's filter). */
int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dispatch_created),
        cmocka_unit_test(test_dispatch_validation),
        cmocka_unit_test(test_dispatch_malformed),
        cmocka_unit_test(test_json_validate),
        cmocka_unit_test(test_tpl),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
