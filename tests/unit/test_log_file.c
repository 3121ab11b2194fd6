/* test_log_file: the log file is opened again by name on SIGUSR1 (logrotate moved it
 * away), and a worker waiting for a FastCGI connection survives the signal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four above, which it needs */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"
#include "core/log_file.h"

static char *slurp(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_reopen_on_signal(void **state)
{
    (void)state;
    char dir[] = "/tmp/dp-logfile-XXXXXX", path[64], moved[64], msg[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/worker.log", dir);
    snprintf(moved, sizeof moved, "%s/worker.log.1", dir);
    int saved = dup(STDERR_FILENO);
    log_init(LOG_INFO, "test");
    assert_int_equal(log_file_open(path, msg, sizeof msg), 0);
    log_info("before the rotation");
    assert_int_equal(rename(path, moved), 0);
    raise(SIGUSR1);
    log_info("after the rotation");
    dup2(saved, STDERR_FILENO);
    close(saved);
    assert_non_null(strstr(slurp(moved), "before the rotation"));
    assert_null(strstr(slurp(moved), "after the rotation"));
    assert_non_null(strstr(slurp(path), "after the rotation"));
    unlink(path);
    unlink(moved);
    rmdir(dir);

    assert_int_equal(log_file_open("/nonexistent-dir/x.log", msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "DESKPILOT_LOG_FILE"));
}

/* Started with stderr closed: the log file takes descriptor 2 and keeps it, so the
 * next file the process opens does not receive the log lines. */
static void test_stderr_closed(void **state)
{
    (void)state;
    char dir[] = "/tmp/dp-logfd-XXXXXX", path[64], other[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/worker.log", dir);
    snprintf(other, sizeof other, "%s/other", dir);
    pid_t child = fork();
    if (child == 0) {
        char msg[256];
        close(STDERR_FILENO);
        log_init(LOG_INFO, "test");
        if (log_file_open(path, msg, sizeof msg))
            _exit(3);
        FILE *f = fopen(other, "w");
        log_info("a log line");
        if (f)
            fclose(f);
        _exit(f ? 0 : 4);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_non_null(strstr(slurp(path), "a log line"));
    assert_null(strstr(slurp(other), "a log line"));
    unlink(path);
    unlink(other);
    rmdir(dir);
}

/* One FastCGI record header. */
static void record(unsigned char *p, int type, int len)
{
    unsigned char h[8] = {
        1, (unsigned char)type, 0, 1, (unsigned char)(len >> 8), (unsigned char)len, 0, 0};
    memcpy(p, h, 8);
}

static void test_accept_survives_signal(void **state)
{
    (void)state;
    char sock[64], msg[256];
    snprintf(sock, sizeof sock, "/tmp/dp-logsig-%ld.sock", (long)getpid());
    unlink(sock);
    assert_int_equal(FCGX_Init(), 0);
    int lfd = FCGX_OpenSocket(sock, 4);
    assert_true(lfd >= 0);
    pid_t child = fork();
    if (child == 0) {
        char logpath[80];
        snprintf(logpath, sizeof logpath, "%s.log", sock);
        if (log_file_open(logpath, msg, sizeof msg))
            _exit(3);
        FCGX_Request r;
        FCGX_InitRequest(&r, lfd, 0);
        int rc = FCGX_Accept_r(&r); /* the signal arrives while this waits */
        if (rc >= 0)
            FCGX_Finish_r(&r);
        unlink(logpath);
        _exit(rc >= 0 ? 0 : 1);
    }
    usleep(200000);
    assert_int_equal(kill(child, SIGUSR1), 0);
    usleep(100000);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    /* BEGIN_REQUEST (responder), empty PARAMS, empty STDIN. */
    unsigned char req[40] = {0};
    record(req, 1, 8);
    req[9] = 1;
    record(req + 16, 4, 0);
    record(req + 24, 5, 0);
    assert_int_equal(write(fd, req, 32), 32);
    char buf[64];
    (void)read(fd, buf, sizeof buf);
    close(fd);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    close(lfd);
    unlink(sock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reopen_on_signal),
        cmocka_unit_test(test_stderr_closed),
        cmocka_unit_test(test_accept_survives_signal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
