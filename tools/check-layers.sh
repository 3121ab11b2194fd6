#!/bin/bash
# check-layers.sh: every #include "dir/..." of the C sources must point down the
# layers of docs/ARCHITECTURE.md. Prints each violation; exits 1 when there is one.
# Run by make test (the "layers" line of tools/run-tests.sh).
set -uo pipefail
cd "$(dirname "$0")/.."

DOMAIN="settings user audit intent pipeline ticket outbox"
BASE="core json html ai db"
# What each folder may include (its own headers always).
declare -A ALLOW=(
    [lib/core]="core"
    [lib/json]="core"
    [lib/html]="core"
    [lib/ai]="core"
    [lib/mailin]="core"
    [lib/db]="core"
    [lib/http]="core json"
    [lib/settings]="$BASE $DOMAIN"
    [lib/user]="$BASE $DOMAIN"
    [lib/audit]="$BASE $DOMAIN"
    [lib/intent]="$BASE $DOMAIN"
    [lib/pipeline]="$BASE $DOMAIN"
    [lib/ticket]="$BASE $DOMAIN"
    [lib/outbox]="$BASE $DOMAIN"
    [lib/auth]="$BASE http $DOMAIN"
    [lib/service]="$BASE http $DOMAIN"
    [lib/view]="$BASE $DOMAIN"
    [lib/web]="$BASE http auth view $DOMAIN"
    [cgi-bin]="core json html ai http auth service view web $DOMAIN"
)

bad=0 checked=0
for dir in "${!ALLOW[@]}"; do
    [ -d "$dir" ] || continue
    self=${dir#lib/}
    allowed=" ${ALLOW[$dir]} $self "
    while IFS=: read -r file line inc; do
        checked=$((checked + 1))
        target=${inc#*\"}
        target=${target%%/*}
        case $allowed in *" $target "*) ;; *)
            echo "layers: $file:$line includes $target/ (${dir} may include: ${ALLOW[$dir]})"
            bad=$((bad + 1)) ;;
        esac
    done < <(grep -rnoE '^#include "[a-z_]+/[^"]+"' "$dir" --include='*.c' --include='*.h')
done
# A folder of lib/ missing from the table is a layer nobody placed.
for d in lib/*/; do
    d=${d%/}
    [ -n "${ALLOW[$d]+x}" ] || { echo "layers: $d has no place in the table"; bad=$((bad + 1)); }
done
echo "layers: $checked includes checked, $bad out of place"
[ "$bad" -eq 0 ]
