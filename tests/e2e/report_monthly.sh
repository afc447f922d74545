#!/usr/bin/env bash
# The monthly statement (月报): its sheets and two-level merged headers, real
# numeric cells, print set-up, and numbers equal to what `indicators` and
# `findings` report for the same unit and month; --lang en.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/tools/report_setup.sh"

# The bank's return file of 2024-09 for the fixture's ledger (given bank
# references): every paid row confirmed but the first (failed) and the
# second (a yuan less); the third has no bank row.
mkdir -p "$T/bank"
"$PY" - "$T/data/payments.csv" "$T/bank" <<'PYEOF' || fail "bank file"
import csv, decimal, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
with open(sys.argv[2] + "/payments.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]) + ["bank_ref"], lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(dict(r, bank_ref="BK" + r["payment_id"]))
with open(sys.argv[2] + "/bank_returns.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["bank_ref", "region_code", "period", "account_no", "account_name", "amount", "status"])
    n = 0
    for r in rows:
        paid = decimal.Decimal(r["amount_paid"].replace(",", "") or "0")
        if r["period"] != "2024-09" or paid <= 0:
            continue
        n += 1
        if n != 3:
            w.writerow(["BK" + r["payment_id"], r["region_code"], "2024-09", "6230%015d" % n, "某",
                        paid - (n == 2), "failed" if n == 1 else "success"])
PYEOF
expect_status 0 "$RS" import "$T/bank/payments.csv" "$T/bank/bank_returns.csv"
expect_status 0 "$RS" report monthly --region 652325 --period 2024-09 --out "$T/rep"
M="$T/rep/月报_652325000000_2024-09.xlsx"
assert_contains "$T/out" "$M"
assert_contains "$T/out" "$T/rep/manifest.json"
[ -z "$(ls -A "$T/rep" | grep '^\.')" ] || fail "temporary files left in the output directory"

check sheets "$M" 社会救助情况月报表,资金发放情况,一卡通核对,专项救助,动态管理,问题清单,数据质量
check numeric "$M"
# Title, period row, then the two-level header on rows 4-5: 单位 spans both
# rows, 城市低保 and 农村低保 six columns each, 特困供养 four, 低保边缘,
# 刚性支出困难, 防止返贫监测对象 and 其他困难人员 two each, 临时救助 three, 合计 two.
check merged "$M" 社会救助情况月报表 A4:A5 B4:G4 H4:M4 N4:Q4 R4:S4 T4:U4 V4:W4 X4:Y4 Z4:AB4 AC4:AD4
# 专项救助: eight items and the 小计 of three columns each; 动态管理: seven
# tiers of two (特困 three, with 集中供养率) and 合计.
check merged "$M" 专项救助 A4:A5 B4:D4 E4:G4 W4:Y4 Z4:AB4
check merged "$M" 动态管理 A4:A5 B4:C4 D4:E4 F4:H4 I4:J4 O4:P4 Q4:R4
for s in 社会救助情况月报表 资金发放情况 专项救助 动态管理; do check layout "$M" $s; done
check autofilter "$M" 问题清单

expect_status 0 "$RS" indicators --region 652325 --period 2024-09 --levels children --format csv
cp "$T/out" "$T/indicators.csv"
check payments "$M" "$T/indicators.csv"
# The statistics as the catalogue's stat_ queries give them per record
# region code; the checker adds them up to the townships and the county.
for q in stat_enrolments stat_money stat_temp; do
    expect_status 0 "$RS" query $q -p region=652325 -p period=2024-09 --format csv
    cat "$T/out" >>"$T/stats.csv"
done
for stat in monitor_households other_households monitor_new edge_ended special_medical_count \
    special_funeral_paid_ytd_fen tekun_centralized_share all_paid_month_fen; do
    grep -q ",$stat," "$T/stats.csv" || fail "the fixture has no $stat"
done
check statement "$M" 652325 "$T/stats.csv" "$T/indicators.csv"
check special "$M" 652325 "$T/stats.csv"
check changes "$M" 652325 "$T/stats.csv"
expect_status 0 "$RS" findings --region 652325 --period 2024-09 --format csv
cp "$T/out" "$T/findings.csv"
[ "$(wc -l < "$T/findings.csv")" -gt 1 ] || fail "the fixture should have findings"
check findings "$M" 问题清单 "$T/findings.csv"
# The fixture's 4000-yuan dibao payment (the payee's usual is 1200) is a
# lead of the catalogue's O_AMOUNT_JUMP, listed in the leads section.
if grep -q "O_AMOUNT_JUMP" "$ROOT"/queries/find_*.sql; then
    assert_contains "$T/findings.csv" "O_AMOUNT_JUMP,652325100000,2024-09,P00109"
fi

# 一卡通核对: its total row is stat_bank's sums, and its list the F_BANK_ rows.
expect_status 0 "$RS" query stat_bank -p region=652325 -p period=2024-09 --format csv
"$PY" - "$M" "$T/out" "$T/findings.csv" <<'PYEOF' || fail "一卡通核对 cells"
import csv, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["一卡通核对"]
sums = {}
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")):
    n, d = sums.get(r["statistic"], (0, 0))
    sums[r["statistic"]] = (n + int(r["numerator"] or 0), d + int(r["denominator"] or 0))
rows = list(ws.iter_rows(values_only=True))
total = [r for r in rows if r[0] == "合计" and isinstance(r[1], (int, float))][0]
want = [sums[k][0] for k in ("bank_paid_rows", "bank_checked_rows", "bank_matched_rows",
                             "bank_failed_rows", "bank_amount_rows", "bank_missing_rows")]
assert list(total[1:7]) == want, (total, want)
assert want[3] == 1 and want[4] == 1 and want[5] >= 1, want
m, c = sums["bank_reconciled_rate"]
assert abs(total[7] - m / c) < 1e-9, (total[7], m, c)
listed = sorted(r[6] for r in rows if isinstance(r[1], str) and r[1].startswith("F_BANK_"))
found = sorted(r["payment_id"] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8-sig"))
               if r["code"].startswith("F_BANK_"))
assert listed and listed == found, (listed, found)
PYEOF

"$PY" - "$M" <<'PYEOF' || fail "statement cells"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["社会救助情况月报表"]
assert ws["A1"].value == "奇台县社会救助情况月报表", ws["A1"].value
assert ws["A2"].value == "2024年9月", ws["A2"].value
assert ws["A3"].value.startswith("填报单位"), ws["A3"].value
assert any(isinstance(c.value, str) and c.value.startswith("计量单位") for c in ws[3])
rows = [r for r in ws.iter_rows(min_row=6) if r[0].value]
total = [r for r in rows if r[0].value == "合计"]
assert len(total) == 1, "one total row"
assert isinstance(total[0][1].value, (int, float)), "the total holds numbers"
footer = [r[0].value for r in rows if str(r[0].value).startswith("单位负责人")]
assert footer and "填表人" in footer[0] and "报出日期" in footer[0], footer
PYEOF

expect_status 0 "$RS" report monthly --region 652325 --period 2024-09 --out "$T/en" --lang en
E="$T/en/monthly_652325000000_2024-09.xlsx"
check sheets "$E" "Assistance statistics,Payments,Bank returns,Special assistance,Enrolment changes,Findings,Data quality"
check english "$E"

# The statement computes its findings ahead, on a second thread, while the
# main thread computes the statistics (RELIEFSTAT_TRACE marks a query run
# on another thread): the template shows findings.
RELIEFSTAT_TRACE=1 "$RS" report monthly --region 652325 --period 2024-09 --out "$T/trace" \
    >/dev/null 2>"$T/trace.err" || { cat "$T/trace.err"; fail "monthly with RELIEFSTAT_TRACE"; }
grep -q '^trace: find_applications .*(second thread)$' "$T/trace.err" ||
    fail "the findings were not computed on a second thread: $(grep find_ "$T/trace.err")"
grep '^trace: stat_enrolments ' "$T/trace.err" | grep -q -v 'second thread' ||
    fail "the statistics did not run on the main thread"
echo "ok"
