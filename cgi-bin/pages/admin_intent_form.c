/* admin_intent_form: the intent form of the create and edit pages, both ways — the
 * form as the API's Intent JSON, and an intent (or what was typed) as form values. */
#include <json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/num.h"
#include "intent/intent_change.h"
#include "pages.h"

/* One example per line: CR LF or LF, surrounding blanks trimmed, blank lines dropped. */
static json_object *examples_json(const char *text)
{
    json_object *arr = json_object_new_array();
    for (const char *p = text; arr && p && *p;) {
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        const char *b = p, *e = end;
        while (b < e && (*b == ' ' || *b == '\t' || *b == '\r'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        if (e > b) {
            json_object *s = json_object_new_string_len(b, (int)(e - b));
            if (!s || json_object_array_add(arr, s)) {
                json_object_put(s);
                json_object_put(arr);
                return NULL;
            }
        }
        p = eol ? eol + 1 : end;
    }
    return arr;
}

/* Empty = null (the global threshold); a number as a number; anything else as
 * the text itself, so intent_input_apply reports it like the API would. */
static json_object *threshold_json(const char *text, bool *is_null)
{
    char trimmed[64];
    const char *b = text;
    while (*b == ' ' || *b == '\t')
        b++;
    size_t n = strlen(b);
    while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t'))
        n--;
    *is_null = n == 0;
    if (n == 0)
        return NULL;
    if (n >= sizeof trimmed)
        return json_object_new_string(text);
    memcpy(trimmed, b, n);
    trimmed[n] = '\0';
    double d;
    if (num_parse_double(trimmed, -INFINITY, INFINITY, &d) == 0)
        return json_object_new_double(d);
    return json_object_new_string(trimmed);
}

int pages_intent_body(const struct web_form *f, bool with_name, struct json_object **out,
                      struct app_err *err)
{
    static const char *const texts[] = {"name", "description", "response_template", NULL};
    json_object *o = json_object_new_object();
    int rc = !o;
    for (size_t i = 0; !rc && texts[i]; i++) {
        const char *v = web_form_get(f, texts[i]);
        if (v && (i > 0 || with_name))
            rc = pages_put(o, texts[i], json_object_new_string(v));
    }
    const char *examples = web_form_get(f, "examples");
    if (!rc && examples)
        rc = pages_put(o, "examples", examples_json(examples));
    /* An unticked checkbox sends nothing: absent is off. */
    if (!rc)
        rc = pages_put(o, "auto_resolve",
                       json_object_new_boolean(web_form_get(f, "auto_resolve") != NULL));
    const char *threshold = web_form_get(f, "threshold");
    if (!rc && threshold) {
        bool is_null;
        json_object *t = threshold_json(threshold, &is_null);
        rc = is_null ? json_object_object_add(o, "threshold", NULL) : pages_put(o, "threshold", t);
    }
    if (rc) {
        json_object_put(o);
        return err_unavailable(err, "out of memory");
    }
    *out = o;
    return 0;
}

/* The examples one per line, for the textarea. */
static json_object *examples_text(const struct intent *in)
{
    struct buf b;
    buf_init(&b);
    for (int i = 0; i < in->nexamples; i++) {
        buf_puts(&b, in->examples[i]);
        buf_putc(&b, '\n');
    }
    json_object *s = b.failed ? NULL : json_object_new_string(buf_str(&b));
    buf_cleanup(&b);
    return s;
}

struct json_object *pages_intent_form(const struct intent *in, const struct web_form *f)
{
    json_object *o = json_object_new_object();
    if (!o)
        return NULL;
    int rc = 0;
    if (f) {
        static const char *const keys[] = {
            "name", "description", "examples", "response_template", "threshold", NULL};
        for (size_t i = 0; keys[i]; i++)
            rc |= pages_put(o, keys[i], pages_str(web_form_get(f, keys[i])));
        rc |= pages_put(o, "auto_resolve",
                        json_object_new_boolean(web_form_get(f, "auto_resolve") != NULL));
    } else if (in) {
        char t[32] = "";
        if (in->has_threshold)
            snprintf(t, sizeof t, "%g", in->threshold);
        rc |= pages_put(o, "name", pages_str(in->name)) |
              pages_put(o, "description", pages_str(in->description)) |
              pages_put(o, "examples", examples_text(in)) |
              pages_put(o, "response_template", pages_str(in->response_template)) |
              pages_put(o, "threshold", json_object_new_string(t)) |
              pages_put(o, "auto_resolve", json_object_new_boolean(in->auto_resolve));
    } else {
        rc |= pages_put(o, "auto_resolve", json_object_new_boolean(1));
    }
    rc |= pages_put(o, "is_new", json_object_new_boolean(in == NULL));
    if (rc) {
        json_object_put(o);
        return NULL;
    }
    return o;
}
