# Shared helpers for the end-to-end tests (tests/e2e/*.sh), sourced by each.
# Every test runs the real binary on real files in its own temporary
# directory, and fails (exit 1) at the first broken expectation.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RS="${RELIEFSTAT_BIN:-$ROOT/build/reliefstat}"
T=$(mktemp -d "${TMPDIR:-/tmp}/rs-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export RELIEFSTAT_HOME="$ROOT"
export RELIEFSTAT_DB="$T/test.db"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 0; }

# large_input WHAT: skip under valgrind, which runs the end-to-end tests on
# small inputs only (the tests whose input is a whole sample run natively and
# under the sanitizers; the small cases take valgrind through the same code).
large_input() { [ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "large input under valgrind: $*"; }

# expect_status N command...: run command, fail unless it exits with N.
# Its stdout and stderr are kept in $T/out and $T/err.
expect_status() {
    local want=$1; shift
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    [ "$got" -eq "$want" ] || { cat "$T/err" >&2; fail "'$*' exited $got, expected $want"; }
}

# assert_eq ACTUAL EXPECTED MESSAGE
assert_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }

# assert_contains FILE TEXT: FILE contains the fixed string TEXT.
assert_contains() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks '$2'"; }; }

# assert_not_contains FILE TEXT
assert_not_contains() { ! grep -qF -- "$2" "$1" || fail "$1 contains '$2'"; }

# sql QUERY: run QUERY on the test database with the sqlite3 shell.
sql() { sqlite3 -batch -noheader "$RELIEFSTAT_DB" "$1"; }

# db_digest: a digest of every table's content, to prove a database unchanged.
db_digest() {
    local t
    for t in $(sqlite3 "$RELIEFSTAT_DB" "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"); do
        echo "== $t"; sqlite3 "$RELIEFSTAT_DB" "SELECT * FROM \"$t\" ORDER BY 1,2,3" 2>/dev/null
    done | sha256sum | cut -d' ' -f1
}

# store_as_v6: turn the test store back into a schema version 6 one, as
# far as version 7 (queries/schema/v7.sql) changed it: no approval_state,
# no approval_log (with its triggers and index).
store_as_v6() {
    sql "DROP TABLE approval_log;
         DROP TABLE approval_state;
         PRAGMA user_version = 6;" || fail "cannot make a version 6 store"
}

# store_as_v5: turn the test store back into a schema version 5 one, as
# far as version 6 (queries/schema/v6.sql) changed it: no bank_returns, no
# payments.account_no, indicator_summary without its family column and
# payment_findings without the family and account columns (the summaries'
# rows are dropped: the upgrade rebuilds them).
store_as_v5() {
    store_as_v6
    sql "DROP VIEW bank_ledger;
         DROP TABLE bank_returns;
         DROP INDEX enrolments_centralized;
         ALTER TABLE payments DROP COLUMN account_no;
         DROP TABLE indicator_summary;
         CREATE TABLE indicator_summary (period INTEGER NOT NULL, region_code INTEGER NOT NULL,
             indicator TEXT NOT NULL, numerator INTEGER NOT NULL, denominator INTEGER NOT NULL,
             PRIMARY KEY (period, region_code, indicator));
         ALTER TABLE payment_findings DROP COLUMN family;
         ALTER TABLE payment_findings DROP COLUMN account_no;
         ALTER TABLE payment_findings DROP COLUMN account_name;
         PRAGMA user_version = 5;" || fail "cannot make a version 5 store"
}

# store_as_v4: turn the test store back into a schema version 4 one, as
# that version left it: without what queries/schema/v5.sql adds (the
# columns, item_scope, the indexes; payments_payee without region_code),
# its summaries kept.  Tests of the upgrades start from it.
store_as_v4() {
    store_as_v5
    sql "DROP TABLE item_scope;
         ALTER TABLE persons DROP COLUMN disability_type;
         ALTER TABLE applications DROP COLUMN assisted_at;
         DROP INDEX payments_history;
         DROP INDEX enrolments_dibao_ended;
         DROP INDEX applications_rejected;
         DROP INDEX payments_payee;
         CREATE INDEX payments_payee
             ON payments(period, id_number, item, amount_paid_fen, payment_id, household_id);
         PRAGMA user_version = 4;" || fail "cannot make a version 4 store"
}
