#!/usr/bin/env bash
# The region-scale benchmark behind `make bench`: times reliefstat on the
# synthetic dataset of `reliefstat sample` (county, prefecture and region
# scale) beside what users would otherwise use -- the sqlite3 shell's
# `.import --csv` as the floor for importing, and a pandas + XlsxWriter
# script (scripts/bench_monthly.py) for the monthly statement -- and writes
# the medians, peak memory, ratios and targets to bench/results.txt and
# bench/results.csv (scripts/bench_table.py) and the scaling curve to
# bench/scaling.svg.  Samples are generated once and cached under
# bench/cache/, keyed by the generator's object code, the scale and the seed.
# A step that fails (non-zero exit, missing or empty output, row counts that
# disagree with the floor's) fails the run, loudly, after the other steps.
#
# Environment: BENCH_RUNS (runs per step, default 3), BENCH_BUDGET (stop a
# step's runs once they took this many seconds, default 150), BENCH_TIMEOUT
# (kill a run after this many seconds, default 300), BENCH_SCALES (default
# "county prefecture region"), BENCH_SEED (default 20240930), BENCH_CACHE,
# BENCH_WORK.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
RS="$ROOT/build/reliefstat"
PY=/usr/bin/python3 # Debian's, where python3-pandas is installed
TIMECMD=/usr/bin/time
RUNS=${BENCH_RUNS:-3}
SCALES=${BENCH_SCALES:-county prefecture region}
SEED=${BENCH_SEED:-20240930}
TIMEOUT=${BENCH_TIMEOUT:-300}
BUDGET=${BENCH_BUDGET:-150}
CACHE=${BENCH_CACHE:-$ROOT/bench/cache}
WORK=${BENCH_WORK:-$ROOT/bench/work}
PERIOD=2024-09
YTD_MONTHS="2024-01 2024-02 2024-03 2024-04 2024-05 2024-06 2024-07 2024-08 2024-09"
REGION=650000000000     # 新疆维吾尔自治区: the whole region
PREFECTURE=652300000000 # 昌吉回族自治州: the monthly statement's unit
TABLES="divisions standards params households persons enrolments payments budgets
        applications reviews referrals warnings crosscheck staff_relatives bank_returns"
export RELIEFSTAT_HOME="$ROOT"
RAW="$WORK/raw.csv"
FAILED=0

die() { echo "bench: $*" >&2; exit 1; }

# ------------------------------------------------------------ measuring

# timed OUT ERR CMD...: run CMD with stdout in OUT and stderr in ERR; sets
# WALL (seconds, from the monotonic-enough date +%s%N), RSS (peak resident
# set in KiB, from GNU time, children included) and RC (CMD's exit status).
timed() {
    local out=$1 err=$2 start end
    shift 2
    start=$(date +%s%N)
    "$TIMECMD" -f '%M' -o "$WORK/rss" "$@" >"$out" 2>"$err"
    RC=$?
    end=$(date +%s%N)
    WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    RSS=$(tail -n 1 "$WORK/rss")
    [[ $RSS =~ ^[0-9]+$ ]] || RSS=0
}

# record SCALE STEP RUN WALL RSS STATUS NOTE: one line of the raw results.
record() {
    printf '%s,%s,%s,%s,%s,%s,"%s"\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7//\"/\'}" >>"$RAW"
}

# step SCALE NAME PREP CHECK CMD...: time CMD up to $RUNS times, calling the
# shell function PREP before each run (outside the timing) and CHECK after it
# (with the run's stdout file; a non-zero return is a wrong result).  Runs
# stop early once they have taken $BUDGET seconds together (at least one
# run); a run longer than $TIMEOUT seconds is killed and the step recorded
# as timed out (a target not met, not a wrong result); any failure fails
# the step.  Returns 0 when every run succeeded.
step() {
    local scale=$1 name=$2 prep=$3 check=$4 out="$WORK/$1/$2.out" err="$WORK/$1/$2.err" r why
    shift 4
    local walls=() spent=0
    for ((r = 1; r <= RUNS; r++)); do
        "$prep"
        timed "$out" "$err" timeout -k 5 "$TIMEOUT" "$@"
        if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
            record "$scale" "$name" "$r" "$WALL" "$RSS" timeout "killed after $TIMEOUT s"
            printf '  %-10s %-20s TIMED OUT after %s s (run %s)\n' "$scale" "$name" "$TIMEOUT" "$r"
            return 1
        fi
        if [ "$RC" -ne 0 ]; then
            fail_step "$scale" "$name" "$r" "exit status $RC: $(tail -n 5 "$err" | tr '\n' ' ')"
            return 1
        fi
        if ! why=$("$check" "$out" 2>&1); then
            fail_step "$scale" "$name" "$r" "wrong result: $why"
            return 1
        fi
        record "$scale" "$name" "$r" "$WALL" "$RSS" ok ""
        walls+=("$WALL")
        spent=$(awk -v a="$spent" -v b="$WALL" 'BEGIN { print a + b }')
        awk -v a="$spent" -v b="$BUDGET" 'BEGIN { exit !(a >= b) }' && break
    done
    printf '  %-10s %-20s %s s   peak %s MiB\n' "$scale" "$name" "${walls[*]}" $((RSS / 1024))
}

# fail_step SCALE NAME RUN WHY: record and shout a failed step.
fail_step() {
    FAILED=$((FAILED + 1))
    record "$1" "$2" "$3" "" "" fail "$4"
    printf '  %-10s %-20s FAILED (run %s): %s\n' "$1" "$2" "$3" "$4" >&2
}

nothing() { :; }

# ------------------------------------------------------------ checks

# Each check gets the step's stdout file; it prints why and returns 1 when
# the result is wrong.
csv_has_rows() { # a CSV with a header and at least one row
    [ "$(head -n 2 "$1" | wc -l)" -ge 2 ] || { echo "no rows on stdout"; return 1; }
}
findings_ok() { # the findings CSV header of reports.md
    head -n 1 "$1" | grep -q 'code,region_code,period,payment_id' ||
        { echo "findings CSV header missing"; return 1; }
    csv_has_rows "$1"
}
report_ok() { # every path printed exists and is non-empty; at least one
    local n=0 p
    while IFS= read -r p; do
        [ -z "$p" ] && continue
        [ -s "$p" ] || { echo "printed path '$p' is missing or empty"; return 1; }
        n=$((n + 1))
    done <"$1"
    [ "$n" -gt 0 ] || { echo "report printed no paths"; return 1; }
    compgen -G "$OUTDIR/*.xlsx" >/dev/null || compgen -G "$OUTDIR/*.pdf" >/dev/null ||
        { echo "no .xlsx or .pdf in $OUTDIR"; return 1; }
}
xlsx_ok() { # the baseline's workbook exists
    [ -s "$OUTDIR/monthly.xlsx" ] || { echo "no workbook written"; return 1; }
}
import_ok() { # import printed nothing alarming; counts are compared afterwards
    return 0
}

# Preparations run before each timed run.
fresh_db() { rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"; }
fresh_floor() { rm -f "$FLOOR_DB"; }
fresh_duck() { rm -f "$DUCK_DB" "$DUCK_DB.wal"; }
fresh_out() { rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"; }
fresh_month_db() { # the imported store as it was before the new month
    rm -f "$MONTH_DB" "$MONTH_DB-wal" "$MONTH_DB-shm"
    sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && cp "$DB" "$MONTH_DB"
}

# month_ledger IN OUT: the rows of $PERIOD in payments file IN as the next
# month's ledger (2024-10), the period and the payment dates a month on.
# Its payment ids and bank references are new serial numbers after the
# largest of file IN, as a county's ledger system and a bank number their
# rows (the sample's own numbers grow through the file).  Until 2026-12-02
# the bench appended "M" to the 2024-09 ids instead, so every new key fell
# between two old ones and nearly every page of the key indexes was
# rewritten: a shape no real month has (bench/PROFILE.md, section 10).
month_ledger() {
    awk -F, -v OFS=, -v p="$PERIOD" '
        NR == FNR { if (FNR > 1) { n = substr($1, 2) + 0; if (n > maxp) maxp = n
                                   if ($11 != "") { b = substr($11, 3) + 0; if (b > maxb) maxb = b } }
                    next }
        FNR == 1 { print; next }
        $6 == p { $1 = sprintf("P%09d", ++maxp); $6 = "2024-10"; sub(/^2024-09-/, "2024-10-", $9)
                  if ($11 != "") $11 = sprintf("BK%012d", ++maxb); print }' "$1" "$1" >"$2"
}

# month_bank PERSONS IN OUT: the bank's return file of month ledger IN (from
# month_ledger): a success for every paid row with a bank_ref, into an
# account derived from the payee's ID, under the payee's name (PERSONS),
# for the amount paid.
month_bank() {
    awk -F, -v OFS=, 'FNR == NR { name[$1] = $2; next }
        FNR == 1 { print "bank_ref,region_code,period,account_no,account_name,amount,status"; next }
        $8 + 0 > 0 && $11 != "" {
            print $11, $4, $6, "6230" substr($3, 4, 15), ($3 in name ? name[$3] : "某"), $8, "success" }' \
        "$1" "$2" >"$3"
}
fresh_bank_floor() { rm -f "$BANK_FLOOR"; }
fresh_bank_db() { # the store after the month's ledger, as import_month left it
    rm -f "$BANK_DB" "$BANK_DB-wal" "$BANK_DB-shm"
    sqlite3 "$MONTH_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && cp "$MONTH_DB" "$BANK_DB"
}

# ------------------------------------------------------------ samples

# use_sample SCALE: set SAMPLE to the cached sample directory of SCALE,
# generating it when absent; returns 1 when there is none.  The key is the
# SHA-256 of the generator's object files and of the divisions it takes its
# counties and townships from (so a changed generator or seed regenerates),
# the scale and the seed.
use_sample() {
    local scale=$1 key
    key=$(cat build/obj/sample/*.o build/obj/cli/cmd_sample.o seeds/divisions.csv 2>/dev/null |
        sha256sum | cut -c1-12)
    SAMPLE="$CACHE/$scale-seed$SEED-$key"
    [ -f "$SAMPLE/.complete" ] && return 0
    rm -rf "$CACHE/$scale-seed$SEED-"*
    mkdir -p "$SAMPLE" "$WORK/$scale"
    echo "  $scale: generating the sample into $SAMPLE"
    timed "$WORK/$scale/sample.out" "$WORK/$scale/sample.err" \
        "$RS" sample --out "$SAMPLE" --scale "$scale" --seed "$SEED"
    if [ "$RC" -ne 0 ]; then
        rm -rf "$SAMPLE"
        fail_step "$scale" sample 1 "exit status $RC: $(tail -n 5 "$WORK/$scale/sample.err")"
        return 1
    fi
    record "$scale" sample 1 "$WALL" "$RSS" ok "generated"
    echo "  $scale: generated in $WALL s"
    touch "$SAMPLE/.complete"
}

# describe SCALE DIR: one line of data sizes into the raw results (the row
# counts of the sample's sample.txt, else counted lines).
describe() {
    local t n info=""
    for t in households persons enrolments payments applications reviews; do
        [ -f "$2/$t.csv" ] || continue
        n=$(sed -n "s/^rows\.$t=//p" "$2/sample.txt" 2>/dev/null)
        [ -n "$n" ] || n=$(($(wc -l <"$2/$t.csv") - 1))
        info="$info $t=$n"
    done
    info="$info csv_mb=$(du -smc "$2"/*.csv | tail -n 1 | cut -f1)"
    record "$1" data 0 "" "" info "${info# }"
    echo "  $1: ${info# }"
}

# ------------------------------------------------------------ one scale

# count_rows DB TABLE: the table's row count, or -1 when it is absent.
count_rows() {
    sqlite3 "$1" "SELECT count(*) FROM \"$2\"" 2>/dev/null || echo -1
}

# check_counts: every imported table holds as many rows as the floor's.
check_counts() {
    local t a b bad=""
    for t in "${IMPORTED[@]}"; do
        [ "$t" = divisions ] && continue # reliefstat also holds the bundled ones
        a=$(count_rows "$DB" "$t")
        b=$(count_rows "$FLOOR_DB" "$t")
        [ "$a" = "$b" ] || bad="$bad $t: reliefstat $a, sqlite3 $b;"
    done
    [ -z "$bad" ] || { fail_step "$SCALE" import_rows 0 "row counts differ:$bad"; return 1; }
    echo "  $SCALE      import row counts agree with the floor's (${#IMPORTED[@]} tables)"
}

# ytd_indicators: indicators for each month of the year to date, the way the
# assessment pack's trend and a year-to-date review ask for them.
ytd_indicators() {
    local p
    for p in $YTD_MONTHS; do
        "$RS" indicators --region "$REGION" --period "$p" --levels all --format csv || return
    done
}

bench_scale() {
    SCALE=$1
    local dir files=() t
    use_sample "$SCALE" || return 0
    dir=$SAMPLE
    mkdir -p "$WORK/$SCALE"
    describe "$SCALE" "$dir"
    IMPORTED=()
    for t in $TABLES; do
        [ -f "$dir/$t.csv" ] && files+=("$dir/$t.csv") && IMPORTED+=("$t")
    done
    DB="$WORK/$SCALE/reliefstat.db"
    FLOOR_DB="$WORK/$SCALE/floor.db"
    DUCK_DB="$WORK/$SCALE/duck.duckdb"
    OUTDIR="$WORK/$SCALE/out"
    export RELIEFSTAT_DB="$DB"

    local script="$WORK/$SCALE/floor.sql"
    for t in "${IMPORTED[@]}"; do echo ".import --csv '$dir/$t.csv' $t"; done >"$script"
    # shellcheck disable=SC2016 # expanded by the inner sh
    step "$SCALE" floor_import fresh_floor import_ok sh -c 'sqlite3 "$1" <"$2"' sh "$FLOOR_DB" "$script"

    # DuckDB's load of the same files (its own CSV sniffer, typed tables):
    # a reference line only (bench/duckdb, installed by npm for the bench).
    local pairs=()
    for t in "${IMPORTED[@]}"; do pairs+=("$t=$dir/$t.csv"); done
    step "$SCALE" duckdb_load fresh_duck import_ok node "$ROOT/bench/duckdb/load.mjs" "$DUCK_DB" "${pairs[@]}"
    rm -f "$DUCK_DB" "$DUCK_DB.wal"

    # shellcheck disable=SC2016 # expanded by the inner sh
    if ! step "$SCALE" import fresh_db import_ok \
        sh -c '"$0" init >/dev/null && "$0" import "$@"' "$RS" "${files[@]}"; then
        echo "  $SCALE: the rest needs an imported database: skipped"
        return 0
    fi
    check_counts

    step "$SCALE" indicators_month nothing csv_has_rows \
        "$RS" indicators --region "$REGION" --period "$PERIOD" --levels all --format csv
    step "$SCALE" indicators_ytd nothing csv_has_rows bash -c ytd_indicators
    step "$SCALE" findings nothing findings_ok \
        "$RS" findings --region "$REGION" --period "$PERIOD" --format csv
    # The monthly routine: one new month's ledger into the imported store
    # (a copy of it for each run).
    MONTH_DB="$WORK/$SCALE/month.db"
    BANK_DB="$WORK/$SCALE/bank.db" BANK_FLOOR="$WORK/$SCALE/bank-floor.db"
    mkdir -p "$WORK/$SCALE/month"
    month_ledger "$dir/payments.csv" "$WORK/$SCALE/month/payments.csv"
    # shellcheck disable=SC2016 # expanded by the inner sh
    step "$SCALE" floor_month_import fresh_bank_floor import_ok \
        sh -c 'sqlite3 "$1" ".import --csv $2 payments"' sh "$BANK_FLOOR" \
        "$WORK/$SCALE/month/payments.csv"
    step "$SCALE" import_month fresh_month_db import_ok \
        "$RS" --db "$MONTH_DB" import "$WORK/$SCALE/month/payments.csv"
    # The bank's return file of that month (one row per paid ledger row of
    # 2024-10) into the store holding its ledger (a copy of it for each
    # run), against sqlite3's .import of the same file into an empty
    # database; then the region's findings of the month with it.
    month_bank "$dir/persons.csv" "$WORK/$SCALE/month/payments.csv" "$WORK/$SCALE/month/bank_returns.csv"
    # shellcheck disable=SC2016 # expanded by the inner sh
    step "$SCALE" floor_bank_import fresh_bank_floor import_ok \
        sh -c 'sqlite3 "$1" ".import --csv $2 bank_returns"' sh "$BANK_FLOOR" \
        "$WORK/$SCALE/month/bank_returns.csv"
    step "$SCALE" import_bank fresh_bank_db import_ok \
        "$RS" --db "$BANK_DB" import "$WORK/$SCALE/month/bank_returns.csv"
    step "$SCALE" findings_bank nothing findings_ok \
        "$RS" --db "$BANK_DB" findings --region "$REGION" --period 2024-10 --format csv
    rm -f "$MONTH_DB"* "$BANK_DB"* "$BANK_FLOOR"
    step "$SCALE" report_monthly fresh_out report_ok \
        "$RS" report monthly --region "$PREFECTURE" --period "$PERIOD" --out "$OUTDIR"
    step "$SCALE" report_monthly_region fresh_out report_ok \
        "$RS" report monthly --region "$REGION" --period "$PERIOD" --out "$OUTDIR"
    step "$SCALE" report_assessment fresh_out report_ok \
        "$RS" report assessment --region "$REGION" --period "$PERIOD" --out "$OUTDIR"
    step "$SCALE" report_dashboard fresh_out report_ok \
        "$RS" report dashboard --region "$REGION" --period "$PERIOD" --out "$OUTDIR"
    step "$SCALE" pandas_monthly fresh_out xlsx_ok \
        "$PY" scripts/bench_monthly.py --data "$dir" --region "$PREFECTURE" --period "$PERIOD" \
        --out "$OUTDIR/monthly.xlsx"
    [ "$PG_ON" = 1 ] && bench_pg_scale "$dir" "${files[@]}"
    return 0
}

# ------------------------------------------------------------ PostgreSQL

# The same steps on the PostgreSQL store (issue 18): one server of a set
# that scripts/pg-cluster.sh starts under a temporary directory for the
# run and stops at the end (BENCH_PG=0 leaves it out).  The floor is
# `psql \copy` of the same files into untyped tables (every column text, no
# key).  A step's database is made before each run, outside the timing:
# the imported store's copy for a new month (CREATE DATABASE ... TEMPLATE).
PG_ON=${BENCH_PG:-1}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGD=""

pg_start() {
    [ "$PG_ON" = 1 ] || return 1
    [ -x "$PGBIN/pg_ctl" ] || { echo "bench: no PostgreSQL 15 ($PGBIN): its steps are skipped"; PG_ON=0; return 1; }
    PGD=$(mktemp -d "${TMPDIR:-/tmp}/rs-bench-pg.XXXXXX") && chmod 755 "$PGD" || return 1
    "$ROOT/scripts/pg-cluster.sh" start "$PGD" >"$WORK/pg-start.log" 2>&1 ||
        { cat "$WORK/pg-start.log" >&2; PG_ON=0; return 1; }
    eval "$("$ROOT/scripts/pg-cluster.sh" env "$PGD")"
    export PGHOST PGPORT PGUSER
    PG_SOCK=${PGHOST//\//%2F}
}
pg_stop() {
    [ -n "$PGD" ] || return 0
    "$ROOT/scripts/pg-cluster.sh" stop "$PGD" >/dev/null 2>&1
    rm -rf "$PGD"
    PGD=""
}
pg_uri() { echo "postgresql:///$1?host=$PG_SOCK&port=$PGPORT&user=$PGUSER"; }
pg_sql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "${2:-postgres}" -c "$1" >/dev/null; }
pg_fresh() { # pg_fresh NAME [TEMPLATE]: database NAME anew
    pg_sql "DROP DATABASE IF EXISTS $1 WITH (FORCE)" &&
        pg_sql "CREATE DATABASE $1${2:+ TEMPLATE $2}"
}
fresh_pg_floor() { pg_fresh bench_floor; }
fresh_pg_db() { pg_fresh bench_rs; }
fresh_pg_month() { pg_fresh bench_month bench_rs; }

# pg_floor_script FILE...: psql commands making an untyped table of each
# file's header and copying the file into it.
pg_floor_script() {
    local f t cols
    for f in "$@"; do
        t=$(basename "$f" .csv)
        cols=$(head -n 1 "$f" | sed 's/^\xef\xbb\xbf//; s/\r$//; s/"//g; s/,/" text, "/g')
        echo "CREATE TABLE \"$t\" (\"$cols\" text);"
        echo "\\copy \"$t\" FROM '$f' WITH (FORMAT csv, HEADER true)"
    done
}

bench_pg_scale() {
    local dir=$1 script="$WORK/$SCALE/pg-floor.sql" PG
    shift
    pg_floor_script "$@" >"$script"
    step "$SCALE" pg_floor_copy fresh_pg_floor import_ok \
        "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d bench_floor -f "$script"
    PG=$(pg_uri bench_rs)
    # shellcheck disable=SC2016 # expanded by the inner sh
    if ! step "$SCALE" pg_import fresh_pg_db import_ok \
        sh -c 'rs=$0 db=$1; shift; "$rs" --db "$db" init >/dev/null && "$rs" --db "$db" import "$@"' \
        "$RS" "$PG" "$@"; then
        echo "  $SCALE: PostgreSQL: the rest needs an imported database: skipped"
        return 0
    fi
    step "$SCALE" pg_indicators_month nothing csv_has_rows \
        "$RS" --db "$PG" indicators --region "$REGION" --period "$PERIOD" --levels all --format csv
    RELIEFSTAT_DB="$PG" step "$SCALE" pg_indicators_ytd nothing csv_has_rows bash -c ytd_indicators
    step "$SCALE" pg_findings nothing findings_ok \
        "$RS" --db "$PG" findings --region "$REGION" --period "$PERIOD" --format csv
    step "$SCALE" pg_import_month fresh_pg_month import_ok \
        "$RS" --db "$(pg_uri bench_month)" import "$WORK/$SCALE/month/payments.csv"
    pg_sql "DROP DATABASE IF EXISTS bench_month WITH (FORCE)"
    step "$SCALE" pg_report_monthly fresh_out report_ok \
        "$RS" --db "$PG" report monthly --region "$PREFECTURE" --period "$PERIOD" --out "$OUTDIR"
    step "$SCALE" pg_report_assessment fresh_out report_ok \
        "$RS" --db "$PG" report assessment --region "$REGION" --period "$PERIOD" --out "$OUTDIR"
    pg_sql "DROP DATABASE IF EXISTS bench_floor WITH (FORCE)"
    pg_sql "DROP DATABASE IF EXISTS bench_rs WITH (FORCE)"
}

# ------------------------------------------------------------ main

[ -x "$RS" ] || die "build/reliefstat is missing: run make first"
[ -x "$TIMECMD" ] || die "$TIMECMD is missing: scripts/setup.sh bench installs it"
"$PY" -c 'import pandas, xlsxwriter' 2>/dev/null ||
    die "python3-pandas / python3-xlsxwriter missing: scripts/setup.sh bench installs them"
command -v node >/dev/null || die "node is missing (Debian's nodejs)"
[ -d "$ROOT/bench/duckdb/node_modules/@duckdb/node-api" ] ||
    (cd "$ROOT/bench/duckdb" && npm ci --no-audit --no-fund --loglevel=error) ||
    die "could not install DuckDB's Node.js package (bench/duckdb: npm ci)"
export -f ytd_indicators
export RS REGION YTD_MONTHS

mkdir -p "$WORK" "$CACHE"
echo "bench: checking the baseline and the result table (scripts/bench_test.py)"
"$PY" scripts/bench_test.py 2>"$WORK/selftest.log" || {
    cat "$WORK/selftest.log" >&2
    die "the pandas baseline or the table code is wrong; fix it before timing"
}
rm -f "$WORK/selftest.log"

trap pg_stop EXIT
pg_start && echo "bench: PostgreSQL 15 under $PGD (scripts/pg-cluster.sh; BENCH_PG=0 leaves it out)"
echo "scale,step,run,wall_s,maxrss_kb,status,note" >"$RAW"
echo "bench: $RUNS runs per step, scales: $SCALES, seed $SEED"
record all load 0 "" "" info "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in $SCALES; do
    bench_scale "$s"
done
record all load 0 "" "" info "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
pg_stop
"$PY" scripts/bench_table.py --raw "$RAW" --out bench --runs "$RUNS" --root "$ROOT" || FAILED=$((FAILED + 1))
if command -v gnuplot >/dev/null && [ "$(grep -c "^[a-z]* [0-9]" bench/scaling.dat)" -ge 2 ]; then
    gnuplot bench/scaling.gp || echo "bench: gnuplot failed; bench/scaling.dat holds the curve" >&2
fi
if [ "$FAILED" -ne 0 ]; then
    echo "bench: $FAILED step(s) FAILED (see above and bench/results.txt)" >&2
    exit 1
fi
