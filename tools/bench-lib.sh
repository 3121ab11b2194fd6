# bench-lib.sh: what the HTTP benchmarks share (sourced by bench-http.sh,
# bench-cluster.sh, bench-cgi.sh; cpu_s, db_pid and worker_pids are in tools/teststack.sh).

say() { printf '%s\n' "$*"; }
# json EXPR < JSON: one value of a JSON document (EXPR: '.access_token').
json() { node -e "process.stdout.write(String(JSON.parse(require('fs').readFileSync(0))$1))"; }

# wrk_stats DB0 DB1 W0 W1 < WRK_OUTPUT: "req/s p50 p99 non2xx db_ms worker_ms" of one
# wrk --latency run, with the CPU of the database and of the workers per request from
# their cpu_s before and after.
wrk_stats() {
    awk -v db0="$1" -v db1="$2" -v w0="$3" -v w1="$4" '
        /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
        /requests in/ { n = $1 } /Non-2xx/ { bad = $NF }
        END { if (n == 0) n = 1
              printf "%s %s %s %d %.3f %.3f\n", rps ? rps : 0, p50 ? p50 : "?", p99 ? p99 : "?",
                     bad, 1000 * (db1 - db0) / n, 1000 * (w1 - w0) / n }'
}
