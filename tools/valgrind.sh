#!/bin/bash
# valgrind.sh: one worker group under valgrind (full leak check) behind a throwaway
# stack, driven through nginx with ~50 requests, then stopped with SIGTERM.
#
#   tools/valgrind.sh            BUILD=build folder, VALGRIND_GROUP=tickets,
#                                KEEP_STATE=1 keeps the state folder and logs
#
# Unexpected HTTP statuses are printed as warnings (the integration tests own them).
# Passes (exit 0) when valgrind reports no errors: no invalid reads or writes, no
# use of uninitialised values and no definitely lost blocks. "Still reachable"
# blocks (Connector/C, libjwt, OpenSSL caches at exit) are listed, not counted.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
GROUP=${VALGRIND_GROUP:-tickets}
VALGRIND=${VALGRIND:-/usr/bin/valgrind}

say() { printf 'valgrind.sh: %s\n' "$*"; }
die() { say "error: $*" >&2; exit 2; }

[ -x "$BUILD/cgi-bin/$GROUP" ] || die "$BUILD/cgi-bin/$GROUP is not built: run make first"
[ -x "$VALGRIND" ] || die "valgrind not found (Debian package valgrind)"
command -v spawn-fcgi >/dev/null || die "spawn-fcgi not found"

. "$ROOT/tools/teststack.sh"
export DESKPILOT_LOGIN_MAX_FAILURES_IP=1000
RUN="" LOGS=""
VG_PID=""

cleanup() {
    if [ -n "$VG_PID" ] && kill -0 "$VG_PID" 2>/dev/null; then
        kill -KILL "$VG_PID" 2>/dev/null
    fi
    teststack_stop
}
trap cleanup EXIT

teststack_start valgrind || die "the stack did not start"
STATE=$STACK_STATE URL=$DESKPILOT_URL RUN=$STACK_STATE/run LOGS=$STACK_STATE/logs
say "started a throwaway stack in $STATE (port $DESKPILOT_PORT)"

# The group's supervisor (spawn-fcgi exec'd multiwatch): stop it and its children.
pid=$(head -n1 "$RUN/$GROUP.pid" 2>/dev/null)
[ -n "$pid" ] || die "no $RUN/$GROUP.pid"
kill -TERM "$pid" 2>/dev/null
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && die "the $GROUP supervisor (pid $pid) did not stop"
rm -f "$STATE/web/sock/$GROUP.sock"

# The same environment tools/stack.sh gives its workers.
while IFS= read -r line; do
    export "$line"
done < <(tools/stack.sh env)

VG_LOG=$LOGS/valgrind-$GROUP.log
say "starting $GROUP under valgrind (log: $VG_LOG)"
spawn-fcgi -n -s "$STATE/web/sock/$GROUP.sock" -M 0666 -- "$VALGRIND" --leak-check=full \
    --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite \
    --error-exitcode=99 --num-callers=30 --log-file="$VG_LOG" \
    "$BUILD/cgi-bin/$GROUP" </dev/null >>"$LOGS/$GROUP-valgrind.out" 2>&1 &
VG_PID=$!
echo "$VG_PID" >"$RUN/$GROUP.pid" # so tools/stack.sh stop finds it if we die

# ---- requests ---------------------------------------------------------------
declare -A BY_STATUS
NREQ=0 NGROUP=0 BAD=0
BODY=""
# req METHOD PATH [JSON] [TOKEN] [CONTENT-TYPE]: sets STATUS and BODY.
req() {
    local method=$1 path=$2 data=${3:-} token=${4:-} ctype=${5:-application/json}
    local args=(-s -o "$STATE/body" -w '%{http_code}' -X "$method" --max-time 60)
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    [ -n "$data" ] && args+=(-H "Content-Type: $ctype" --data-binary "$data")
    STATUS=$(curl "${args[@]}" "$URL$path")
    BODY=$(cat "$STATE/body" 2>/dev/null)
    NREQ=$((NREQ + 1))
}
# treq EXPECTED ...: a request to the group under test, with the status it must get.
treq() {
    local want=$1
    shift
    req "$@"
    NGROUP=$((NGROUP + 1))
    BY_STATUS[$STATUS]=$(( ${BY_STATUS[$STATUS]:-0} + 1 ))
    if [ "$STATUS" != "$want" ]; then
        BAD=$((BAD + 1))
        say "unexpected: $1 $2 -> $STATUS (want $want): ${BODY:0:200}"
    fi
}
json_field() { # json_field KEY: a top-level string/number field of $BODY
    printf '%s' "$BODY" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const v=JSON.parse(s)[process.argv[1]];process.stdout.write(v==null?"":String(v))}catch{}})' "$1"
}
nested_id() { # the id of {"ticket": {...}} or {...}
    printf '%s' "$BODY" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);process.stdout.write(String((j.ticket||j).id??""))}catch{}})'
}

# valgrind starts slowly: wait until the group answers through nginx (401, not 502).
for _ in $(seq 300); do
    req GET /api/tickets
    [ "$STATUS" = 401 ] && break
    kill -0 "$VG_PID" 2>/dev/null || die "the worker under valgrind exited; see $VG_LOG"
    sleep 0.2
done
[ "$STATUS" = 401 ] || die "the $GROUP worker did not come up under valgrind (last status $STATUS)"
say "worker is answering; driving requests"

stamp=$(date +%s%N)
req POST /api/auth/register "{\"email\":\"vg-$stamp@test.example\",\"password\":\"password-123\",\"name\":\"Val Grind\"}"
[ "$STATUS" = 201 ] || die "register failed: $STATUS $BODY"
req POST /api/auth/login "{\"email\":\"vg-$stamp@test.example\",\"password\":\"password-123\"}"
CUST=$(json_field access_token)
req POST /api/auth/login '{"email":"admin@test.example","password":"admin-pass-123"}'
ADMIN=$(json_field access_token)
[ -n "$CUST" ] && [ -n "$ADMIN" ] || die "login failed: $STATUS $BODY"

ids=()
subjects=("I forgot my password" "Where is my card? It has not arrived"
          "Refund for a duplicate payment" "<b>Ünïcode</b> & \\\"quotes\\\" 😀"
          "How do I change my PIN" "My transfer is pending for days"
          "Card payment declined at a shop" "Close my account please")
for i in "${!subjects[@]}"; do
    treq 201 POST /api/tickets "{\"subject\":\"${subjects[$i]}\",\"body\":\"Details for ticket $i: it has been a week, please help.\",\"priority\":\"$([ $((i % 2)) = 0 ] && echo high || echo normal)\"}" "$CUST"
    ids+=("$(nested_id)")
done
for id in "${ids[@]}"; do
    treq 200 GET "/api/tickets/$id" "" "$CUST"
done
treq 200 GET "/api/tickets?limit=3" "" "$CUST"
cursor=$(printf '%s' "$BODY" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{process.stdout.write(JSON.parse(s).next_cursor||"")}catch{}})')
[ -n "$cursor" ] && treq 200 GET "/api/tickets?limit=3&cursor=$cursor" "" "$CUST"
treq 200 GET "/api/tickets?status=OPEN&q=card" "" "$ADMIN"
treq 200 GET "/api/tickets?intent=card_arrival&limit=100" "" "$ADMIN"
treq 200 GET "/api/tickets?assignee_id=1" "" "$ADMIN"
for n in 0 1 2; do
    treq 201 POST "/api/tickets/${ids[$n]}/messages" "{\"body\":\"Any news on this? ($n)\"}" "$CUST"
done
treq 201 POST "/api/tickets/${ids[3]}/messages" '{"body":"Solved: use the reset link.","resolve":true,"reusable":true}' "$ADMIN"
treq 201 POST "/api/tickets/${ids[4]}/messages" '{"body":"We are looking into it.","resolve":false}' "$ADMIN"
treq 200 PATCH "/api/tickets/${ids[5]}" '{"priority":"urgent","assignee_id":1}' "$ADMIN"
treq 200 PATCH "/api/tickets/${ids[6]}" '{"status":"RESOLVED","intent":null}' "$ADMIN"
treq 201 POST "/api/tickets/${ids[3]}/feedback" '{"helpful":true,"rating":5,"comment":"thanks"}' "$CUST"
treq 201 POST "/api/tickets/${ids[6]}/feedback" '{"helpful":false,"rating":null}' "$CUST"
treq 200 GET "/api/tickets/${ids[3]}" "" "$ADMIN"
treq 200 GET "/api/tickets/${ids[6]}" "" "$CUST"
# Bad requests: every early exit of the dispatcher and the handlers.
treq 400 POST /api/tickets '{"subject":' "$CUST"
treq 400 POST /api/tickets '{"subject":"x","body":"y"} trailing' "$CUST"
treq 400 POST /api/tickets '[1,2]' "$CUST"
treq 415 POST /api/tickets 'subject=x' "$CUST" text/plain
treq 422 POST /api/tickets '{"subject":"","body":5,"priority":"asap"}' "$CUST"
treq 422 POST /api/tickets "{\"subject\":\"$(printf 'x%.0s' $(seq 201))\",\"body\":\"b\"}" "$CUST"
treq 401 POST /api/tickets '{"subject":"x","body":"y"}'
treq 401 GET /api/tickets "" "not.a.token"
treq 404 GET /api/tickets/999999999 "" "$CUST"
treq 404 GET /api/tickets/abc "" "$CUST"
treq 405 DELETE "/api/tickets/${ids[0]}" "" "$CUST"
treq 400 GET "/api/tickets?limit=0" "" "$CUST"
treq 400 GET "/api/tickets?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAA" "" "$CUST"
treq 400 GET "/api/tickets?status=NOPE&assignee_id=x" "" "$ADMIN"
treq 403 PATCH "/api/tickets/${ids[0]}" '{"priority":"low"}' "$CUST"
treq 422 PATCH "/api/tickets/${ids[0]}" '{"status":"DONE"}' "$ADMIN"
treq 422 POST "/api/tickets/${ids[0]}/messages" '{"body":""}' "$CUST"
treq 422 POST "/api/tickets/${ids[0]}/feedback" '{"helpful":"yes","rating":9}' "$CUST"
# json-c reads a lone surrogate escape as U+FFFD: accepted, stored as that.
treq 201 POST "/api/tickets/${ids[0]}/messages" '{"body":"\ud800"}' "$CUST"
{ printf '{"subject":"x","body":"'; head -c 1200000 /dev/zero | tr '\0' a; printf '"}'; } >"$STATE/big.json"
treq 413 POST /api/tickets "@$STATE/big.json" "$CUST"
treq 201 POST /api/tickets '{"subject":"Last one","body":"After all the errors, still fine."}' "$CUST"

# ---- stop and read valgrind's verdict ----------------------------------------
say "$NREQ requests ($NGROUP to $GROUP); stopping the worker with SIGTERM"
kill -TERM "$VG_PID" 2>/dev/null
rc=""
for _ in $(seq 600); do
    if ! kill -0 "$VG_PID" 2>/dev/null; then break; fi
    sleep 0.1
done
if kill -0 "$VG_PID" 2>/dev/null; then
    say "the worker did not exit within 60 s of SIGTERM; killing it"
    kill -KILL "$VG_PID"
fi
wait "$VG_PID" 2>/dev/null
rc=$?
VG_PID=""
rm -f "$RUN/$GROUP.pid"

statuses=""
for s in $(printf '%s\n' "${!BY_STATUS[@]}" | sort); do statuses+="$s:${BY_STATUS[$s]} "; done
say "statuses from $GROUP: $statuses"
[ "$BAD" = 0 ] || say "$BAD request(s) got an unexpected status (above)"
echo "---- valgrind summary ($VG_LOG) ----"
grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|suppressed:|All heap blocks' "$VG_LOG" | sed 's/^==[0-9]*== *//'
errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$VG_LOG" | tail -1)
invalid=$(grep -cE 'Invalid (read|write|free)|uninitialised|Mismatched free|overlap' "$VG_LOG")
definite=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$VG_LOG" | tail -1 | tr -d ,)
echo "invalid accesses / uninitialised uses: $invalid; definitely lost bytes: ${definite:-0}; worker exit code: $rc"
if [ "${errs:-1}" != 0 ] || [ "$invalid" != 0 ] || [ "${definite:-0}" != 0 ] || [ "$rc" != 0 ]; then
    echo "---- first errors ----"
    grep -A25 -E 'Invalid|uninitialised|definitely lost in' "$VG_LOG" | sed 's/^==[0-9]*== //' | head -120
    if [ "${KEEP_STATE:-0}" != 1 ]; then
        cp "$VG_LOG" "/tmp/valgrind-$GROUP.log" && say "log copied to /tmp/valgrind-$GROUP.log"
    fi
    say "FAILED"
    exit 1
fi
# An unexpected status is worth a look but is the integration tests' business.
say "passed: no invalid accesses, no definite leaks"
