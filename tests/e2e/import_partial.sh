#!/usr/bin/env bash
# Several errors in one file are all reported; by default nothing is
# imported; with --partial the valid rows are committed and every rejected
# row is in the rejects CSV (UTF-8 with BOM) with its reason and cells.
# Rows of another width than the header's are rejected the same way.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/data/import/helpers.sh"
cd "$T"
fresh_db test
expect_status 0 "$RS" import "$D/good/households.csv" "$D/good/persons.csv"
before=$(db_digest)
cat >payments.csv <<'CSV'
payment_id,household_id,id_number,region_code,item,period,amount_due,amount_paid,paid_on
P101,H001,652325198503120016,652325100201,dibao,2024-09,610,610,2024-09-10
P102,H001,652325198503120016,652325100201,dibao,2024-13,610,1.999,2024-09-10

P103,H002,652301197611034523,652325100201,tekun,2024-09,900,900,2024-02-30
P104,H002,6523011976110345,652325,bonus,2024-09,900,900,
P105,H002,652301197611034523,652325100201,tekun,2024-08,900,900,2024-08-10
CSV

expect_status 2 "$RS" import payments.csv
for want in "payments.csv:3:6: column period, value '2024-13'" \
    "payments.csv:3:8: column amount_paid, value '1.999': more than 2 decimals" \
    "payments.csv:5:9: column paid_on, value '2024-02-30'" \
    "payments.csv:6:3: column id_number, value '652301******0345'" \
    "payments.csv:6:4: column region_code, value '652325': a payment needs a village or township code" \
    "payments.csv:6:5: column item, value 'bonus'" \
    "6 errors in 3 rows; nothing imported" \
    "rejected rows written to $T/rejects.csv"; do
    assert_contains "$T/err" "$want"
done
assert_eq "$(db_digest)" "$before" "nothing imported"
assert_eq "$(grep -c '^"payments.csv"' rejects.csv)" 6 "one rejects line per error"

rm rejects.csv
expect_status 0 "$RS" import --partial --rejects "$T/bad rows.csv" payments.csv
assert_contains "$T/out" "payments.csv: 5 rows, 2 inserted, 0 replaced, 0 unchanged, 3 rejected"
assert_contains "$T/err" "3 rows rejected"
[ -e rejects.csv ] && fail "--rejects ignored"
assert_eq "$(sql "SELECT group_concat(payment_id) FROM payments")" "P101,P105" "valid rows committed"
assert_eq "$(sql "SELECT rows_rejected FROM import_batches WHERE table_name = 'payments'")" 3 "batch"
assert_eq "$(head -c 3 "$T/bad rows.csv" | od -An -tx1 | tr -d ' ')" efbbbf "rejects BOM"
assert_eq "$(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
assert rows[0] == ["file", "line", "column", "reason"], rows[0]
print(sorted({(r[1], r[9]) for r in rows[1:]}), len(rows) - 1)' "$T/bad rows.csv")" \
    "[('3', '2024-13'), ('5', '2024-09'), ('6', '2024-09')] 6" "rejected rows with their cells"

# Line numbers are physical lines, after quoted fields holding line breaks
# and blank lines, with CRLF or LF.
for eol in '\n' '\r\n'; do
    printf "referral_id,household_id,to_dept,need,pushed_on${eol}R1,H001,education,\"多行${eol}需求${eol}说明\",2024-07-01${eol}${eol}R2,H001,health,\"a, \"\"b\"\"\",2024-07-32${eol}" >referrals.csv
    expect_status 2 "$RS" import referrals.csv
    assert_contains "$T/err" "referrals.csv:6:5: column pushed_on, value '2024-07-32'"
done

# Rows of another width than the header's (the last, optional cell left
# out, a trailing comma, an extra cell) are errors naming their line, never
# padded or cut; with --partial they are in the rejects with that reason;
# blank lines are skipped, not rejected.
fresh_db ragged
expect_status 0 "$RS" import "$D/good/households.csv" "$D/good/persons.csv"
before=$(db_digest)
cat >ragged.csv <<'CSV'
payment_id,household_id,id_number,region_code,item,period,amount_due,amount_paid,paid_on,fund_source,bank_ref
R1,H001,652325198503120016,652325100201,dibao,2024-09,610,610,2024-09-10,central,B1
R2,H001,652325198503120016,652325100201,dibao,2024-08,610,610,2024-08-10,central

R3,H001,652325198503120016,652325100201,dibao,2024-07,610,610,2024-07-10,central,B3,
R4,H001,652325198503120016,652325100201,dibao,2024-06,610,610,2024-06-10,central,B4,X
R5,H001,652325198503120016,652325100201,dibao,2024-05,610,610,2024-05-10,central,B5
CSV
expect_status 2 "$RS" import --table payments ragged.csv
for want in "ragged.csv:3: 10 fields where the header has 11: the row is short" \
    "ragged.csv:5: 12 fields where the header has 11: the row is long" \
    "ragged.csv:6: 12 fields where the header has 11: the row is long" \
    "3 errors in 3 rows; nothing imported"; do
    assert_contains "$T/err" "$want"
done
assert_eq "$(db_digest)" "$before" "ragged rows: nothing imported"
expect_status 0 "$RS" import --table payments --partial --rejects "$T/ragged-rejects.csv" ragged.csv
assert_contains "$T/out" "ragged.csv: 5 rows, 2 inserted, 0 replaced, 0 unchanged, 3 rejected"
assert_eq "$(sql "SELECT group_concat(payment_id || ':' || ifnull(bank_ref, '-')) FROM payments")" \
    "R1:B1,R5:B5" "rows of the header's width committed"
assert_eq "$(python3 -c '
import csv, sys
for r in list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]:
    print(r[1], r[2] or "-", r[3].split(":")[0], r[4], len(r) - 4)' "$T/ragged-rejects.csv")" \
    "3 - 10 fields where the header has 11 R2 10
5 - 12 fields where the header has 11 R3 12
6 - 12 fields where the header has 11 R4 12" "ragged rows in the rejects, with their cells"
