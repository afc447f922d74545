#!/usr/bin/env bash
# bench-ab.sh BASE_TREE NEW_TREE: the speed of two builds of reliefstat at
# region scale, side by side in one run on one machine (on a shared machine
# ratios compare, absolute times do not).  Each tree's binary makes its own
# sample (same seed) and store under $AB_WORK, then the report steps
# alternate base and new N times; prints the medians and peak resident set.
# Used for the "no slower than 1.2 x before" targets (issue 15: base 18729f0).
# Both trees must be built (make all).
# Environment: N (runs per step, default 3), AB_WORK (default /tmp/bench-ab).
set -u
[ $# -eq 2 ] || { echo "usage: $0 BASE_TREE NEW_TREE" >&2; exit 2; }
W=${AB_WORK:-/tmp/bench-ab}
N=${N:-3}
SEED=20240930
REGION=650000000000   # the whole region
PREFECTURE=652300000000 # 昌吉州
PERIOD=2024-09
TABLES="divisions standards params item_scope households persons enrolments payments
        budgets applications reviews referrals warnings crosscheck staff_relatives bank_returns"
declare -A TREE=([base]=$1 [new]=$2)
mkdir -p "$W"

# use TREE: the binary and its home for one side.
use() {
    BIN=${TREE[$1]}/build/reliefstat
    export RELIEFSTAT_HOME=${TREE[$1]}
    [ -x "$BIN" ] || { echo "bench-ab: $BIN is missing (make all)" >&2; exit 1; }
}

for side in base new; do
    use "$side"
    [ -d "$W/$side-sample" ] ||
        "$BIN" sample --out "$W/$side-sample" --scale region --seed "$SEED" >/dev/null || exit 1
    [ -f "$W/$side.db" ] && continue
    files=()
    for t in $TABLES; do
        [ -f "$W/$side-sample/$t.csv" ] && files+=("$W/$side-sample/$t.csv")
    done
    # shellcheck disable=SC2016 # expanded by the inner sh
    /usr/bin/time -f "%e %M" -o "$W/$side.import.t" \
        sh -c 'db=$1; shift; "$0" --db "$db" init >/dev/null && "$0" --db "$db" import "$@" >/dev/null' \
        "$BIN" "$W/$side.db" "${files[@]}" || exit 1
    echo "$side import: $(cat "$W/$side.import.t") (s, KiB)"
done

steps=(
    "indicators_month|indicators --region $REGION --period $PERIOD --levels all --format csv"
    "findings|findings --region $REGION --period $PERIOD --format csv"
    "monthly_pref|report monthly --region $PREFECTURE --period $PERIOD --out OUT"
    "monthly_region|report monthly --region $REGION --period $PERIOD --out OUT"
    "assessment|report assessment --region $REGION --period $PERIOD --out OUT"
)
: >"$W/times"
for _ in $(seq "$N"); do
    for s in "${steps[@]}"; do
        name=${s%%|*}
        read -r -a args <<<"${s#*|}"
        args=("${args[@]/#OUT/$W/out}")
        for side in base new; do
            use "$side"
            rm -rf "$W/out"
            /usr/bin/time -f "%e %M" -o "$W/t" "$BIN" --db "$W/$side.db" "${args[@]}" \
                >/dev/null 2>"$W/err" || echo "FAIL $side $name: $(tail -n 2 "$W/err")"
            echo "$name $side $(cat "$W/t")" >>"$W/times"
        done
    done
done
echo "load: $(cat /proc/loadavg)"
# shellcheck disable=SC2013 # the keys are words
for key in $(awk '{ print $1 "/" $2 }' "$W/times" | sort -u); do
    name=${key%/*}
    side=${key#*/}
    walls=$(awk -v n="$name" -v b="$side" '$1 == n && $2 == b { print $3 }' "$W/times" | sort -n | tr '\n' ' ')
    peak=$(awk -v n="$name" -v b="$side" '$1 == n && $2 == b && $4 > m { m = $4 } END { print int(m / 1024) }' "$W/times")
    median=$(echo "$walls" | awk '{ print $(int((NF + 1) / 2)) }')
    printf "%-18s %-4s median %7.3f s  runs: %s peak %s MiB\n" "$name" "$side" "$median" "$walls" "$peak"
done
