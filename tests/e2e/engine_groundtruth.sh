#!/usr/bin/env bash
# Ground truth: generate the county and prefecture samples, import each,
# run findings for the sample's region and period, and require the set of
# (code, key) to equal ground_truth.csv exactly (recall and precision 1.0),
# and no near_misses.csv record to be flagged with its code.  The key of a
# finding is its payment_id, else application_id, else household_id.
source "$(dirname "$0")/../lib.sh"
large_input "generated county and prefecture samples"
[ -x "$RS" ] || fail "build first: $RS is missing"

# keys FILE: "code,key" lines of a findings, ground-truth or near-miss CSV.
keys() {
    python3 - "$1" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    key = r.get("payment_id") or r.get("application_id") or r.get("household_id")
    print(r["code"] + "," + key)
PY
}

for scale in county prefecture; do
    out="$T/$scale"
    mkdir -p "$out"
    "$RS" sample --out "$out" --scale "$scale" --seed 1 >"$T/sample.log" 2>&1 ||
        { cat "$T/sample.log"; fail "$scale: sample failed"; }
    region=$(sed -n 's/^region=//p' "$out/sample.txt")
    period=$(sed -n 's/^period=//p' "$out/sample.txt")
    rm -f "$RELIEFSTAT_DB" "$RELIEFSTAT_DB-wal" "$RELIEFSTAT_DB-shm"
    "$RS" init >"$T/init.log" 2>&1 || { cat "$T/init.log"; fail "$scale: init failed"; }
    inputs=()
    for f in "$out"/*.csv; do
        case $(basename "$f") in ground_truth.csv | near_misses.csv) ;; *) inputs+=("$f") ;; esac
    done
    "$RS" import "${inputs[@]}" >"$T/import.log" 2>&1 ||
        { cat "$T/import.log"; fail "$scale: import failed"; }
    "$RS" findings --region "$region" --period "$period" --format csv >"$T/findings.csv" \
        2>"$T/err" || { cat "$T/err"; fail "$scale: findings failed"; }
    keys "$out/ground_truth.csv" | sort -u >"$T/want"
    keys "$T/findings.csv" | sort -u >"$T/got"
    if ! diff "$T/want" "$T/got" >"$T/diff"; then
        echo "$scale: findings differ from the ground truth (< missed, > extra):"
        cat "$T/diff"
        fail "$scale: recall or precision below 1.0"
    fi
    keys "$out/near_misses.csv" | sort -u >"$T/near"
    flagged=$(comm -12 "$T/near" "$T/got")
    [ -z "$flagged" ] || fail "$scale: near misses flagged: $flagged"
    echo "$scale: $(wc -l <"$T/want") ground-truth findings matched, $(wc -l <"$T/near") near misses clear"
done
