#!/usr/bin/env bash
# The schema upgrade to version 4 (queries/schema/v4.sql) repairs a store
# that an older version filled: its payment_findings held the ID numbers,
# and the staff names inside F_UNDECLARED_RELATIVE's detail, masked or in
# full as the import that stored them was run.  Both kinds of old store
# are made here from a fresh one (the version 3 table, its rows rewritten
# as the old import left them, user_version 3); reports refuse the old
# schema, and after `init` the store holds full values, every month is
# summarised again, a default `findings` shows no full ID or name, and an
# `--unmasked` one shows every ID and the name in full.
source "$(dirname "$0")/../lib.sh"

# The small case of an undeclared relative: two payees outside the roster,
# one of them a staff member's relative (tests/cases/relatives).
S="$ROOT/tests/cases/relatives"
U=652325 P=2024-09
expect_status 0 "$RS" init
expect_status 0 "$RS" import "$S/payments.csv" "$S/staff_relatives.csv"
months=$(sql 'SELECT group_concat(period) FROM summary_months')
assert_eq "$months" 202409 "months summarised"
grep -oE '[0-9]{17}[0-9X]' "$S/payments.csv" | sort -u >"$T/ids"
staff=$(sql "SELECT name FROM payment_findings WHERE code = 'F_UNDECLARED_RELATIVE'")
assert_eq "$staff" 王干部 "the staff member of the stored F_UNDECLARED_RELATIVE"
sql 'SELECT staff_name FROM staff_relatives' >"$T/staff"
expect_status 0 "$RS" --unmasked findings --region $U --period $P --format csv
cp "$T/out" "$T/want-unmasked.csv"
expect_status 0 "$RS" findings --region $U --period $P --format csv
cp "$T/out" "$T/want-masked.csv"
assert_contains "$T/want-unmasked.csv" "领款人是工作人员 王干部 的近亲属，未备案"
assert_contains "$T/want-masked.csv" "领款人是工作人员 王* 的近亲属，未备案"

# old_store ID NAME: turn the test store into a version 3 one whose stored
# findings carry ID and NAME (SQL expressions over id_number and name) as
# the version 3 import did.
old_store() {
    store_as_v4
    sql "CREATE TABLE old AS SELECT period, region_code, code, payment_id, household_id,
             application_id, $1 AS id_number_masked, amount_fen,
             replace(detail, '{name_masked}', COALESCE($2, '')) AS detail, finding_rate_fen
         FROM payment_findings;
         DROP TABLE payment_findings;
         ALTER TABLE old RENAME TO payment_findings;
         CREATE INDEX payment_findings_month ON payment_findings(period, region_code);
         PRAGMA user_version = 3;" || fail "cannot make a version 3 store"
}

# check_upgraded: reports refuse the old store; init upgrades it, rebuilds
# the stored findings with full values, and findings show as the run says.
check_upgraded() {
    expect_status 1 "$RS" findings --region $U --period $P
    assert_contains "$T/err" "run \`reliefstat init\` first"
    expect_status 0 "$RS" init
    assert_eq "$(sql 'PRAGMA user_version')" 7 "schema version after init"
    assert_eq "$(sql 'SELECT group_concat(period) FROM summary_months')" "$months" "months summarised again"
    assert_eq "$(sql "SELECT COUNT(*) FROM payment_findings WHERE id_number LIKE '%*%' OR name LIKE '%*%'")" 0 \
        "masked values left in the store"
    assert_eq "$(sql "SELECT COUNT(*) FROM payment_findings WHERE detail NOT LIKE '%{name_masked}%'
                      AND code = 'F_UNDECLARED_RELATIVE'")" 0 "a staff name inside a stored detail"
    expect_status 0 "$RS" findings --region $U --period $P --format csv
    cmp -s "$T/out" "$T/want-masked.csv" || { diff "$T/want-masked.csv" "$T/out" | head >&2; fail "findings after the upgrade differ"; }
    ! grep -qFf "$T/ids" "$T/out" || fail "a full ID in default findings after the upgrade"
    ! grep -qFf "$T/staff" "$T/out" || fail "a full staff name in default findings after the upgrade"
    expect_status 0 "$RS" --unmasked findings --region $U --period $P --format csv
    cmp -s "$T/out" "$T/want-unmasked.csv" ||
        { diff "$T/want-unmasked.csv" "$T/out" | head >&2; fail "--unmasked findings after the upgrade differ"; }
    ! grep -q '\*' "$T/out" || fail "a masked value in --unmasked findings after the upgrade"
    assert_eq "$(grep -cFf "$T/ids" "$T/out")" "$(($(wc -l <"$T/out") - 1))" "findings with a full ID"
}

# An old --unmasked import: full values stored.
old_store id_number name
check_upgraded
# An old default import: masked values stored (masking of version 3).
old_store "substr(id_number, 1, 6) || '********' || substr(id_number, 15)" "substr(name, 1, 1) || '*'"
check_upgraded
echo "ok"
