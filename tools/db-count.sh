#!/bin/bash
# db-count.sh: what the database does for one request — statements, rows read
# (Handler_read_*, InnoDB rows) and writes — measured on a throwaway stack from
# MariaDB's global counters around N requests of each kind. Run by make bench;
# also on its own: BUILD=build tools/db-count.sh [N]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
N=${1:-200}
. "$ROOT/tools/teststack.sh"
trap teststack_stop EXIT
teststack_start dbcount >/dev/null || { echo "db-count: the stack did not start" >&2; exit 1; }
URL=$DESKPILOT_URL

sql() {
    MYSQL_PWD=$(cat "$STACK_STATE/secrets/db_root_password") mariadb --no-defaults \
        --socket="$STACK_STATE/dbrun/mysql.sock" -uroot -N -B -e "$1"
}
# One line of counters: statements, rows read through handlers (Handler_read_*), of
# which by full scans (Handler_read_rnd_next), rows written (Handler_write, _update,
# _delete).
counters() {
    sql "SELECT SUM(IF(VARIABLE_NAME = 'QUESTIONS', VARIABLE_VALUE, 0)),
                SUM(IF(VARIABLE_NAME LIKE 'HANDLER_READ%', VARIABLE_VALUE, 0)),
                SUM(IF(VARIABLE_NAME = 'HANDLER_READ_RND_NEXT', VARIABLE_VALUE, 0)),
                SUM(IF(VARIABLE_NAME IN ('HANDLER_WRITE', 'HANDLER_UPDATE', 'HANDLER_DELETE'),
                       VARIABLE_VALUE, 0))
         FROM information_schema.GLOBAL_STATUS"
}
json() { node -e "process.stdout.write(String(JSON.parse(require('fs').readFileSync(0)).$1))"; }

email="dbcount-$$@example.org"
curl -fsS -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"dbcount-pass\",\"name\":\"Count\"}" "$URL/api/auth/register"
token=$(curl -fsS -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"dbcount-pass\"}" "$URL/api/auth/login" | json access_token)
body='{"subject":"Gift card","body":"How do I buy a gift card for a friend?"}'
post() { curl -fsS -H "authorization: Bearer $token" -H 'content-type: application/json' -d "$body" "$URL/api/tickets"; }
id=$(post | json id) # warm: every worker prepares its statements on first use
for _ in 1 2 3 4; do post >/dev/null; curl -fsS -o /dev/null -H "authorization: Bearer $token" "$URL/api/tickets/$id"; done

# What reading the counters itself costs (it scans the status table into a
# temporary one): the difference between two readings with nothing in between.
o1=$(counters)
o2=$(counters)

measure() { # measure LABEL COMMAND...: per-request deltas over N runs, less that cost
    local label=$1 a b; shift
    a=$(counters)
    for _ in $(seq "$N"); do "$@" >/dev/null; done
    b=$(counters)
    awk -v n="$N" -v label="$label" -v a="$a" -v b="$b" -v o1="$o1" -v o2="$o2" 'BEGIN {
        split(a, x, "\t"); split(b, y, "\t"); split(o1, p, "\t"); split(o2, q, "\t");
        printf "%-26s %8.1f %12.1f %12.1f %10.1f\n", label, (y[1] - x[1] - (q[1] - p[1])) / n,
            (y[2] - x[2] - (q[2] - p[2])) / n, (y[3] - x[3] - (q[3] - p[3])) / n,
            (y[4] - x[4] - (q[4] - p[4])) / n }'
}
get() { curl -fsS -H "authorization: Bearer $token" "$URL/api/tickets/$id"; }
printf '%-26s %8s %12s %12s %10s\n' "per request ($N each)" statements rows_read scanned rows_written
measure "POST /api/tickets" post
measure "GET /api/tickets/{id}" get
