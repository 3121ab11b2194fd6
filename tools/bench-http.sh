#!/bin/bash
# bench-http.sh: the whole stack under load — req/s and latency through nginx and the
# FastCGI workers for health, reading a ticket, filing a ticket (the full AI pipeline
# and its writes) and a static file; plus the workers' memory. Run by `make bench`.
# Env: BUILD (build dir), BENCH_SECONDS (per run, default 10), BENCH_CONNECTIONS (16).
# Prints a table and writes bench/results/http.json (git-ignored).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "bench-http.sh: wrk is missing (tools/install-deps.sh)" >&2; exit 1; }
. "$ROOT/tools/teststack.sh"
trap teststack_stop EXIT
teststack_start bench || exit 1
URL=$DESKPILOT_URL
tmp=$STACK_STATE

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
curl -s -X POST "$URL/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"email":"bench@test.example","password":"bench-pass-1","name":"Bench Customer"}' >/dev/null
TOKEN=$(curl -s -X POST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"bench@test.example","password":"bench-pass-1"}' | json '["access_token"]')
TICKET=$(curl -s -X POST "$URL/api/tickets" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"subject":"Where is my parcel","body":"My order #4821 has not arrived yet, can you check?"}' | json '["id"]')

cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local texts = {"I forgot my password and cannot log in", "My order has not arrived yet",
  "Please refund my last payment", "How do I change my delivery address?",
  "I want to cancel my subscription", "The item arrived broken"}
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"subject":"Bench ' .. n .. '","body":"' .. texts[n % #texts + 1] .. '"}')
end
LUA
cat >"$tmp/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA

# run NAME PATH [SCRIPT]: one wrk run; prints "req/s p50_ms p99_ms non2xx"
run() {
    local out
    out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency ${3:+-s "$3"} "$URL$2" 2>&1)
    local rps p50 p99 bad
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    printf '%s %s %s %s\n' "${rps:-0}" "${p50:-?}" "${p99:-?}" "${bad:-0}"
}

# Proportional set size of every worker process: shared pages (the mapped model,
# the library) are split between the processes that share them.
pss_kb() { # this stack's workers: the children of each group's multiwatch
    local total=0 count=0 f pid kb
    for f in "$STACK_STATE"/run/*.pid; do
        case $(basename "$f") in nginx.pid|mysqld.pid) continue ;; esac
        for pid in $(pgrep -P "$(head -n1 "$f")" 2>/dev/null); do
            kb=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null)
            total=$((total + ${kb:-0})) count=$((count + 1))
        done
    done
    echo "$total $count"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "machine: $cpu, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNS, ${SECS}s each,"
echo "on the same 2 cores as nginx, the workers (2 per group) and MariaDB"
printf '  %-34s %10s %9s %9s %8s\n' "endpoint" "req/s" "p50" "p99" "non-2xx"
results=""
for spec in "health|/api/health|" "read a ticket|/api/tickets/$TICKET|$tmp/get.lua" \
            "file a ticket (AI pipeline)|/api/tickets|$tmp/post.lua" "static file|/static/css/app.css|"; do
    IFS='|' read -r name path script <<<"$spec"
    read -r rps p50 p99 bad < <(run "$name" "$path" "$script")
    printf '  %-34s %10s %9s %9s %8s\n' "$name" "$rps" "$p50" "$p99" "$bad"
    results="$results{\"name\":\"$name\",\"req_per_s\":$rps,\"p50\":\"$p50\",\"p99\":\"$p99\",\"non_2xx\":$bad},"
done
read -r pss nproc_w < <(pss_kb)
echo "  worker memory: $((pss / 1024)) MB proportional set size over $nproc_w worker processes"
mkdir -p bench/results
printf '{"machine":"%s","load":"%s","connections":%s,"seconds":%s,"runs":[%s],"worker_pss_kb":%s,"worker_processes":%s}\n' \
    "$cpu" "$(cut -d' ' -f1-3 /proc/loadavg)" "$CONNS" "$SECS" "${results%,}" "$pss" "$nproc_w" >bench/results/http.json
echo "wrote bench/results/http.json"
