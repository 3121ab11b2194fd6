/* settings: the settings as the admin API shows them, and their one validated,
 * audited update — shared by PUT /api/admin/settings and the /admin/settings page. */
#ifndef DESKPILOT_SETTINGS_SETTINGS_H
#define DESKPILOT_SETTINGS_SETTINGS_H

#include "core/err.h"
#include "db/db_settings.h"

struct arena;
struct json_object;

/* The settings now in force (defaults for any not stored). 503 when the database is down. */
int settings_load(struct settings *out, struct app_err *err);

/* {"confidence_threshold": 0.75, ..., "min_ratings": 20, "auto_resolve_enabled": true,
 *  "confidence_threshold_explicit": false}: every entry of setting_defs with its JSON
 * type (boolean, integer or number), and whether an admin set the global threshold
 * (false: confidence_threshold is what the model chose for auto_resolve_target_precision
 * — the caller puts that value in s first). Owned by a; NULL when out of memory. */
struct json_object *settings_json(struct arena *a, const struct settings *s);

/* Apply changes, a JSON object of setting name -> value (any subset, borrowed), as
 * admin `actor`. Every key must name a setting and every value must have the
 * setting's type and range (null clears a nullable one: confidence_threshold null goes
 * back to the threshold the model chooses); otherwise 422 with one field error per bad
 * key and nothing is written. Then every value is stored and audited ("settings.update",
 * target the name, detail the stored text) in one transaction, and *out receives
 * the settings as they are afterwards. 503 when the database is down. */
int settings_update(struct json_object *changes, long long actor, struct settings *out,
                    struct app_err *err);

#endif
