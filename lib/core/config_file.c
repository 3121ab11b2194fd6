/* config_file: DESKPILOT_* settings from a file, for hosts without an environment of
 * their own (a shared host's Apache runs each CGI request with only what .htaccess
 * sets: SetEnv DESKPILOT_CONFIG names this file). */
#include "core/config_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PREFIX "DESKPILOT_"

/* One "NAME=value" line (no newline); 0, or -1 with msg. A variable already in the
 * environment wins, so a deployment can still override the file. */
static int apply_line(char *line, const char *path, int lineno, char *msg, size_t msglen)
{
    while (*line == ' ' || *line == '\t')
        line++;
    if (*line == '\0' || *line == '#')
        return 0;
    char *eq = strchr(line, '=');
    if (!eq || strncmp(line, PREFIX, strlen(PREFIX)) != 0 || eq == line + strlen(PREFIX)) {
        snprintf(msg, msglen, "%s line %d: expected DESKPILOT_NAME=value", path, lineno);
        return -1;
    }
    *eq = '\0';
    for (const char *p = line; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')) {
            snprintf(msg, msglen, "%s line %d: a name is A-Z, 0-9 and _", path, lineno);
            return -1;
        }
    if (setenv(line, eq + 1, 0) != 0) {
        snprintf(msg, msglen, "%s line %d: %s", path, lineno, strerror(errno));
        return -1;
    }
    return 0;
}

int config_file_apply(const char *path, char *msg, size_t msglen)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(msg, msglen, "DESKPILOT_CONFIG: cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            snprintf(msg, msglen, "%s line %d is too long", path, lineno);
            rc = -1;
            break;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        rc = apply_line(line, path, lineno, msg, msglen);
    }
    if (rc == 0 && ferror(f)) {
        snprintf(msg, msglen, "%s: read error", path);
        rc = -1;
    }
    fclose(f);
    return rc;
}

int config_file_locate(char *msg, size_t msglen)
{
    const char *set = getenv("DESKPILOT_CONFIG");
    if (set && *set)
        return 0;
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0 || (size_t)n >= sizeof path - sizeof CONFIG_POINTER)
        return 0;
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash)
        return 0;
    strcpy(slash + 1, CONFIG_POINTER);
    FILE *f = fopen(path, "re");
    if (!f)
        return 0; /* none: the environment says everything */
    char line[4096];
    int rc = 0;
    if (!fgets(line, sizeof line, f)) {
        snprintf(msg, msglen, "%s is empty", CONFIG_POINTER);
        rc = -1;
    } else {
        line[strcspn(line, "\r\n")] = '\0';
        if (setenv("DESKPILOT_CONFIG", line, 1) != 0) {
            snprintf(msg, msglen, "%s: %s", CONFIG_POINTER, strerror(errno));
            rc = -1;
        }
    }
    fclose(f);
    return rc;
}
