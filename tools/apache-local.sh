#!/bin/bash
# apache-local.sh: Debian's Apache on a free port serving one install-cgi tree the way a
# shared host does (AllowOverride All, the tree's own .htaccess), for the tests and
# benchmarks of the shared-hosting mode. Needs apache2-bin (and libapache2-mod-fcgid).
#   tools/apache-local.sh start DIR DEST PORT cgi|fcgi   config, logs, pid in DIR
#   tools/apache-local.sh stop DIR
# Started as root, Apache runs the programs as nobody, who must own the tree.
set -euo pipefail
MODULES=/usr/lib/apache2/modules
cmd=${1:?usage: apache-local.sh start DIR DEST PORT cgi|fcgi | stop DIR}
DIR=${2:?DIR}
conf=$DIR/httpd.conf

case $cmd in
stop)
    [ -f "$conf" ] || exit 0
    /usr/sbin/apache2 -f "$conf" -k stop 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$DIR/httpd.pid" ] || exit 0; sleep 0.1; done
    exit 0
    ;;
start) ;;
*) echo "apache-local.sh: unknown command $cmd" >&2; exit 2 ;;
esac

DEST=${3:?DEST} PORT=${4:?PORT} EXT=${5:?cgi or fcgi}
mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then
    chown nobody:nogroup "$DIR"
    run_as="User nobody
Group nogroup"
else
    run_as=""
fi
if [ "$EXT" = cgi ]; then
    handler="LoadModule cgid_module $MODULES/mod_cgid.so
ScriptSock $DIR/cgid.sock"
else
    handler="LoadModule fcgid_module $MODULES/mod_fcgid.so
FcgidIPCDir $DIR/fcgid
FcgidProcessTableFile $DIR/fcgid.shm
FcgidMaxProcessesPerClass 4"
fi
cat >"$conf" <<CONF
LoadModule mpm_event_module $MODULES/mod_mpm_event.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule mime_module $MODULES/mod_mime.so
LoadModule dir_module $MODULES/mod_dir.so
LoadModule env_module $MODULES/mod_env.so
LoadModule rewrite_module $MODULES/mod_rewrite.so
LoadModule headers_module $MODULES/mod_headers.so
$handler
ServerName 127.0.0.1
ServerRoot $DIR
Listen 127.0.0.1:$PORT
PidFile $DIR/httpd.pid
ErrorLog $DIR/error.log
LogLevel warn
TypesConfig /dev/null
Mutex file:$DIR
$run_as
DocumentRoot $DEST
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory $DEST>
    AllowOverride All
    Require all granted
</Directory>
<Files ".ht*">
    Require all denied
</Files>
CONF
/usr/sbin/apache2 -f "$conf" -k start
for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/static/css/app.css" 2>/dev/null && exit 0
    sleep 0.1
done
echo "apache-local.sh: Apache did not answer on port $PORT; see $DIR/error.log" >&2
exit 1
