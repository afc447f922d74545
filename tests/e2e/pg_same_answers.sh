#!/usr/bin/env bash
# Same answers on both stores (issue 18, scale.md "Same answers"): the
# county sample imported (in scripts/demo.sh's order) into an SQLite store
# and, through the PostgreSQL backend of the store (src/store/pg.c), into a
# PostgreSQL 15 database of a cluster this test starts and stops; then for
# the county, its prefecture and the region at 2024-09 the indicators,
# findings and outliers CSVs and the statistics' rows (the catalogue's stat_* queries,
# which the reports' statistics datasets run; sorted, as a query without
# ORDER BY has no order; e2e/pg_catalogue runs every catalogue query on
# both) are the same byte for byte, the monthly and assessment workbooks have the same
# cells and the dashboard PDFs the same text (tests/pg/same_outputs.py: the
# manifest's rows of the run and the import times aside).  Both imports
# report the same counts.  A URI naming a missing database, a server that
# is down and a malformed URI fail with a clear message and exit 3.
# Submission and approval (submit, approve, reopen, status) answer the
# same, and a submitted month refuses a changed ledger row on both.
source "$(dirname "$0")/../lib.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}${RELIEFSTAT_SANITIZED:-}" ] ||
    skip "a PostgreSQL server's run: the SQLite side is in the other cases"
PGBIN=/usr/lib/postgresql/15/bin
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/psql" ] ||
    fail "PostgreSQL 15 is not installed ($PGBIN; scripts/setup.sh test installs postgresql-15)"
PY=/usr/bin/python3
"$PY" -c "import openpyxl" 2>/dev/null || fail "python3-openpyxl is not installed"
command -v pdftotext >/dev/null || fail "pdftotext (poppler-utils) is not installed"
CLUSTER="$ROOT/scripts/pg-cluster.sh"
SAMPLE=$ROOT/samples/county
PERIOD=2024-09

# The cluster lives outside $T (mode 0700, root's in CI): the servers' user
# must reach it.  Stopped and removed whatever happens.
PGD=$(mktemp -d "${TMPDIR:-/tmp}/rs-pgsame.XXXXXX")
chmod 755 "$PGD"
cleanup() {
    local f pid
    "$CLUSTER" stop "$PGD" >/dev/null 2>&1
    for f in "$PGD"/*/data/postmaster.pid; do
        [ -f "$f" ] && pid=$(head -n 1 "$f") && kill -INT "$pid" 2>/dev/null &&
            while kill -0 "$pid" 2>/dev/null && [[ $(ps -o stat= -p "$pid") != Z* ]]; do sleep 0.1; done
    done
    rm -rf "$T" "$PGD"
}
trap cleanup EXIT

ms() { echo $(($(date +%s%N) / 1000000)); }

expect_status 0 "$CLUSTER" start "$PGD"
expect_status 0 "$CLUSTER" env "$PGD"
eval "$(cat "$T/out")"
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE same" postgres || fail "CREATE DATABASE"
sock=${PGHOST//\//%2F}
PG="postgresql:///same?host=$sock&port=$PGPORT&user=$PGUSER"
LITE=$T/lite.db

files=()
for t in divisions standards params households persons enrolments payments budgets \
         applications reviews referrals warnings crosscheck staff_relatives item_scope bank_returns; do
    [ -f "$SAMPLE/$t.csv" ] && files+=("$SAMPLE/$t.csv")
done
for db in "$LITE" "$PG"; do
    name=$([ "$db" = "$LITE" ] && echo sqlite || echo pg)
    expect_status 0 "$RS" --db "$db" init
    t0=$(ms)
    expect_status 0 "$RS" --db "$db" import "${files[@]}"
    echo "pg_same_answers: $name import of the county sample took $(($(ms) - t0)) ms"
    # the counts of every file (the seeds' paths aside)
    sed 's/ *$//' "$T/out" >"$T/import-$name.txt"
done
cmp "$T/import-sqlite.txt" "$T/import-pg.txt" || {
    diff "$T/import-sqlite.txt" "$T/import-pg.txt" >&2
    fail "the imports' counts differ"
}
assert_contains "$T/import-pg.txt" "payments.csv: 38772 rows, 38772 inserted"

# run NAME ARGS...: run reliefstat on both stores, outputs in $T/NAME.{sqlite,pg}.
run() {
    local name=$1 db
    shift
    for db in sqlite pg; do
        expect_status 0 "$RS" --db "$([ $db = sqlite ] && echo "$LITE" || echo "$PG")" "$@"
        mv "$T/out" "$T/$name.$db"
    done
}
same() { cmp -s "$T/$1.sqlite" "$T/$1.pg" || { diff "$T/$1.sqlite" "$T/$1.pg" | head >&2; fail "$1 differs"; }; }

compared=0
for unit in 652325000000 652300000000 650000000000; do
    for cmd in indicators findings outliers; do
        run "$cmd-$unit" "$cmd" --region "$unit" --period "$PERIOD" --format csv
        [ "$(wc -l <"$T/$cmd-$unit.sqlite")" -gt 20 ] || fail "$cmd $unit: too few rows"
        same "$cmd-$unit"
        compared=$((compared + 1))
    done
    for f in "$ROOT"/queries/stat_*.sql; do
        q=$(basename "$f" .sql)
        args=(-p "region=$unit" -p "period=$PERIOD")
        for db in sqlite pg; do
            "$RS" --db "$([ $db = sqlite ] && echo "$LITE" || echo "$PG")" query "$q" "${args[@]}" \
                --format csv >"$T/q" 2>"$T/err" || { cat "$T/err" >&2; fail "query $q ($db)"; }
            sort "$T/q" >"$T/q-$q-$unit.$db"
        done
        same "q-$q-$unit"
        compared=$((compared + 1))
    done
done
[ -s "$T/q-stat_money-652300000000.pg" ] || fail "no statistics compared"
echo "pg_same_answers: $compared CSVs the same on both stores"

for unit in 652325000000 652300000000; do
    for tpl in monthly assessment dashboard; do
        for db in sqlite pg; do
            expect_status 0 "$RS" --db "$([ $db = sqlite ] && echo "$LITE" || echo "$PG")" report "$tpl" \
                --region "$unit" --period "$PERIOD" --out "$T/$tpl-$unit-$db"
        done
        "$PY" "$ROOT/tests/pg/same_outputs.py" "$T/$tpl-$unit-sqlite" "$T/$tpl-$unit-pg" >"$T/cmp" ||
            { cat "$T/cmp" >&2; fail "report $tpl $unit: the stores' outputs differ"; }
        sed 's/^/pg_same_answers: /' "$T/cmp"
    done
done

# 逐级报送审核 on both: the same transitions and states; a submitted
# county's month refuses a changed ledger row on both stores.
for step in "submit --region 652325000000" "submit --region 652327000000" \
            "approve --region 652325000000" "status --region 652300000000" \
            "reopen --region 652325000000 --reason e2e" "status --region 652325000000" \
            "submit --region 652325000000"; do
    # shellcheck disable=SC2086 # the step is words
    run approval $step --period "$PERIOD"
    sed -i 's/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]/DATE/g' "$T/approval.sqlite" "$T/approval.pg"
    same approval
done
# a ledger row of the county in 2024-09 with its amount paid one yuan less
awk -F, -v OFS=, 'NR == 1 { print; next } $6 == "2024-09" && $4 ~ /^652325/ { $8 = sprintf("%.2f", $8 - 1); print; exit }' \
    "$SAMPLE/payments.csv" >"$T/changed2.csv"
[ "$(wc -l <"$T/changed2.csv")" -eq 2 ] || fail "no ledger row of 652325 in 2024-09 found"
for db in "$LITE" "$PG"; do
    rm -f "$T/rejects.csv"
    "$RS" --db "$db" import "$T/changed2.csv" --table payments --rejects "$T/rejects.csv" \
        >"$T/out" 2>"$T/err"
    [ $? -ne 0 ] || fail "a changed row of a submitted month was imported into $db"
    assert_contains "$T/err" "is submitted"
    assert_contains "$T/rejects.csv" "is submitted"
done

# The comparison itself catches a difference: a planted change of one
# ledger row shows in the findings and in the workbook.
"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d same \
    -c "UPDATE payments SET amount_paid_fen = amount_paid_fen + 100 WHERE payment_id = (SELECT min(payment_id) FROM payments WHERE period = 202409)" ||
    fail "planting a change"
expect_status 0 "$RS" --db "$PG" report monthly --region 652325000000 --period "$PERIOD" --out "$T/planted"
! "$PY" "$ROOT/tests/pg/same_outputs.py" "$T/monthly-652325000000-sqlite" "$T/planted" >"$T/cmp" ||
    fail "a planted change of a ledger row did not show in the monthly workbook"

# Bad URIs and a server that is down: exit 3, a message naming the cause.
expect_status 3 "$RS" --db "postgresql:///nosuchdb?host=$sock&port=$PGPORT&user=$PGUSER" indicators \
    --region 652325000000 --period "$PERIOD"
assert_contains "$T/err" 'database "nosuchdb" does not exist'
expect_status 3 "$RS" --db "postgresql://[broken" init
assert_contains "$T/err" "cannot open database postgresql://[broken"
expect_status 0 "$CLUSTER" stop "$PGD"
expect_status 3 "$RS" --db "$PG" findings --region 652325000000 --period "$PERIOD"
assert_contains "$T/err" "cannot open database"
assert_contains "$T/err" "Is the server running"
echo "pg_same_answers: ok"
