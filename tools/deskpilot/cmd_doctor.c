/* cmd_doctor: `deskpilot doctor [--url URL]` — checks a deployment from its own
 * configuration and says what to fix: settings, private files, the database and its
 * rights, the schema, the model, the templates, and the web server answering. */
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "ai/model.h"
#include "cli.h"
#include "commands.h"
#include "core/config.h"
#include "db/db.h"
#include "db/db_migrate.h"
#include "db/db_probe.h"

static int failures;

static void report(bool ok, const char *what, const char *detail, const char *fix)
{
    printf("%-5s %-12s %s%s%s\n", ok ? "ok" : "FAIL", what, detail, ok || !fix ? "" : " — ",
           ok || !fix ? "" : fix);
    failures += !ok;
}

/* Whether a configuration file holds a secret itself (not only the names of files
 * that do, as the Debian package's does: its workers' user must read it). */
static bool holds_secret(const char *path)
{
    FILE *f = fopen(path, "re");
    char line[4096];
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f))
        found = strncmp(line, "DESKPILOT_DB_PASSWORD=", 22) == 0 ||
                strncmp(line, "DESKPILOT_JWT_SECRET=", 21) == 0;
    if (f)
        fclose(f);
    return found || !f;
}

/* A file holding a secret must be private: nothing for others, and its group (the
 * workers', when root runs the stack) may read it but not write it. */
static void check_private(const char *var)
{
    const char *path = getenv(var);
    if (!path || !*path)
        return;
    if (strcmp(var, "DESKPILOT_CONFIG") == 0 && !holds_secret(path)) {
        char detail[600];
        snprintf(detail, sizeof detail, "%s holds no secret (only the names of their files)", path);
        report(true, "files", detail, NULL);
        return;
    }
    struct stat st;
    char detail[512];
    if (stat(path, &st) != 0) {
        snprintf(detail, sizeof detail, "%s=%s: %s", var, path, strerror(errno));
        report(false, "files", detail, "point it at the file, readable by the workers' user");
        return;
    }
    snprintf(detail, sizeof detail, "%s is mode %03o", path, (unsigned)(st.st_mode & 0777));
    report((st.st_mode & 027) == 0, "files", detail,
           "chmod 600 it (640 when the workers read it through their group)");
}

/* An error's text for the operator: the private detail when there is one. */
static const char *why(const struct app_err *err)
{
    return err->internal[0] ? err->internal : err->detail;
}

static void check_database(void)
{
    struct app_err err;
    err_clear(&err);
    char detail[600];
    if (db_connect(&err)) {
        snprintf(detail, sizeof detail, "%s", why(&err));
        report(false, "database", detail,
               "check DESKPILOT_DB_HOST/_PORT/_SOCKET/_NAME/_USER/_PASSWORD and that the server "
               "runs");
        return;
    }
    snprintf(detail, sizeof detail, "reachable as %s on %s", g_config.db_user, g_config.db_host);
    report(true, "database", detail, NULL);
    err_clear(&err);
    bool writes = db_probe_writes(&err) == 0;
    snprintf(detail, sizeof detail, "%s",
             writes ? "the account may read, insert, update and delete" : why(&err));
    report(writes, "rights", detail,
           "GRANT SELECT, INSERT, UPDATE, DELETE ON the database TO the account");
    err_clear(&err);
    int pending = 0;
    if (db_migrate_pending(g_config.migrations_dir, &pending, &err)) {
        snprintf(detail, sizeof detail, "%s", why(&err));
        report(false, "schema", detail, "check DESKPILOT_MIGRATIONS_DIR");
        return;
    }
    snprintf(detail, sizeof detail, "%d migration%s of %s not applied", pending,
             pending == 1 ? "" : "s", g_config.migrations_dir);
    report(pending == 0, "schema", pending ? detail : "every migration applied",
           "run: deskpilot migrate (as the account with schema rights)");
}

static void check_model(void)
{
    struct ai_model *m = NULL;
    char msg[512], detail[700];
    if (ai_model_open(g_config.model_path, &m, msg, sizeof msg) != 0) {
        snprintf(detail, sizeof detail, "%s", msg);
        report(false, "model", detail, "run: deskpilot train");
        return;
    }
    snprintf(detail, sizeof detail, "model %llu: %zu intents, %zu solutions (%s)",
             (unsigned long long)ai_model_version(m), ai_model_nintents(m), ai_model_ntickets(m),
             g_config.model_path);
    ai_model_close(m);
    report(true, "model", detail, NULL);
}

static void check_templates(void)
{
    char detail[600];
    DIR *d = opendir(g_config.templates_dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strstr(e->d_name, ".mustache") != NULL;
    if (d)
        closedir(d);
    snprintf(detail, sizeof detail, "%zu templates in %s", n, g_config.templates_dir);
    report(n > 0, "templates", detail, "point DESKPILOT_TEMPLATES_DIR at deskpilot's templates/");
}

/* GET URL/api/health over plain HTTP: the web server and a worker answer. */
static void check_url(const char *url)
{
    char host[256], port[8] = "80", detail[600];
    const char *p = strncmp(url, "http://", 7) == 0 ? url + 7 : NULL;
    size_t hl = p ? strcspn(p, ":/") : 0;
    if (!p || hl == 0 || hl >= sizeof host) {
        report(false, "web", "--url must be http://HOST[:PORT] (check https with curl)", NULL);
        return;
    }
    memcpy(host, p, hl);
    host[hl] = '\0';
    if (p[hl] == ':')
        snprintf(port, sizeof port, "%.*s", (int)strcspn(p + hl + 1, "/"), p + hl + 1);
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL;
    int fd = -1;
    if (getaddrinfo(host, port, &hints, &ai) == 0) {
        fd = socket(ai->ai_family, SOCK_STREAM, 0);
        struct timeval tv = {5, 0};
        /* On Linux the send timeout bounds connect() too: a silent host costs 5 s. */
        if (fd >= 0 && (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) ||
                        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) ||
                        connect(fd, ai->ai_addr, ai->ai_addrlen))) {
            close(fd);
            fd = -1;
        }
        freeaddrinfo(ai);
    }
    char req[512], resp[1024] = "";
    int n = snprintf(req, sizeof req,
                     "GET /api/health HTTP/1.0\r\nHost: %s\r\nUser-Agent: deskpilot-doctor\r\n\r\n",
                     host);
    ssize_t got = 0;
    /* The status line is all we look at: read until it is whole or the peer stops. */
    if (fd >= 0 && send(fd, req, (size_t)n, MSG_NOSIGNAL) == n)
        for (ssize_t r; got < (ssize_t)sizeof resp - 1 && !memchr(resp, '\n', (size_t)got) &&
                        (r = read(fd, resp + got, sizeof resp - 1 - (size_t)got)) > 0;)
            got += r;
    if (fd >= 0)
        close(fd);
    resp[got > 0 ? got : 0] = '\0';
    bool ok = strncmp(resp, "HTTP/1.1 200", 12) == 0 || strncmp(resp, "HTTP/1.0 200", 12) == 0;
    snprintf(detail, sizeof detail, "%s/api/health: %.*s", url,
             resp[0] ? (int)strcspn(resp, "\r\n") : 14, resp[0] ? resp : "no answer");
    report(ok, "web", detail,
           "start the web server and the workers; its error log says which part is down");
}

int cmd_doctor(int argc, char **argv)
{
    const char *url = NULL;
    const struct cli_opt opts[] = {{"--url", CLI_STR, &url, 0, 0}};
    if (cli_parse(argc, argv, 1, opts, 1, NULL, 0)) {
        fprintf(stderr, "usage: deskpilot doctor [--url http://HOST[:PORT]]\n");
        return 2;
    }
    failures = 0;
    char msg[256];
    if (config_load(&g_config, 1, msg, sizeof msg)) {
        report(false, "settings", msg, "fix that setting (README: Configuration)");
        return 1;
    }
    const char *file = getenv("DESKPILOT_CONFIG"); /* after: a packaged build sets it */
    report(true, "settings", file && *file ? file : "from the environment", NULL);
    check_private("DESKPILOT_CONFIG");
    check_private("DESKPILOT_JWT_SECRET_FILE");
    check_private("DESKPILOT_DB_PASSWORD_FILE");
    check_database();
    db_close();
    check_model();
    check_templates();
    if (url)
        check_url(url);
    printf(failures ? "%d problem%s to fix\n" : "all good\n", failures, failures == 1 ? "" : "s");
    return failures ? 1 : 0;
}
