#!/bin/bash
# inside.sh: run by tools/fresh-test.sh as root inside a bare Debian 12 root, from a
# clean export of the repository under /root with nothing beside it. It runs exactly
# the README's commands — make run, make stop, make test — and checks over HTTP what
# a new user would try in between — then the Debian package's (tests/fresh/package.sh).
# DESKPILOT_FRESH_PHASES picks some of "run test package" (all by default).
# Ends with "fresh: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "fresh: ok     $*"; }
bad() { FAILED=$((FAILED + 1)); echo "fresh: FAILED $*"; }
finish() {
    echo "fresh: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
    exit
}
. tests/fresh/totals.sh
elapsed() { echo "$(($(date +%s) - $1)) s"; }

PHASES=" ${DESKPILOT_FRESH_PHASES:-run test package} "
PHASES=${PHASES//,/ }

run_phase() {
    t=$(date +%s)
    echo "fresh: make run in $(pwd)"
    if ! make run 2>&1 | tee /tmp/make-run.log; then
        bad "make run failed the first time ($(elapsed "$t"))"
        finish
    fi
    ok "make run the first time ($(elapsed "$t"))"

    url=$(sed -n 's#^deskpilot: running at \(http://[^ ]*\)/ .*#\1#p' /tmp/make-run.log)
    login=$(sed -n 's#^deskpilot: admin login: ##p' /tmp/make-run.log)
    email=${login%% / *} password=${login#* / }
    if [ -z "$url" ] || [ -z "$login" ]; then
        bad "make run printed no URL or admin login"
    else
        ok "make run printed $url and the admin login"
        # Read whole before matching: grep -q stops reading early, and under pipefail
        # the writer's SIGPIPE would fail the check.
        status=$(tools/stack.sh status 2>&1)
        if grep -q "housekeeping: running" <<<"$status"; then
            ok "make run started housekeeping"
        else
            printf '%s\n' "$status"
            bad "make run did not start housekeeping"
        fi
        node tests/fresh/smoke.mjs "$url" "$email" "$password" | tee /tmp/smoke.log
        add_totals /tmp/smoke.log || bad "the HTTP checks did not finish"
    fi

    if make stop && ! curl -fsS -o /dev/null "${url:-http://127.0.0.1:8080}/api/health" 2>/dev/null; then
        ok "make stop stopped the stack"
    else
        bad "make stop left the stack answering"
    fi
}

[[ $PHASES == *" run "* ]] && run_phase

if [[ $PHASES == *" test "* ]]; then
    t=$(date +%s)
    echo "fresh: make test"
    make test 2>&1 | tee /tmp/make-test.log
    rc=${PIPESTATUS[0]}
    add_totals /tmp/make-test.log || bad "make test printed no totals"
    if [ "$rc" -eq 0 ]; then ok "make test ($(elapsed "$t"))"; else bad "make test exited $rc ($(elapsed "$t"))"; fi
fi

if [[ $PHASES == *" package "* ]]; then
    t=$(date +%s)
    echo "fresh: the Debian package"
    bash tests/fresh/package.sh 2>&1 | tee /tmp/package.log
    rc=${PIPESTATUS[0]}
    add_totals /tmp/package.log 'package: ' || bad "the package checks printed no totals"
    if [ "$rc" -eq 0 ]; then ok "the package phase ($(elapsed "$t"))"; else bad "the package phase ($(elapsed "$t"))"; fi
fi
finish
