#!/usr/bin/env bash
# The upgrades to schema versions 5, 6 and 7.  To 5 (queries/schema/v5.sql): a version 4
# store, made from a fresh one, is refused by reports until `init`, which
# adds the new columns, item_scope with its shipped defaults and the new
# indexes, and rebuilds the summaries with the new rules; the upgraded
# store then answers exactly as a fresh store of the same files does.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/data/import/helpers.sh"

S="$ROOT/tests/cases/item_scope"
U=652325 P=2024-09
files=()
for f in "$S"/*.csv; do
    case $(basename "$f") in expected_* | item_scope.csv) ;; *) files+=("$f") ;; esac
done
expect_status 0 "$RS" init
expect_status 0 "$RS" import "${files[@]}"
expect_status 0 "$RS" findings --region $U --period $P --format csv
cp "$T/out" "$T/want-findings.csv"
expect_status 0 "$RS" indicators --region $U --period $P --format csv
cp "$T/out" "$T/want-indicators.csv"
assert_contains "$T/want-findings.csv" "F_ITEM_SCOPE"

# As version 4 left the store: its stored findings without the new rules'.
store_as_v4
sql "DELETE FROM payment_findings WHERE code = 'F_ITEM_SCOPE'"
expect_status 1 "$RS" findings --region $U --period $P
assert_contains "$T/err" "run \`reliefstat init\` first"

expect_status 0 "$RS" init
assert_eq "$(sql 'PRAGMA user_version')" 7 "schema version after init"
assert_eq "$(sql 'SELECT count(*) FROM item_scope')" "$(data_lines "$ROOT/seeds/item_scope.csv")" \
    "item_scope's defaults loaded"
assert_eq "$(sql 'SELECT count(*) FROM persons WHERE disability_type IS NULL')" \
    "$(sql 'SELECT count(*) FROM persons')" "disability_type added, empty"
assert_eq "$(sql "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index'
                  AND name IN ('payments_history', 'enrolments_dibao_ended', 'applications_rejected')
                  ORDER BY name)")" "applications_rejected,enrolments_dibao_ended,payments_history" \
    "the new indexes"
assert_eq "$(sql "SELECT count(*) FROM payment_findings WHERE code = 'F_ITEM_SCOPE'")" \
    "$(grep -c '^F_ITEM_SCOPE,' "$T/want-findings.csv")" "F_ITEM_SCOPE stored by the rebuild"
assert_eq "$(sql 'SELECT group_concat(period) FROM summary_months')" 202409 "the month summarised again"
expect_status 0 "$RS" findings --region $U --period $P --format csv
cmp -s "$T/out" "$T/want-findings.csv" ||
    { diff "$T/want-findings.csv" "$T/out" | head >&2; fail "findings after the upgrade differ"; }
expect_status 0 "$RS" indicators --region $U --period $P --format csv
cmp -s "$T/out" "$T/want-indicators.csv" ||
    { diff "$T/want-indicators.csv" "$T/out" | head >&2; fail "indicators after the upgrade differ"; }
# The new column imports into the upgraded store.
printf 'id_number,name,household_id,relation,disability_grade,disability_type\n%s\n' \
    "$(sed -n '2s/^\([^,]*\),\([^,]*\),\([^,]*\),\([^,]*\),.*/\1,\2,\3,\4,3,精神/p' "$S/persons.csv")" >"$T/persons.csv"
expect_status 0 "$RS" import "$T/persons.csv"
assert_eq "$(sql "SELECT disability_type FROM persons WHERE disability_grade = 3")" mental "精神 imported"

# The upgrade to version 6 (queries/schema/v6.sql): a version 5 store of
# the bank case's roster and ledger takes, after `init`, the bank's return
# file and answers as a fresh store of all the files does.
B="$ROOT/tests/cases/bank_returns"
rm -f "$RELIEFSTAT_DB" "$RELIEFSTAT_DB-wal" "$RELIEFSTAT_DB-shm"
expect_status 0 "$RS" init
expect_status 0 "$RS" import "$B"/households.csv "$B"/persons.csv "$B"/payments.csv "$B"/bank_returns.csv
expect_status 0 "$RS" findings --region 6523 --period $P --format csv
cp "$T/out" "$T/want-bank.csv"
assert_contains "$T/want-bank.csv" "F_BANK_FAILED"
rm -f "$RELIEFSTAT_DB" "$RELIEFSTAT_DB-wal" "$RELIEFSTAT_DB-shm"
expect_status 0 "$RS" init
expect_status 0 "$RS" import "$B"/households.csv "$B"/persons.csv "$B"/payments.csv
store_as_v5
expect_status 1 "$RS" findings --region 6523 --period $P
assert_contains "$T/err" "run \`reliefstat init\` first"
expect_status 0 "$RS" init
assert_eq "$(sql 'PRAGMA user_version')" 7 "schema version 7 after init"
assert_eq "$(sql 'SELECT count(*) FROM payments WHERE account_no IS NULL')" \
    "$(sql 'SELECT count(*) FROM payments')" "payments.account_no added, empty"
expect_status 0 "$RS" import "$B"/bank_returns.csv
expect_status 0 "$RS" findings --region 6523 --period $P --format csv
cmp -s "$T/out" "$T/want-bank.csv" ||
    { diff "$T/want-bank.csv" "$T/out" | head >&2; fail "bank findings after the upgrade differ"; }

# The upgrade to version 7 (queries/schema/v7.sql): a version 6 store of
# the bank case is refused until `init`, which adds the approval tables
# (every month open, the log empty and append-only) and keeps the data
# and its answers as they were.
# data_digest: every table but import_batches (init records its seed files there).
data_digest() {
    local t
    for t in $(sql "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'import_batches' ORDER BY name"); do
        echo "== $t"; sql "SELECT * FROM \"$t\" ORDER BY 1" | sort
    done | sha256sum
}
data_digest >"$T/digest-before"
store_as_v6
expect_status 1 "$RS" findings --region 6523 --period $P
assert_contains "$T/err" "run \`reliefstat init\` first"
expect_status 0 "$RS" init
data_digest >"$T/digest-after"
cmp -s "$T/digest-before" "$T/digest-after" || fail "the upgrade to 7 changed the store's rows"
assert_eq "$(sql 'PRAGMA user_version')" 7 "schema version 7 after init"
assert_eq "$(sql 'SELECT count(*) FROM approval_state') $(sql 'SELECT count(*) FROM approval_log')" "0 0" \
    "the approval tables added, empty"
expect_status 0 "$RS" findings --region 6523 --period $P --format csv
cmp -s "$T/out" "$T/want-bank.csv" ||
    { diff "$T/want-bank.csv" "$T/out" | head >&2; fail "bank findings after the upgrade to 7 differ"; }
sql "INSERT INTO approval_log(region_code, period, action, from_state, to_state, by_name, at)
     VALUES (652325000000, 202409, 'submit', 'open', 'submitted', '测试员', 0)"
assert_eq "$(sql 'SELECT action || "," || from_state || "," || to_state || "," || by_name FROM approval_log')" \
    "submit,open,submitted,测试员" "a transition recorded in the upgraded store"
sqlite3 "$RELIEFSTAT_DB" "DELETE FROM approval_log" 2>"$T/err" && fail "the log's row was deleted"
assert_contains "$T/err" "append-only"
sqlite3 "$RELIEFSTAT_DB" "UPDATE approval_log SET by_name = 'x'" 2>"$T/err" && fail "the log's row was changed"
assert_contains "$T/err" "append-only"
assert_eq "$(sql 'SELECT count(*) FROM approval_log')" 1 "the log kept"
echo "ok"
