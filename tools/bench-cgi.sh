#!/bin/bash
# bench-cgi.sh: the shared-hosting modes next to the FastCGI stack — reading and filing
# a ticket through Apache with plain CGI (a process per request) and with mod_fcgid,
# and through nginx with the spawn-fcgi workers, on the same database, with the
# default knowledge base. Run by `make bench`. Env: BUILD, BENCH_SECONDS (10).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. "$ROOT/tools/bench-lib.sh" # say, json
BUILD=${BUILD:-build}
SECS=${BENCH_SECONDS:-10}
[ -x /usr/sbin/apache2 ] || { echo "bench-cgi.sh: apache2-bin is missing (tools/install-deps.sh --test)" >&2; exit 1; }
. "$ROOT/tools/teststack.sh"
base=$(mktemp -d /tmp/deskpilot-bench-cgi.XXXXXX)
chmod 755 "$base"
cleanup() {
    for ext in cgi fcgi; do tools/apache-local.sh stop "$base/apache-$ext"; done
    rm -rf "$base"
    teststack_stop
}
trap cleanup EXIT
export DESKPILOT_TICKET_QUOTA=0
teststack_start bench-cgi || exit 1
sql() {
    MYSQL_PWD=$(cat "$STACK_STATE/secrets/db_root_password") mariadb --no-defaults \
        --socket="$STACK_STATE/dbrun/mysql.sock" -uroot -N -B -e "$1"
}

# One database for all three: the stack's, through an account with all rights on it,
# as a shared host gives.
sql "CREATE USER 'bench_cgi'@'127.0.0.1' IDENTIFIED BY 'bench-cgi-pw';
     GRANT ALL PRIVILEGES ON deskpilot.* TO 'bench_cgi'@'127.0.0.1';"

for ext in cgi fcgi; do
    home=$base/home-$ext
    env -i PATH="$PATH" HOME="$home" EXT=$ext BUILD="$ROOT/$BUILD" DATA="$home/data" \
        DESKPILOT_DB_HOST=127.0.0.1 DESKPILOT_DB_PORT="$DESKPILOT_DB_LOCAL_PORT" \
        DESKPILOT_DB_NAME=deskpilot DESKPILOT_DB_USER=bench_cgi DESKPILOT_DB_PASSWORD=bench-cgi-pw \
        DESKPILOT_ADMIN_EMAIL="admin-$ext@bench.example" \
        tools/install-cgi.sh "$home/www" >/dev/null || exit 1
    # One customer files every ticket of the run: no hourly quota in the way.
    echo "DESKPILOT_TICKET_QUOTA=0" >>"$home/data/deskpilot.conf"
    [ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$home"
    chmod 755 "$home"
    port=$(pick_port)
    tools/apache-local.sh start "$base/apache-$ext" "$home/www" "$port" "$ext" || exit 1
    eval "URL_$ext=http://127.0.0.1:$port"
done

URL=$DESKPILOT_URL
curl -s -X POST "$URL/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"email":"bench@test.example","password":"bench-pass-1","name":"Bench Customer"}' >/dev/null
# scripts URL NAME: a token from that mode (each install signs with its own secret),
# a ticket, and the wrk scripts reading it and filing more.
scripts() {
    local token ticket
    token=$(curl -s -X POST "$1/api/auth/login" -H 'Content-Type: application/json' \
        -d '{"email":"bench@test.example","password":"bench-pass-1"}' | json '.access_token')
    ticket=$(curl -s -X POST "$1/api/tickets" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d '{"subject":"Card","body":"How do I buy a gift card for a friend?"}' | json '.id')
    cat >"$base/post-$2.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"subject":"Gift card","body":"How do I buy a gift card for a friend?"}'
LUA
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" >"$base/get-$2.lua"
    echo "$ticket" >"$base/ticket-$2"
}

# row LABEL URL PATH SCRIPT: one wrk run, -t2 -c8 (a shared host's handful of clients)
row() {
    wrk -t2 -c8 -d"${SECS}s" --latency -s "$4" "$2$3" 2>&1 | awk -v l="$1" '
        /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } /Non-2xx/ { bad = $NF }
        END { printf "  %-34s %9s %9s %9s %7d\n", l, rps, p50, p99, bad }'
}
say "machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "wrk -t2 -c8, ${SECS}s each; the default knowledge base; MariaDB fsyncs every commit"
printf '  %-34s %9s %9s %9s %7s\n' "" "req/s" "p50" "p99" "non-2xx"
for mode in "nginx + FastCGI workers|$URL|nginx" "Apache + plain CGI|$URL_cgi|cgi" "Apache + mod_fcgid|$URL_fcgi|fcgi"; do
    IFS='|' read -r label url name <<<"$mode"
    scripts "$url" "$name"
    row "$label: read a ticket" "$url" "/api/tickets/$(cat "$base/ticket-$name")" "$base/get-$name.lua"
    row "$label: file a ticket" "$url" /api/tickets "$base/post-$name.lua"
done
