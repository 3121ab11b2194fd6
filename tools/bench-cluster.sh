#!/bin/bash
# bench-cluster.sh (make bench with BENCH_CLUSTER=1): filing tickets (POST /api/tickets,
# the AI pipeline and its writes) with one app host on one MariaDB, then with two app
# hosts behind the front nginx on a three-node Galera cluster — on this one machine,
# so both share its cores: req/s, p50 and p99 of each, their ratios, and the CPU the
# database nodes and the workers spend per ticket (where the limit is).
# README "Running on several machines" reads these numbers.
# Env: BUILD, BENCH_SECONDS (15), BENCH_CONNECTIONS (16).
# Prints a table and writes bench/results/cluster.json (git-ignored).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. "$ROOT/tools/bench-lib.sh" # say, json, wrk_stats
BUILD=${BUILD:-build}
SECS=${BENCH_SECONDS:-15}
CONNS=${BENCH_CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "bench-cluster.sh: wrk is missing (tools/install-deps.sh)" >&2; exit 1; }
. "$ROOT/tools/teststack.sh"
trap teststack_stop EXIT
export DESKPILOT_TICKET_QUOTA=0 # one customer files every ticket of the run

db_pids() { cat "$STACK_STATE"/dbrun/mariadbd*.pid 2>/dev/null; } # the servers, not their supervisors

# measure LABEL: start the stack as the environment says, file tickets with wrk, stop
# it; prints "req/s p50 p99 non2xx db_ms worker_ms".
measure() {
    teststack_start "bench-$1" >/dev/null || { echo "0 ? ? 0 0 0"; return; }
    local url=$DESKPILOT_URL token tmp=$STACK_STATE out db0 w0 db1 w1 workers dbs
    curl -s -X POST "$url/api/auth/register" -H 'Content-Type: application/json' \
        -d '{"email":"bench@test.example","password":"bench-pass-1","name":"Bench Customer"}' >/dev/null
    token=$(curl -s -X POST "$url/api/auth/login" -H 'Content-Type: application/json' \
        -d '{"email":"bench@test.example","password":"bench-pass-1"}' | json '.access_token')
    cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"subject":"Bench ' .. n .. '","body":"My card was charged twice for one purchase, number ' .. n .. '"}')
end
LUA
    wrk -t2 -c"$CONNS" -d3s -s "$tmp/post.lua" "$url/api/tickets" >/dev/null 2>&1 # warm up
    workers=$(worker_pids | tr '\n' ' ') dbs=$(db_pids | tr '\n' ' ')
    db0=$(cpu_s $dbs) w0=$(cpu_s $workers)
    out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$tmp/post.lua" "$url/api/tickets" 2>&1)
    db1=$(cpu_s $dbs) w1=$(cpu_s $workers)
    teststack_stop
    wrk_stats "$db0" "$db1" "$w0" "$w1" <<<"$out"
}

ms() { # a wrk duration (850.00us, 12.5ms, 1.2s) in milliseconds
    awk -v d="$1" 'BEGIN { v = d + 0; if (d ~ /us$/) v /= 1000; else if (d ~ /ms$/) ; else if (d ~ /s$/) v *= 1000; printf "%.2f", v }'
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
say "machine: $cpu, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNS, ${SECS}s each"
say "filing a ticket (POST /api/tickets), everything on this machine's cores:"
printf '  %-40s %9s %9s %9s %7s %8s %8s\n' "" "req/s" "p50" "p99" "non-2xx" "db ms" "wrk ms"
read -r r1 a1 p1 b1 d1 w1 < <(DESKPILOT_DB_CLUSTER=1 DESKPILOT_APP_HOSTS=1 measure single)
printf '  %-40s %9s %9s %9s %7s %8s %8s\n' "1 app host, 1 MariaDB" "$r1" "$a1" "$p1" "$b1" "$d1" "$w1"
read -r r2 a2 p2 b2 d2 w2 < <(DESKPILOT_DB_CLUSTER=3 DESKPILOT_APP_HOSTS=2 measure cluster)
printf '  %-40s %9s %9s %9s %7s %8s %8s\n' "2 app hosts, 3-node Galera cluster" "$r2" "$a2" "$p2" "$b2" "$d2" "$w2"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
rr=$(ratio "$r2" "$r1") pr=$(ratio "$(ms "$p2")" "$(ms "$p1")") dr=$(ratio "$d2" "$d1")
say "  cluster / single: throughput x$rr, p99 x$pr, database CPU per ticket x$dr (all nodes together)"
say "  (db ms / wrk ms: CPU milliseconds per ticket of MariaDB, every node / of every FastCGI worker)"
mkdir -p bench/results
printf '{"machine":"%s","cores":%s,"connections":%s,"seconds":%s,"single":{"req_per_s":%s,"p50":"%s","p99":"%s","non_2xx":%s,"db_cpu_ms":%s,"worker_cpu_ms":%s},"cluster":{"req_per_s":%s,"p50":"%s","p99":"%s","non_2xx":%s,"db_cpu_ms":%s,"worker_cpu_ms":%s},"throughput_ratio":%s,"p99_ratio":%s,"db_cpu_ratio":%s}\n' \
    "$cpu" "$(nproc)" "$CONNS" "$SECS" "$r1" "$a1" "$p1" "$b1" "$d1" "$w1" "$r2" "$a2" "$p2" "$b2" "$d2" "$w2" "$rr" "$pr" "$dr" \
    >bench/results/cluster.json
say "wrote bench/results/cluster.json"
