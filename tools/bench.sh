#!/bin/sh
# bench.sh: the numbers customers compare us on. Run by `make bench` after the build.
#   1. deskpilot eval: train on Banking77 train.csv, report on test.csv (accuracy, macro-F1,
#      ECE, coverage at precision, training time, latency);
#   2. deskpilot bench: model size, load time, RSS and classify+similar latency with
#      10k / 100k / 1M synthetic resolved tickets.
# Prints a table and writes bench/results/latest.json (git-ignored).
# Env: BUILD (build dir, default build), BANKING77 (data dir), BENCH_SIZES (e.g. 10000,100000).
set -eu
BUILD=${BUILD:-build}
DATA=${BANKING77:-$(cd "$(dirname "$0")/.." && pwd)/tests/data/banking77}
SIZES=${BENCH_SIZES:-10000,100000,1000000}
BIN="$BUILD/deskpilot"
OUT=bench/results
[ -x "$BIN" ] || { echo "bench.sh: $BIN not built (run make first)" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dp-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Pull one number out of a flat JSON object: num KEY FILE
num() { sed -n "s/.*\"$1\":\([-0-9.eE+]*\).*/\1/p" "$2" | head -n 1; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
ncpu=$(nproc 2>/dev/null || echo 1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
echo "machine: $cpu, $ncpu cores, $mem, load $(cut -d' ' -f1-3 /proc/loadavg)"

eval_json=null
if [ -r "$DATA/train.csv" ] && [ -r "$DATA/test.csv" ]; then
    "$BIN" eval --train "$DATA/train.csv" --test "$DATA/test.csv" --json > "$tmp/eval.json"
    e="$tmp/eval.json"
    echo
    echo "Banking77 (trained on train.csv, reported on test.csv)"
    f4() { printf '%.4f' "$1"; }
    printf '  %-28s %s\n' "accuracy" "$(f4 "$(num accuracy "$e")")" \
        "macro-F1" "$(f4 "$(num macro_f1 "$e")")" \
        "ECE (15 bins)" "$(f4 "$(num ece "$e")")" \
        "coverage @ threshold $(num threshold "$e")" "$(f4 "$(num coverage "$e")") (precision $(f4 "$(num precision "$e")"))" \
        "coverage @ 95% precision" "$(f4 "$(num '0\.95' "$e")")" \
        "coverage @ 97% precision" "$(f4 "$(num '0\.97' "$e")")" \
        "coverage @ 99% precision" "$(f4 "$(num '0\.99' "$e")")" \
        "training seconds" "$(printf '%.2f' "$(num train_seconds "$e")")" \
        "us per prediction" "$(printf '%.1f' "$(num us_per_prediction "$e")")"
    eval_json=$(cat "$e")
else
    echo "bench.sh: no Banking77 data at $DATA (set BANKING77=DIR); skipping eval" >&2
fi

echo
echo "Similar-ticket search + classification per ticket (bench: $SIZES tickets)"
"$BIN" bench --data "$DATA" --sizes "$SIZES" --json > "$tmp/bench.json"
# One line per size from the JSON array.
tr '{' '\n' < "$tmp/bench.json" | grep '"tickets"' | while IFS= read -r row; do
    printf '%s\n' "$row" > "$tmp/row"
    printf '  %9s tickets: file %6.1f MB, load %6.1f ms, model RSS %6.1f MB, median %7.1f us, p99 %8.1f us, build %5.1f s\n' \
        "$(num tickets "$tmp/row")" "$(num file_mb "$tmp/row")" "$(num load_ms "$tmp/row")" \
        "$(num rss_model_mb "$tmp/row")" "$(num median_us "$tmp/row")" "$(num p99_us "$tmp/row")" \
        "$(num build_seconds "$tmp/row")"
done

{
    printf '{"machine":{"cpu":"%s","cores":%s,"memory":"%s","loadavg":"%s"},' \
        "$cpu" "$ncpu" "$mem" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf '"date":"%s","eval":%s,"bench":%s}\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$eval_json" "$(cat "$tmp/bench.json")"
} > "$OUT/latest.json"
echo
echo "wrote $OUT/latest.json"
