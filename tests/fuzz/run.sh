#!/bin/bash
# run.sh: build the fuzz targets and fuzz each one on a copy of its corpus.
#
#   tests/fuzz/run.sh [TARGET...]        (default: every tests/fuzz/fuzz_*.c)
#
# With clang (and its libFuzzer runtime) each target is built with
# -fsanitize=fuzzer,address,undefined against a clang build of lib/ and run for
# FUZZ_SECONDS seconds on a copy of tests/fuzz/corpus/<target> (new inputs go to
# the copy, never into the committed corpus). Without clang the targets are built
# with gcc + ASan/UBSan and tests/fuzz/driver.c, and the corpus is replayed once.
# When clang is missing and we run as root, it is installed with apt-get first
# (FUZZ_NO_INSTALL=1 prevents that).
#
# Environment: FUZZ_SECONDS [30] per target, FUZZ_OUT [build/fuzz] for objects,
# binaries, corpus copies and crash artifacts, FUZZ_FLAGS extra libFuzzer flags,
# FUZZ_MODE=replay to force the replay build, FUZZ_CFLAGS extra compiler flags
# (e.g. -fno-sanitize=pointer-overflow to keep fuzzing past a known finding).
# Ends with one line per target and exits 1 when any target crashed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECONDS_PER=${FUZZ_SECONDS:-30}
OUT=${FUZZ_OUT:-$ROOT/build/fuzz}
case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
PKGS="fcgi mysqlclient json-c libjwt openssl libxcrypt libutf8proc gmime-3.0 libcurl libmagic"
# The Makefile's flags, without -Werror: a warning only clang gives must not stop fuzzing.
WARN="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes"
PKG_CFLAGS=$(pkg-config --cflags $PKGS 2>/dev/null)
PKG_LIBS="$(pkg-config --libs $PKGS 2>/dev/null) -lstemmer -lm"

say() { printf 'fuzz: %s\n' "$*"; }

if [ $# -gt 0 ]; then
    TARGETS=("$@")
else
    TARGETS=()
    for f in tests/fuzz/fuzz_*.c; do
        t=$(basename "$f" .c)
        TARGETS+=("${t#fuzz_}")
    done
fi

have_libfuzzer() { # clang with a working libFuzzer + ASan runtime
    command -v clang >/dev/null 2>&1 || return 1
    mkdir -p "$OUT"
    printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$OUT/probe.c"
    clang -fsanitize=fuzzer,address,undefined "$OUT/probe.c" -o "$OUT/probe" >/dev/null 2>&1
}

MODE=${FUZZ_MODE:-}
if [ -z "$MODE" ]; then
    if ! command -v clang >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && [ "${FUZZ_NO_INSTALL:-0}" != 1 ] &&
        command -v apt-get >/dev/null 2>&1; then
        say "clang is missing: installing the Debian package clang with apt-get (we are root)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang >/dev/null 2>&1; } ||
            say "apt-get install clang failed; falling back to corpus replay"
    fi
    if have_libfuzzer; then MODE=fuzz; else MODE=replay; fi
fi

if [ "$MODE" = fuzz ]; then
    CC=clang
    SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    LIB_SAN="$SAN -fsanitize=fuzzer-no-link"
    BIN_SAN="$SAN -fsanitize=fuzzer"
else
    CC=${CC_REPLAY:-gcc}
    SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    LIB_SAN=$SAN BIN_SAN=$SAN
fi
LIB_SAN="$LIB_SAN ${FUZZ_CFLAGS:-}" BIN_SAN="$BIN_SAN ${FUZZ_CFLAGS:-}"
say "mode: $MODE ($CC); output in $OUT"

# lib/ built with the same compiler and sanitizers; objects are rebuilt when the source is newer.
OBJ=$OUT/$MODE/obj
LIB=$OUT/$MODE/libdeskpilot-fuzz.a
mkdir -p "$OBJ"
# Other flags than last time: rebuild everything.
if [ "$(cat "$OUT/$MODE/flags" 2>/dev/null)" != "$CC $LIB_SAN" ]; then
    rm -rf "$OBJ" && mkdir -p "$OBJ"
    printf '%s\n' "$CC $LIB_SAN" >"$OUT/$MODE/flags"
fi
objs=()
build_failed=0
for src in $(find lib -name '*.c' | sort); do
    o=$OBJ/${src%.c}.o
    mkdir -p "$(dirname "$o")"
    if [ ! -e "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find lib -name '*.h' -newer "$o" -print -quit)" ]; then
        if ! $CC $WARN -g -O1 $LIB_SAN -Ilib $PKG_CFLAGS -c "$src" -o "$o" 2>"$o.log"; then
            say "could not compile $src (skipped; a target that needs it will not link):"
            sed 's/^/    /' "$o.log" | head -20
            rm -f "$o"
            build_failed=1
            continue
        fi
    fi
    objs+=("$o")
done
rm -f "$LIB" && ar rcs "$LIB" "${objs[@]}"

declare -A EXECS RESULT
crashes=0
for t in "${TARGETS[@]}"; do
    src=tests/fuzz/fuzz_$t.c
    bin=$OUT/$MODE/fuzz_$t
    corpus=tests/fuzz/corpus/$t
    [ -f "$src" ] || { say "no target $src"; RESULT[$t]="missing"; crashes=$((crashes + 1)); continue; }
    extra=()
    [ "$MODE" = replay ] && extra=(tests/fuzz/driver.c)
    if ! $CC $WARN -g -O1 $BIN_SAN -Ilib -Itests/fuzz $PKG_CFLAGS "$src" "${extra[@]}" "$LIB" \
        $PKG_LIBS -o "$bin" 2>"$bin.log"; then
        say "$t: build failed"
        sed 's/^/    /' "$bin.log" | head -30
        RESULT[$t]="build failed"
        crashes=$((crashes + 1))
        continue
    fi
    if [ "$MODE" = fuzz ]; then
        work=$OUT/work/$t
        arts=$OUT/crashes/$t
        mkdir -p "$work" "$arts"
        cp -n "$corpus"/* "$work"/ 2>/dev/null
        touch "$OUT/$t.stamp"
        say "$t: fuzzing for ${SECONDS_PER}s ($(ls "$work" | wc -l) inputs in the working corpus)"
        # -use_value_profile helps with the MACs and magic strings; a crash stops the run.
        "$bin" -max_total_time="$SECONDS_PER" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
            -use_value_profile=1 -print_final_stats=1 -artifact_prefix="$arts/" \
            ${FUZZ_FLAGS:-} "$work" >"$OUT/$t.log" 2>&1
        rc=$?
        EXECS[$t]=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$t.log" | tail -1)
        if [ $rc -ne 0 ]; then
            crashes=$((crashes + 1))
            RESULT[$t]="CRASH (exit $rc)"
            say "$t: crashed; the report:"
            grep -E 'ERROR|SUMMARY|runtime error|invariant failed|Test unit written|^    #[0-9]' "$OUT/$t.log" | head -30 | sed 's/^/    /'
            for a in $(find "$arts" -type f -newer "$OUT/$t.stamp"); do
                say "$t: artifact $a ($(stat -c %s "$a") bytes): $(head -c 200 "$a" | od -An -c | tr -s ' ' | head -3 | tr '\n' ' ')"
            done
        else
            RESULT[$t]="ok"
        fi
    else
        say "$t: replaying $corpus"
        if "$bin" "$corpus" >"$OUT/$t.log" 2>&1; then
            RESULT[$t]="ok"
            EXECS[$t]=$(ls "$corpus" | wc -l)
        else
            crashes=$((crashes + 1))
            RESULT[$t]="CRASH"
            grep -E 'ERROR|SUMMARY|runtime error|invariant failed' "$OUT/$t.log" | head -20 | sed 's/^/    /'
        fi
    fi
done

echo
for t in "${TARGETS[@]}"; do
    printf 'fuzz %-10s %-18s %s executions\n' "$t" "${RESULT[$t]:-?}" "${EXECS[$t]:-0}"
done
[ $build_failed = 0 ] || say "note: some lib/ files did not compile (see above)"
if [ $crashes -gt 0 ]; then
    say "$crashes target(s) failed; crash inputs are in $OUT/crashes/<target>/"
    exit 1
fi
say "no crashes"
