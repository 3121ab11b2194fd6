#!/bin/bash
# bench-search.sh: how long an agent's search takes on a desk of 100,000 tickets (issue
# 17: p99 <= 50 ms). A throwaway stack gets 2,000 customers and N tickets of Banking77
# texts, a third with a reply and a twentieth with an internal note, loaded by SQL
# without their search text (as a desk upgraded to sql/018); `deskpilot migrate` builds
# it (timed: the upgrade's cost). Then ~400 varied searches (single words as typed, the
# same in other forms, two and three words, ticket numbers, addresses, names, junk) go
# one after the other through GET /api/tickets?q= with an agent's token: p50, p99, max,
# overall and per kind. Run by `make bench`.
# Env: BUILD, BENCH_SEARCH_TICKETS (100000). Writes bench/results/search.json (git-ignored).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
N=${BENCH_SEARCH_TICKETS:-100000}
. "$ROOT/tools/teststack.sh"
trap teststack_stop EXIT
export DESKPILOT_SKIP_KB=1
teststack_start bench-search || exit 1
URL=$DESKPILOT_URL
tmp=$STACK_STATE
say() { printf '%s\n' "$*"; }
sql() {
    MYSQL_PWD=$(cat "$STACK_STATE/secrets/db_root_password") mariadb --no-defaults \
        --socket="$STACK_STATE/dbrun/mysql.sock" -uroot -N -B deskpilot "$@"
}

say "search: building a desk of $N tickets"
tools/stack.sh cli user add --email search-agent@bench.example --name 'Search Agent' --role agent \
    <<<'search-agent-pass' >/dev/null || exit 1
node tools/bench/search-desk.mjs tests/data/banking77/train.csv tests/data/banking77/test.csv "$N" "$tmp" || exit 1
t0=$(sql -e "SELECT COALESCE(MAX(id), 0) FROM tickets")
sql <"$tmp/desk.sql" || { say "bench-search.sh: loading failed" >&2; exit 1; }
start=$(date +%s.%N)
indexed=$(tools/stack.sh migrate | sed -n 's/^search: \([0-9]*\) tickets indexed/\1/p')
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
say "  deskpilot migrate made ${indexed:-0} tickets searchable in $secs s"

TOKEN=$(curl -s -X POST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"search-agent@bench.example","password":"search-agent-pass"}' |
    node -e "process.stdout.write(JSON.parse(require('fs').readFileSync(0)).access_token)")
workers=$(worker_pids | tr '\n' ' ')
db0=$(cpu_s "$(db_pid)") w0=$(cpu_s $workers)
out=$(node tools/bench/search-run.mjs "$URL" "$TOKEN" "$tmp/searches.json" "$t0") || exit 1
db1=$(cpu_s "$(db_pid)") w1=$(cpu_s $workers)
# CPU per search (the warm-up's 30 included): what a quiet machine's latency is made of.
nq=$(node -e "process.stdout.write(String(JSON.parse(require('fs').readFileSync('$tmp/searches.json')).length + 30))")
cpu=$(awk -v a="$db0" -v b="$db1" -v c="$w0" -v d="$w1" -v n="$nq" \
    'BEGIN { printf "{\"db_cpu_ms\":%.2f,\"worker_cpu_ms\":%.2f}", 1000 * (b - a) / n, 1000 * (d - c) / n }')
say "$out" | node -e '
const r = JSON.parse(require("fs").readFileSync(0));
const row = (k, s) => console.log(`  ${k.padEnd(16)} ${String(s.n).padStart(4)} ${s.p50.toFixed(1).padStart(7)} ms ${s.p99.toFixed(1).padStart(7)} ms ${s.max.toFixed(1).padStart(7)} ms`);
console.log(`  ${"searches".padEnd(16)} ${"n".padStart(4)} ${"p50".padStart(10)} ${"p99".padStart(10)} ${"max".padStart(10)}`);
row("all", r);
for (const [k, s] of Object.entries(r.kinds)) row(k, s);
console.log(`  ${r.found_something} of ${r.n} found something`);'
say "  CPU per search: $cpu (MariaDB, the workers); load $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p bench/results
printf '{"machine":"%s","load":"%s","tickets":%s,"backfill_seconds":%s,"search":%s,"cpu":%s}\n' \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(sql -e 'SELECT COUNT(*) FROM tickets')" "$secs" "$out" "$cpu" >bench/results/search.json
say "wrote bench/results/search.json"
