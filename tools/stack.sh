#!/bin/bash
# stack.sh: start, stop or check the whole deskpilot stack in one state folder:
# a project-local MariaDB, the FastCGI groups under spawn-fcgi + multiwatch, nginx.
#
#   tools/stack.sh start | stop | status | stop-db | start-db | env
#   tools/stack.sh cli ARGS...   the deskpilot tool with this stack's settings
#
# Environment (defaults in brackets):
#   DESKPILOT_STATE     state folder [<repo>/state]
#   DESKPILOT_PORT      nginx port on 127.0.0.1 [8080]
#   DESKPILOT_DB_LOCAL_PORT  MariaDB TCP port on 127.0.0.1 [33306]
#   DESKPILOT_DB_CLUSTER  MariaDB servers: 1, or a local Galera cluster of that many
#                       nodes (3 to try it), node i on port DESKPILOT_DB_LOCAL_PORT+i-1 [1]
#   DESKPILOT_DB_GALERA_PORT  first of the Galera ports, 3 per node: replication, IST,
#                       SST [DESKPILOT_DB_LOCAL_PORT+10]
#   DESKPILOT_DB_NODE_ADDRS / DESKPILOT_DB_NODE_NETNS  per node (comma-separated): its
#                       address and the network namespace it runs in [127.0.0.1 / none]
#   DESKPILOT_DB_APP_FROM  MySQL host pattern the app hosts connect from (10.0.0.%),
#                       besides 127.0.0.1 and the socket
#   DESKPILOT_APP_HOSTS  app hosts: with 2 or more, each has its own workers and nginx
#                       and a front nginx balances them (README "Running on several
#                       machines") [1]
#   DESKPILOT_APP_PORT   first app host's nginx port (then +1 each) [DESKPILOT_PORT+1]
#   DESKPILOT_APP_ADDRS / DESKPILOT_APP_NETNS  per app host: address and namespace
#   DESKPILOT_LISTEN_ADDR / DESKPILOT_FRONT_NETNS  the address nginx (the front with
#                       several app hosts) listens on, and its namespace [127.0.0.1]
#   DESKPILOT_WORKERS   FastCGI children per group [2]
#   DESKPILOT_ADMIN_EMAIL / DESKPILOT_ADMIN_PASSWORD  the admin account, created when missing
#                       [admin@example.com / generated]; an existing one is left as it is
#   DESKPILOT_SKIP_KB=1 do not load the default knowledge base
#   DESKPILOT_AUTH_RATE / DESKPILOT_AUTH_BURST  sign-in/up requests per client address [5r/s / 20]
#   DESKPILOT_SIGNIN_RATE / DESKPILOT_SIGNIN_BURST  sign-ins/ups of all addresses together,
#                       the excess queued up to the burst [2r/s / 40]
#   DESKPILOT_SUGGEST_RATE / DESKPILOT_SUGGEST_BURST  answers-before-filing requests
#                       (/api/answers/, the new-ticket page's check) per client address [2r/s / 10]
#   DESKPILOT_TRUSTED_PROXIES  reverse proxies (addresses/CIDRs) whose X-Forwarded-For
#                       names the client; none by default (the header is ignored)
#   DESKPILOT_AUTH_NICE  scheduling priority of the sign-in workers (bcrypt) [10]
#   DESKPILOT_AUTH_WORKERS  sign-in workers: bcrypt takes at most this many cores [1]
#   DESKPILOT_NGINX_WORKERS  nginx worker processes [auto: one per core]
#   DESKPILOT_NGINX_CONNECTIONS  connections per nginx worker [4096]
#   DESKPILOT_CONN_PER_ADDR  requests in progress per client address [100]
#   DESKPILOT_MAIL_FROM  the support address; set, the workers queue mail to customers
#                       and `deskpilot mail-out --loop` sends it (README "Sending mail")
#   DESKPILOT_MAIL_OUT=0  queue mail but start no sender (the tests run their own)
#   DESKPILOT_PUBLIC_URL  where customers reach the site, for links in mail
#                       [http://127.0.0.1:$DESKPILOT_PORT]
#   BUILD               build folder [build]
set -euo pipefail
umask 077 # state holds customer text, secrets and logs: private unless opened on purpose

# The admin's password is read once, here: nothing started below (MariaDB, workers,
# nginx) may carry it in its environment.
ADMIN_PW_GIVEN=${DESKPILOT_ADMIN_PASSWORD:-}
unset DESKPILOT_ADMIN_PASSWORD

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DESKPILOT_STATE:-$ROOT/state}
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)
PORT=${DESKPILOT_PORT:-8080}
DBPORT=${DESKPILOT_DB_LOCAL_PORT:-33306}
WORKERS=${DESKPILOT_WORKERS:-2}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
RUN=$STATE/run LOGS=$STATE/logs
WEB=$STATE/web SOCKS=$STATE/web/sock # set by prepare_web
DBNAME=deskpilot APPUSER=deskpilot MIGUSER=deskpilot_migrator
CLUSTER=${DESKPILOT_DB_CLUSTER:-1}
APP_HOSTS=${DESKPILOT_APP_HOSTS:-1}
case $CLUSTER in [1-9]) ;; *) echo "deskpilot: error: DESKPILOT_DB_CLUSTER must be 1..9" >&2; exit 1 ;; esac
case $APP_HOSTS in [1-9]) ;; *) echo "deskpilot: error: DESKPILOT_APP_HOSTS must be 1..9" >&2; exit 1 ;; esac
GPORT=${DESKPILOT_DB_GALERA_PORT:-$((DBPORT + 10))}
APP_PORT=${DESKPILOT_APP_PORT:-$((PORT + 1))}
LISTEN_ADDR=${DESKPILOT_LISTEN_ADDR:-127.0.0.1}
IFS=', ' read -ra DB_ADDRS <<<"${DESKPILOT_DB_NODE_ADDRS:-}"
IFS=', ' read -ra DB_NETNS <<<"${DESKPILOT_DB_NODE_NETNS:-}"
IFS=', ' read -ra APP_ADDRS <<<"${DESKPILOT_APP_ADDRS:-}"
IFS=', ' read -ra APP_NETNS <<<"${DESKPILOT_APP_NETNS:-}"

say() { printf 'deskpilot: %s\n' "$*"; }
die() { printf 'deskpilot: error: %s\n' "$*" >&2; exit 1; }

# A pid from a pid file, if that process is alive and not a zombie.
live_pid() {
    local f=$1 pid
    [ -s "$f" ] || return 1
    pid=$(head -n1 "$f" 2>/dev/null)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    case $(ps -o stat= -p "$pid" 2>/dev/null) in Z*|'') return 1 ;; esac
    echo "$pid"
}

port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# Who runs what. Started as root, no long-lived process stays root but nginx's
# master (it binds, reads its configuration and opens the logs; its workers are
# nobody): the FastCGI workers run as a dedicated system user, MariaDB and its
# supervisor as the mysql user of Debian's package, both created when missing.
# Anyone else runs everything as themselves.
if [ "$(id -u)" = 0 ]; then
    AS_ROOT=1 RUN_USER=deskpilot DB_USER=mysql
else
    AS_ROOT=0 RUN_USER=$(id -un) DB_USER=$(id -un)
fi

ensure_user() { # ensure_user NAME: a system account without login or home
    id -u "$1" >/dev/null 2>&1 && return 0
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$1" 2>/dev/null || true
    id -u "$1" >/dev/null 2>&1 || die "could not create the system user $1"
}

own() { # own OWNER[:GROUP] PATH...: chown as root; a no-op for anyone else
    [ "$AS_ROOT" = 1 ] && chown "$@"
    return 0
}

reaches() { # reaches USER DIR: USER may pass through DIR and all folders above it
    setpriv --reuid="$1" --regid="$(id -g "$1")" --clear-groups -- test -x "$2/." 2>/dev/null
}

state_id() { printf '%s' "$STATE" | sha256sum | cut -c1-16; }

# PRIV holds what the unprivileged processes open themselves: the database (db/,
# db-files/, db-tmp/ for its temporary tables — not the shared /tmp, where anyone's
# cleanup could remove them mid-statement — and dbrun/ with its socket), the model,
# the secrets and app/ (a copy of the worker binaries, the supervisor and the
# templates, so nothing under the clone needs to be reachable). It is the state folder itself, unless that sits where
# those users cannot go (a clone in root's 0700 home): then it is a folder of
# /var/lib named for the state folder, and the state folder links to its parts.
if [ "$AS_ROOT" = 1 ]; then # the users first: where PRIV is depends on what they reach
    case ${1:-} in start | start-db) ensure_user "$RUN_USER"; ensure_user "$DB_USER" ;; esac
fi
if [ "$AS_ROOT" = 1 ] && ! { reaches "$RUN_USER" "$STATE" && reaches "$DB_USER" "$STATE"; }; then
    PRIV=/var/lib/deskpilot/$(state_id)
else
    PRIV=$STATE
fi
SECRETS=$PRIV/secrets APP=$PRIV/app DBDIR=$PRIV/db
# MariaDB's socket lives apart from the FastCGI sockets: nginx needs to reach
# those, only the workers (and we) the database.
DBRUN=$PRIV/dbrun
SOCK=$DBRUN/mysql.sock

# The database nodes: node 1 is the single server of a one-node stack (db/, mysql.sock,
# run/mysqld.pid); node i of a cluster has the suffix -i on each of those.
sfx() { [ "$1" = 1 ] || echo "-$1"; }
node_addr() { echo "${DB_ADDRS[$1 - 1]:-127.0.0.1}"; }
node_port() { echo $((DBPORT + $1 - 1)); }
node_dir() { echo "$PRIV/db$(sfx "$1")"; }
node_sock() { echo "$DBRUN/mysql$(sfx "$1").sock"; }
# ns_prefix NS: the words that run a command in network namespace NS (none: here),
# one a line, for mapfile.
ns_prefix() { [ -z "$1" ] || printf '%s\n' ip netns exec "$1"; }
# The hosts the workers use: the cluster's nodes, or DESKPILOT_DB_HOSTS as given.
db_hosts_list() {
    local i list=""
    [ -n "${DESKPILOT_DB_HOSTS:-}" ] && { echo "$DESKPILOT_DB_HOSTS"; return; }
    [ "$CLUSTER" -gt 1 ] || return 0
    for i in $(seq "$CLUSTER"); do list+="${list:+,}$(node_addr "$i"):$(node_port "$i")"; done
    echo "$list"
}

# place NAME: make $PRIV/NAME, moving a folder of an older layout there and linking
# $STATE/NAME to it when PRIV is elsewhere.
place() {
    local here=$STATE/$1 there=$PRIV/$1
    if [ "$PRIV" = "$STATE" ]; then
        mkdir -p "$here"
        return 0
    fi
    mkdir -p "$PRIV"
    chmod 711 "$(dirname "$PRIV")" "$PRIV"
    if [ -d "$here" ] && [ ! -L "$here" ]; then
        [ -e "$there" ] && die "both $here and $there exist: keep one and remove the other"
        mv "$here" "$there"
    fi
    mkdir -p "$there"
    ln -sfn "$there" "$here"
}

# The private folders, each reachable by the one user that needs it.
prepare_priv() {
    local d
    for d in db db-files db-tmp dbrun model secrets app; do place "$d"; done
    for d in $(seq 2 "$CLUSTER"); do place "db-$d"; own -R "$DB_USER:" "$PRIV/db-$d"; chmod 700 "$PRIV/db-$d"; done
    for d in $(seq 2 "$APP_HOSTS"); do place "model-$d"; own -R "$RUN_USER:" "$PRIV/model-$d"; chmod 700 "$PRIV/model-$d"; done
    own -R "$DB_USER:" "$DBDIR" "$PRIV/db-files" "$PRIV/db-tmp"
    own "$DB_USER:$(id -gn "$RUN_USER")" "$DBRUN"
    own -R "$RUN_USER:" "$PRIV/model"
    own "root:$(id -gn "$RUN_USER")" "$SECRETS"
    chmod 700 "$DBDIR" "$PRIV/db-files" "$PRIV/db-tmp" "$PRIV/model"
    if [ "$AS_ROOT" = 1 ]; then chmod 710 "$DBRUN" "$SECRETS"; else chmod 700 "$DBRUN" "$SECRETS"; fi
}

# prepare_app: app/ gets fresh copies of the worker binaries, the database supervisor
# and the templates, readable by all (they hold no secret), swapped in at once.
prepare_app() {
    rm -rf "$APP.new"
    mkdir -p "$APP.new/bin"
    cp "$BUILD"/cgi-bin/* "$ROOT/tools/db-supervise.sh" "$ROOT/tools/galera-node.sh" "$APP.new/bin/"
    cp "$BUILD/deskpilot" "$APP.new/bin/" # the mail sender runs from here as the workers' user
    cp -R "$ROOT/templates" "$APP.new/templates"
    chmod -R u=rwX,go=rX "$APP.new"
    chmod 755 "$APP.new"/bin/*
    rm -rf "$APP.old"
    mv "$APP" "$APP.old"
    mv "$APP.new" "$APP"
    rm -rf "$APP.old"
}

# Secrets only this script uses stay root's, mode 600; the others (those the workers
# read: the database password, the JWT key, any added later) are root's too, readable
# by the workers' group (0640) but never writable by it: this script puts them into
# root's SQL, so a worker that could rewrite one could make itself database superuser.
ROOT_SECRETS=" db_root_password db_migrator_password admin_password "

secret() { # secret NAME: generated once with a CSPRNG; 64 hex digits or refused
    local f=$SECRETS/$1 v
    if [ ! -s "$f" ]; then
        (umask 077; mkdir -p "$SECRETS"; openssl rand -hex 32 > "$f.tmp" && mv "$f.tmp" "$f")
    fi
    case $ROOT_SECRETS in
    *" $1 "*) own root: "$f"; chmod 600 "$f" ;;
    *) own "root:$(id -gn "$RUN_USER")" "$f"; if [ "$AS_ROOT" = 1 ]; then chmod 640 "$f"; else chmod 600 "$f"; fi ;;
    esac
    v=$(cat "$f")
    [[ $v =~ ^[0-9a-f]{64}$ ]] || die "secret $f is not what this script wrote (64 hex digits); remove it to make a new one"
    printf '%s\n' "$v"
}

# MariaDB's root has a random password from the secrets folder (passed in the
# environment, never on a command line); only the socket account exists.
db_root() { MYSQL_PWD=$(secret db_root_password) mariadb --no-defaults --socket="$SOCK" -uroot "$@"; }

# A fresh datadir's root accounts have no password: give root@localhost one and
# drop the TCP ones, before anything else can use them.
secure_db_root() {
    db_root -e 'SELECT 1' >/dev/null 2>&1 && return 0
    local pw
    pw=$(secret db_root_password)
    mariadb --no-defaults --socket="$SOCK" -uroot <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY '$pw';
DROP USER IF EXISTS 'root'@'127.0.0.1', 'root'@'::1', 'root'@'$(hostname)';
FLUSH PRIVILEGES;
SQL
}

db_answers() { mariadb-admin --no-defaults --socket="${1:-$SOCK}" ping >/dev/null 2>&1; }

# node_ready I: node I answers, and a cluster node is Synced (a joiner answers before).
node_ready() {
    local sock
    sock=$(node_sock "$1")
    db_answers "$sock" || return 1
    [ "$CLUSTER" -gt 1 ] || return 0
    # root has its password, or none yet (a new node 1, before secure_db_root).
    local q="SHOW STATUS LIKE 'wsrep_local_state_comment'" state
    state=$(MYSQL_PWD=$(secret db_root_password) mariadb --no-defaults --socket="$sock" -uroot -N \
        -e "$q" 2>/dev/null || mariadb --no-defaults --socket="$sock" -uroot -N -e "$q" 2>/dev/null)
    [ "$(echo "$state" | cut -f2)" = Synced ]
}

# What Galera needs of each node (README "Running on several machines"): row-based
# replication, interleaved auto-increment locks, InnoDB only (and a primary key on
# every table: sql/ has one everywhere). Short failure detection, so a dead node is
# out of the cluster's view within seconds; rsync copies a whole datadir (SST) to a
# new node, a restarted one gets what it missed from a donor's cache (IST).
galera_args() {
    local i=$1 addr g peers="" j
    addr=$(node_addr "$i") g=$((GPORT + 3 * (i - 1)))
    for j in $(seq "$CLUSTER"); do peers+="${peers:+,}$(node_addr "$j"):$((GPORT + 3 * (j - 1)))"; done
    printf '%s\n' --wsrep-on=ON --wsrep-provider=/usr/lib/galera/libgalera_smm.so \
        "--wsrep-cluster-name=deskpilot-$(state_id)" "--wsrep-cluster-address=gcomm://$peers" \
        "--wsrep-node-address=$addr:$g" "--wsrep-node-name=node$i" \
        "--wsrep-provider-options=base_port=$g;ist.recv_addr=$addr:$((g + 1));gcache.size=64M;evs.keepalive_period=PT1S;evs.inactive_check_period=PT1S;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT4S" \
        --wsrep-sst-method=rsync "--wsrep-sst-receive-address=$addr:$((g + 2))" \
        --binlog-format=ROW --innodb-autoinc-lock-mode=2 --default-storage-engine=InnoDB
}

# MariaDB runs under tools/db-supervise.sh (run/mysqld.pid is the supervisor's pid,
# dbrun/mariadbd.pid the server's), which restarts it after a crash; a cluster's
# nodes through tools/galera-node.sh (recovery, bootstrap once).
start_db() {
    local i any=0
    if [ "$CLUSTER" -gt 1 ]; then
        for i in $(seq "$CLUSTER"); do live_pid "$RUN/mysqld$(sfx "$i").pid" >/dev/null && any=1; done
        if [ "$any" = 0 ]; then
            # The whole cluster is down: node 1 starts it anew from its data (the last
            # to stop: see stop_db; after a crash of all, its data wins).
            [ -f "$DBDIR/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' "$DBDIR/grastate.dat"
            touch "$DBRUN/bootstrap-1"
            own "$DB_USER:" "$DBRUN/bootstrap-1"
        fi
    fi
    start_node 1
    [ "$CLUSTER" = 1 ] || wait_node 1 300
    secure_db_root
    for i in $(seq 2 "$CLUSTER"); do start_node "$i"; done
    for i in $(seq 2 "$CLUSTER"); do wait_node "$i" 1200; done
}

# wait_node I TENTHS: until node I is ready (a joiner's first copy takes a while).
wait_node() {
    local i=$1 n sup
    for n in $(seq "$2"); do
        node_ready "$i" && return 0
        sup=$(live_pid "$RUN/mysqld$(sfx "$i").pid") || die "MariaDB node $i exited; see $LOGS/mysqld$(sfx "$i").err"
        sleep 0.1
    done
    die "MariaDB node $i (supervisor pid ${sup:-?}) does not answer; see $LOGS/mysqld$(sfx "$i").err"
}

start_node() {
    local i=$1 x dir sock port addr ns
    x=$(sfx "$i") dir=$(node_dir "$i") sock=$(node_sock "$i") port=$(node_port "$i") addr=$(node_addr "$i")
    ns=${DB_NETNS[$i - 1]:-}
    if live_pid "$RUN/mysqld$x.pid" >/dev/null; then
        # Supervised already (perhaps restarting it): never a second server.
        [ "$i" = 1 ] && wait_node 1 300
        return 0
    fi
    [ -z "$ns" ] && port_busy "$port" && die "port $port (MariaDB) is in use; set DESKPILOT_DB_LOCAL_PORT"
    mkdir -p "$dir"
    own "$DB_USER:" "$dir"
    chmod 700 "$dir"
    # A joining node gets its data from the cluster (SST): only node 1 starts from a datadir.
    if [ ! -d "$dir/mysql" ] && [ "$i" = 1 ]; then
        say "initialising MariaDB in $dir"
        mariadb-install-db --no-defaults --user="$DB_USER" --datadir="$dir" \
            --auth-root-authentication-method=normal --skip-test-db \
            --innodb-log-file-size=16M >"$LOGS/install-db.log" 2>&1 \
            || die "mariadb-install-db failed; see $LOGS/install-db.log"
    fi
    local as=() cmd=(mariadbd) extra=() inns=()
    mapfile -t inns < <(ns_prefix "$ns")
    [ "$AS_ROOT" = 1 ] && as=(setpriv --reuid="$DB_USER" --regid="$(id -g "$DB_USER")" --init-groups --)
    if [ "$CLUSTER" -gt 1 ]; then
        cmd=("$APP/bin/galera-node.sh" mariadbd)
        mapfile -t extra < <(galera_args "$i")
    else
        extra=(--skip-log-bin)
    fi
    # Its errors go to the log this script opens: the server's user cannot reach logs/.
    # It starts in PRIV: our own folder may be one its user cannot enter.
    (cd "$PRIV" && DESKPILOT_GALERA_BOOTSTRAP=$DBRUN/bootstrap-$i exec setsid "${inns[@]}" "${as[@]}" \
        "$APP/bin/db-supervise.sh" "${cmd[@]}" --no-defaults \
        --datadir="$dir" --socket="$sock" \
        --port="$port" --bind-address="$addr" --skip-networking=0 --skip-name-resolve \
        --pid-file="$DBRUN/mariadbd$x.pid" "${extra[@]}" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --innodb-buffer-pool-size=128M --innodb-log-file-size=16M \
        --innodb-flush-log-at-trx-commit=1 \
        --max-connections=200 --secure-file-priv="$PRIV/db-files" --tmpdir="$PRIV/db-tmp") \
        </dev/null >>"$LOGS/mysqld$x.err" 2>&1 &
    echo $! >"$RUN/mysqld$x.pid"
    [ "$i" = 1 ] || return 0 # the joiners are waited for together
    local n
    for n in $(seq 200); do
        db_answers && return 0
        live_pid "$RUN/mysqld.pid" >/dev/null || die "MariaDB exited; see $LOGS/mysqld.err"
        sleep 0.1
    done
    die "MariaDB did not answer within 20 s; see $LOGS/mysqld.err"
}

# stop_db: each supervisor passes SIGTERM on and waits for its server's shutdown;
# a cluster's nodes one after the other, node 1 last (it bootstraps the next start).
stop_db() {
    local i
    for i in $(seq 9 -1 1); do stop_pid "mysqld$(sfx "$i")" TERM 600; done
}

# app_from_sql PASSWORD: the app account for the app hosts' addresses (DESKPILOT_DB_APP_FROM).
app_from_sql() {
    local from=${DESKPILOT_DB_APP_FROM:-}
    [ -n "$from" ] || return 0
    [[ $from =~ ^[0-9A-Za-z.:%_-]+$ ]] || die "DESKPILOT_DB_APP_FROM: '$from' is not a host pattern"
    echo "CREATE USER IF NOT EXISTS '$APPUSER'@'$from' IDENTIFIED BY '$1';"
    echo "ALTER USER '$APPUSER'@'$from' IDENTIFIED BY '$1';"
    echo "GRANT SELECT, INSERT, UPDATE, DELETE ON $DBNAME.* TO '$APPUSER'@'$from';"
}

setup_db() {
    local app_pw mig_pw
    app_pw=$(secret db_password)
    mig_pw=$(secret db_migrator_password)
    # Workers get data access only; schema changes need the migrator account.
    db_root <<SQL
CREATE DATABASE IF NOT EXISTS $DBNAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$APPUSER'@'localhost' IDENTIFIED BY '$app_pw';
CREATE USER IF NOT EXISTS '$APPUSER'@'127.0.0.1' IDENTIFIED BY '$app_pw';
ALTER USER '$APPUSER'@'localhost' IDENTIFIED BY '$app_pw';
ALTER USER '$APPUSER'@'127.0.0.1' IDENTIFIED BY '$app_pw';
GRANT SELECT, INSERT, UPDATE, DELETE ON $DBNAME.* TO '$APPUSER'@'localhost', '$APPUSER'@'127.0.0.1';
$(app_from_sql "$app_pw")
CREATE USER IF NOT EXISTS '$MIGUSER'@'localhost' IDENTIFIED BY '$mig_pw';
ALTER USER '$MIGUSER'@'localhost' IDENTIFIED BY '$mig_pw';
GRANT ALL PRIVILEGES ON $DBNAME.* TO '$MIGUSER'@'localhost';
SQL
}

# The environment every deskpilot process of this stack gets.
export_env() {
    export DESKPILOT_DB_HOST=localhost DESKPILOT_DB_SOCKET="$SOCK" DESKPILOT_DB_NAME=$DBNAME
    DESKPILOT_DB_HOSTS=$(db_hosts_list)
    export DESKPILOT_DB_HOSTS
    # A cluster stalls writes while it notices a dead node (evs.suspect_timeout, then a
    # new view): the workers wait that out rather than count a live node as lost.
    [ "$CLUSTER" = 1 ] || export DESKPILOT_DB_TIMEOUT=${DESKPILOT_DB_TIMEOUT:-10}
    export DESKPILOT_DB_USER=$APPUSER DESKPILOT_DB_PASSWORD_FILE="$SECRETS/db_password"
    export DESKPILOT_JWT_SECRET_FILE="$SECRETS/jwt_secret"
    export DESKPILOT_MODEL_PATH="$PRIV/model/model.bin"
    export DESKPILOT_TEMPLATES_DIR="$APP/templates" DESKPILOT_MIGRATIONS_DIR="$ROOT/sql"
    export DESKPILOT_KB_FILE="${DESKPILOT_KB_FILE:-$ROOT/kb/default_intents.csv}"
    export DESKPILOT_PUBLIC_URL="${DESKPILOT_PUBLIC_URL:-http://127.0.0.1:$PORT}"
}

# Run the CLI as the migrator (schema changes) or as the app user.
cli_migrator() { # over node 1's socket: the migrator account is a local one
    DESKPILOT_DB_HOSTS= DESKPILOT_DB_USER=$MIGUSER DESKPILOT_DB_PASSWORD_FILE="$SECRETS/db_migrator_password" \
        "$BUILD/deskpilot" "$@"
}

# The admin account is created when missing, and only then: an existing one keeps what
# the admins made of it (disabled, another role, a changed password). Changing it takes
# an explicit, audited `deskpilot user set-password|enable|add --update`.
setup_admin() {
    local email=${DESKPILOT_ADMIN_EMAIL:-admin@example.com} pw out
    if [ -n "$ADMIN_PW_GIVEN" ]; then
        pw=$ADMIN_PW_GIVEN
    else
        pw=$(secret admin_password | cut -c1-20)
    fi
    out=$(printf '%s' "$pw" | "$BUILD/deskpilot" user add --email "$email" --name Administrator \
        --role admin --if-missing)
    case $out in
    *created*) ADMIN_LOGIN="$email / $pw" ;;
    *) ADMIN_LOGIN="$email (an existing account, left as it is: its password is unchanged"
       [ -z "$ADMIN_PW_GIVEN" ] && ADMIN_LOGIN+="; the one generated with it is in $SECRETS/admin_password"
       ADMIN_LOGIN+="; change it with: tools/stack.sh cli user set-password $email)" ;;
    esac
}

# host_model H: app host H's model file (each host keeps its own, as on its own machine).
host_model() { echo "$PRIV/model$(sfx "$1")/model.bin"; }

load_kb() {
    [ "${DESKPILOT_SKIP_KB:-0}" = 1 ] && return 0
    [ -x "$BUILD/deskpilot" ] || return 0
    if [ -f "$DESKPILOT_KB_FILE" ]; then
        "$BUILD/deskpilot" import intents "$DESKPILOT_KB_FILE" --if-empty
    fi
    # A missing, damaged or older-format model (after an upgrade) is rebuilt, by us:
    # the workers' user must own it (the admin group's retrain replaces it).
    local h
    for h in $(seq "$APP_HOSTS"); do
        DESKPILOT_MODEL_PATH=$(host_model "$h") "$BUILD/deskpilot" train --if-needed >/dev/null
        own -R "$RUN_USER:" "$(dirname "$(host_model "$h")")"
    done
}

# host_socks H: app host H's FastCGI sockets (unix sockets: its nginx and its workers
# share the machine, or here a folder across network namespaces).
host_socks() { echo "$SOCKS$(sfx "$1")"; }

# start_workers: each app host's groups, in its namespace, with its own model.
start_workers() {
    local h
    for h in $(seq "$APP_HOSTS"); do start_host_workers "$h"; done
}

start_host_workers() {
    local h=$1 bin group pid x socks inns=()
    x=$(sfx "$h") socks=$(host_socks "$h")
    mapfile -t inns < <(ns_prefix "${APP_NETNS[$h - 1]:-}")
    mkdir -p "$socks"
    chmod 711 "$socks"
    for bin in "$BUILD"/cgi-bin/*; do
        [ -x "$bin" ] || continue
        group=$(basename "$bin") bin=$APP/bin/$(basename "$bin")
        if live_pid "$RUN/$group$x.pid" >/dev/null; then continue; fi
        rm -f "$socks/$group.sock"
        # Sign-ins cost ~230 ms of bcrypt each: the auth group runs at a lower
        # priority, so a flood of them cannot starve the ticket endpoints of CPU.
        # With the kernel's autogroups each session competes as one whatever its
        # processes' nice, so the new session's autogroup is lowered too (from
        # inside it, once setsid made it).
        local prio=0 count=$WORKERS
        if [ "$group" = auth ]; then
            prio=${DESKPILOT_AUTH_NICE:-10} count=${DESKPILOT_AUTH_WORKERS:-1}
            case $prio in '' | *[!0-9]*) die "DESKPILOT_AUTH_NICE must be 0..19" ;; esac
            case $count in '' | *[!0-9]* | 0) die "DESKPILOT_AUTH_WORKERS must be a positive number" ;; esac
        fi
        # multiwatch restarts a crashed child; -r bounds restarts per 10 s window.
        # Only nginx's workers may connect: owned by their user, mode 0660.
        DESKPILOT_MODEL_PATH=$(host_model "$h") setsid "${inns[@]}" sh -c '[ "$1" = 0 ] || echo "$1" >/proc/self/autogroup 2>/dev/null ||
                echo "deskpilot: could not lower the autogroup of this group (nice alone applies)" >&2
            shift; exec "$@"' \
            _ "$prio" nice -n "$prio" spawn-fcgi -n -d "$APP" -s "$socks/$group.sock" $SOCK_OWNER $RUN_AS -- \
            /usr/bin/multiwatch -f "$count" -r 1000 -- "$bin" \
            </dev/null >>"$LOGS/$group$x.log" 2>&1 &
        echo $! >"$RUN/$group$x.pid"
    done
}

# start_tool NAME ARGS...: one long-running `deskpilot NAME ARGS` as the workers' user,
# its pid in run/NAME.pid and its output in logs/NAME.log; SIGTERM (make stop) lets it
# finish the unit of work in hand.
start_tool() {
    local name=$1 as=()
    live_pid "$RUN/$name.pid" >/dev/null && return 0
    [ "$AS_ROOT" = 1 ] && as=(setpriv --reuid="$RUN_USER" --regid="$(id -g "$RUN_USER")" --init-groups --)
    (cd "$APP" && exec setsid "${as[@]}" "$APP/bin/deskpilot" "$@") \
        </dev/null >>"$LOGS/$name.log" 2>&1 &
    echo $! >"$RUN/$name.pid"
}

# The mail sender, with mail on (DESKPILOT_MAIL_FROM); housekeeping (long-pending
# tickets resolved), unless DESKPILOT_HOUSEKEEPING=0 (the test stack runs it by hand).
start_tools() {
    if [ -n "${DESKPILOT_MAIL_FROM:-}" ] && [ "${DESKPILOT_MAIL_OUT:-1}" != 0 ]; then
        start_tool mail-out --loop
    fi
    [ "${DESKPILOT_HOUSEKEEPING:-1}" = 0 ] || start_tool housekeeping --loop
}

# nginx started as root runs its workers as nobody; as anyone else, as that user.
# The workers drop to their user in spawn-fcgi, after it made their socket.
if [ "$AS_ROOT" = 1 ]; then
    NGINX_USER="user nobody nogroup;" SOCK_OWNER="-U nobody -G nogroup -M 0660"
    RUN_AS="-u $RUN_USER -g $RUN_USER"
else
    NGINX_USER="" SOCK_OWNER="-M 0600" RUN_AS=""
fi

# What nginx's workers read (FastCGI sockets, static files, their temp folders) lives
# in one folder, $STATE/web. As root those workers are nobody, who cannot pass through
# a state folder inside a 0700 home (root's /root, say): then the folder lives under
# /run instead, named for the state folder, and $STATE/web links to it. Nothing else
# of the state is opened to anyone.
run_web_dir() { # the folder under /run that belongs to this state folder, and no other
    echo "/run/deskpilot/$(state_id)"
}

web_dir() {
    if [ "$(id -u)" = 0 ] && ! setpriv --reuid=nobody --regid=nogroup --clear-groups \
            -- test -x "$STATE/." 2>/dev/null; then
        run_web_dir
    else
        echo "$STATE/web"
    fi
}

# prepare_web: the web folder with a fresh copy of static/ and swagger-ui's files,
# readable by nginx's workers whatever umask the clone was made with.
prepare_web() {
    local dir f
    dir=$(web_dir)
    if [ "$dir" != "$STATE/web" ]; then
        mkdir -p "$dir"
        chmod 755 "$(dirname "$dir")"
        [ -d "$STATE/web" ] && [ ! -L "$STATE/web" ] && rm -rf "$STATE/web"
        ln -sfn "$dir" "$STATE/web"
    elif [ -L "$STATE/web" ]; then
        rm -f "$STATE/web" # a link left from before (or copied from another stack's state)
    fi
    WEB=$dir SOCKS=$dir/sock
    mkdir -p "$WEB/sock" "$WEB/tmp"
    rm -rf "$WEB/static.new" "$WEB/vendor.new"
    cp -R "$ROOT/static" "$WEB/static.new"
    mkdir -p "$WEB/vendor.new/swagger-ui"
    for f in swagger-ui.css swagger-ui-bundle.js LICENSE NOTICE; do
        if [ -f "$ROOT/node_modules/swagger-ui-dist/$f" ]; then
            cp "$ROOT/node_modules/swagger-ui-dist/$f" "$WEB/vendor.new/swagger-ui/"
        fi
    done
    chmod -R u=rwX,go=rX "$WEB/static.new" "$WEB/vendor.new"
    rm -rf "$WEB/static" "$WEB/vendor"
    mv "$WEB/static.new" "$WEB/static"
    mv "$WEB/vendor.new" "$WEB/vendor"
    # nginx makes its own temp folders inside tmp/, for its workers.
    chmod 711 "$WEB" "$WEB/sock" "$WEB/tmp"
}

render() { # render SRC DST: fill the placeholders of an nginx template (tools/nginx-render.sh);
    # LISTEN, SOCK, CONF, PID, SITE and the logs may be given for one host's nginx.
    LISTEN=${R_LISTEN:-$LISTEN_ADDR:$PORT} SOCK=${R_SOCK:-$SOCKS} CONF=${R_CONF:-$STATE/nginx} \
        PID=${R_PID:-$RUN/nginx.pid} SITE=${R_SITE:-$STATE/nginx/deskpilot.conf} WEB=$WEB STATE=$STATE \
        NGINX_USER=$NGINX_USER ACCESS_LOG=${R_LOG:-$LOGS/nginx}-access.log \
        ERROR_LOG=${R_LOG:-$LOGS/nginx}-error.log "$ROOT/tools/nginx-render.sh" "$1" "$2" || exit 1
}

# real-ip.conf: the proxies whose X-Forwarded-For names the client (addresses or
# CIDRs, separated by spaces or commas); none by default, so the header is ignored.
real_ip_conf() {
    local p proxies=${DESKPILOT_TRUSTED_PROXIES:-}
    echo "# generated by tools/stack.sh from DESKPILOT_TRUSTED_PROXIES"
    for p in ${proxies//,/ }; do
        [[ $p =~ ^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$ ]] || die "DESKPILOT_TRUSTED_PROXIES: '$p' is not an address or CIDR"
        echo "set_real_ip_from $p;"
    done
    if [ -n "${proxies//[ ,]/}" ]; then
        echo "real_ip_header X-Forwarded-For;"
        echo "real_ip_recursive on;"
    fi
}

# start_nginx: one nginx on DESKPILOT_PORT; with several app hosts, one per host on
# its address and port, and a front nginx on DESKPILOT_PORT balancing them. A running
# nginx is reloaded only when its configuration changed: a reload closes the idle
# keep-alive connections of its old workers under the clients' feet.
start_nginx() {
    local top
    top=$(conf_hash "$STATE/nginx")
    if [ "$APP_HOSTS" = 1 ]; then
        real_ip_conf >"$STATE/nginx/real-ip.conf"
        site_nginx "$STATE/nginx" "" nginx "$top"
        return
    fi
    local h dir
    for h in $(seq "$APP_HOSTS"); do
        dir=$STATE/nginx/host$h
        mkdir -p "$dir"
        local before
        before=$(conf_hash "$dir")
        # The front is the one proxy a host believes about the client's address.
        { echo "# generated by tools/stack.sh: the front nginx"; echo "set_real_ip_from $LISTEN_ADDR;"
          echo "real_ip_header X-Forwarded-For;"; } >"$dir/real-ip.conf"
        R_LISTEN=$(host_addr "$h"):$((APP_PORT + h - 1)) R_SOCK=$(host_socks "$h") \
            site_nginx "$dir" "${APP_NETNS[$h - 1]:-}" "nginx-$h" "$before"
    done
    real_ip_conf >"$STATE/nginx/real-ip.conf"
    for h in $(seq "$APP_HOSTS"); do
        # Passive health: a host that fails once is left out for 5 s.
        echo "server $(host_addr "$h"):$((APP_PORT + h - 1)) max_fails=1 fail_timeout=5s;"
    done >"$STATE/nginx/upstreams.conf"
    render "$ROOT/nginx/front.conf.in" "$STATE/nginx/front.conf"
    R_SITE=$STATE/nginx/front.conf render "$ROOT/nginx/nginx.conf.in" "$STATE/nginx/nginx.conf"
    run_nginx "$STATE/nginx/nginx.conf" "${DESKPILOT_FRONT_NETNS:-}" nginx "$PORT" "$top"
}

conf_hash() { { cat "$1"/*.conf 2>/dev/null || true; } | sha256sum; } # conf_hash DIR: its configuration files

host_addr() { echo "${APP_ADDRS[$1 - 1]:-127.0.0.1}"; }

# site_nginx DIR NETNS NAME HASH: render the site, its snippets and its main file into
# DIR and run that nginx (pid run/NAME.pid, logs logs/NAME-*.log); HASH: DIR's
# conf_hash before.
site_nginx() {
    local dir=$1 ns=$2 name=$3 before=$4 f listen=${R_LISTEN:-$LISTEN_ADDR:$PORT}
    for f in "$ROOT"/nginx/*.conf; do R_CONF=$dir render "$f" "$dir/$(basename "$f")"; done
    R_CONF=$dir R_PID=$RUN/$name.pid R_SITE=$dir/deskpilot.conf R_LOG=$LOGS/$name \
        render "$ROOT/nginx/deskpilot.conf.in" "$dir/deskpilot.conf"
    R_CONF=$dir R_PID=$RUN/$name.pid R_SITE=$dir/deskpilot.conf R_LOG=$LOGS/$name \
        render "$ROOT/nginx/nginx.conf.in" "$dir/nginx.conf"
    run_nginx "$dir/nginx.conf" "$ns" "$name" "${listen##*:}" "$before"
}

# run_nginx CONF NETNS NAME PORT HASH: start it, or reload it when it runs and its
# folder's conf_hash is no longer HASH.
run_nginx() {
    local conf=$1 ns=$2 name=$3 port=$4 before=$5 inns=()
    mapfile -t inns < <(ns_prefix "$ns")
    local args=(-p "$(dirname "$conf")" -c "$conf" -e "$LOGS/$name-error.log")
    "${inns[@]}" nginx -t -q "${args[@]}" || die "nginx configuration test failed ($conf)"
    if live_pid "$RUN/$name.pid" >/dev/null; then
        [ "$(conf_hash "$(dirname "$conf")")" = "$before" ] || "${inns[@]}" nginx "${args[@]}" -s reload
        return 0
    fi
    [ -z "$ns" ] && port_busy "$port" && die "port $port is in use; stop what uses it or set DESKPILOT_PORT"
    "${inns[@]}" nginx "${args[@]}" || die "nginx did not start; see $LOGS/$name-error.log"
}

wait_ready() {
    local i
    for i in $(seq 100); do
        curl -fsS -o /dev/null "http://$LISTEN_ADDR:$PORT/api/health" 2>/dev/null && return 0
        sleep 0.1
    done
    die "the stack did not become healthy; see $LOGS/"
}

cmd_start() {
    [ -x "$BUILD/cgi-bin/meta" ] || die "not built: run make first"
    mkdir -p "$RUN" "$LOGS" "$STATE/nginx"
    # Fail before touching anything when someone else holds our port.
    if ! live_pid "$RUN/nginx.pid" >/dev/null && port_busy "$PORT"; then
        die "port $PORT is in use; stop what uses it or set DESKPILOT_PORT"
    fi
    # nginx's workers (user nobody) may pass through to web/ and read nothing else here.
    chmod 711 "$STATE"
    chmod 700 "$RUN" "$LOGS" "$STATE/nginx"
    prepare_priv
    prepare_app
    prepare_web
    secret jwt_secret >/dev/null
    start_db
    setup_db
    export_env
    cli_migrator migrate >/dev/null
    setup_admin
    load_kb
    start_workers
    start_tools
    start_nginx
    wait_ready
    say "running at http://$LISTEN_ADDR:$PORT/  (API docs: http://$LISTEN_ADDR:$PORT/api/docs)"
    [ "$CLUSTER" = 1 ] || say "database: a Galera cluster of $CLUSTER nodes ($(db_hosts_list))"
    [ "$APP_HOSTS" = 1 ] || say "app hosts: $APP_HOSTS behind the front nginx, from port $APP_PORT"
    say "admin login: $ADMIN_LOGIN"
    say "state and logs in $STATE; stop with: make stop"
}

# stop_pid NAME SIGNAL [TENTHS]: signal the process in run/NAME.pid and wait until it
# is gone (15 s unless told), then kill it.
stop_pid() {
    local name=$1 sig=$2 pid i
    pid=$(live_pid "$RUN/$name.pid") || { rm -f "$RUN/$name.pid"; return 0; }
    kill "-$sig" "$pid" 2>/dev/null || true
    for i in $(seq "${3:-150}"); do
        live_pid "$RUN/$name.pid" >/dev/null || break
        sleep 0.1
    done
    if live_pid "$RUN/$name.pid" >/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$RUN/$name.pid"
}

cmd_stop() {
    [ -d "$RUN" ] || { say "nothing to stop in $STATE"; return 0; }
    stop_pid nginx QUIT
    local f
    for f in "$RUN"/nginx-*.pid; do [ -e "$f" ] && stop_pid "$(basename "$f" .pid)" QUIT; done
    for f in "$RUN"/*.pid; do
        [ -e "$f" ] || continue
        case $(basename "$f" .pid) in nginx | nginx-* | mysqld | mysqld-*) ;; *) stop_pid "$(basename "$f" .pid)" TERM ;; esac
    done
    rm -f "$STATE"/web/sock*/*.sock
    # A web folder under /run is ours alone: remove it with the link to it.
    # A web folder under /run is removed only when it is this state folder's own: a
    # link copied along with another stack's state must not take that stack's away.
    if [ -L "$STATE/web" ]; then
        if [ "$(readlink "$STATE/web")" = "$(run_web_dir)" ]; then
            rm -rf "$(run_web_dir)"
        fi
        rm -f "$STATE/web"
    fi
    stop_db
    say "stopped"
}

cmd_status() {
    local f rc=0
    for f in "$RUN"/*.pid; do
        [ -e "$f" ] || continue
        if live_pid "$f" >/dev/null; then say "$(basename "$f" .pid): running"; else say "$(basename "$f" .pid): stopped"; rc=1; fi
    done
    return $rc
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
env) export_env; env | grep '^DESKPILOT_' ;;
cli) export_env; shift; exec "$BUILD/deskpilot" "$@" ;; # the CLI with this stack's settings
migrate) export_env; cli_migrator migrate ;; # as the migrator: migrations, then the search backfill
stop-db) stop_db ;;      # for the outage tests: workers stay up
start-db) mkdir -p "$LOGS" "$RUN"; prepare_priv; [ -x "$APP/bin/galera-node.sh" ] || prepare_app; start_db ;;
*) echo "usage: $0 start|stop|status|env|migrate|cli ARGS..." >&2; exit 2 ;;
esac
