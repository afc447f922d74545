#!/usr/bin/env bash
# The PostgreSQL store gives the SQLite store's answers (issue 18): a
# cluster of scripts/pg-cluster.sh (under a temporary directory, stopped
# whatever happens), `reliefstat --db postgresql://... init`, the county
# sample imported as scripts/demo.sh imports it (through the same import
# code: validation, batches, summaries), and the same files into an SQLite
# store.  Then for the county, its prefecture 652300000000 and the region
# 650000000000, period 2024-09: indicators, findings and the statistics
# queries (stat_*) as CSV byte for byte; the monthly and assessment packs
# of the county and the prefecture with the same workbook cells and
# dashboard PDF text (tests/pg/same_outputs.py; the manifest's run and
# store rows aside).  An import again changes nothing; a bad URI and a
# stopped server fail with a clear message and exit 3.  PostgreSQL's side:
# nothing for valgrind or the sanitizers (as pg_cluster.sh).
source "$(dirname "$0")/../lib.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}${RELIEFSTAT_SANITIZED:-}" ] ||
    skip "PostgreSQL's side only: nothing for valgrind or the sanitizers (make test runs it)"
PGBIN=/usr/lib/postgresql/15/bin
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/psql" ] ||
    fail "PostgreSQL 15 is not installed ($PGBIN; scripts/setup.sh test installs postgresql-15)"
CLUSTER="$ROOT/scripts/pg-cluster.sh"
PY=/usr/bin/python3

# The cluster lives outside $T (the servers' user must reach it).
PGD=$(mktemp -d "${TMPDIR:-/tmp}/rs-pgsame.XXXXXX")
cleanup() {
    "$CLUSTER" stop "$PGD" >/dev/null 2>&1
    rm -rf "$T" "$PGD"
}
trap cleanup EXIT
chmod 0755 "$PGD"
"$CLUSTER" start "$PGD" >"$T/cluster.log" 2>&1 || { cat "$T/cluster.log" >&2; fail "cluster start"; }
eval "$("$CLUSTER" env "$PGD")"
PG=$RS_PG_COORD
LITE=$T/lite.db

SAMPLE=$ROOT/samples/county
files=()
for t in divisions standards params households persons enrolments payments budgets \
         applications reviews referrals warnings crosscheck staff_relatives item_scope bank_returns; do
    [ -f "$SAMPLE/$t.csv" ] && files+=("$SAMPLE/$t.csv")
done

# timed NAME command...: run command (expect_status 0), print its time.
timed() {
    local name=$1 t0 t1
    shift
    t0=$(date +%s%N)
    expect_status 0 "$@"
    t1=$(date +%s%N)
    echo "pg_same_answers: $name took $(((t1 - t0) / 1000000)) ms"
}

cd "$T"
timed "init (PostgreSQL)" "$RS" --db "$PG" init
assert_contains "$T/out" "schema version 6"
assert_eq "$("$PGBIN/psql" -X -At "$PG" -c "SELECT version FROM schema_version")" 6 "schema_version row"
timed "import (PostgreSQL)" "$RS" --db "$PG" import "${files[@]}"
cp "$T/out" "$T/pg-import.txt"
timed "init (SQLite)" "$RS" --db "$LITE" init
timed "import (SQLite)" "$RS" --db "$LITE" import "${files[@]}"
# The same counts per file (inserted, replaced, unchanged, rejected).
diff "$T/out" "$T/pg-import.txt" >&2 || fail "the import summaries differ (< SQLite, > PostgreSQL)"
assert_contains "$T/pg-import.txt" "payments.csv: 38772 rows, 38772 inserted"
# The month partitions the import made, and the rows in them.
assert_eq "$("$PGBIN/psql" -X -At "$PG" -c "SELECT count(*) FROM pg_inherits
                                             WHERE inhparent = 'payments'::regclass")" \
    "$(sqlite3 "$LITE" "SELECT count(DISTINCT period) FROM payments")" "one partition per month"

# Same CSVs, byte for byte.
n=0
for unit in 652325000000 652300000000 650000000000; do
    for cmd in indicators findings; do
        for db in "$PG" "$LITE"; do
            expect_status 0 "$RS" --db "$db" "$cmd" --region "$unit" --period 2024-09 --format csv
            [ "$db" = "$PG" ] && mv "$T/out" "$T/pg.csv" || mv "$T/out" "$T/lite.csv"
        done
        [ "$(wc -l <"$T/lite.csv")" -gt 50 ] || fail "$cmd $unit: too few rows"
        cmp "$T/lite.csv" "$T/pg.csv" || { diff "$T/lite.csv" "$T/pg.csv" | head >&2; fail "$cmd $unit differs"; }
        n=$((n + 1))
    done
    for q in stat_money stat_enrolments stat_temp stat_bank; do
        for db in "$PG" "$LITE"; do
            expect_status 0 "$RS" --db "$db" query "$q" -p region="$unit" -p period=2024-09 --format csv
            [ "$db" = "$PG" ] && mv "$T/out" "$T/pg.csv" || mv "$T/out" "$T/lite.csv"
        done
        [ "$(wc -l <"$T/lite.csv")" -gt 1 ] || fail "$q $unit: no rows"
        cmp "$T/lite.csv" "$T/pg.csv" || { diff "$T/lite.csv" "$T/pg.csv" | head >&2; fail "$q $unit differs"; }
        n=$((n + 1))
    done
done
echo "pg_same_answers: $n CSVs identical"

# Same workbooks and dashboards.
for unit in 652325000000 652300000000; do
    for tpl in monthly assessment; do
        expect_status 0 "$RS" --db "$PG" report "$tpl" --region "$unit" --period 2024-09 --out "$T/pg/$tpl-$unit"
        expect_status 0 "$RS" --db "$LITE" report "$tpl" --region "$unit" --period 2024-09 --out "$T/lite/$tpl-$unit"
    done
done
"$PY" "$ROOT/tests/pg/same_outputs.py" "$T/lite" "$T/pg" >"$T/same" 2>&1 || { cat "$T/same" >&2; fail "reports differ"; }
cat "$T/same"

# An import again: every row unchanged, on both.
expect_status 0 "$RS" --db "$PG" import "$SAMPLE/payments.csv"
assert_contains "$T/out" "38772 rows, 0 inserted, 0 replaced, 38772 unchanged, 0 rejected"

# A bad URI and a stopped server: a clear message, exit 3.
expect_status 3 "$RS" --db "postgresql:///nosuchdb?host=$PGHOST&port=$PGPORT" indicators \
    --region 652325000000 --period 2024-09
assert_contains "$T/err" "cannot open database postgresql:///nosuchdb"
assert_contains "$T/err" 'database "nosuchdb" does not exist'
expect_status 3 "$RS" --db "postgresql://u:secret@/x?host=$PGHOST&port=1" init
assert_contains "$T/err" "cannot open database postgresql://u:***@"
assert_not_contains "$T/err" secret
"$CLUSTER" stop "$PGD" >/dev/null 2>&1
expect_status 3 "$RS" --db "$PG" findings --region 652325000000 --period 2024-09
assert_contains "$T/err" "cannot open database postgresql://"
echo "pg_same_answers: ok"
