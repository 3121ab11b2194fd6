/* template: a minimal, always-terminating placeholder filler. */
#include "ai/template.h"

#include <stdbool.h>
#include <string.h>

/* Append s[0..n) to out, never letting "{{" appear: a '{' right after a '{'
 * (already in out) is skipped. This one rule covers values and joins. */
static void put(struct buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '{' && out->len > 0 && out->data && out->data[out->len - 1] == '{')
            continue;
        buf_putc(out, s[i]);
    }
}

static const char *lookup(const struct ai_template_vars *v, const char *name, size_t n)
{
    static const struct {
        const char *name;
        size_t off;
    } names[] = {
        {"customer_name", offsetof(struct ai_template_vars, customer_name)},
        {"ticket_id", offsetof(struct ai_template_vars, ticket_id)},
        {"subject", offsetof(struct ai_template_vars, subject)},
        {"intent", offsetof(struct ai_template_vars, intent)},
    };
    if (!v)
        return "";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i].name) == n && memcmp(names[i].name, name, n) == 0) {
            const char *val = *(const char *const *)((const char *)v + names[i].off);
            return val ? val : "";
        }
    }
    return "";
}

static bool is_trim(char c)
{
    return c == ' ' || c == '\t' || c == '{' || c == '}' || c == '&';
}

int ai_template_fill(const char *tpl, const struct ai_template_vars *vars, struct buf *out)
{
    if (!tpl)
        tpl = "";
    const char *p = tpl;
    while (*p) {
        const char *open = strstr(p, "{{");
        if (!open) {
            put(out, p, strlen(p));
            break;
        }
        put(out, p, (size_t)(open - p));
        const char *close = strstr(open + 2, "}}");
        if (!close) {
            /* Unterminated: drop the "{{" and keep the text after it. */
            p = open + 2;
            continue;
        }
        const char *a = open + 2, *b = close;
        while (a < b && is_trim(*a))
            a++;
        while (b > a && is_trim(b[-1]))
            b--;
        const char *val = lookup(vars, a, (size_t)(b - a));
        put(out, val, strlen(val));
        p = close + 2;
        if (*p == '}' && open[2] == '{')
            p++; /* "{{{name}}}" */
    }
    return out->failed ? -1 : 0;
}
