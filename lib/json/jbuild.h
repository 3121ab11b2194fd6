/* jbuild: the one way to build JSON — objects and arrays, every allocation checked,
 * failures remembered, every value owned by the request arena. */
#ifndef DESKPILOT_JSON_JBUILD_H
#define DESKPILOT_JSON_JBUILD_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct json_object;

/* A JSON object or array under construction. The value is registered with the
 * arena when it starts (json_object_put runs at the arena's reset), so it stays
 * valid until the request ends and no caller ever frees it. Any failed
 * allocation sets failed; the adders then do nothing and jb_finish returns NULL. */
struct jbuild {
    struct json_object *o;
    struct arena *arena;
    bool failed;
};

/* Start an empty object / array owned by a. */
void jb_object(struct jbuild *jb, struct arena *a);
void jb_array(struct jbuild *jb, struct arena *a);
/* Go on adding to v, an object or array that a already owns (a view's result, a
 * page's data); v NULL counts as a failure. */
void jb_extend(struct jbuild *jb, struct arena *a, struct json_object *v);

/* Object adders. Add key: a string (NULL → JSON null; jb_strn copies len bytes),
 * a string that must be there (NULL counts as a failure: a failed arena_printf),
 * an integer, an id (<= 0 → null), a number, a boolean, an explicit null, or a
 * child value (an arena-owned value: the object takes its own reference, so the
 * child stays valid too; NULL counts as a failure). */
void jb_str(struct jbuild *jb, const char *key, const char *s);
void jb_strn(struct jbuild *jb, const char *key, const char *s, size_t len);
void jb_text(struct jbuild *jb, const char *key, const char *s);
void jb_int(struct jbuild *jb, const char *key, long long v);
void jb_id(struct jbuild *jb, const char *key, long long id);
void jb_dbl(struct jbuild *jb, const char *key, double v);
void jb_bool(struct jbuild *jb, const char *key, bool v);
void jb_null(struct jbuild *jb, const char *key);
void jb_child(struct jbuild *jb, const char *key, struct json_object *child);
/* Measured numbers that may be missing: num/den, null when den <= 0; v, null when
 * v < 0 (the "not measured" of the stats functions). */
void jb_ratio(struct jbuild *jb, const char *key, long long num, long long den);
void jb_measured(struct jbuild *jb, const char *key, double v);

/* Array adders: a string (NULL → null), len bytes of a string, an integer, or a child
 * value (as jb_child). */
void jb_push_str(struct jbuild *jb, const char *s);
void jb_push_int(struct jbuild *jb, long long v);
void jb_push_strn(struct jbuild *jb, const char *s, size_t len);
void jb_push_child(struct jbuild *jb, struct json_object *child);

/* The value, borrowed until the arena's reset; NULL when anything failed. */
struct json_object *jb_finish(struct jbuild *jb);

/* v as compact JSON text — no spaces, "/" unescaped: what the API sends and the
 * audit log stores — borrowed as long as v; *len (when not NULL) gets its length.
 * NULL when v is NULL or out of memory. */
const char *jb_json(struct json_object *v, size_t *len);

/* [row(a, 0, ctx), ..., row(a, n - 1, ctx)]: the one loop behind every list (API
 * pages, page tables, stats). row returns the i-th item, an arena-owned value
 * (NULL when out of memory); ctx is usually the rows. Arena-owned; NULL when out
 * of memory. */
struct json_object *jb_rows(struct arena *a, int n,
                            struct json_object *(*row)(struct arena *a, int i, const void *ctx),
                            const void *ctx);

#endif
