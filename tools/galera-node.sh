#!/bin/bash
# galera-node.sh: start one MariaDB Galera node. tools/db-supervise.sh runs it in place
# of mariadbd, with mariadbd's arguments, so it runs again after every crash. It adds
# the two things mariadbd alone does not do:
#  - after a kill -9 the node's saved position is gone (grastate.dat says seqno -1):
#    it is recovered from InnoDB first (mariadbd --wsrep-recover), so the node rejoins
#    with an incremental transfer of what it missed (IST), not a whole copy (SST)
#    that would hold its donor's writes while it runs;
#  - a node that crashed waits DESKPILOT_GALERA_REJOIN_DELAY seconds [8] before it
#    comes back: the others first declare its old self dead (evs.inactive_timeout,
#    6 s in tools/stack.sh); one that knocks while they are still doing so makes them
#    go through several views, and their writes wait through each;
#  - it bootstraps a new cluster (--wsrep-new-cluster) only while the file named by
#    DESKPILOT_GALERA_BOOTSTRAP exists, and removes it on use: a node its supervisor
#    restarts joins the running cluster and never starts a second one.
#   galera-node.sh MARIADBD ARGS...   (ARGS include --datadir=)
set -u
datadir=""
for a in "$@"; do
    case $a in --datadir=*) datadir=${a#--datadir=} ;; esac
done
extra=()
bootstrap=0
[ -n "${DESKPILOT_GALERA_BOOTSTRAP:-}" ] && [ -e "$DESKPILOT_GALERA_BOOTSTRAP" ] && bootstrap=1
if [ -n "$datadir" ] && grep -qs '^seqno: *-1' "$datadir/grastate.dat"; then
    if [ "$bootstrap" = 0 ]; then
        printf '%s galera-node: it crashed: rejoining in %s s\n' "$(date -u +%FT%TZ)" "${DESKPILOT_GALERA_REJOIN_DELAY:-8}" >&2
        sleep "${DESKPILOT_GALERA_REJOIN_DELAY:-8}"
    fi
    log=$(mktemp "${TMPDIR:-/tmp}/galera-recover.XXXXXX")
    "$@" --wsrep-recover --log-error="$log" >/dev/null 2>&1
    pos=$(sed -n 's/.*WSREP: Recovered position: *\([^ ]*\).*/\1/p' "$log" | tail -n 1)
    rm -f "$log"
    if [ -n "$pos" ]; then
        printf '%s galera-node: recovered position %s\n' "$(date -u +%FT%TZ)" "$pos" >&2
        extra+=(--wsrep-start-position="$pos")
    fi
fi
if [ "$bootstrap" = 1 ]; then
    rm -f "$DESKPILOT_GALERA_BOOTSTRAP"
    printf '%s galera-node: bootstrapping a new cluster\n' "$(date -u +%FT%TZ)" >&2
    extra+=(--wsrep-new-cluster)
fi
exec "$@" "${extra[@]}"
