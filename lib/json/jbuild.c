/* jbuild: checked JSON construction over json-c. */
#include "json/jbuild.h"

#include <json.h>

void jb_init(struct jbuild *jb)
{
    jb->o = json_object_new_object();
    jb->failed = jb->o == NULL;
}

/* v NULL is a JSON null only when null_ok; otherwise an allocation failed. */
static void add(struct jbuild *jb, const char *key, json_object *v, bool null_ok)
{
    if (jb->failed || (!v && !null_ok) || json_object_object_add(jb->o, key, v) != 0) {
        json_object_put(v);
        jb->failed = true;
    }
}

void jb_str(struct jbuild *jb, const char *key, const char *s)
{
    add(jb, key, s ? json_object_new_string(s) : NULL, s == NULL);
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

void jb_null(struct jbuild *jb, const char *key) { add(jb, key, NULL, true); }

void jb_child(struct jbuild *jb, const char *key, struct json_object *child)
{
    add(jb, key, child, false);
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

struct json_object *jb_finish(struct jbuild *jb)
{
    if (jb->failed) {
        json_object_put(jb->o);
        jb->o = NULL;
    }
    return jb->o;
}

int jb_append(struct json_object *array, struct json_object *v)
{
    if (!array || !v || json_object_array_add(array, v) != 0) {
        json_object_put(v);
        return -1;
    }
    return 0;
}
