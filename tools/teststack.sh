# teststack.sh: a throwaway stack for tests, benchmarks and valgrind runs (sourced, not run).
#   teststack_start NAME   start one in /tmp/deskpilot-NAME.XXXXXX on free ports; exports
#                          DESKPILOT_STATE, DESKPILOT_PORT, DESKPILOT_URL, admin credentials
#   teststack_stop         stop it and remove its folder (KEEP_STATE=1 keeps it)
# Needs ROOT (the repository) and BUILD set by the caller.

pick_port() { # a free TCP port on 127.0.0.1
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 20000))
        ss -Hltn "sport = :$p" | grep -q . || { echo "$p"; return; }
    done
    return 1
}

STACK_STATE=""

# For the benchmarks: what the stack's processes spent.
# CPU seconds (user + system) so far of the given processes.
cpu_s() {
    local tck pid sum=0
    tck=$(getconf CLK_TCK)
    for pid in "$@"; do
        [ -r "/proc/$pid/stat" ] || continue
        sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    awk -v s="$sum" -v t="$tck" 'BEGIN { printf "%.3f", s / t }'
}
db_pid() { head -n1 "$STACK_STATE/dbrun/mariadbd.pid"; } # the server, not its supervisor
worker_pids() { # the children of each group's multiwatch, on every app host
    local f
    for f in "$STACK_STATE"/run/*.pid; do
        case $(basename "$f") in nginx*.pid | mysqld*.pid) continue ;; esac
        pgrep -P "$(head -n1 "$f")" 2>/dev/null
    done
}

teststack_start() {
    STACK_STATE=$(mktemp -d "/tmp/deskpilot-$1.XXXXXX")
    chmod 755 "$STACK_STATE"
    export DESKPILOT_STATE=$STACK_STATE BUILD
    export DESKPILOT_PORT=$(pick_port) DESKPILOT_DB_LOCAL_PORT=$(pick_port)
    export DESKPILOT_ADMIN_EMAIL=admin@test.example DESKPILOT_ADMIN_PASSWORD=admin-pass-123
    # Fast hashes and generous per-address limits: the callers sign up many users
    # from one address. Both limits are tested for behaviour on their own.
    export DESKPILOT_BCRYPT_COST=${DESKPILOT_BCRYPT_COST:-4} DESKPILOT_LOGIN_MAX_FAILURES_IP=${DESKPILOT_LOGIN_MAX_FAILURES_IP:-40}
    # Quotas the suite stays under from 127.0.0.1 (their tests lower them through the
    # admin settings); 127.0.0.9 stands for a trusted reverse proxy.
    export DESKPILOT_SIGNUP_QUOTA=${DESKPILOT_SIGNUP_QUOTA:-100000} DESKPILOT_TICKET_QUOTA=${DESKPILOT_TICKET_QUOTA:-1000}
    export DESKPILOT_TRUSTED_PROXIES=${DESKPILOT_TRUSTED_PROXIES-127.0.0.9}
    # Sign-in delays start at a minute, so a test sees the wait however slow the
    # machine; two sign-in workers, so concurrent attempts really are concurrent.
    export DESKPILOT_LOGIN_BASE_DELAY=${DESKPILOT_LOGIN_BASE_DELAY:-60} DESKPILOT_AUTH_WORKERS=${DESKPILOT_AUTH_WORKERS:-2}
    export DESKPILOT_AUTH_RATE=${DESKPILOT_AUTH_RATE:-200r/s} DESKPILOT_AUTH_BURST=${DESKPILOT_AUTH_BURST:-100}
    export DESKPILOT_SIGNIN_RATE=${DESKPILOT_SIGNIN_RATE:-1000r/s} DESKPILOT_SIGNIN_BURST=${DESKPILOT_SIGNIN_BURST:-1000}
    # Answers before filing: room for the suite's own checks, a burst of 100 at once sees 429.
    export DESKPILOT_SUGGEST_RATE=${DESKPILOT_SUGGEST_RATE:-20r/s} DESKPILOT_SUGGEST_BURST=${DESKPILOT_SUGGEST_BURST:-40}
    export DESKPILOT_WIDGET_ORIGINS=${DESKPILOT_WIDGET_ORIGINS-https://shop.test.example}
    export DESKPILOT_URL="http://127.0.0.1:$DESKPILOT_PORT"
    # Mail on for every test, so the workers queue what customers are to receive; no
    # sender runs (the rows just accumulate): the mail tests run `deskpilot mail-out`
    # themselves against their own SMTP server.
    export DESKPILOT_MAIL_FROM=${DESKPILOT_MAIL_FROM-support@test.example} DESKPILOT_MAIL_OUT=0
    export DESKPILOT_PUBLIC_URL=$DESKPILOT_URL
    # Housekeeping runs when a test says so (`deskpilot housekeeping`), not in between.
    export DESKPILOT_HOUSEKEEPING=0
    if ! "$ROOT/tools/stack.sh" start >"$STACK_STATE/start.log" 2>&1; then
        cat "$STACK_STATE/start.log"
        return 1
    fi
}

teststack_stop() {
    [ -n "$STACK_STATE" ] || return 0
    DESKPILOT_STATE=$STACK_STATE BUILD=$BUILD "$ROOT/tools/stack.sh" stop >/dev/null 2>&1
    if [ "${KEEP_STATE:-0}" = 1 ]; then echo "state kept in $STACK_STATE"; else rm -rf "$STACK_STATE"; fi
    STACK_STATE=""
}
