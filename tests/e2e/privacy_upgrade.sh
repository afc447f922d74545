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

S="$ROOT/samples/county"
U=652325 P=2024-09
expect_status 0 "$RS" init
expect_status 0 "$RS" import "$S"
months=$(sql 'SELECT group_concat(period) FROM summary_months')
sql "SELECT id_number, name FROM payment_findings WHERE code = 'F_UNDECLARED_RELATIVE'" >"$T/relatives"
[ -s "$T/relatives" ] || fail "the sample has no F_UNDECLARED_RELATIVE finding to look at"
staff=$(cut -d'|' -f2 "$T/relatives" | head -n1)
cut -d'|' -f1 "$T/relatives" >"$T/relative-ids"
cut -d'|' -f2 "$T/relatives" | sort -u >"$T/staff"
expect_status 0 "$RS" --unmasked findings --region $U --period $P --format csv
cp "$T/out" "$T/want-unmasked.csv"
expect_status 0 "$RS" findings --region $U --period $P --format csv
cp "$T/out" "$T/want-masked.csv"
grep -qF "$staff" "$T/want-unmasked.csv" || fail "--unmasked findings lack the staff name $staff"

# old_store ID NAME: turn the test store into a version 3 one whose stored
# findings carry ID and NAME (SQL expressions over id_number and name) as
# the version 3 import did.
old_store() {
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
    assert_eq "$(sql 'PRAGMA user_version')" 4 "schema version after init"
    assert_eq "$(sql 'SELECT group_concat(period) FROM summary_months')" "$months" "months summarised again"
    assert_eq "$(sql "SELECT COUNT(*) FROM payment_findings WHERE id_number LIKE '%*%' OR name LIKE '%*%'")" 0 \
        "masked values left in the store"
    assert_eq "$(sql "SELECT COUNT(*) FROM payment_findings WHERE detail NOT LIKE '%{name_masked}%'
                      AND code = 'F_UNDECLARED_RELATIVE'")" 0 "a staff name inside a stored detail"
    expect_status 0 "$RS" findings --region $U --period $P --format csv
    cmp -s "$T/out" "$T/want-masked.csv" || { diff "$T/want-masked.csv" "$T/out" | head >&2; fail "findings after the upgrade differ"; }
    ! grep -qFf "$T/relative-ids" "$T/out" || fail "a full ID in default findings after the upgrade"
    ! grep -qFf "$T/staff" "$T/out" || fail "a full staff name in default findings after the upgrade"
    expect_status 0 "$RS" --unmasked findings --region $U --period $P --format csv
    cmp -s "$T/out" "$T/want-unmasked.csv" ||
        { diff "$T/want-unmasked.csv" "$T/out" | head >&2; fail "--unmasked findings after the upgrade differ"; }
    ! grep -q '\*\*\*\*' "$T/out" || fail "a masked value in --unmasked findings after the upgrade"
}

# An old --unmasked import: full values stored.
old_store id_number name
check_upgraded
# An old default import: masked values stored (masking of version 3).
old_store "substr(id_number, 1, 6) || '********' || substr(id_number, 15)" "substr(name, 1, 1) || '*'"
check_upgraded
echo "ok"
