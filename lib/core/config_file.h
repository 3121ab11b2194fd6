/* config_file: DESKPILOT_* settings from a file named by DESKPILOT_CONFIG. */
#ifndef DESKPILOT_CORE_CONFIG_FILE_H
#define DESKPILOT_CORE_CONFIG_FILE_H

#include <stddef.h>

/* Put each "DESKPILOT_NAME=value" line of the file at path into the environment,
 * unless the environment already has that name (it wins). Blank lines and lines
 * starting with # are skipped; the value is the rest of the line, verbatim.
 * 0, or -1 with a message naming the file and line. */
int config_file_apply(const char *path, char *msg, size_t msglen);

/* The file beside a program that names its configuration file, for hosts whose web
 * server passes no environment of ours: suEXEC keeps only its own list of variables,
 * and mod_fcgid starts processes without the .htaccess's SetEnv. Apache serves no
 * file whose name starts with ".ht". */
#define CONFIG_POINTER ".htdeskpilot-config"

/* When DESKPILOT_CONFIG is not set and CONFIG_POINTER sits beside the running
 * program, set DESKPILOT_CONFIG to the path on its first line. 0 (also when there is
 * none), or -1 with msg. */
int config_file_locate(char *msg, size_t msglen);

#endif
