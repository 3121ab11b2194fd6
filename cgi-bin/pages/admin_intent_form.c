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
static json_object *examples_json(struct arena *a, const char *text)
{
    struct jbuild arr;
    jb_array(&arr, a);
    for (const char *p = text; p && *p;) {
        const char *eol = strchr(p, '\n');
        const char *end = eol ? eol : p + strlen(p);
        const char *b = p, *e = end;
        while (b < e && (*b == ' ' || *b == '\t' || *b == '\r'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        if (e > b)
            jb_push_strn(&arr, b, (size_t)(e - b));
        p = eol ? eol + 1 : end;
    }
    return jb_finish(&arr);
}

/* Empty = null (the global threshold); a number as a number; anything else as
 * the text itself, so intent_input_apply reports it like the API would. */
static void put_threshold(struct jbuild *o, const char *text)
{
    char trimmed[64];
    const char *b = text;
    while (*b == ' ' || *b == '\t')
        b++;
    size_t n = strlen(b);
    while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t'))
        n--;
    if (n == 0) {
        jb_null(o, "threshold");
        return;
    }
    if (n >= sizeof trimmed) {
        jb_str(o, "threshold", text);
        return;
    }
    memcpy(trimmed, b, n);
    trimmed[n] = '\0';
    double d;
    if (num_parse_double(trimmed, -INFINITY, INFINITY, &d) == 0)
        jb_dbl(o, "threshold", d);
    else
        jb_str(o, "threshold", trimmed);
}

int pages_intent_body(struct arena *a, const struct web_form *f, bool with_name,
                      struct json_object **out, struct app_err *err)
{
    static const char *const texts[] = {"name", "description", "response_template", NULL};
    struct jbuild o;
    jb_object(&o, a);
    for (size_t i = 0; texts[i]; i++) {
        const char *v = web_form_get(f, texts[i]);
        if (v && (i > 0 || with_name))
            jb_str(&o, texts[i], v);
    }
    const char *examples = web_form_get(f, "examples");
    if (examples)
        jb_child(&o, "examples", examples_json(a, examples));
    /* An unticked checkbox sends nothing: absent is off. */
    jb_bool(&o, "auto_resolve", web_form_get(f, "auto_resolve") != NULL);
    const char *threshold = web_form_get(f, "threshold");
    if (threshold)
        put_threshold(&o, threshold);
    if (!(*out = jb_finish(&o)))
        return err_unavailable(err, "out of memory");
    return 0;
}

/* The examples one per line, for the textarea. */
static void put_examples_text(struct jbuild *o, const struct intent *in)
{
    struct buf b;
    buf_init(&b);
    for (int i = 0; i < in->nexamples; i++) {
        buf_puts(&b, in->examples[i]);
        buf_putc(&b, '\n');
    }
    jb_text(o, "examples", b.failed ? NULL : buf_str(&b));
    buf_cleanup(&b);
}

struct json_object *pages_intent_form(struct arena *a, const struct intent *in,
                                      const struct web_form *f)
{
    struct jbuild o;
    jb_object(&o, a);
    if (f) {
        static const char *const keys[] = {
            "name", "description", "examples", "response_template", "threshold", NULL};
        for (size_t i = 0; keys[i]; i++)
            pages_form_str(&o, f, keys[i]);
        jb_bool(&o, "auto_resolve", web_form_get(f, "auto_resolve") != NULL);
    } else if (in) {
        char t[32] = "";
        if (in->has_threshold)
            snprintf(t, sizeof t, "%g", in->threshold);
        jb_str(&o, "name", in->name ? in->name : "");
        jb_str(&o, "description", in->description ? in->description : "");
        put_examples_text(&o, in);
        jb_str(&o, "response_template", in->response_template ? in->response_template : "");
        jb_str(&o, "threshold", t);
        jb_bool(&o, "auto_resolve", in->auto_resolve);
    } else {
        jb_bool(&o, "auto_resolve", true);
    }
    jb_bool(&o, "is_new", in == NULL);
    return jb_finish(&o);
}
