#!/usr/bin/env bash
# The generated county and prefecture samples import cleanly: exit 0, no
# rejected row, and every table holds the row count sample.txt announces
# (divisions and item_scope on top of what init seeds).
source "$(dirname "$0")/../lib.sh"
large_input "generated county and prefecture samples"

tables="divisions standards params households persons enrolments payments budgets applications
reviews referrals warnings crosscheck staff_relatives item_scope"
for scale in county prefecture; do
    export RELIEFSTAT_DB="$T/$scale.db"
    expect_status 0 "$RS" init
    seeded_divisions=$(sql "SELECT count(*) FROM divisions")
    seeded_item_scope=$(sql "SELECT count(*) FROM item_scope")
    expect_status 0 "$RS" sample --out "$T/$scale" --scale "$scale" --seed 1
    files=()
    for t in $tables; do files+=("$T/$scale/$t.csv"); done
    expect_status 0 "$RS" import "${files[@]}"
    for t in $tables; do
        want=$(sed -n "s/^rows\.$t=//p" "$T/$scale/sample.txt")
        case $t in divisions | item_scope) want=$((want + seeded_$t)) ;; esac
        assert_eq "$(sql "SELECT count(*) FROM $t")" "$want" "$scale: rows of $t"
    done
    assert_eq "$(sql "SELECT sum(rows_rejected) FROM import_batches")" "0" "$scale: rejected rows"
done
echo "ok"
