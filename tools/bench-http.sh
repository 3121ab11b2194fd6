#!/bin/bash
# bench-http.sh: the whole stack under load, like for like with a real desk — the 77
# Banking77 intents with their 10,003 examples and 5,000 resolved tickets loaded
# through `deskpilot import`, then wrk -t2 -c16 on filing a ticket (the full AI
# pipeline and its writes) and reading one: req/s, p50, p99, and the CPU the database
# and the workers spend per request. Then the same during a flood of sign-ins (real
# bcrypt cost) and after growing the tickets table to 1,000,000 rows; health and a
# static file for scale; the workers' memory. Run by `make bench`.
# Env: BUILD, BENCH_SECONDS (per run, 15), BENCH_CONNECTIONS (16), BENCH_BIG (rows, 1000000).
# Prints a table and writes bench/results/http.json (git-ignored).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. "$ROOT/tools/bench-lib.sh" # say, json, wrk_stats
BUILD=${BUILD:-build}
SECS=${BENCH_SECONDS:-15}
CONNS=${BENCH_CONNECTIONS:-16}
BIG=${BENCH_BIG:-1000000}
command -v wrk >/dev/null || { echo "bench-http.sh: wrk is missing (tools/install-deps.sh)" >&2; exit 1; }
. "$ROOT/tools/teststack.sh"
trap teststack_stop EXIT
# The real sign-in cost (the flood is about bcrypt), and no per-address limit in the
# way: one wrk stands for many clients.
export DESKPILOT_SKIP_KB=1 DESKPILOT_BCRYPT_COST=12 DESKPILOT_AUTH_RATE=100000r/s DESKPILOT_AUTH_BURST=100000
export DESKPILOT_SIGNIN_RATE=2r/s DESKPILOT_SIGNIN_BURST=40 # the defaults of make run: what the flood meets
export DESKPILOT_LOGIN_MAX_FAILURES_IP=100000
export DESKPILOT_TICKET_QUOTA=0 # one customer files every ticket of the run
teststack_start bench || exit 1
URL=$DESKPILOT_URL
tmp=$STACK_STATE

sql() {
    MYSQL_PWD=$(cat "$STACK_STATE/secrets/db_root_password") mariadb --no-defaults \
        --socket="$STACK_STATE/dbrun/mysql.sock" -uroot -N -B deskpilot -e "$1"
}
cli() { env $(tools/stack.sh env | tr '\n' ' ') "$BUILD/deskpilot" "$@"; }

say "loading the desk: Banking77's intents and examples, 5,000 resolved tickets"
node tools/bench/banking77-desk.mjs tests/data/banking77/train.csv "$tmp" 5000 >/dev/null
cli import intents "$tmp/intents.csv" >/dev/null && cli import tickets "$tmp/tickets.jsonl" >/dev/null &&
    cli train >/dev/null || { say "bench-http.sh: loading failed" >&2; exit 1; }

curl -s -X POST "$URL/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"email":"bench@test.example","password":"bench-pass-1","name":"Bench Customer"}' >/dev/null
TOKEN=$(curl -s -X POST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"bench@test.example","password":"bench-pass-1"}' | json '.access_token')
TICKET=$(curl -s -X POST "$URL/api/tickets" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"subject":"Card","body":"My card has not arrived yet, can you check?"}' | json '.id')

# Banking77 test texts for the POSTs (JSON-escaped), cycled.
node -e '
const t = require("fs").readFileSync(process.argv[1], "utf8").split("\n").slice(1, 401)
  .map((l) => l.replace(/,[a-z_]+$/, "").replace(/^"|"$/g, "").replace(/""/g, "\"")).filter(Boolean);
console.log("local texts = {" + t.map((s) => JSON.stringify(JSON.stringify(s).slice(1, -1))).join(",\n") + "}");
' tests/data/banking77/test.csv >"$tmp/texts.lua"
cat "$tmp/texts.lua" - >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"subject":"Bench ' .. n .. '","body":"' .. texts[n % #texts + 1] .. '"}')
end
LUA
cat >"$tmp/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
cat >"$tmp/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@test.example","password":"bench-pass-1"}'
LUA


# run PATH [SCRIPT]: one wrk run; prints "req/s p50 p99 non2xx db_ms worker_ms" (CPU per request)
run() {
    local out db0 w0 db1 w1 workers
    workers=$(worker_pids | tr '\n' ' ')
    db0=$(cpu_s "$(db_pid)") w0=$(cpu_s $workers)
    out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency ${2:+-s "$2"} "$URL$1" 2>&1)
    db1=$(cpu_s "$(db_pid)") w1=$(cpu_s $workers)
    wrk_stats "$db0" "$db1" "$w0" "$w1" <<<"$out"
}

results=""
row() { # row LABEL PATH [SCRIPT]
    local rps p50 p99 bad db w
    read -r rps p50 p99 bad db w < <(run "$2" "${3:-}")
    printf '  %-44s %9s %8s %8s %7s %8s %8s\n' "$1" "$rps" "$p50" "$p99" "$bad" "$db" "$w"
    results="$results{\"name\":\"$1\",\"req_per_s\":$rps,\"p50\":\"$p50\",\"p99\":\"$p99\",\"non_2xx\":$bad,\"db_cpu_ms\":$db,\"worker_cpu_ms\":$w},"
    RPS=$rps
}
header() {
    printf '  %-44s %9s %8s %8s %7s %8s %8s\n' "$1" "req/s" "p50" "p99" "non-2xx" "db ms" "wrk ms"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
say "machine: $cpu, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNS, ${SECS}s each,"
say "on the same cores as nginx, the workers (2 per group) and MariaDB (fsync at every commit);"
say "db ms / wrk ms: CPU milliseconds per request of MariaDB / of all FastCGI workers"
header "77 intents, 10,003 examples, 5,000 tickets"
row "file a ticket (AI pipeline)" /api/tickets "$tmp/post.lua"
quiet=$RPS
row "read a ticket" "/api/tickets/$TICKET" "$tmp/get.lua"
row "health" /api/health
row "static file (nginx alone)" /static/css/app.css

# A flood of sign-ins (bcrypt cost 12) beside the tickets being filed.
wrk -t1 -c16 -d"$((SECS + 4))s" -s "$tmp/login.lua" "$URL/api/auth/login" >"$tmp/flood.txt" 2>&1 &
flood=$!
sleep 2
row "file a ticket during a sign-in flood" /api/tickets "$tmp/post.lua"
during=$RPS
wait "$flood"
sleep 3 # the sign-ins queued when the flood stopped
logins=$(awk '/Requests\/sec/ {print $2}' "$tmp/flood.txt")
say "  (the flood: ${logins:-0} sign-ins/s answered; tickets kept $(awk -v a="$during" -v b="$quiet" 'BEGIN { printf "%.0f", (b > 0) ? 100 * a / b : 0 }') % of the quiet rate)"

say "growing the tickets table to $BIG rows"
have=$(sql "SELECT COUNT(*) FROM tickets")
cust=$(sql "SELECT id FROM users WHERE email = 'bench@test.example'")
while [ "$have" -lt "$BIG" ]; do
    step=$((BIG - have > 200000 ? 200000 : BIG - have))
    sql "INSERT INTO tickets (customer_id, subject, body, status, intent, created_at)
         SELECT $cust, CONCAT('Bulk ticket ', seq), 'A bulk ticket body for the benchmark', 'CLOSED',
                'card_arrival', UTC_TIMESTAMP() - INTERVAL seq SECOND FROM seq_1_to_$step" || break
    have=$((have + step))
done
header "the same with $(sql "SELECT COUNT(*) FROM tickets") tickets"
row "file a ticket (AI pipeline)" /api/tickets "$tmp/post.lua"
row "read a ticket" "/api/tickets/$TICKET" "$tmp/get.lua"

pss=0 nw=0
for pid in $(worker_pids); do
    kb=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null)
    pss=$((pss + ${kb:-0})) nw=$((nw + 1))
done
say "  worker memory: $((pss / 1024)) MB proportional set size over $nw worker processes"
mkdir -p bench/results
printf '{"machine":"%s","load":"%s","connections":%s,"seconds":%s,"runs":[%s],"worker_pss_kb":%s,"worker_processes":%s}\n' \
    "$cpu" "$(cut -d' ' -f1-3 /proc/loadavg)" "$CONNS" "$SECS" "${results%,}" "$pss" "$nw" >bench/results/http.json
say "wrote bench/results/http.json"
