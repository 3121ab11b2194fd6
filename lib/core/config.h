/* config: every setting, read from the environment once at start-up and read-only after. */
#ifndef DESKPILOT_CORE_CONFIG_H
#define DESKPILOT_CORE_CONFIG_H

#include <stddef.h>

#include "core/log.h"

struct config {
    char db_host[256];
    long long db_port;
    char db_socket[512];
    char db_name[64];
    char db_user[64];
    char db_password[256];
    char db_hosts[512];     /* DESKPILOT_DB_HOSTS: host:port list; empty: db_host alone */
    long long db_host_hold; /* seconds a failed host is skipped */
    long long db_timeout;   /* seconds one round trip may take */
    unsigned char jwt_secret[256];
    size_t jwt_secret_len;
    long long jwt_ttl; /* seconds */
    long long bcrypt_cost;
    double confidence_threshold; /* defaults for the settings table */
    double auto_resolve_target_precision;
    double similarity_threshold;
    double target_precision;
    long long min_ratings;
    long long max_body;                   /* bytes; nginx's client_max_body_size matches */
    long long upload_max_body;            /* bytes, upload routes only (RF_UPLOAD); nginx matches */
    long long login_max_failures;         /* per account and client, then delays */
    long long login_max_failures_account; /* per account from unknown clients */
    long long login_max_failures_ip;      /* per address across accounts */
    long long login_base_delay;           /* seconds: the first delay, doubled after */
    long long login_max_delay;            /* seconds: the cap of the rising delay */
    long long login_window;               /* seconds without a failure that forget them */
    long long login_known_ttl;            /* seconds a successful client stays known */
    long long reset_ttl;                  /* seconds a password-reset link stays valid */
    long long signup_quota;               /* defaults of the admin settings; 0 = none */
    long long ticket_quota;
    long long pending_auto_close_days;
    long long db_retry_after; /* seconds advertised on 503 */
    char model_path[512];
    char templates_dir[512];
    char migrations_dir[512];
    enum log_level log_level;
    char log_file[512];
    char mail_from[256];
    char mail_name[128];
    long long mail_max_bytes; /* deskpilot mail-in reads at most this much of a message */
    char smtp_url[512];
    char smtp_user[256];
    char smtp_password[256];
    char smtp_starttls[4]; /* "yes" or "no" (checked by mail-out) */
    char public_url[256];
    char widget_origins[1024]; /* origins allowed to call /api/answers/ (CORS), space-separated */
};

enum config_kind { CV_STR, CV_INT, CV_DBL, CV_SECRET, CV_LEVEL };

/* One setting: its variable, default, help text and where and how it is stored. */
struct config_var {
    const char *name;     /* environment variable */
    const char *fallback; /* default as text */
    const char *help;
    enum config_kind kind;
    size_t offset, size; /* target field in struct config */
    double min, max;     /* range for numbers */
};

/* Read and validate every variable. need_secret: refuse to start without a JWT
 * secret (the web workers need one; migrations do not). On failure returns -1 and
 * writes a message naming the bad variable into msg. */
int config_load(struct config *cfg, int need_secret, char *msg, size_t msglen);
/* The process-wide configuration (valid after config_load on it succeeded). */
extern struct config g_config;
/* The table of variables, terminated by a NULL name. */
extern const struct config_var config_vars[];

#endif
