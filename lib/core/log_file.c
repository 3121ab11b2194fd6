/* log_file: the log on a file of its own that logrotate can move away. stderr is
 * pointed at the file, so every line (ours, libraries') goes there; on SIGUSR1 or
 * SIGHUP the file is opened again by its name — logrotate's postrotate sends one —
 * and the lines after it go to the new file. */
#include "core/log_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char log_path[1024];

/* Async-signal-safe: open and dup2 only. 0, or -1 (the old file stays). */
static int reopen(void)
{
    int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0)
        return -1;
    if (fd == STDERR_FILENO) /* started with stderr closed: the file took its place */
        return 0;
    int rc = dup2(fd, STDERR_FILENO) < 0 ? -1 : 0;
    close(fd);
    return rc;
}

static void on_reopen(int sig)
{
    (void)sig;
    int saved = errno;
    reopen();
    errno = saved;
}

int log_file_open(const char *path, char *msg, size_t msglen)
{
    if (strlen(path) >= sizeof log_path) {
        snprintf(msg, msglen, "DESKPILOT_LOG_FILE is too long");
        return -1;
    }
    snprintf(log_path, sizeof log_path, "%s", path);
    if (reopen()) {
        snprintf(msg, msglen, "DESKPILOT_LOG_FILE %s: %s", path, strerror(errno));
        return -1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_reopen;
    sa.sa_flags = SA_RESTART; /* a worker waiting in accept() keeps waiting */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) || sigaction(SIGHUP, &sa, NULL)) {
        snprintf(msg, msglen, "sigaction: %s", strerror(errno));
        return -1;
    }
    return 0;
}
