#!/usr/bin/env bash
# The performance-assessment pack (绩效评价): its sheets, scores recomputed
# from each unit's own pooled indicators and the scheme, indicator detail and
# findings equal to the CLI's, native charts on the trend sheet, and the
# notes sheet and manifest naming the import batches by SHA-256.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/tools/report_setup.sh"

start=$(date +%s%N)
expect_status 0 "$RS" report assessment --region 652300 --period 2024-09 --out "$T/rep"
echo "assessment pack for 652300 rendered in $(( ($(date +%s%N) - start) / 1000000 )) ms"
A="$T/rep/绩效评价_652300000000_2024-09.xlsx"
assert_contains "$T/out" "$A"

check sheets "$A" 得分汇总,指标明细,问题清单,趋势,异常波动,报送审核,说明
check numeric "$A"
# 得分汇总: rank, unit, code, total, grade, weight with data, then the
# eleven items of the scheme under 分项得分.
check merged "$A" 得分汇总 A4:A5 F4:F5 G4:Q4
check autofilter "$A" 指标明细
check autofilter "$A" 问题清单

expect_status 0 "$RS" indicators --region 652300 --period 2024-09 --levels children --format csv
cp "$T/out" "$T/indicators.csv"
check scores "$A" "$T/indicators.csv" "$ROOT/seeds/scoring.csv"
check indicators "$A" "$T/indicators.csv"
# A county's pack: its townships have data for less of the weight than the
# county (budgets are coded at the county), above the scheme's 60 %: they
# are graded and ranked.  With the minimum raised between the townships'
# share and the county's, they are 数据不足, unranked, while the county
# itself is graded.
expect_status 0 "$RS" report assessment --region 652325 --period 2024-09 --out "$T/county"
expect_status 0 "$RS" indicators --region 652325 --period 2024-09 --levels children --format csv
cp "$T/out" "$T/county.csv"
check scores "$T/county/绩效评价_652325000000_2024-09.xlsx" "$T/county.csv" "$ROOT/seeds/scoring.csv"
between=$("$PY" - "$T/county/绩效评价_652325000000_2024-09.xlsx" <<'PYEOF'
import sys, openpyxl
rows = [r for r in openpyxl.load_workbook(sys.argv[1])["得分汇总"].iter_rows(min_row=6, values_only=True)
        if r[1] and r[3] is not None]
towns, county = [r for r in rows if r[1] in ("奇台镇", "老奇台镇")], rows[-1]
assert len(towns) == 2 and county[1] == "奇台县", rows
assert all(r[0] in (1, 2) and 0.6 <= r[5] < county[5] for r in towns), rows
print(f"{(max(r[5] for r in towns) + county[5]) / 2:.4f}")
PYEOF
) || fail "townships above 60 %: $between"
home="$T/home"
mkdir -p "$home"
cp -r "$ROOT"/queries "$ROOT"/report_templates "$ROOT"/charts "$ROOT"/seeds "$home"/
sed -i "s/^minimum,weight_share,,0.60,/minimum,weight_share,,$between,/" "$home/seeds/scoring.csv"
grep -q "^minimum,weight_share,,$between," "$home/seeds/scoring.csv" || fail "raising the minimum"
RELIEFSTAT_HOME="$home" expect_status 0 "$RS" report assessment --region 652325 --period 2024-09 \
    --out "$T/county_raised"
X="$T/county_raised/绩效评价_652325000000_2024-09.xlsx"
# The dashboard's ranking follows the same rule: at 60 % it ranks both
# townships, with the scores of 得分汇总; above their share none, and says why.
page1() { pdftotext -f 1 -l 1 -layout "$1" - | tr -d ' '; }
page1 "$T/county/领导驾驶舱_652325000000_2024-09.pdf" >"$T/dash60.txt"
page1 "$T/county_raised/领导驾驶舱_652325000000_2024-09.pdf" >"$T/dash_raised.txt"
for f in "$T/dash60.txt" "$T/dash_raised.txt"; do assert_contains "$f" 各地绩效评价得分排名; done
"$PY" - "$T/county/绩效评价_652325000000_2024-09.xlsx" "$T/dash60.txt" <<'PYEOF' || fail "ranking at 60 %"
import sys, openpyxl
text = open(sys.argv[2], encoding="utf-8").read()
rows = [r for r in openpyxl.load_workbook(sys.argv[1])["得分汇总"].iter_rows(min_row=6, values_only=True)
        if isinstance(r[0], int)]
assert len(rows) == 2, rows
for r in rows:
    assert r[1] in text and f"{r[3]:.2f}" in text, (r[1], r[3], text)
PYEOF
assert_contains "$T/dash_raised.txt" 各单位有数据指标权重均不足评分方案要求，不排名
assert_not_contains "$T/dash60.txt" 不排名
check scores "$X" "$T/county.csv" "$home/seeds/scoring.csv"
"$PY" - "$X" "$between" <<'PYEOF' || fail "minimum share of $between"
import sys, openpyxl
rows = [r for r in openpyxl.load_workbook(sys.argv[1])["得分汇总"].iter_rows(min_row=6, values_only=True)
        if r[1] and r[3] is not None]
short = [r for r in rows if r[4] == "数据不足"]
assert [r[1] for r in short] == ["奇台镇", "老奇台镇"], rows
assert all(r[0] is None and r[5] < float(sys.argv[2]) for r in short), short
assert rows[-1][1] == "奇台县" and rows[-1][4] in ("优", "良", "中", "差"), rows[-1]
PYEOF
expect_status 0 "$RS" findings --region 652300 --period 2024-09 --format csv
cp "$T/out" "$T/findings.csv"
check findings "$A" 问题清单 "$T/findings.csv"
expect_status 0 "$RS" report assessment --region 652300 --period 2024-09 --out "$T/en" --lang en
check english "$T/en/assessment_652300000000_2024-09.xlsx"

# Two native charts drawn on the trend sheet.
unzip -l "$A" > "$T/zip.txt"
assert_contains "$T/zip.txt" "xl/charts/chart1.xml"
assert_contains "$T/zip.txt" "xl/charts/chart2.xml"
"$PY" - "$A" <<'PYEOF' || fail "trend sheet"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["趋势"]
months = [r[0].value for r in ws.iter_rows(min_row=4) if isinstance(r[0].value, str) and r[0].value[:2] == "20"]
assert months and months[-1] == "2024-09" and len(months) <= 12, months
assert months == sorted(months), months
PYEOF

# The notes sheet and the manifest name every import batch by SHA-256.
sha=$(sha256sum "$T/data/payments.csv" | cut -d' ' -f1)
unzip -p "$A" xl/sharedStrings.xml > "$T/strings.xml"
assert_contains "$T/strings.xml" "$sha"
M="$T/rep/manifest.json"
"$PY" - "$M" "$A" "$sha" "$ROOT" <<'PYEOF' || fail "manifest"
import hashlib, json, sys
m = json.load(open(sys.argv[1]))
out, sha, root = sys.argv[2], sys.argv[3], sys.argv[4]
assert m["version"] and m["command"].startswith("reliefstat report assessment"), m["command"]
assert m["masked"] is True and m["parameters"]["unmasked"] == "false"
assert m["parameters"]["region"] == "652300000000" and m["parameters"]["period"] == "2024-09"
assert any(b["sha256"] == sha and b["table_name"] == "payments" for b in m["import_batches"])
kinds = {i["kind"] for i in m["inputs"]}
assert {"template", "query", "seed"} <= kinds, kinds
# The queries' included files too (queries/lib/): they make the numbers.
import glob, os
paths = {i["path"] for i in m["inputs"] if i["kind"] == "query"}
libs = set(glob.glob(os.path.join(root, "queries/lib/*.sql")))
assert libs and libs <= paths, sorted(libs - paths)
for i in m["inputs"]:
    assert hashlib.sha256(open(i["path"], "rb").read()).hexdigest() == i["sha256"], i
o = [x for x in m["outputs"] if x["path"] == out]
assert o and o[0]["sha256"] == hashlib.sha256(open(out, "rb").read()).hexdigest()
PYEOF

# The workbook, its charts and the dashboard share the engine's datasets
# within a run, and the indicators of a month the import summarised come
# from indicator_summary: the findings sheet reads the payment rules' rows
# the import stored (2024-09 is a ledger month), and the rules run once for
# each of the trend's 12 months outside the ledger (RELIEFSTAT_TRACE lists
# every catalogue query with its time, and nothing of the data).
RELIEFSTAT_TRACE=1 "$RS" report assessment --region 652300 --period 2024-09 --out "$T/trace" \
    >/dev/null 2>"$T/trace.err" || { cat "$T/trace.err"; fail "assessment with RELIEFSTAT_TRACE"; }
months=$(sql "SELECT COUNT(*) FROM summary_months WHERE period BETWEEN 202310 AND 202409")
[ "$months" -ge 3 ] || fail "only $months of the trend's months are summarised"
runs=$(grep -c '^trace: find_payments ' "$T/trace.err")
assert_eq "$runs" "$((12 - months))" "find_payments runs"
runs=$(grep -c '^trace: find_payments_summary ' "$T/trace.err")
assert_eq "$runs" 1 "find_payments_summary runs"
runs=$(grep -c '^trace: ind_summary ' "$T/trace.err")
[ "$runs" -ge "$months" ] && [ "$runs" -le $((months + 2)) ] ||
    fail "ind_summary ran $runs times for $months summarised months"
# While the findings are computed on other threads, the main thread first
# computes the engine datasets the run uses, the statistics first (the
# dashboard's category chart needs them; without this the workbook's first
# sheet would start with the indicators and wait for the findings).
first=$(grep '^trace: ' "$T/trace.err" | grep -v 'second thread' | grep -v '_defs ' | head -n 1 |
    awk '{print $2}')
assert_eq "$first" stat_enrolments "the main thread's first query"
grep -qE '[0-9]{17}[0-9Xx]' "$T/trace.err" && fail "the trace shows an ID number"
echo "ok"
