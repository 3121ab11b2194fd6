/* db_settings: admin-tunable settings, defaults from the configuration. */
#ifndef DESKPILOT_DB_SETTINGS_H
#define DESKPILOT_DB_SETTINGS_H

#include <stdbool.h>

#include "core/err.h"

struct settings {
    double confidence_threshold;          /* global auto-resolve threshold, when set by an admin */
    bool confidence_threshold_set;        /* false: chosen from auto_resolve_target_precision */
    double auto_resolve_target_precision; /* how often an automatic answer may be wrong, as
                                             precision */
    double similarity_threshold;          /* reuse a similar ticket's solution from here */
    double target_precision;              /* an intent below this measured precision pauses */
    long long min_ratings;                /* ...once it has this many rated auto-resolutions */
    bool auto_resolve_enabled;            /* global switch for automatic answers */
    long long signup_quota;               /* sign-ups per address per clock hour; 0 = none */
    long long ticket_quota;               /* tickets per customer per clock hour; 0 = none */
    long long pending_auto_close_days;    /* PENDING this long unchanged → RESOLVED; 0 = never */
    long long attachment_max_bytes;       /* bytes of one attached file */
    long long attachment_max_files;       /* files added at once (one message, one upload) */
    long long attachment_max_per_ticket;  /* files one ticket may hold */
    long long attachment_quota_mb;        /* MiB a customer may attach per clock hour; 0 = none */
};

/* The attachment settings' defaults (issue 18): a phone photo or a screenshot fits. */
#define SETTINGS_ATTACHMENT_MAX_BYTES (10LL << 20)
#define SETTINGS_ATTACHMENT_MAX_FILES 5
#define SETTINGS_ATTACHMENT_MAX_PER_TICKET 50
#define SETTINGS_ATTACHMENT_QUOTA_MB 100

/* One setting's name, range and type — the table behind validation and storage. */
struct setting_def {
    const char *name;
    bool integer, boolean;
    double min, max;
    bool nullable; /* null clears the stored value (confidence_threshold: back to automatic) */
};
extern const struct setting_def setting_defs[];
extern const int setting_count;

/* Defaults from g_config overlaid with the stored values. */
int db_settings_load(struct settings *s, struct app_err *err);
/* Store one value (text as validated by the caller); NULL removes it (the default applies). */
int db_settings_store(const char *name, const char *value, struct app_err *err);
/* The value of a named setting in s as a double (booleans 0/1). */
double settings_get(const struct settings *s, const char *name);

#endif
