/* config: the table of environment variables, their defaults and their checks. */
#include "core/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config_file.h"
#include "core/host_list.h"
#include "core/num.h"

struct config g_config;

#define F(field) offsetof(struct config, field), sizeof(((struct config *)0)->field)
const struct config_var config_vars[] = {
    {"DESKPILOT_DB_HOST", "localhost", "MariaDB/MySQL host; `localhost` means the unix socket",
     CV_STR, F(db_host), 0, 0},
    {"DESKPILOT_DB_PORT", "3306", "TCP port when the host is not `localhost`", CV_INT, F(db_port),
     1, 65535},
    {"DESKPILOT_DB_SOCKET", "", "unix socket path (used with host `localhost`)", CV_STR,
     F(db_socket), 0, 0},
    {"DESKPILOT_DB_HOSTS", "",
     "several database servers (a Galera cluster) as host:port,host:port; the workers use the "
     "first that answers and fail over to the next; empty: DESKPILOT_DB_HOST alone",
     CV_STR, F(db_hosts), 0, 0},
    {"DESKPILOT_DB_HOST_HOLD", "5",
     "seconds a database host that failed is skipped before it is tried again (1..300)", CV_INT,
     F(db_host_hold), 1, 300},
    {"DESKPILOT_DB_TIMEOUT", "3",
     "seconds one database read or write may wait before the connection counts as lost "
     "(1..60); a Galera cluster's must outlast its failure detection (make run's: 10)",
     CV_INT, F(db_timeout), 1, 60},
    {"DESKPILOT_DB_NAME", "deskpilot", "database name", CV_STR, F(db_name), 0, 0},
    {"DESKPILOT_DB_USER", "deskpilot", "database user", CV_STR, F(db_user), 0, 0},
    {"DESKPILOT_DB_PASSWORD", "",
     "database password (or DESKPILOT_DB_PASSWORD_FILE: a file holding it)", CV_STR, F(db_password),
     0, 0},
    {"DESKPILOT_JWT_SECRET", "", "HS256 key, at least 32 bytes (or DESKPILOT_JWT_SECRET_FILE)",
     CV_SECRET, F(jwt_secret), 0, 0},
    {"DESKPILOT_JWT_TTL", "3600", "token lifetime in seconds (60..2592000)", CV_INT, F(jwt_ttl), 60,
     2592000},
    {"DESKPILOT_BCRYPT_COST", "12", "bcrypt cost for new password hashes (4..15)", CV_INT,
     F(bcrypt_cost), 4, 15},
    {"DESKPILOT_CONFIDENCE_THRESHOLD", "0.75",
     "global auto-resolve threshold until a model can choose one for the target precision (0..1)",
     CV_DBL, F(confidence_threshold), 0, 1},
    {"DESKPILOT_TARGET_AUTO_PRECISION", "0.95",
     "default precision automatic answers aim at; the model picks the threshold for it "
     "(0.5..0.999)",
     CV_DBL, F(auto_resolve_target_precision), 0.5, 0.999},
    {"DESKPILOT_SIMILARITY_THRESHOLD", "0.8",
     "default similarity needed to reuse a solution (0..1)", CV_DBL, F(similarity_threshold), 0, 1},
    {"DESKPILOT_TARGET_PRECISION", "0.9",
     "default measured precision below which an intent pauses (0..1)", CV_DBL, F(target_precision),
     0, 1},
    {"DESKPILOT_MIN_RATINGS", "20", "default rated auto-resolutions before an intent may pause",
     CV_INT, F(min_ratings), 1, 10000},
    {"DESKPILOT_MAX_BODY", "65536", "request body limit in bytes (nginx enforces the same)", CV_INT,
     F(max_body), 1024, 16777216},
    {"DESKPILOT_UPLOAD_MAX_BODY", "27262976",
     "request body limit in bytes of the routes that take attachments (nginx enforces the same "
     "on those locations); the admin settings' file limits stay within it",
     CV_INT, F(upload_max_body), 65536, 268435456},
    {"DESKPILOT_LOGIN_MAX_FAILURES", "5",
     "failed sign-ins to one account from one client (address or device) before delays", CV_INT,
     F(login_max_failures), 1, 1000},
    {"DESKPILOT_LOGIN_MAX_FAILURES_ACCOUNT", "10",
     "failed sign-ins to one account from unknown clients together before delays", CV_INT,
     F(login_max_failures_account), 1, 10000},
    {"DESKPILOT_LOGIN_MAX_FAILURES_IP", "20",
     "failed sign-ins from one address to any accounts before delays (an office NAT shares one)",
     CV_INT, F(login_max_failures_ip), 1, 100000},
    {"DESKPILOT_LOGIN_BASE_DELAY", "2",
     "the first wait once a sign-in count is past its free failures; each further failure "
     "doubles it (seconds)",
     CV_INT, F(login_base_delay), 1, 3600},
    {"DESKPILOT_LOGIN_MAX_DELAY", "900",
     "the longest wait between sign-in attempts once failures pile up (seconds)", CV_INT,
     F(login_max_delay), 1, 86400},
    {"DESKPILOT_LOGIN_WINDOW", "86400",
     "failures are forgotten after this many seconds without a new one", CV_INT, F(login_window),
     60, 2592000},
    {"DESKPILOT_LOGIN_KNOWN_TTL", "2592000",
     "how long an address or device stays known after a successful sign-in (seconds)", CV_INT,
     F(login_known_ttl), 60, 31536000},
    {"DESKPILOT_RESET_TTL", "3600",
     "how long the link of a password-reset mail stays valid (seconds, 300..86400)", CV_INT,
     F(reset_ttl), 300, 86400},
    {"DESKPILOT_SIGNUP_QUOTA", "20",
     "default sign-ups per address per clock hour (0 = no quota; admin setting signup_quota)",
     CV_INT, F(signup_quota), 0, 1000000},
    {"DESKPILOT_TICKET_QUOTA", "60",
     "default tickets per customer per clock hour (0 = no quota; admin setting ticket_quota)",
     CV_INT, F(ticket_quota), 0, 1000000},
    {"DESKPILOT_PENDING_AUTO_CLOSE_DAYS", "14",
     "default days a PENDING ticket waits unchanged for the customer before `deskpilot "
     "housekeeping` resolves it (0 = never; admin setting pending_auto_close_days)",
     CV_INT, F(pending_auto_close_days), 0, 365},
    {"DESKPILOT_DB_RETRY_AFTER", "5", "Retry-After seconds sent while the database is down", CV_INT,
     F(db_retry_after), 1, 3600},
    {"DESKPILOT_MODEL_PATH", "state/model/model.bin", "the trained model artefact", CV_STR,
     F(model_path), 0, 0},
    {"DESKPILOT_TEMPLATES_DIR", "templates", "server-side HTML templates", CV_STR, F(templates_dir),
     0, 0},
    {"DESKPILOT_MIGRATIONS_DIR", "sql", "numbered SQL migrations", CV_STR, F(migrations_dir), 0, 0},
    {"DESKPILOT_LOG_LEVEL", "info", "debug, info, warn or error", CV_LEVEL, F(log_level), 0, 0},
    {"DESKPILOT_LOG_FILE", "",
     "workers log to this file, reopened on SIGUSR1/SIGHUP (rotation); empty: stderr", CV_STR,
     F(log_file), 0, 0},
    {"DESKPILOT_MAIL_FROM", "", "the support address mail comes to and goes from; empty: no mail",
     CV_STR, F(mail_from), 0, 0},
    {"DESKPILOT_MAIL_NAME", "Support", "the sender name on outgoing mail", CV_STR, F(mail_name), 0,
     0},
    {"DESKPILOT_MAIL_MAX_BYTES", "10485760",
     "deskpilot mail-in refuses a larger message (65: the sender gets a bounce)", CV_INT,
     F(mail_max_bytes), 65536, 104857600},
    {"DESKPILOT_SMTP_URL", "smtp://localhost:25",
     "the relay outgoing mail goes through: smtp://host:port, or smtps:// for TLS from the start",
     CV_STR, F(smtp_url), 0, 0},
    {"DESKPILOT_SMTP_USER", "", "SMTP AUTH user; empty: no AUTH", CV_STR, F(smtp_user), 0, 0},
    {"DESKPILOT_SMTP_PASSWORD", "", "SMTP AUTH password (or DESKPILOT_SMTP_PASSWORD_FILE)", CV_STR,
     F(smtp_password), 0, 0},
    {"DESKPILOT_SMTP_STARTTLS", "no",
     "yes: an smtp:// relay must switch to TLS (STARTTLS) before AUTH and the mail; no: plain",
     CV_STR, F(smtp_starttls), 0, 0},
    {"DESKPILOT_PUBLIC_URL", "",
     "where customers reach this site (https://help.example.com), for links in mail", CV_STR,
     F(public_url), 0, 0},
    {"DESKPILOT_WIDGET_ORIGINS", "",
     "the shops' sites (https://shop.example.com, space-separated, exact) whose pages may "
     "call /api/answers/ from a browser (CORS); empty: none",
     CV_STR, F(widget_origins), 0, 0},
    {NULL, NULL, NULL, CV_STR, 0, 0, 0, 0},
};

/* NAME_FILE wins over NAME so secrets need not sit in the environment. */
static int read_value(const char *name, char *out, size_t outlen, size_t *len, char *msg,
                      size_t msglen)
{
    char fname[96];
    snprintf(fname, sizeof fname, "%s_FILE", name);
    const char *path = getenv(fname);
    if (path && *path) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            snprintf(msg, msglen, "%s: cannot open %s: %s", fname, path, strerror(errno));
            return -1;
        }
        ssize_t n = read(fd, out, outlen - 1);
        close(fd);
        if (n < 0 || (size_t)n >= outlen - 1) {
            snprintf(msg, msglen, "%s: cannot read %s or it is too long", fname, path);
            return -1;
        }
        while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
            n--;
        out[n] = '\0';
        *len = (size_t)n;
        return 0;
    }
    const char *v = getenv(name);
    if (!v)
        return 1; /* unset */
    size_t n = strlen(v);
    if (n >= outlen) {
        snprintf(msg, msglen, "%s is too long (at most %zu bytes)", name, outlen - 1);
        return -1;
    }
    memcpy(out, v, n + 1);
    *len = n;
    return 0;
}

static int apply_rule(struct config *cfg, const struct config_var *r, const char *text, size_t len,
                      char *msg, size_t msglen)
{
    char *field = (char *)cfg + r->offset;
    const char *name = r->name;
    switch (r->kind) {
    case CV_STR:
        if (len >= r->size)
            goto bad;
        memcpy(field, text, len + 1);
        return 0;
    case CV_SECRET:
        if (len > r->size)
            goto bad;
        memcpy(field, text, len);
        cfg->jwt_secret_len = len;
        return 0;
    case CV_INT:
        if (num_parse_ll(text, (long long)r->min, (long long)r->max, (long long *)(void *)field))
            goto bad;
        return 0;
    case CV_DBL:
        if (num_parse_double(text, r->min, r->max, (double *)(void *)field))
            goto bad;
        return 0;
    case CV_LEVEL:
        if (log_level_parse(text, (enum log_level *)(void *)field))
            goto bad;
        return 0;
    }
bad:
    if (r->kind == CV_INT || r->kind == CV_DBL)
        snprintf(msg, msglen, "%s must be a number in %g..%g", name, r->min, r->max);
    else if (r->kind == CV_LEVEL)
        snprintf(msg, msglen, "%s must be one of debug, info, warn, error", name);
    else
        snprintf(msg, msglen, "%s is too long", name);
    return -1;
}

int config_load(struct config *cfg, int need_secret, char *msg, size_t msglen)
{
    memset(cfg, 0, sizeof *cfg);
    const char *file = getenv("DESKPILOT_CONFIG");
#ifdef DESKPILOT_DEFAULT_CONFIG
    /* A packaged build finds its file by itself, so `deskpilot user add` needs no
     * environment; an explicit DESKPILOT_CONFIG (even empty) still wins. */
    if (!file && access(DESKPILOT_DEFAULT_CONFIG, F_OK) == 0 &&
        setenv("DESKPILOT_CONFIG", DESKPILOT_DEFAULT_CONFIG, 1) == 0)
        file = DESKPILOT_DEFAULT_CONFIG;
#endif
    if (file && *file && config_file_apply(file, msg, msglen))
        return -1;
    for (const struct config_var *r = config_vars; r->name; r++) {
        char text[512];
        size_t len = 0;
        int rc = read_value(r->name, text, sizeof text, &len, msg, msglen);
        if (rc < 0)
            return -1;
        if (rc == 1) {
            len = strlen(r->fallback);
            memcpy(text, r->fallback, len + 1);
        }
        if (apply_rule(cfg, r, text, len, msg, msglen))
            return -1;
    }
    struct host_list hosts; /* refused here, at start-up, rather than at the first query */
    if (host_list_parse(&hosts, cfg->db_hosts, msg, msglen))
        return -1;
    if (need_secret && cfg->jwt_secret_len < 32) {
        snprintf(msg, msglen,
                 "DESKPILOT_JWT_SECRET must be at least 32 random bytes (got %zu); "
                 "generate one with `openssl rand -hex 32`",
                 cfg->jwt_secret_len);
        return -1;
    }
    return 0;
}
