#!/bin/sh
# bench.sh: the numbers customers compare us on. Run by `make bench` after the build.
#   1. deskpilot eval: train on Banking77 train.csv, report on test.csv (accuracy, macro-F1,
#      ECE, coverage at precision, training time, latency);
#   1b. the same with a quarter of the intents held out of training (5 seeds): how often the
#      engine answers questions about topics it was never taught (eval --holdout-intents);
#   1c. another desk's questions: test.csv plus 1,000 Bitext shop requests as out of scope;
#   2. deskpilot bench: model size, load time, RSS and classify+similar latency with
#      10k / 100k / 1M synthetic resolved tickets.
# Prints a table and writes bench/results/latest.json (git-ignored).
# Env: BUILD (build dir, default build), BANKING77 (data dir), BENCH_SIZES (e.g. 10000,100000).
set -eu
BUILD=${BUILD:-build}
DATA=${BANKING77:-$(cd "$(dirname "$0")/.." && pwd)/tests/data/banking77}
BITEXT=${BITEXT:-$(cd "$(dirname "$0")/.." && pwd)/tests/data/bitext/Bitext_Sample_Customer_Support_Training_Dataset.csv}
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
holdout_json=null
ood_json=null
if [ -r "$DATA/train.csv" ] && [ -r "$DATA/test.csv" ]; then
    "$BIN" eval --train "$DATA/train.csv" --test "$DATA/test.csv" --json > "$tmp/eval.json"
    e="$tmp/eval.json"
    echo
    echo "Banking77 (trained on train.csv, reported on test.csv)"
    f4() { printf '%.4f' "$1"; }
    printf '  %-34s %s\n' "accuracy" "$(f4 "$(num accuracy "$e")")" \
        "macro-F1" "$(f4 "$(num macro_f1 "$e")")" \
        "ECE (15 bins, OOS-aware conf.)" "$(f4 "$(num ece "$e")")" \
        "ECE of in-catalogue probability" "$(f4 "$(num ece_in_catalogue "$e")")" \
        "coverage @ threshold $(num threshold "$e")" "$(f4 "$(num coverage "$e")") (precision $(f4 "$(num precision "$e")"))" \
        "coverage @ 95% precision" "$(f4 "$(num '0\.95' "$e")")" \
        "coverage @ 97% precision" "$(f4 "$(num '0\.97' "$e")")" \
        "coverage @ 99% precision" "$(f4 "$(num '0\.99' "$e")")" \
        "threshold picked for 97% (CV)" "$(printf '%.2f' "$(num auto_threshold "$e")"): coverage $(f4 "$(num auto_coverage "$e")") (precision $(f4 "$(num auto_precision "$e")"))" \
        "cross-validated accuracy" "$(f4 "$(num cv_accuracy "$e")")" \
        "training seconds" "$(printf '%.2f' "$(num train_seconds "$e")")" \
        "us per prediction" "$(printf '%.1f' "$(num us_per_prediction "$e")")"
    eval_json=$(cat "$e")

    # Unknown topics: 25 % of the intents out of training, their test rows out of scope.
    "$BIN" eval --train "$DATA/train.csv" --test "$DATA/test.csv" --holdout-intents 0.25 --seeds 5 --json \
        > "$tmp/holdout.json"
    h="$tmp/holdout.json"
    sed -n 's/.*"sd":\(.*\),"per_seed".*/\1/p' "$h" > "$tmp/holdout-sd.json"
    hs="$tmp/holdout-sd.json"
    ms() { printf '%.4f +- %.4f' "$(num "$1" "$h")" "$(num "$1" "$hs")"; }
    echo
    echo "Banking77, 25% of the intents held out of training (seeds 0-4, mean +- sd)"
    printf '  %-34s %s\n' "accuracy (known intents)" "$(ms accuracy)" \
        "unknown-topic false accepts @ $(num threshold "$h")" "$(ms oos_false_accept_rate)" \
        "precision @ $(num threshold "$h")" "$(ms precision)" \
        "coverage @ $(num threshold "$h")" "$(ms coverage)" \
        "coverage @ 97% precision" "$(ms '0\.97')" \
        "ECE (all rows, unknown = wrong)" "$(ms ece_all_rows)" \
        "threshold picked for 97% (CV)" "$(ms auto_threshold)" \
        "  unknown-topic false accepts" "$(ms auto_oos_false_accept_rate)" \
        "  precision" "$(ms auto_precision)" \
        "  coverage" "$(ms auto_coverage)"
    holdout_json=$(cat "$h")

    if [ -r "$BITEXT" ]; then
        "$BIN" eval --train "$DATA/train.csv" --test "$DATA/test.csv" --extra-oos "$BITEXT" --extra-oos-rows 1000 \
            --json > "$tmp/ood.json"
        o="$tmp/ood.json"
        echo
        echo "Banking77 test.csv + 1,000 Bitext shop requests as out of scope (another desk's questions)"
        printf '  %-34s %s\n' "out-of-domain false accepts @ $(num threshold "$o")" "$(f4 "$(num oos_false_accept_rate "$o")")" \
            "precision @ $(num threshold "$o")" "$(f4 "$(num precision "$o")")" \
            "coverage @ 97% precision" "$(f4 "$(num '0\.97' "$o")")" \
            "false accepts @ picked $(printf '%.2f' "$(num auto_threshold "$o")")" "$(f4 "$(num auto_oos_false_accept_rate "$o")")"
        ood_json=$(cat "$o")
    fi
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
    printf '"date":"%s","eval":%s,"holdout":%s,"out_of_domain":%s,"bench":%s}\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        "$eval_json" "$holdout_json" "$ood_json" "$(cat "$tmp/bench.json")"
} > "$OUT/latest.json"
echo
echo "wrote $OUT/latest.json"
