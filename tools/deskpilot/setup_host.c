/* setup_host: files and services of a packaged install, for `deskpilot setup`. */
#include "setup_host.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int fail(const char *what, const char *path)
{
    fprintf(stderr, "deskpilot setup: %s %s: %s\n", what, path, strerror(errno));
    return -1;
}

int setup_random_hex(char *out, size_t n)
{
    unsigned char raw[64];
    if (n % 2 || n / 2 > sizeof raw) {
        fprintf(stderr, "deskpilot setup: bad random length\n");
        return -1;
    }
    if (getrandom(raw, n / 2, 0) != (ssize_t)(n / 2))
        return fail("getrandom", "");
    for (size_t i = 0; i < n / 2; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    out[n] = '\0';
    return 0;
}

/* Write text to path + ".new" (mode 600, uid:gid), flushed, then rename it over path. */
static int write_file(const char *path, const char *text, uid_t uid, gid_t gid)
{
    char tmp[4200];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.new", path) >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return fail("cannot write", path);
    }
    unlink(tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail("cannot create", tmp);
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len && fchown(fd, uid, gid) == 0 &&
              fchmod(fd, 0600) == 0 && fsync(fd) == 0;
    if (close(fd) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0) {
        int saved = errno;
        unlink(tmp);
        errno = saved;
        return fail("cannot write", path);
    }
    return 0;
}

int setup_write_private(const char *path, const char *text)
{
    return write_file(path, text, 0, 0);
}

int setup_secret(const char *path, uid_t uid, gid_t gid, char *out, size_t outlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = 0;
    if (fd >= 0) {
        n = read(fd, out, outlen - 1);
        close(fd);
        if (n < 0)
            return fail("cannot read", path);
    } else if (errno != ENOENT) {
        return fail("cannot open", path);
    }
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        n--;
    out[n] = '\0';
    if (n == 0) { /* missing or empty: a new one */
        char line[80];
        if (outlen < 65 || setup_random_hex(out, 64))
            return -1;
        snprintf(line, sizeof line, "%s\n", out);
        return write_file(path, line, uid, gid);
    }
    if (chown(path, uid, gid) != 0 || chmod(path, 0600) != 0)
        return fail("cannot make private", path);
    return 0;
}

int setup_model_dir(const char *model_path, uid_t uid, gid_t gid)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", model_path);
    const char *dir = dirname(copy);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return fail("cannot make", dir);
    if (chown(dir, uid, gid) != 0)
        return fail("cannot hand over", dir);
    DIR *d = opendir(dir);
    if (!d)
        return fail("cannot list", dir);
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lchown(path, uid, gid) != 0)
            rc = fail("cannot hand over", path);
    }
    closedir(d);
    return rc;
}

/* Run argv (found in PATH) and wait: its exit status, or -1 when it could not run. */
static int run(char *const argv[])
{
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        errno = rc;
        return fail("cannot run", argv[0]);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return fail("cannot wait for", argv[0]);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* nginx's master, from its pid file, when it runs. */
static bool nginx_runs(void)
{
    FILE *f = fopen("/run/nginx.pid", "re");
    long pid = 0;
    if (f) {
        if (fscanf(f, "%ld", &pid) != 1)
            pid = 0;
        fclose(f);
    }
    return pid > 1 && kill((pid_t)pid, 0) == 0;
}

int setup_nginx(const char *available, const char *enabled)
{
    if (access(available, R_OK) != 0)
        return fail("the site is missing:", available);
    if (symlink(available, enabled) != 0 && errno != EEXIST)
        return fail("cannot enable the site in", enabled);
    /* Debian's stock site is nginx's default server on port 80: ours would never be
     * asked. Only the untouched link is removed; the admin's own sites stay. */
    char target[256];
    ssize_t n = readlink("/etc/nginx/sites-enabled/default", target, sizeof target - 1);
    if (n > 0) {
        target[n] = '\0';
        if (strcmp(target, "/etc/nginx/sites-available/default") == 0 &&
            unlink("/etc/nginx/sites-enabled/default") == 0)
            printf("nginx: disabled Debian's default site (it answered port 80 first)\n");
    }
    char *test[] = {"nginx", "-t", "-q", NULL};
    if (run(test) != 0) {
        fprintf(stderr, "deskpilot setup: nginx refuses its configuration (above); the site "
                        "is enabled: fix it, then reload nginx\n");
        return -1;
    }
    if (access("/run/systemd/system", F_OK) == 0) {
        char *cmd[] = {"systemctl", "reload-or-restart", "nginx", NULL};
        return run(cmd) == 0 ? 0 : -1;
    }
    if (nginx_runs()) {
        char *cmd[] = {"nginx", "-s", "reload", NULL};
        return run(cmd) == 0 ? 0 : -1;
    }
    printf("nginx: the site is enabled; nginx does not run: start it\n");
    return 0;
}
