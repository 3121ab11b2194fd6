# totals.sh (sourced by tests/fresh/inside.sh and tools/fresh-test.sh): adding up the
# "N passed, N failed" lines the test layers end with.

# add_totals LOG [PREFIX]: add the last "PREFIX N passed, N failed" line of LOG (PREFIX
# a regular expression from the start of the line; any by default) to PASSED and
# FAILED. 1 when LOG has no such line.
add_totals() {
    local line
    line=$(grep -E "^${2:-.*}[0-9]+ passed, [0-9]+ failed" "$1" | tail -n1)
    [ -n "$line" ] || return 1
    PASSED=$((PASSED + $(sed -E 's/.*\b([0-9]+) passed.*/\1/' <<<"$line")))
    FAILED=$((FAILED + $(sed -E 's/.*\b([0-9]+) failed.*/\1/' <<<"$line")))
}
