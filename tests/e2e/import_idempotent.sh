#!/usr/bin/env bash
# Re-importing the same files changes no row and counts them 'unchanged';
# a row whose key exists with other values replaces the old one, and the
# old values are kept as JSON in import_changes; `init` twice is a no-op.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/data/import/helpers.sh"
cd "$T"
fresh_db test
expect_status 0 "$RS" init
assert_contains "$T/out" "0 inserted, 0 replaced, $(data_lines "$ROOT/seeds/divisions.csv") unchanged"
expect_status 0 "$RS" import "$D/good"
first=$(data_digest)
batches=$(sql "SELECT count(*) FROM import_batches")

expect_status 0 "$RS" import "$D/good"
assert_eq "$(data_digest)" "$first" "re-import leaves the rows as they were"
assert_contains "$T/out" "payments.csv: 3 rows, 0 inserted, 0 replaced, 3 unchanged, 0 rejected"
nfiles=$(ls "$D"/good/*.csv | grep -vc ground_truth)
assert_eq "$(sql "SELECT count(*) FROM import_batches")" $((batches + nfiles)) "one batch per file"
assert_eq "$(sql "SELECT sum(rows_unchanged) = sum(rows_read) FROM import_batches
                  WHERE batch_id > $batches")" 1 "every row counted unchanged"
assert_eq "$(sql "SELECT count(*) FROM import_changes")" 0 "no changes recorded"

# P002 paid differently, P004 new: one replaced, one inserted, two unchanged.
sed -e 's/^P002,\(.*\),900.50,2024\/9\/12,/P002,\1,800,2024\/9\/20,/' "$D/good/payments.csv" >payments.csv
echo 'P004,H001,652325198503120016,652325100201,dibao,2024-10,1220,1220,2024-10-10,central,,' >>payments.csv
expect_status 0 "$RS" import payments.csv
assert_contains "$T/out" "payments.csv: 4 rows, 1 inserted, 1 replaced, 2 unchanged, 0 rejected"
assert_eq "$(sql "SELECT amount_paid_fen || ' ' || date(paid_on) FROM payments WHERE payment_id = 'P002'")" \
    "80000 2024-09-20" "new values stored"
assert_eq "$(sql "SELECT table_name || ' ' || row_key || ' ' || json_extract(old_values, '$.amount_paid_fen')
                  || ' ' || json_extract(old_values, '$.paid_on') FROM import_changes")" \
    "payments P002 90050 $(sql "SELECT CAST(julianday('2024-09-12') + 0.5 AS INTEGER)")" "old values kept"
assert_eq "$(sql "SELECT batch_id FROM payments WHERE payment_id = 'P002'")" \
    "$(sql "SELECT max(batch_id) FROM import_batches")" "replaced row records its batch"
assert_eq "$(sql "SELECT rows_replaced || rows_inserted || rows_unchanged FROM import_batches
                  ORDER BY batch_id DESC LIMIT 1")" 112 "batch counts"

# A composite key (standards) replaces too.
printf 'region_code,item,effective_from,monthly_yuan\n65,dibao_rural,2024-01,615\n' >standards.csv
expect_status 0 "$RS" import standards.csv
assert_contains "$T/out" "1 rows, 0 inserted, 1 replaced"
assert_eq "$(sql "SELECT row_key FROM import_changes WHERE table_name = 'standards'")" \
    "650000000000|dibao_rural|202401" "composite row key"
