/* template: fills {{customer_name}}, {{ticket_id}}, {{subject}}, {{intent}} in reply templates. */
#ifndef DESKPILOT_AI_TEMPLATE_H
#define DESKPILOT_AI_TEMPLATE_H

#include "core/buf.h"

/* Values for the placeholders; NULL reads as "". Plain text: no escaping
 * here, the caller escapes once for the output context. */
struct ai_template_vars {
    const char *customer_name;
    const char *ticket_id;
    const char *subject;
    const char *intent;
};

/* Append tpl to out with placeholders replaced. "{{ name }}" (spaces allowed,
 * also "{{{name}}}") is a placeholder; an unknown name becomes "", a "{{" with
 * no closing "}}" is dropped. The output never contains "{{": one in a value
 * or formed by concatenation is reduced to "{". NULL tpl reads as "".
 * Returns 0 or -1 when memory ran out (out->failed is set). */
int ai_template_fill(const char *tpl, const struct ai_template_vars *vars, struct buf *out);

#endif
