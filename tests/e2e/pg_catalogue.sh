#!/usr/bin/env bash
# One catalogue for both stores (issue 18, scale.md "Same catalogue"): every
# reading statement of queries/ runs unchanged on PostgreSQL 15 and prints
# the same rows as on SQLite, on the bundled county sample.  The sample is
# imported into an SQLite store by reliefstat; its tables (summaries too)
# are copied as they are into a PostgreSQL database of
# queries/pg/schema/v5.sql + v6.sql + v7.sql with the month partitions they need;
# tests/pg/catalogue.py then runs each statement on both (reliefstat query
# and psql) for the county, its prefecture and the region in two months.
# A planted change on the PostgreSQL side (one ledger row's amount) must
# show as a difference, so the comparison can fail.  Until the C store of
# PostgreSQL exists this is the proof at the level of the SQL; the
# same-answers suite of the commands and packs comes with it.
source "$(dirname "$0")/../lib.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}${RELIEFSTAT_SANITIZED:-}" ] ||
    skip "PostgreSQL's side of the catalogue (make test runs it)"
PGBIN=/usr/lib/postgresql/15/bin
[ -x "$PGBIN/psql" ] || fail "PostgreSQL 15 is not installed ($PGBIN; scripts/setup.sh test installs postgresql-15)"
CLUSTER="$ROOT/scripts/pg-cluster.sh"
PGD=$(mktemp -d "${TMPDIR:-/tmp}/rs-pgcat.XXXXXX")
cleanup() {
    "$CLUSTER" stop "$PGD" >/dev/null 2>&1
    rm -rf "$T" "$PGD"
}
trap cleanup EXIT

S=$ROOT/samples/county
expect_status 0 "$RS" init
files=()
for t in divisions standards params households persons enrolments payments budgets applications \
         reviews referrals warnings crosscheck staff_relatives item_scope bank_returns; do
    files+=("$S/$t.csv")
done
expect_status 0 "$RS" import "${files[@]}"

chmod 755 "$PGD"
expect_status 0 "$CLUSTER" start "$PGD"
eval "$("$CLUSTER" env "$PGD")"
URI=$RS_PG_COORD
psql() { "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$URI" "$@"; }
psql -f "$ROOT/queries/pg/schema/v5.sql" -f "$ROOT/queries/pg/schema/v6.sql" -f "$ROOT/queries/pg/schema/v7.sql" \
    -f "$ROOT/queries/pg/functions.sql" >/dev/null || fail "schema on PostgreSQL"

# Every month some month-keyed table holds gets its partitions; then each
# table's rows, in the SQLite column order (the same as PostgreSQL's:
# pg_cluster), as CSV (an SQL NULL unquoted and empty, an empty text "").
months=$(sql "SELECT period FROM payments UNION SELECT period FROM bank_returns
              UNION SELECT period FROM payment_summary UNION SELECT period FROM indicator_summary
              UNION SELECT period FROM payment_findings")
[ "$(echo "$months" | wc -l)" -ge 12 ] || fail "expected a year of months, got: $months"
for m in $months; do psql -c "SELECT count(*) FROM rs_month_partitions($m)" >/dev/null || fail "month $m"; done
copied=0
for t in $(sql "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"); do
    cols=$(sql "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
    sqlite3 -batch -csv "$RELIEFSTAT_DB" "SELECT * FROM $t" |
        psql -c "\\copy $t($cols) FROM STDIN CSV" || fail "copying $t"
    assert_eq "$(psql -c "SELECT count(*) FROM $t")" "$(sql "SELECT count(*) FROM $t")" "rows of $t"
    copied=$((copied + 1))
done
[ "$copied" -ge 20 ] || fail "copied only $copied tables"
# Statistics for the planner, as after any bulk load (without them the
# region's statements take some 4 times as long).
psql -c "ANALYZE" || fail "ANALYZE"

# compare UNIT PERIOD: every statement the same on both stores.
compare() {
    mkdir -p "$T/cmp"
    /usr/bin/python3 "$ROOT/tests/pg/catalogue.py" "$RS" "$RELIEFSTAT_DB" "$URI" "$ROOT/queries" \
        "$T/cmp" "$1" "$2" >"$T/cmp.out" 2>&1
}
for run in "652325 2024-09" "6523 2024-09" "65 2024-09" "652325 2024-03"; do
    compare $run || { cat "$T/cmp.out" >&2; fail "$run: the stores differ"; }
    n=$(grep -c '^same ' "$T/cmp.out")
    [ "$n" -eq "$(ls "$ROOT"/queries/*.sql | wc -l)" ] ||
        { cat "$T/cmp.out" >&2; fail "$run: $n statements compared, not all"; }
    # The sample's planted findings of its month: rows, not only headers.
    [ "$run" != "652325 2024-09" ] || ! grep -E '^same +(find_payments|find_households|find_bank) \(0 rows\)' \
        "$T/cmp.out" || fail "$run: a findings statement found nothing"
done

# A planted difference: one paid ledger row of 2024-09 in the county one
# fen more on PostgreSQL.  The statements reading it must differ.
pid=$(sql "SELECT payment_id FROM payments WHERE period = 202409 AND amount_paid_fen > 0
           AND region_code BETWEEN 652325000000 AND 652325999999 ORDER BY payment_id LIMIT 1")
psql -c "UPDATE payments SET amount_paid_fen = amount_paid_fen + 1 WHERE payment_id = '$pid'" ||
    fail "planting"
! compare 652325 2024-09 || fail "a changed ledger row went unnoticed"
assert_contains "$T/cmp.out" "DIFFERS  unit_payments"
