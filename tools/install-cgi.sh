#!/bin/bash
# install-cgi.sh: lay deskpilot out for a shared host's Apache — plain CGI (mod_cgid or
# mod_cgi) or mod_fcgid — with no root, no daemons and the one database the host gives.
#   tools/install-cgi.sh DEST        (make install-cgi DEST=~/public_html/desk)
# DEST is the web root of the host name the desk answers on (a subdomain's folder);
# the programs, static/ and .htaccess go there. Everything else — the configuration
# (mode 600), templates, migrations, the model, the command-line tool — goes to DATA,
# outside the web root. Environment:
#   DATA                  default ~/deskpilot-<name of DEST>
#   EXT                   cgi (default) or fcgi (mod_fcgid: long-lived processes)
#   DESKPILOT_DB_HOST, _PORT, _SOCKET, _NAME, _USER, _PASSWORD   the host's database
#                         (one account with all rights on one database)
#   DESKPILOT_ADMIN_EMAIL, DESKPILOT_ADMIN_PASSWORD   the first admin (made up if unset)
#   BUILD                 the build folder (build)
# Run again to upgrade: the programs, files and schema are replaced; the configuration,
# its secrets, the data and the admin stay as they are.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
DEST=${1:?usage: tools/install-cgi.sh DEST}
EXT=${EXT:-cgi}
die() { echo "install-cgi: $*" >&2; exit 1; }
case $EXT in cgi | fcgi) ;; *) die "EXT is cgi or fcgi" ;; esac
[ -x "$BUILD/deskpilot" ] || die "build first (make)"
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
DATA=${DATA:-$HOME/deskpilot-$(basename "$DEST")}
case $DATA/ in "$DEST"/*) die "DATA must not be inside DEST (the web would see it)" ;; esac
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
CONF=$DATA/deskpilot.conf
say() { printf '%s\n' "$*"; }
# The path goes into .htaccess (SetEnv "…") and through sed; values into a file of
# NAME=value lines: nothing that would end or bend either.
case $CONF in *[\"\\\|\&\$\`]* | *$'\n'* | *$'\r'*) die "DATA's path must not hold \" \\ | & \$ \` or line breaks" ;; esac
for v in HOST PORT SOCKET NAME USER PASSWORD; do
    eval "val=\${DESKPILOT_DB_$v:-}"
    # shellcheck disable=SC2154
    case $val in *$'\n'* | *$'\r'*) die "DESKPILOT_DB_$v must be one line" ;; esac
done

# DATA: what the programs read, none of it for the web.
umask 077
mkdir -p "$DATA/model" "$DATA/bin"
rm -rf "$DATA/templates" "$DATA/sql" "$DATA/kb"
cp -R "$ROOT/templates" "$ROOT/sql" "$ROOT/kb" "$DATA/"
install -m 700 "$BUILD/deskpilot" "$DATA/bin/deskpilot"
# Should DATA ever sit under a web root after all, Apache still serves none of it.
printf 'Require all denied\n' >"$DATA/.htaccess"

fresh=0
if [ ! -f "$CONF" ]; then
    [ -n "${DESKPILOT_DB_PASSWORD:-}" ] || die "set DESKPILOT_DB_NAME, DESKPILOT_DB_USER and DESKPILOT_DB_PASSWORD (the host's database)"
    {
        say "# deskpilot's configuration (README: Configuration); NAME=value, one a line."
        for v in HOST PORT SOCKET NAME USER PASSWORD; do
            eval "val=\${DESKPILOT_DB_$v:-}"
            # shellcheck disable=SC2154
            [ -n "$val" ] && say "DESKPILOT_DB_$v=$val"
        done
        say "DESKPILOT_JWT_SECRET=$(openssl rand -hex 32)"
        say "DESKPILOT_MODEL_PATH=$DATA/model/model.bin"
        say "DESKPILOT_TEMPLATES_DIR=$DATA/templates"
        say "DESKPILOT_MIGRATIONS_DIR=$DATA/sql"
        say "DESKPILOT_LOG_LEVEL=warn"
    } >"$CONF.new"
    chmod 600 "$CONF.new"
    mv "$CONF.new" "$CONF"
    fresh=1
fi
# The file alone, as the programs will see it: no stray DESKPILOT_* of this shell.
cli() { env -i PATH="$PATH" HOME="$HOME" DESKPILOT_CONFIG="$CONF" "$DATA/bin/deskpilot" "$@"; }

cli migrate >/dev/null || die "the database refused the migrations (see above)"
if [ "$fresh" = 1 ]; then
    email=${DESKPILOT_ADMIN_EMAIL:-admin@example.com}
    pw=${DESKPILOT_ADMIN_PASSWORD:-$(openssl rand -base64 15 | tr -d '/+=' | cut -c1-16)}
    printf '%s' "$pw" | cli user add --email "$email" --name Administrator --role admin >/dev/null ||
        die "the admin $email could not be created (see above)"
    cli import intents "$DATA/kb/default_intents.csv" --if-empty >/dev/null
fi
cli train --if-needed >/dev/null

# DEST: the programs, the static files and the rules that map the URLs onto them.
umask 022
for bin in "$BUILD"/cgi-bin/*; do
    [ -x "$bin" ] || continue
    install -m 755 "$bin" "$DEST/$(basename "$bin").$EXT.new"
    mv "$DEST/$(basename "$bin").$EXT.new" "$DEST/$(basename "$bin").$EXT"
done
rm -rf "$DEST/static.new"
cp -R "$ROOT/static" "$DEST/static.new"
if [ -d "$ROOT/node_modules/swagger-ui-dist" ]; then
    mkdir -p "$DEST/static.new/vendor/swagger-ui"
    for f in swagger-ui.css swagger-ui-bundle.js LICENSE NOTICE; do
        cp "$ROOT/node_modules/swagger-ui-dist/$f" "$DEST/static.new/vendor/swagger-ui/" 2>/dev/null || true
    done
fi
rm -rf "$DEST/static"
mv "$DEST/static.new" "$DEST/static"
sed -e "s|@CONFIG@|$CONF|g" -e "s|@EXT@|$EXT|g" "$ROOT/apache/htaccess.in" >"$DEST/.htaccess"
# Where SetEnv does not reach the programs (suEXEC, mod_fcgid), they find the file
# named here, beside them (lib/core/config_file.h).
printf '%s\n' "$CONF" >"$DEST/.htdeskpilot-config"

say "installed: programs and static files in $DEST, the rest in $DATA"
if [ "$fresh" = 1 ]; then
    say "admin login: $email / $pw"
fi
say "retrain nightly and resolve long-pending tickets hourly from cron (crontab -e):"
say "  17 3 * * * DESKPILOT_CONFIG=$CONF $DATA/bin/deskpilot train >/dev/null"
say "  41 * * * * DESKPILOT_CONFIG=$CONF $DATA/bin/deskpilot housekeeping >/dev/null"
