/* jbuild: building JSON objects with every allocation checked, failures remembered. */
#ifndef DESKPILOT_JSON_JBUILD_H
#define DESKPILOT_JSON_JBUILD_H

#include <stdbool.h>

struct json_object;

/* A JSON object under construction. Any failed allocation sets failed; the
 * adders then do nothing, and jb_finish returns NULL. */
struct jbuild {
    struct json_object *o;
    bool failed;
};

/* Start an object (check jb->failed, or just carry on: jb_finish reports it). */
void jb_init(struct jbuild *jb);
/* Add key: a string (NULL → JSON null), an integer, an id (<= 0 → null), a
 * number, a boolean, an explicit null, or a child value (takes ownership; NULL
 * child counts as a failure). */
void jb_str(struct jbuild *jb, const char *key, const char *s);
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
/* The object (caller owns it), or NULL when anything failed (all freed). */
struct json_object *jb_finish(struct jbuild *jb);
/* Append to an array, taking ownership; -1 (and v freed) when v is NULL or the
 * append fails. */
int jb_append(struct json_object *array, struct json_object *v);

#endif
