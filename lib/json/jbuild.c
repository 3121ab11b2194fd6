/* jbuild: checked JSON construction over json-c, values released by the arena. */
#include "json/jbuild.h"

#include <json.h>
#include <limits.h>

#include "core/arena.h"

static void release(void *v)
{
    json_object_put(v);
}

/* v is the new value (NULL: its allocation failed). On success the arena holds the
 * one reference every jbuild value starts with. */
static void start(struct jbuild *jb, struct arena *a, json_object *v)
{
    jb->arena = a;
    jb->o = v;
    jb->failed = v == NULL || arena_defer(a, release, v) != 0; /* a failed defer put v */
    if (jb->failed)
        jb->o = NULL;
}

void jb_object(struct jbuild *jb, struct arena *a)
{
    start(jb, a, json_object_new_object());
}

void jb_array(struct jbuild *jb, struct arena *a)
{
    start(jb, a, json_object_new_array());
}

void jb_extend(struct jbuild *jb, struct arena *a, struct json_object *v)
{
    jb->arena = a;
    jb->o = v;
    jb->failed = v == NULL;
}

/* v NULL is a JSON null only when null_ok; otherwise an allocation failed. The
 * container owns v either way. */
static void add(struct jbuild *jb, const char *key, json_object *v, bool null_ok)
{
    if (jb->failed || (!v && !null_ok) || json_object_object_add(jb->o, key, v) != 0) {
        json_object_put(v);
        jb->failed = true;
    }
}

static void push(struct jbuild *jb, json_object *v, bool null_ok)
{
    if (jb->failed || (!v && !null_ok) || json_object_array_add(jb->o, v) != 0) {
        json_object_put(v);
        jb->failed = true;
    }
}

void jb_str(struct jbuild *jb, const char *key, const char *s)
{
    add(jb, key, s ? json_object_new_string(s) : NULL, s == NULL);
}

void jb_strn(struct jbuild *jb, const char *key, const char *s, size_t len)
{
    add(jb, key, len <= INT_MAX ? json_object_new_string_len(s, (int)len) : NULL, false);
}

void jb_text(struct jbuild *jb, const char *key, const char *s)
{
    add(jb, key, s ? json_object_new_string(s) : NULL, false);
}

void jb_int(struct jbuild *jb, const char *key, long long v)
{
    add(jb, key, json_object_new_int64(v), false);
}

void jb_id(struct jbuild *jb, const char *key, long long id)
{
    add(jb, key, id > 0 ? json_object_new_int64(id) : NULL, id <= 0);
}

void jb_dbl(struct jbuild *jb, const char *key, double v)
{
    add(jb, key, json_object_new_double(v), false);
}

void jb_bool(struct jbuild *jb, const char *key, bool v)
{
    add(jb, key, json_object_new_boolean(v), false);
}

void jb_null(struct jbuild *jb, const char *key)
{
    add(jb, key, NULL, true);
}

/* The container's own reference, so the arena's reference stays the arena's. */
static json_object *share(json_object *child)
{
    return child ? json_object_get(child) : NULL;
}

void jb_child(struct jbuild *jb, const char *key, struct json_object *child)
{
    add(jb, key, share(child), false);
}

void jb_ratio(struct jbuild *jb, const char *key, long long num, long long den)
{
    if (den > 0)
        jb_dbl(jb, key, (double)num / (double)den);
    else
        jb_null(jb, key);
}

void jb_measured(struct jbuild *jb, const char *key, double v)
{
    if (v >= 0)
        jb_dbl(jb, key, v);
    else
        jb_null(jb, key);
}

void jb_push_str(struct jbuild *jb, const char *s)
{
    push(jb, s ? json_object_new_string(s) : NULL, s == NULL);
}

void jb_push_int(struct jbuild *jb, long long v)
{
    push(jb, json_object_new_int64(v), false);
}

void jb_push_strn(struct jbuild *jb, const char *s, size_t len)
{
    push(jb, len <= INT_MAX ? json_object_new_string_len(s, (int)len) : NULL, false);
}

void jb_push_child(struct jbuild *jb, struct json_object *child)
{
    push(jb, share(child), false);
}

struct json_object *jb_finish(struct jbuild *jb)
{
    return jb->failed ? NULL : jb->o;
}

const char *jb_json(struct json_object *v, size_t *len)
{
    size_t n = 0;
    const char *s = v ? json_object_to_json_string_length(
                            v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n)
                      : NULL;
    if (len)
        *len = n;
    return s;
}

struct json_object *jb_rows(struct arena *a, int n,
                            struct json_object *(*row)(struct arena *a, int i, const void *ctx),
                            const void *ctx)
{
    struct jbuild list;
    jb_array(&list, a);
    for (int i = 0; !list.failed && i < n; i++)
        jb_push_child(&list, row(a, i, ctx));
    return jb_finish(&list);
}
