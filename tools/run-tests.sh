#!/bin/bash
# run-tests.sh: every test layer — cmocka unit tests, integration tests against a
# throwaway stack (own MariaDB, workers, nginx on free ports), browser tests.
# Ends with one line "N passed, N failed" and exits non-zero on any failure.
#   TESTS=static|unit|integration|browser|cluster|all (default all)   BUILD=build folder
# cluster: tests/cluster/cluster.sh — a Galera cluster and two app hosts, each in a
# network namespace of its own (as root; else on loopback), a node and a host killed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
LAYERS=${TESTS:-all}
PASSED=0 FAILED=0
export DESKPILOT_MUSTACHE_SPEC=${DESKPILOT_MUSTACHE_SPEC:-$ROOT/tests/data/mustache-spec}

count() { # count PASSED FAILED: add to the totals
    PASSED=$((PASSED + ${1:-0})) FAILED=$((FAILED + ${2:-0}))
}

run_unit() {
    local t out p f rc
    for t in "$BUILD"/tests/test_*; do
        [ -x "$t" ] || continue
        out=$("$t" 2>&1); rc=$?
        p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        if [ "$rc" -ne 0 ] && [ -z "$f" ]; then f=1; fi # crashed before its summary
        printf '%s\n' "$out" | grep -E '^\[  (FAILED|ERROR)|^\[  ERROR|Assert|ERROR|runtime error|Sanitizer' | head -40
        printf 'unit %-28s %3s passed, %s failed\n' "$(basename "$t")" "${p:-0}" "${f:-0}"
        count "${p:-0}" "${f:-0}"
    done
}

# Source checks, one test each: the include layers of docs/ARCHITECTURE.md, and
# every tracked C file as clang-format (the repo's .clang-format) would write it.
run_static() {
    static_check layers tools/check-layers.sh
    static_check format check_format
}

static_check() { # static_check NAME COMMAND...: one test line, its output shown when it fails
    local name=$1 out; shift
    if out=$("$@" 2>&1); then
        printf 'static %-26s %3s passed, %s failed\n' "$name" 1 0
        count 1 0
    else
        printf '%s\n' "$out" | head -40
        printf 'static %-26s %3s passed, %s failed\n' "$name" 0 1
        count 0 1
    fi
}

check_format() { # clang-format's complaints (file:line), non-zero when there is one
    command -v clang-format >/dev/null || { echo "clang-format is not installed"; return 1; }
    git ls-files -z '*.c' '*.h' | xargs -0 clang-format --dry-run -Werror 2>&1 | grep -E '^[^ ].*: error:'
    [ "${PIPESTATUS[1]}" -eq 0 ]
}

. "$ROOT/tools/teststack.sh"
trap teststack_stop EXIT

start_stack() {
    teststack_start test || { count 0 1; return 1; }
}

node_tests() { # node_tests LABEL FILES...: node's runner, TAP totals added up
    local label=$1 out p f; shift
    # One file at a time (they share one stack); node 18 (Debian's) has no flag for
    # it but runs one file at a time on two cores anyway.
    local conc=""
    [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] && conc=--test-concurrency=1
    out=$(node --test $conc --test-reporter=tap "$@" 2>&1)
    p=$(printf '%s\n' "$out" | sed -n 's/^# pass \([0-9]*\)/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^# fail \([0-9]*\)/\1/p' | tail -1)
    [ -n "$p$f" ] || f=1
    printf '%s\n' "$out" | grep -E -B2 -A25 '^ *not ok' | grep -v '^ *# Subtest' | head -150
    printf '%-33s %3s passed, %s failed\n' "$label" "${p:-0}" "${f:-0}"
    count "${p:-0}" "${f:-0}"
}

run_integration() {
    start_stack || return
    node_tests integration tests/integration/*.test.mjs
}

run_browser() {
    [ -n "$STACK_STATE" ] || start_stack || return
    [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent >/dev/null 2>&1 || npm install --no-audit --no-fund --silent
    ls tests/browser/*.test.mjs >/dev/null 2>&1 || return 0
    node_tests browser tests/browser/*.test.mjs
}

# The failover test starts a stack of its own (three database nodes, two app hosts):
# after the shared stack has stopped, so the two never compete for the cores.
run_cluster() {
    local out p f
    out=$(BUILD=$BUILD bash tests/cluster/cluster.sh 2>&1)
    printf '%s\n' "$out" | grep -E '^cluster:|^# load|not ok|# TODO' | head -60
    p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
    [ -n "$p$f" ] || f=1
    printf '%-33s %3s passed, %s failed\n' cluster "${p:-0}" "${f:-0}"
    count "${p:-0}" "${f:-0}"
}

case $LAYERS in
unit) run_unit ;;
cluster) run_cluster ;;
static) run_static ;;
integration) run_integration ;;
browser) run_browser ;;
all) run_static; run_unit; run_integration; run_browser; teststack_stop; run_cluster ;;
esac
teststack_stop
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
