#!/usr/bin/env bash
# 逐级报送审核 end to end (reports.md "Submission and approval"), on the
# bank case: prefecture 6523 昌吉回族自治州 with two counties with records,
# 652325 奇台县 (13 ledger rows of 2024-09 and one of 2024-08, the bank's
# return file) and 652327 吉木萨尔县 (two ledger rows of 2024-09).  The
# figures expected are worked out from the dates below: the deadline is
# day 5 (submit_deadline_day's default) of October, 652325 submits on
# 3 October (on time), 652327 on 9 October (4 days late).
source "$(dirname "$0")/../lib.sh"
B="$ROOT/tests/cases/bank_returns"
U=652325 P=2024-09
expect_status 0 "$RS" init
expect_status 0 "$RS" import "$B"/households.csv "$B"/persons.csv "$B"/payments.csv "$B"/bank_returns.csv

# status_col UNIT N: column N (awk, whitespace-split) of UNIT's status row.
status_col() { awk -v u="$1" -v n="$2" '$1 == u {print $n}' "$T/out"; }
# status_last UNIT K: the column K places before the last of UNIT's row.
status_last() { awk -v u="$1" -v k="$2" '$1 == u {print $(NF - k)}' "$T/out"; }
# indicator UNIT CODE: numerator/denominator/value of `indicators` for UNIT.
indicator() {
    "$RS" indicators --region 6523 --period $P --format csv |
        awk -F, -v u="$1" -v c="$2" '$1 == u && $5 == c {print $6 "/" $7 "/" $8}'
}

export RELIEFSTAT_NOW="2024-10-03 10:00"
expect_status 0 "$RS" submit --region $U --period $P --by 奇台县民政局
assert_eq "$(indicator 652300000000 report_rate)" "1/2/0.500000" "report_rate of the prefecture, one county submitted"
assert_eq "$(indicator 652325000000 report_on_time)" "1/1/1.000000" "report_on_time of 652325"
assert_eq "$(indicator 652327000000 report_rate)" "0/1/0.000000" "report_rate of 652327, open"
assert_eq "$(indicator 652325100000 report_rate)" "0/0/" "a township has no report_rate"

# A re-import changing one ledger row of the locked month is refused
# whole: exit 2 naming the county, the month, its state and the row, and
# the store is as it was (every table's content).
sed '2s/,500,500,2024-09-10,/,500,450,2024-09-10,/' "$B/payments.csv" >"$T/payments.csv"
grep -q ',500,450,' "$T/payments.csv" || fail "the changed ledger row"
db_digest >"$T/before"
expect_status 2 "$RS" import "$T/payments.csv"
assert_contains "$T/err" "county 652325 奇台县, month 2024-09 is submitted"
assert_contains "$T/err" "payments.csv:2"
assert_contains "$T/err" "nothing imported"
db_digest >"$T/after"
cmp -s "$T/before" "$T/after" || fail "the refused import changed the store"
# A row of another month of the county, or of the open county, imports.
mkdir "$T/august"
awk -F, 'BEGIN {OFS = ","} NR == 1 {print} $6 == "2024-08" {$9 = "2024-08-11"; print}' "$B/payments.csv" \
    >"$T/august/payments.csv"
expect_status 0 "$RS" import "$T/august/payments.csv"
assert_contains "$T/out" "1 replaced"
# --partial: exactly the locked rows go to the rejects file, with the reason.
awk -F, 'BEGIN {OFS = ","} NR > 1 && $4 ~ /^652325/ && $6 == "2024-09" && n < 2 {$8 = "1"; n++} NR > 1 && $4 ~ /^652327/ {$8 = "1"} {print}' \
    "$B/payments.csv" >"$T/partial.csv"
expect_status 0 "$RS" import --partial --rejects "$T/rejects.csv" --table payments "$T/partial.csv"
assert_eq "$(tail -n +2 "$T/rejects.csv" | cut -d, -f2 | tr '\n' ' ')" '"2" "3" ' "the rejected lines"
assert_eq "$(tail -n +2 "$T/rejects.csv" | grep -c 'is submitted: its ledger rows (payments) are locked')" 2 \
    "the rejects' reason"
assert_eq "$(sql "SELECT group_concat(amount_paid_fen) FROM payments WHERE region_code / 1000000 = 652327")" "100,100" \
    "the open county's rows imported"
assert_eq "$(sql "SELECT count(*) FROM payments WHERE region_code / 1000000 = $U AND period = 202409 AND amount_paid_fen = 100")" 0 \
    "the locked rows not imported"
# A bank return and an application of the locked month are refused too.
sed '2s/,500,success,/,400,success,/' "$B/bank_returns.csv" >"$T/bank_returns.csv"
expect_status 2 "$RS" import "$T/bank_returns.csv"
assert_contains "$T/err" "its bank returns (bank_returns) are locked"
printf 'application_id,id_number,region_code,kind,received_at\nA1,652325197504017008,652325100201,temp,2024-09-15 10:00\n' >"$T/applications.csv"
expect_status 2 "$RS" import "$T/applications.csv"
assert_contains "$T/err" "its applications received in it are locked"
printf 'application_id,id_number,region_code,kind,received_at\nA1,652325197504017008,652325100201,temp,2024-10-01 10:00\n' >"$T/applications.csv"
expect_status 0 "$RS" import "$T/applications.csv"

# A roster change (not locked) that moves the county's findings: status
# says the month has changed since its submission.
expect_status 0 "$RS" status --region $U --period $P
assert_eq "$(status_col $U 4)" submitted "652325's state"
assert_eq "$(status_last $U 0)" no "not changed yet"
sed 's/^652325197504017008,对象0,BH00,head,$/652325197504017008,对象0,BH00,head,2024-08-01/' "$B/persons.csv" >"$T/persons.csv"
expect_status 0 "$RS" import "$T/persons.csv"
assert_contains "$T/out" "1 replaced"
expect_status 0 "$RS" status --region $U --period $P
assert_eq "$(status_last $U 0)" yes "changed since submission"

# The prefecture waits for its counties.
expect_status 1 "$RS" approve --region 6523 --period $P
assert_contains "$T/err" "652327 吉木萨尔县 (open)"
RELIEFSTAT_NOW="2024-10-08 09:00" expect_status 0 "$RS" approve --region $U --period $P
RELIEFSTAT_NOW="2024-10-09 15:00" expect_status 0 "$RS" submit --region 652327 --period $P
RELIEFSTAT_NOW="2024-10-09 16:00" expect_status 0 "$RS" approve --region 652327 --period $P
RELIEFSTAT_NOW="2024-10-10 09:00" expect_status 0 "$RS" approve --region 6523 --period $P --by 州民政局
expect_status 1 "$RS" reopen --region $U --period $P --reason 更正
assert_contains "$T/err" "reopen the prefecture first"
expect_status 1 "$RS" reopen --region 6523 --period $P
assert_contains "$T/err" "reopen requires --reason"
assert_eq "$(indicator 652300000000 report_rate)" "2/2/1.000000" "report_rate, both submitted"
assert_eq "$(indicator 652300000000 report_on_time)" "1/2/0.500000" "report_on_time, 652327 late"
assert_eq "$(indicator 652327000000 report_on_time)" "0/1/0.000000" "652327 late"
expect_status 0 "$RS" status --region 6523 --period $P
assert_eq "$(status_last 652327 1)" 4 "652327's days late"
assert_contains "$T/out" "数据状态: 已审核 2024-10-10；2 个县(市、区)全部已审核"
assert_contains "$T/out" "report_on_time 按时报送率: 1 of 2 counties (50.0%)"

# The assessment pack's 报送审核 sheet.
expect_status 0 "$RS" report assessment --region 6523 --period $P --out "$T/rep"
xlsx=$(grep '\.xlsx$' "$T/out" | head -1)
/usr/bin/python3 - "$xlsx" <<'PY' || fail "the 报送审核 sheet"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["报送审核"]
cells = [[c for c in r] for r in ws.iter_rows(values_only=True)]
assert cells[2][0] == "数据状态：已审核 2024-10-10；2 个县(市、区)全部已审核", cells[2][0]
head = next(i for i, r in enumerate(cells) if r[0] == "单位")
assert list(cells[head][:9]) == ["单位", "区划代码", "层级", "状态", "首次报送日期", "最近报送日期",
                                 "审核日期", "报送期限", "逾期天数"], cells[head]
rows = {r[1]: r for r in cells[head + 1:] if r[1]}
want = {
    652300000000: ("昌吉回族自治州", "州(市)", "已审核", None, None, "2024-10-10", None, None),
    652325000000: ("奇台县", "县(市、区)", "已审核", "2024-10-03", "2024-10-03", "2024-10-08", "2024-10-05", 0),
    652327000000: ("吉木萨尔县", "县(市、区)", "已审核", "2024-10-09", "2024-10-09", "2024-10-09", "2024-10-05", 4),
}
for code, w in want.items():
    r = rows[code]
    got = (r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
    assert got == w, (code, got, w)
assert len(rows) == 3, rows
assert isinstance(rows[652327000000][8], (int, float)), "days late is a number"
t = openpyxl.load_workbook(sys.argv[1])["得分汇总"]["A3"].value
assert "数据状态：已审核 2024-10-10" in t, t
PY

# Reopened: the prefecture, then the county; the dashboard's footer says
# how many counties are not approved, and the month imports again.
expect_status 0 "$RS" reopen --region 6523 --period $P --reason 抽查
expect_status 0 "$RS" reopen --region $U --period $P --reason 更正台账
if command -v pdftotext >/dev/null; then
    expect_status 0 "$RS" report dashboard --region 6523 --period $P --out "$T/dash"
    pdftotext "$(grep '\.pdf$' "$T/out" | head -1)" - | tr -d ' \n' >"$T/pdf.txt"
    assert_contains "$T/pdf.txt" "数据状态：未报送；2个县(市、区)中1个未审核"
fi
head -2 "$T/payments.csv" >"$T/august/payments.csv"
expect_status 0 "$RS" import "$T/august/payments.csv"
assert_contains "$T/out" "1 replaced"
assert_eq "$(sql "SELECT amount_paid_fen FROM payments WHERE payment_id = 'B01'")" 45000 "the reopened month imported"
# ... while the approved county's month stays locked.
expect_status 2 "$RS" import "$T/payments.csv"
assert_contains "$T/err" "county 652327 吉木萨尔县, month 2024-09 is approved"
echo "ok"
