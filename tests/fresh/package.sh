#!/bin/bash
# package.sh: the README's VPS commands in the bare Debian 12 root, as root, after the
# other fresh checks (tests/fresh/inside.sh): make deb; apt-get install ./deskpilot_*.deb;
# MariaDB from Debian; deskpilot setup; the worker groups started with their units' own
# ExecStart lines (this root has no systemd: systemd-analyze verify checks the units);
# nginx with the installed site; the same HTTP smoke; then an upgrade, remove and purge.
# Ends with "package: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "package: ok     $*"; }
bad() { FAILED=$((FAILED + 1)); echo "package: FAILED $*"; }
check() { # check WHAT COMMAND...: ok when the command succeeds
    local what=$1
    shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}
. tests/fresh/totals.sh
UNITS=/lib/systemd/system
PIDS=()
export DEBIAN_FRONTEND=noninteractive

finish() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    [ -s /run/nginx.pid ] && nginx -s quit 2>/dev/null
    mariadb-admin --no-defaults --socket=/run/mysqld/mysqld.sock shutdown 2>/dev/null
    echo "package: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
    exit
}

# start_group GROUP: run the unit's ExecStart as systemd would: its User= and Group=,
# its Environment= (drop-ins later, winning), Nice=, UMask=, %i and ${VAR} expanded.
start_group() {
    local g=$1 f line user="" group="" nice=0 umask=0022 cmd="" name
    declare -A vars=()
    for f in "$UNITS/deskpilot@.service" "$UNITS/deskpilot@$g.service.d"/*.conf; do
        [ -f "$f" ] || continue
        while IFS= read -r line; do
            case $line in
            User=*) user=${line#User=} ;;
            Group=*) group=${line#Group=} ;;
            Nice=*) nice=${line#Nice=} ;;
            UMask=*) umask=${line#UMask=} ;;
            Environment=*) line=${line#Environment=}; vars[${line%%=*}]=${line#*=} ;;
            ExecStart=*) cmd=${line#ExecStart=} ;;
            esac
        done <"$f"
    done
    cmd=${cmd//%i/$g}
    local env=()
    for name in "${!vars[@]}"; do
        cmd=${cmd//\$\{$name\}/${vars[$name]}}
        env+=("$name=${vars[$name]}")
    done
    [ -n "$user" ] && [ -n "$cmd" ] || return 1
    # shellcheck disable=SC2086 # the command line splits on spaces, as systemd's does
    (umask "$umask" && exec setsid env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${env[@]}" \
        nice -n "$nice" setpriv --reuid="$user" --regid="$group" --init-groups -- $cmd) \
        </dev/null >>"/tmp/group-$g.log" 2>&1 &
    PIDS+=($!)
}

free_port() {
    local p
    for p in $(seq 18090 18190); do
        ss -Hltn "sport = :$p" | grep -q . || { echo "$p"; return; }
    done
}

t=$(date +%s)
if make deb 2>&1 | tee /tmp/make-deb.log; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    ok "make deb built $(ls deskpilot_*.deb), lintian clean ($(($(date +%s) - t)) s)"
else
    bad "make deb"
    finish
fi
t=$(date +%s)
if apt-get install -y -qq ./deskpilot_*.deb >/tmp/apt-install.log 2>&1; then
    ok "apt-get install ./deskpilot_*.deb ($(($(date +%s) - t)) s)"
else
    tail -n 20 /tmp/apt-install.log
    bad "apt-get install ./deskpilot_*.deb"
    finish
fi
check "the workers' user exists, no login" test "$(getent passwd deskpilot | cut -d: -f7)" = /usr/sbin/nologin

# The units: verified by systemd itself (an instance per group), silent when sound.
verify() {
    local g out=/tmp/verify.log units=("$UNITS/deskpilot.target" "$UNITS/deskpilot-mail-out.service" "$UNITS/deskpilot-housekeeping.service")
    for g in /usr/lib/deskpilot/cgi-bin/*; do units+=("deskpilot@$(basename "$g").service"); done
    (cd "$UNITS" && systemd-analyze verify "${units[@]}") >"$out" 2>&1
    local rc=$?
    cat "$out"
    [ "$rc" -eq 0 ] && [ ! -s "$out" ]
}
check "systemd-analyze verify: the target, every group's instance, the mail sender and housekeeping" verify

# MariaDB from Debian, started without systemd; sockets only (the host's network is shared).
apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null 2>&1
install -d -o mysql -g mysql /run/mysqld
setsid mariadbd --user=mysql --skip-networking --innodb-ft-min-token-size=2 \
    </dev/null >/tmp/mariadbd.log 2>&1 &
for _ in $(seq 100); do mariadb-admin --no-defaults --socket=/run/mysqld/mysqld.sock ping >/dev/null 2>&1 && break; sleep 0.2; done
check "Debian's MariaDB answers on its socket" mariadb-admin --no-defaults --socket=/run/mysqld/mysqld.sock ping

# As an admin would: the site on a free port (this root shares the host's network).
port=$(free_port)
sed -i "s/^\(\s*\)listen 80;/\1listen 127.0.0.1:$port;/" /etc/nginx/sites-available/deskpilot
check "the site's listen line is its own to edit" grep -q "listen 127.0.0.1:$port;" /etc/nginx/sites-available/deskpilot

t=$(date +%s)
if deskpilot setup 2>&1 | tee /tmp/setup.log; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    ok "deskpilot setup as root over the socket ($(($(date +%s) - t)) s)"
else
    bad "deskpilot setup"
    finish
fi
login=$(sed -n 's#^admin login: ##p' /tmp/setup.log)
email=${login%% / *} password=${login#* / }
modes() {
    local f want got
    for f in db_password:deskpilot jwt_secret:deskpilot db_migrator_password:root \
            migrator.cnf:root admin_password:root; do
        want="600 ${f#*:}" got=$(stat -c '%a %U' "/etc/deskpilot/${f%%:*}")
        [ "$got" = "$want" ] || { echo "/etc/deskpilot/${f%%:*}: $got, not $want"; return 1; }
    done
}
check "secrets are mode 600, the workers' theirs, the rest root's" modes
check "the nginx site is enabled and Debian's default site disabled" \
    test -L /etc/nginx/sites-enabled/deskpilot -a ! -e /etc/nginx/sites-enabled/default
check "deskpilot setup again keeps what exists" \
    sh -c 'deskpilot setup | grep -q "an existing account, left as it is"'

for g in /usr/lib/deskpilot/cgi-bin/*; do
    check "group $(basename "$g") started with its unit's ExecStart" start_group "$(basename "$g")"
done
nginx
for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health" 2>/dev/null && break; sleep 0.2; done
sockets() {
    local s
    for s in /run/deskpilot/*.sock; do
        [ "$(stat -c '%a %U %G' "$s")" = "660 deskpilot www-data" ] || { stat -c '%n %a %U %G' "$s"; return 1; }
    done
    [ "$(ps -o uid= -C multiwatch | tr -d ' ' | sort -u)" = "$(id -u deskpilot)" ]
}
check "sockets 0660 deskpilot:www-data; multiwatch runs as deskpilot" sockets
check "auth has one worker, niced (its drop-in)" \
    sh -c '[ "$(pgrep -f -c "^/usr/lib/deskpilot/cgi-bin/auth")" = 1 ] && [ "$(ps -o ni= -p "$(pgrep -f -o "^/usr/lib/deskpilot/cgi-bin/auth")" | tr -d " ")" = 10 ]'

node tests/fresh/smoke.mjs "http://127.0.0.1:$port" "$email" "$password" | tee /tmp/pkg-smoke.log
add_totals /tmp/pkg-smoke.log || bad "the HTTP checks through the package's nginx site did not finish"
check "deskpilot doctor --url: all good" deskpilot doctor --url "http://127.0.0.1:$port"
check "deskpilot housekeeping: one pass as the workers' user, with the unit's configuration" \
    setpriv --reuid=deskpilot --regid=deskpilot --init-groups -- \
    env DESKPILOT_CONFIG=/etc/deskpilot/deskpilot.env deskpilot housekeeping

# An upgrade (the same version again) migrates and keeps serving.
apt-get install -y -qq --reinstall ./deskpilot_*.deb >/tmp/apt-upgrade.log 2>&1
if grep -q '^migrations: 0 applied' /tmp/apt-upgrade.log; then
    ok "reinstalling runs the migrations (none pending)"
else
    cat /tmp/apt-upgrade.log
    bad "reinstalling did not run the migrations"
fi
check "still healthy after the upgrade" curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health"

# Remove keeps the data; purge removes it. (The groups stop first, as prerm's systemctl would.)
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
PIDS=()
db_has() { [ "$(mariadb --no-defaults --socket=/run/mysqld/mysqld.sock -N -e "$1")" = "$2" ]; }
apt-get remove -y -qq deskpilot >/tmp/apt-remove.log 2>&1 || { cat /tmp/apt-remove.log; bad "apt-get remove"; }
kept() {
    local f
    for f in /etc/deskpilot/db_password /etc/deskpilot/migrator.cnf /var/lib/deskpilot/model/model.bin; do
        test -s "$f" || { echo "$f is gone"; return 1; }
    done
    db_has "SELECT COUNT(*) > 0 FROM deskpilot.users" 1 || { echo "the users are gone"; return 1; }
    ! test -e /usr/bin/deskpilot && ! test -e /usr/lib/deskpilot/cgi-bin/meta
}
check "apt-get remove: programs gone; secrets, model and database kept" kept
check "apt-get remove: the site disabled, nginx's configuration still sound" \
    sh -c '! test -e /etc/nginx/sites-enabled/deskpilot && nginx -t -q'
apt-get purge -y -qq deskpilot >/tmp/apt-purge.log 2>&1 || { cat /tmp/apt-purge.log; bad "apt-get purge"; }
gone() {
    ! test -e /etc/deskpilot && ! test -e /var/lib/deskpilot &&
        db_has "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'deskpilot'" 0 &&
        db_has "SELECT COUNT(*) FROM mysql.user WHERE user LIKE 'deskpilot%'" 0
}
check "apt-get purge: configuration, secrets, model, database and accounts gone" gone
finish
