/* db_settings: SQL for the settings table and the defaults behind it. */
#include "db/db_settings.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "db/db.h"
#include "db/db_generation.h"

const struct setting_def setting_defs[] = {
    {"confidence_threshold", false, false, 0, 1, true},
    {"auto_resolve_target_precision", false, false, 0.5, 0.999, false},
    {"similarity_threshold", false, false, 0, 1, false},
    {"target_precision", false, false, 0, 1, false},
    {"min_ratings", true, false, 1, 10000, false},
    {"auto_resolve_enabled", false, true, 0, 1, false},
    {"signup_quota", true, false, 0, 1000000, false},
    {"ticket_quota", true, false, 0, 1000000, false},
    {"pending_auto_close_days", true, false, 0, 365, false},
    /* 24 MiB: within DESKPILOT_UPLOAD_MAX_BODY's default (26 MiB) with the form around it. */
    {"attachment_max_bytes", true, false, 1024, 25165824, false},
    {"attachment_max_files", true, false, 1, 20, false},
    {"attachment_max_per_ticket", true, false, 1, 1000, false},
    {"attachment_quota_mb", true, false, 0, 1000000, false},
};
const int setting_count = sizeof setting_defs / sizeof setting_defs[0];

static double *field(struct settings *s, const char *name, long long **ifield, bool **bfield)
{
    *ifield = NULL;
    *bfield = NULL;
    if (strcmp(name, "confidence_threshold") == 0)
        return &s->confidence_threshold;
    if (strcmp(name, "auto_resolve_target_precision") == 0)
        return &s->auto_resolve_target_precision;
    if (strcmp(name, "similarity_threshold") == 0)
        return &s->similarity_threshold;
    if (strcmp(name, "target_precision") == 0)
        return &s->target_precision;
    if (strcmp(name, "min_ratings") == 0)
        *ifield = &s->min_ratings;
    if (strcmp(name, "signup_quota") == 0)
        *ifield = &s->signup_quota;
    if (strcmp(name, "ticket_quota") == 0)
        *ifield = &s->ticket_quota;
    if (strcmp(name, "pending_auto_close_days") == 0)
        *ifield = &s->pending_auto_close_days;
    if (strcmp(name, "attachment_max_bytes") == 0)
        *ifield = &s->attachment_max_bytes;
    if (strcmp(name, "attachment_max_files") == 0)
        *ifield = &s->attachment_max_files;
    if (strcmp(name, "attachment_max_per_ticket") == 0)
        *ifield = &s->attachment_max_per_ticket;
    if (strcmp(name, "attachment_quota_mb") == 0)
        *ifield = &s->attachment_quota_mb;
    if (strcmp(name, "auto_resolve_enabled") == 0)
        *bfield = &s->auto_resolve_enabled;
    return NULL;
}

static int setting_row(void *ctx, const struct db_row *row, struct app_err *err)
{
    (void)err;
    struct settings *s = ctx;
    long long *i;
    bool *b;
    double *d = field(s, row->val[0], &i, &b);
    double v = strtod(row->val[1] ? row->val[1] : "0", NULL);
    if (d == &s->confidence_threshold)
        s->confidence_threshold_set = true;
    if (d)
        *d = v;
    else if (i)
        *i = (long long)v;
    else if (b)
        *b = v != 0;
    return 0;
}

int db_settings_load(struct settings *s, struct app_err *err)
{
    s->confidence_threshold = g_config.confidence_threshold;
    s->confidence_threshold_set = false;
    s->auto_resolve_target_precision = g_config.auto_resolve_target_precision;
    s->similarity_threshold = g_config.similarity_threshold;
    s->target_precision = g_config.target_precision;
    s->min_ratings = g_config.min_ratings;
    s->auto_resolve_enabled = true;
    s->signup_quota = g_config.signup_quota;
    s->ticket_quota = g_config.ticket_quota;
    s->pending_auto_close_days = g_config.pending_auto_close_days;
    s->attachment_max_bytes = SETTINGS_ATTACHMENT_MAX_BYTES;
    s->attachment_max_files = SETTINGS_ATTACHMENT_MAX_FILES;
    s->attachment_max_per_ticket = SETTINGS_ATTACHMENT_MAX_PER_TICKET;
    s->attachment_quota_mb = SETTINGS_ATTACHMENT_QUOTA_MB;
    return db_query("SELECT name, value FROM settings", DB_NO_PARAMS, setting_row, s, err);
}

int db_settings_store(const char *name, const char *value, struct app_err *err)
{
    if (db_generation_bump(err))
        return -1;
    if (!value)
        return db_exec("DELETE FROM settings WHERE name = ?", DB_PARAMS(DBP_STR(name)), NULL, NULL,
                       err);
    return db_exec("INSERT INTO settings (name, value) VALUES (?, ?) "
                   "ON DUPLICATE KEY UPDATE value = VALUES(value)",
                   DB_PARAMS(DBP_STR(name), DBP_STR(value)), NULL, NULL, err);
}

double settings_get(const struct settings *s, const char *name)
{
    long long *i;
    bool *b;
    double *d = field((struct settings *)s, name, &i, &b);
    return d ? *d : i ? (double)*i : b ? (*b ? 1.0 : 0.0) : 0.0;
}
