#!/usr/bin/env bash
# Data-driven engine cases.  Each tests/cases/NAME/ holds small input CSVs
# (named after their tables), an `args` file of KEY=VALUE lines (region,
# period, levels; codes = the finding codes the case is about, default all;
# stats = the stat_ queries of expected_statistics.csv, default
# "stat_enrolments stat_money stat_temp")
# and expected_indicators.csv, expected_findings.csv, expected_statistics.csv
# and/or expected_outliers.csv worked out by hand from indicators.md.  Every case
# is imported into a fresh database and the real commands' CSV output is
# compared with the expectation:
#   indicators: the rows of the indicators named in the expected file, whole;
#   findings: code,region_code,payment_id,household_id,application_id,amount
#   of the findings whose code is in `codes` (and id_number_masked too when
#   the expected file has that column: the person of a person-level code);
#   statistics: every row the stat_ queries (`query stat_enrolments`,
#   stat_money, stat_temp, or those of `stats`) return, numerators and denominators summed per
#   region_code and statistic (money in fen, as the queries give it);
#   outliers: every row of `outliers --levels LEVELS`, whole.
# Usage: bash tests/e2e/engine_cases.sh [CASE-NAME-PATTERN]
source "$(dirname "$0")/../lib.sh"
pattern=${1:-}
[ -x "$RS" ] || fail "build first: $RS is missing"

# select_indicators EXPECTED ACTUAL: ACTUAL's rows for the indicators that
# EXPECTED names, sorted, without header.
select_indicators() {
    python3 - "$1" "$2" <<'PY'
import csv, sys
want = {r["indicator"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
rows = [r for r in csv.reader(open(sys.argv[2], encoding="utf-8-sig"))]
print("\n".join(sorted(",".join(r) for r in rows[1:] if r[4] in want)))
PY
}

# select_findings FILE CODES EXPECTED: the columns of EXPECTED's header of
# FILE's findings whose code is in CODES (comma-separated; empty = all),
# sorted, without header.
select_findings() {
    python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
codes = set(filter(None, sys.argv[2].split(",")))
cols = next(csv.reader(open(sys.argv[3], encoding="utf-8-sig")))
out = []
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if not codes or r["code"] in codes:
        out.append(",".join(r[c] for c in cols))
print("\n".join(sorted(out)))
PY
}

# sum_statistics FILE: the rows of FILE (stat_ query CSVs one after another,
# each with its header) summed per region_code and statistic (an empty
# denominator stays empty when all are), sorted, without header.
sum_statistics() {
    python3 - "$1" <<'PY'
import csv, sys
sums = {}
for r in csv.reader(open(sys.argv[1], encoding="utf-8-sig")):
    if not r or r[0] == "region_code":
        continue
    n, d = sums.setdefault((r[0], r[1]), [0, None])
    sums[(r[0], r[1])] = [n + int(r[2] or 0), d if r[3] == "" else (d or 0) + int(r[3])]
print("\n".join(sorted(f"{c},{s},{n},{'' if d is None else d}" for (c, s), (n, d) in sums.items())))
PY
}

# sorted_body FILE: FILE without its header, sorted.
sorted_body() { tail -n +2 "$1" | sed 's/\r$//' | grep -v '^$' | sort; }

failures=0 ran=0
for dir in "$ROOT"/tests/cases/*/; do
    name=$(basename "$dir")
    [ -n "$pattern" ] && [[ $name != *$pattern* ]] && continue
    region= period= levels=all codes= stats="stat_enrolments stat_money stat_temp"
    while IFS='=' read -r k v; do
        case $k in
        region) region=$v ;; period) period=$v ;; levels) levels=$v ;; codes) codes=$v ;;
        stats) stats=$v ;;
        esac
    done <"$dir/args"
    rm -f "$RELIEFSTAT_DB" "$RELIEFSTAT_DB-wal" "$RELIEFSTAT_DB-shm"
    "$RS" init >"$T/init.log" 2>&1 || { cat "$T/init.log"; fail "$name: init failed"; }
    inputs=()
    for f in "$dir"*.csv; do
        case $(basename "$f") in expected_*) ;; *) inputs+=("$f") ;; esac
    done
    "$RS" import "${inputs[@]}" >"$T/import.log" 2>&1 ||
        { cat "$T/import.log"; fail "$name: import failed"; }
    ran=$((ran + 1))
    if [ -f "$dir/expected_indicators.csv" ]; then
        "$RS" indicators --region "$region" --period "$period" --levels "$levels" --format csv \
            >"$T/ind.csv" 2>"$T/err" || { cat "$T/err"; fail "$name: indicators failed"; }
        if ! diff <(sorted_body "$dir/expected_indicators.csv") \
                  <(select_indicators "$dir/expected_indicators.csv" "$T/ind.csv") >"$T/diff"; then
            echo "FAIL $name: indicators differ (< expected, > actual)"; cat "$T/diff"
            failures=$((failures + 1))
        fi
    fi
    if [ -f "$dir/expected_statistics.csv" ]; then
        : >"$T/stats.csv"
        for q in $stats; do
            "$RS" query $q -p region="$region" -p period="$period" --format csv \
                >>"$T/stats.csv" 2>"$T/err" || { cat "$T/err"; fail "$name: query $q failed"; }
        done
        if ! diff <(sorted_body "$dir/expected_statistics.csv") <(sum_statistics "$T/stats.csv") \
                >"$T/diff"; then
            echo "FAIL $name: statistics differ (< expected, > actual)"; cat "$T/diff"
            failures=$((failures + 1))
        fi
    fi
    if [ -f "$dir/expected_outliers.csv" ]; then
        "$RS" outliers --region "$region" --period "$period" --levels "$levels" --format csv \
            >"$T/outl.csv" 2>"$T/err" || { cat "$T/err"; fail "$name: outliers failed"; }
        if ! diff <(sorted_body "$dir/expected_outliers.csv") <(sorted_body "$T/outl.csv") \
                >"$T/diff"; then
            echo "FAIL $name: outliers differ (< expected, > actual)"; cat "$T/diff"
            failures=$((failures + 1))
        fi
    fi
    if [ -f "$dir/expected_findings.csv" ]; then
        "$RS" findings --region "$region" --period "$period" --format csv \
            >"$T/find.csv" 2>"$T/err" || { cat "$T/err"; fail "$name: findings failed"; }
        if ! diff <(sorted_body "$dir/expected_findings.csv") \
                  <(select_findings "$T/find.csv" "$codes" "$dir/expected_findings.csv") >"$T/diff"; then
            echo "FAIL $name: findings differ (< expected, > actual)"; cat "$T/diff"
            failures=$((failures + 1))
        fi
    fi
done
[ $ran -gt 0 ] || fail "no case ran"
[ $failures -eq 0 ] || fail "$failures of $ran cases failed"
echo "$ran cases passed"
