/* setup_host: what `deskpilot setup` does to the host besides the database: secret
 * files, the migrator's option file, the model folder, and the nginx site. */
#ifndef DESKPILOT_TOOLS_SETUP_HOST_H
#define DESKPILOT_TOOLS_SETUP_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The secret in path, made first when missing or empty: 32 random bytes as hex, written
 * beside and renamed. Either way it ends up mode 600, owned by uid:gid. Its text goes
 * to out (line end stripped). 0, or -1 after a message on stderr. */
int setup_secret(const char *path, uid_t uid, gid_t gid, char *out, size_t outlen);

/* A random password of n hex digits (n < outlen, even). 0, or -1 after a message. */
int setup_random_hex(char *out, size_t n);

/* Write text to path (mode 600, root's), beside and renamed. 0, or -1 after a message. */
int setup_write_private(const char *path, const char *text);

/* The model's folder (made when missing) and every file in it, handed to uid:gid: the
 * workers replace the model when an admin retrains. 0, or -1 after a message. */
int setup_model_dir(const char *model_path, uid_t uid, gid_t gid);

/* Enable nginx's site (a link in sites-enabled), disable Debian's stock default site
 * (it would take the same port first), check the configuration and reload nginx
 * (start it under systemd). 0, or -1 after a message on stderr. */
int setup_nginx(const char *available, const char *enabled);

#endif
