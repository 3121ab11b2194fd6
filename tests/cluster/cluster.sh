#!/bin/bash
# cluster.sh: the failover test of "Running on several machines" (README), on this
# machine. As root it builds a private network: a bridge with addresses of our own
# (10.X.Y.0/24, a subnet no route of this machine uses) and one network namespace per
# machine — three Galera nodes, two app hosts, one front nginx — starts the stack
# across them (tools/stack.sh with DESKPILOT_DB_CLUSTER=3, DESKPILOT_APP_HOSTS=2) and
# runs tests/cluster/failover.test.mjs. Whatever happens, the stack, the namespaces
# and the bridge are removed at the end.
# Where namespaces cannot be made (not root, no CAP_NET_ADMIN, a container without
# them) it says so — "network namespaces: skipped: why" — and runs the same test with
# every node and host on loopback; make fresh-test runs it as root.
# Ends with "N passed, N failed". Env: BUILD, CLUSTER_TOPOLOGY=netns|loopback (forced).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
ID=$(printf '%04x' $((RANDOM % 65536)))
NS_DB=(dp$ID-db1 dp$ID-db2 dp$ID-db3) NS_APP=(dp$ID-app1 dp$ID-app2) NS_FRONT=dp$ID-front
BR=dp${ID}br NET="" MADE_NS=() MADE_BR=0
say() { printf 'cluster: %s\n' "$*"; }

. "$ROOT/tools/teststack.sh"

cleanup() {
    teststack_stop
    local ns p
    for ns in "${MADE_NS[@]}"; do
        # Anything still running in a namespace goes with it.
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
        ip netns del "$ns" 2>/dev/null
    done
    [ "$MADE_BR" = 1 ] && ip link del "$BR" 2>/dev/null
    MADE_NS=() MADE_BR=0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A /24 of 10.0.0.0/8 that no address or route of this machine touches.
free_subnet() {
    local i a b
    for i in $(seq 50); do
        a=$((RANDOM % 200 + 20)) b=$((RANDOM % 250 + 1))
        # Only the default route may cover it: no network of this machine is there.
        [ -z "$(ip -4 route show to match "10.$a.$b.1" 2>/dev/null | grep -v '^default')" ] || continue
        ip -4 addr | grep -q "inet 10\.$a\.$b\." && continue
        echo "10.$a.$b"
        return 0
    done
    return 1
}

# add_node NS ADDR: a namespace wired to the bridge by a veth pair, ADDR on its end.
add_node() {
    local ns=$1 addr=$2 v=v$ID${#MADE_NS[@]}
    ip netns add "$ns" || return 1
    MADE_NS+=("$ns")
    ip link add "$v" type veth peer name eth0 netns "$ns" || return 1
    ip link set "$v" master "$BR" up || return 1
    ip -n "$ns" addr add "$addr/24" dev eth0 || return 1
    ip -n "$ns" link set eth0 up && ip -n "$ns" link set lo up
}

# make_network: the bridge and the namespaces; on failure WHY says what was missing.
WHY=""
no() { WHY=$1; return 1; }
make_network() {
    [ "$(id -u)" = 0 ] || no "not root" || return 1
    command -v ip >/dev/null || no "no ip command (iproute2)" || return 1
    NET=$(free_subnet) || no "no free 10.x.y.0/24 subnet" || return 1
    ip link add "$BR" type bridge >/dev/null 2>&1 || no "cannot create a bridge (no CAP_NET_ADMIN?)" || return 1
    MADE_BR=1
    { ip addr add "$NET.254/24" dev "$BR" && ip link set "$BR" up; } >/dev/null 2>&1 || no "cannot configure the bridge" || return 1
    local i
    for i in 0 1 2; do add_node "${NS_DB[$i]}" "$NET.$((i + 1))" >/dev/null 2>&1 || no "cannot create network namespaces" || return 1; done
    for i in 0 1; do add_node "${NS_APP[$i]}" "$NET.$((i + 11))" >/dev/null 2>&1 || no "cannot create network namespaces" || return 1; done
    add_node "$NS_FRONT" "$NET.20" >/dev/null 2>&1 || no "cannot create network namespaces" || return 1
    # Bridged traffic may meet the host's firewall (br_netfilter): check a path through
    # (a refused connect to the bridge's own address; its port may need a moment).
    for i in 1 2 3 4 5; do
        case $(ip netns exec "${NS_DB[0]}" timeout 2 bash -c "exec 3<>/dev/tcp/$NET.254/9" 2>&1) in
        *refused*) return 0 ;;
        esac
        sleep 1
    done
    no "the bridge does not carry traffic (a firewall?)"
}

TOPOLOGY=${CLUSTER_TOPOLOGY:-netns}
if [ "$TOPOLOGY" = netns ]; then
    if make_network; then
        say "network namespaces on bridge $BR, $NET.0/24: nodes .1-.3, app hosts .11-.12, front .20"
    else
        echo "cluster: network namespaces: skipped: $WHY; the same test runs on loopback here (make fresh-test runs it in namespaces)"
        cleanup
        TOPOLOGY=loopback
    fi
fi

export DESKPILOT_DB_CLUSTER=3 DESKPILOT_APP_HOSTS=2 DESKPILOT_TICKET_QUOTA=0 DESKPILOT_SKIP_KB=0
if [ "$TOPOLOGY" = netns ]; then
    export DESKPILOT_DB_NODE_ADDRS="$NET.1,$NET.2,$NET.3" DESKPILOT_DB_NODE_NETNS="${NS_DB[*]}"
    export DESKPILOT_DB_APP_FROM="$NET.%"
    export DESKPILOT_APP_ADDRS="$NET.11,$NET.12" DESKPILOT_APP_NETNS="${NS_APP[*]}"
    export DESKPILOT_LISTEN_ADDR=$NET.20 DESKPILOT_FRONT_NETNS=$NS_FRONT
fi
start=$SECONDS
if ! teststack_start cluster; then
    say "FAILED: the stack did not start"
    [ -n "$STACK_STATE" ] && tail -n 30 "$STACK_STATE"/logs/*.err 2>/dev/null | tail -60
    echo "0 passed, 1 failed"
    exit 1
fi
say "stack up in $((SECONDS - start)) s ($TOPOLOGY)"
# shellcheck disable=SC2153 # set by teststack_start
export DESKPILOT_URL="http://${DESKPILOT_LISTEN_ADDR:-127.0.0.1}:$DESKPILOT_PORT"
APP_PORT=$((DESKPILOT_PORT + 1))
if [ "$TOPOLOGY" = netns ]; then
    export CLUSTER_HOST_URLS="http://$NET.11:$APP_PORT,http://$NET.12:$((APP_PORT + 1))"
    export CLUSTER_APP_NETNS="${NS_APP[0]},${NS_APP[1]}"
else
    export CLUSTER_HOST_URLS="http://127.0.0.1:$APP_PORT,http://127.0.0.1:$((APP_PORT + 1))"
    export CLUSTER_APP_NETNS=""
fi
out=$(node --test --test-reporter=tap tests/cluster/failover.test.mjs 2>&1)
p=$(printf '%s\n' "$out" | sed -n 's/^# pass \([0-9]*\)/\1/p' | tail -1)
f=$(printf '%s\n' "$out" | sed -n 's/^# fail \([0-9]*\)/\1/p' | tail -1)
[ -n "$p$f" ] || f=1
printf '%s\n' "$out" | grep -E '^# (load|Subtest)|^ *(not )?ok|# TODO|load:' | head -40
printf '%s\n' "$out" | grep -E -A25 '^ *not ok' | grep -v '# TODO' | head -80
[ "${f:-0}" = 0 ] || { KEEP_STATE=${KEEP_STATE:-0}; tail -n 5 "$STACK_STATE"/logs/tickets*.log; }
say "done in $((SECONDS - start)) s ($TOPOLOGY)"
echo "${p:-0} passed, ${f:-0} failed"
[ "${f:-0}" = 0 ] && [ "${p:-0}" -gt 0 ]
