#!/usr/bin/env bash
# A complete, valid set of the contract tables imports with the stored
# forms of the schema: money in fen, dates as day numbers, datetimes as
# seconds, months as yyyymm, region codes padded, enum labels as codes,
# Chinese text intact; each file is a batch with its SHA-256 and counts.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/data/import/helpers.sh"
cd "$T"
fresh_db test
assert_contains "$T/out" "divisions"
assert_eq "$(sql 'SELECT count(*) FROM divisions')" "$(data_lines "$ROOT/seeds/divisions.csv")" \
    "divisions seeded"
assert_eq "$(sql "SELECT count(*) FROM item_scope WHERE region_code = 650000000000
                  AND region_span = 10000000000 AND effective_from = 202001")" \
    "$(data_lines "$ROOT/seeds/item_scope.csv")" "item_scope seeded"
assert_eq "$(sql "SELECT group_concat(category, ',') FROM (SELECT category FROM item_scope
                  WHERE item = 'funeral' ORDER BY category)")" "dibao,tekun" "funeral's scope"

expect_status 0 "$RS" import "$D/good"
assert_contains "$T/err" "skipping $D/good/ground_truth.csv"
for f in "$D"/good/*.csv; do
    t=$(basename "$f" .csv)
    [ "$t" = ground_truth ] && continue
    assert_eq "$(sql "SELECT count(*) FROM $t")" "$(data_lines "$f")" "rows of $t"
    assert_contains "$T/out" "$t"
    assert_eq "$(sql "SELECT sha256 || ' ' || rows_read || ' ' || rows_inserted FROM import_batches
                      WHERE table_name = '$t' ORDER BY batch_id DESC LIMIT 1")" \
        "$(sha256sum "$f" | cut -d' ' -f1) $(data_lines "$f") $(data_lines "$f")" "batch of $t"
done

# Money in fen, with thousands separators and one decimal.
assert_eq "$(sql "SELECT income_pc_monthly_fen FROM households WHERE household_id = 'H001'")" 123450 "1,234.50"
assert_eq "$(sql "SELECT rigid_expense_12m_fen FROM households WHERE household_id = 'H002'")" 1200050 "12000.5"
assert_eq "$(sql "SELECT amount_due_fen FROM payments WHERE payment_id = 'P002'")" 90050 "900.5"
assert_eq "$(sql "SELECT allocated_fen FROM budgets WHERE fund_source = 'central'")" 100000000 "1,000,000"
# Dates in their three forms, datetimes, months.
assert_eq "$(sql "SELECT date(registered_on) FROM households ORDER BY household_id")" \
    "$(printf '2024-09-05\n2023-01-15\n2024-02-29')" "registered_on"
assert_eq "$(sql "SELECT date(paid_on) FROM payments WHERE payment_id = 'P002'")" 2024-09-12 "2024/9/12"
assert_eq "$(sql "SELECT datetime(received_at, 'unixepoch') || '|' || datetime(decided_at, 'unixepoch')
                  FROM applications WHERE application_id = 'A001'")" \
    "2024-09-01 08:30:00|2024-09-01 17:05:30" "datetimes"
assert_eq "$(sql "SELECT group_concat(period) FROM payments")" "202409,202409,202409" "periods"
# Region codes padded, spans, level rules.
assert_eq "$(sql "SELECT region_code FROM payments WHERE payment_id = 'P002'")" 652325100000 "short code"
assert_eq "$(sql "SELECT region_code || ' ' || region_span FROM standards WHERE effective_from = 202407")" \
    "652300000000 100000000" "standard span"
assert_eq "$(sql "SELECT value_e6 FROM params WHERE name = 'edge_multiplier'")" 1500000 "decimal"
# Enum labels become codes; booleans; upper-case X.
assert_eq "$(sql "SELECT urban_rural FROM households WHERE household_id = 'H002'")" urban "城市"
assert_eq "$(sql "SELECT fund_source FROM payments WHERE payment_id = 'P002'")" region "自治区"
assert_eq "$(sql "SELECT source FROM crosscheck")" death "火化 (one word of 死亡/火化)"
assert_eq "$(sql "SELECT kind FROM reviews WHERE household_id = 'H001'")" comprehensive "全面排查"
assert_eq "$(sql "SELECT relation || can_work || severe_illness FROM persons WHERE name = '买买提·艾力'")" \
    head10 "户主, 是, 否"
assert_eq "$(sql "SELECT count(*) FROM persons WHERE id_number = '65232520000101001X'")" 1 "x stored as X"
assert_eq "$(sql "SELECT group_concat(COALESCE(disability_type, '-'), ',') FROM
                  (SELECT disability_type FROM persons ORDER BY id_number)")" \
    "-,physical,-,intellectual,-" "disability_type, 肢体 as physical"
assert_eq "$(sql "SELECT datetime(assisted_at, 'unixepoch') || '|' || COALESCE(
                  (SELECT assisted_at FROM applications WHERE application_id = 'A002'), '-')
                  FROM applications WHERE application_id = 'A001'")" \
    "2024-09-01 18:00:00|-" "assisted_at (救助时间)"
# Chinese text round trip.
assert_eq "$(sql "SELECT need FROM referrals")" "子女就学资助" "Chinese text"
assert_eq "$(sql "SELECT group_concat(name, '、') FROM persons WHERE household_id = 'H003'")" \
    "李建国、王芳" "Chinese names"
# The bank's return file (Chinese headers and status labels) and the
# ledger's account: full values in the store, masked only in outputs.
assert_eq "$(sql "SELECT bank_ref || '|' || region_code || '|' || period || '|' || account_no || '|'
                  || account_name || '|' || amount_fen || '|' || status || '|'
                  || COALESCE(date(settled_on), '-') || '|' || COALESCE(reason, '-')
                  FROM bank_returns ORDER BY bank_ref")" \
    "$(printf '%s\n%s' "B0001|652325100201|202409|6230520110001234567|买买提·艾力|122000|success|2024-09-11|-" \
        "B0002|652325100000|202409|6217000012345678|李建国|90050|failed|-|账户已冻结")" \
    "bank_returns (成功, 失败, 1,220.00, a township's short code)"
assert_eq "$(sql "SELECT group_concat(COALESCE(account_no, '-'), ',') FROM
                  (SELECT account_no FROM payments ORDER BY payment_id)")" \
    "6230520110001234567,-,-" "payments.account_no (收款账号)"
