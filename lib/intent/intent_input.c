/* intent_input: field rules for intents. */
#include "intent/intent_input.h"

#include <json.h>
#include <string.h>

#include "json/validate.h"

enum { F_NAME, F_DESCRIPTION, F_EXAMPLES, F_TEMPLATE, F_AUTO, F_THRESHOLD, F_PAUSED, F_COUNT };
static const struct field_spec fields[F_COUNT] = {
    [F_NAME] = {"name", FT_STRING, FS_REQUIRED | FS_IDENT, 1, 64, 0, 0, NULL},
    [F_DESCRIPTION] = {"description", FT_STRING, 0, 0, 500, 0, 0, NULL},
    [F_EXAMPLES] = {"examples", FT_STRING_ARRAY, 0, 0, 1000, 1, 1000, NULL},
    [F_TEMPLATE] = {"response_template", FT_STRING, 0, 0, 5000, 0, 0, NULL},
    [F_AUTO] = {"auto_resolve", FT_BOOL, 0, 0, 0, 0, 0, NULL},
    [F_THRESHOLD] = {"threshold", FT_NUMBER, FS_NULLABLE, 0, 0, 0.0, 1.0, NULL},
    [F_PAUSED] = {"auto_paused", FT_BOOL, 0, 0, 0, 0, 0, NULL},
};

int intent_input_apply(struct arena *a, struct json_object *obj, bool with_name, struct intent *in,
                       struct intent_given *given, struct app_err *err)
{
    struct field_value v[F_COUNT];
    memset(given, 0, sizeof *given);
    memset(v, 0, sizeof v);
    int first = with_name ? F_NAME : F_DESCRIPTION;
    if (validate_json(obj, fields + first, (size_t)(F_COUNT - first), v + first, err))
        return -1;
    if (with_name && strcmp(v[F_NAME].s, INTENT_OTHER) == 0)
        return err_field(err, "name", "\"%s\" is reserved for tickets that match no intent",
                         INTENT_OTHER);
    if (with_name)
        in->name = v[F_NAME].s;
    if ((given->description = v[F_DESCRIPTION].present))
        in->description = v[F_DESCRIPTION].s;
    if ((given->response_template = v[F_TEMPLATE].present))
        in->response_template = v[F_TEMPLATE].s;
    if ((given->auto_resolve = v[F_AUTO].present))
        in->auto_resolve = v[F_AUTO].b;
    if ((given->threshold = v[F_THRESHOLD].present)) {
        in->has_threshold = !v[F_THRESHOLD].is_null;
        in->threshold = v[F_THRESHOLD].d;
    }
    if ((given->auto_paused = v[F_PAUSED].present))
        given->auto_paused_value = v[F_PAUSED].b;
    if ((given->examples = v[F_EXAMPLES].present)) {
        size_t n = json_object_array_length(v[F_EXAMPLES].arr);
        const char **ex = arena_calloc(a, n + 1, sizeof *ex);
        if (!ex)
            return err_unavailable(err, "out of memory");
        for (size_t i = 0; i < n; i++)
            ex[i] = json_object_get_string(json_object_array_get_idx(v[F_EXAMPLES].arr, i));
        in->examples = ex;
        in->nexamples = (int)n;
    }
    return 0;
}
