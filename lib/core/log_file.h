/* log_file: the log on a named file, opened again on SIGUSR1 or SIGHUP (rotation). */
#ifndef DESKPILOT_CORE_LOG_FILE_H
#define DESKPILOT_CORE_LOG_FILE_H

#include <stddef.h>

/* Point stderr at path (appending, created 0640) and reopen it by name on SIGUSR1
 * and SIGHUP. 0, or -1 with msg. */
int log_file_open(const char *path, char *msg, size_t msglen);

#endif
