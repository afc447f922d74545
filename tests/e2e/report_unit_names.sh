#!/usr/bin/env bash
# Unit names: `init` loads the whole of Xinjiang down to townships (1,529
# divisions), so data from a county no sample covers (the report fixture
# moved to 乌鲁木齐's 天山区 and 沙依巴克区, with no divisions file) has its
# townships named; a unit the divisions do not list (every village here,
# and 天山区's township 018, which the official list lacks) shows its code:
# never an empty name in the indicators CSV, JSON and table, the workbooks'
# 单位 cells, the problem lists or the dashboard's ranking chart.  A code
# whose county is not among the divisions is still imported with a warning;
# one in a known county is imported without.
source "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
CHECK="$ROOT/tests/tools/check_workbook.py"
[ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null || skip "python3-openpyxl is not installed"
command -v pdftotext >/dev/null || skip "poppler-utils missing"
check() { "$PY" "$CHECK" "$@" || fail "check_workbook.py $1"; }

expect_status 0 "$RS" init
assert_eq "$(sql "SELECT level || ' ' || count(*) FROM divisions GROUP BY level ORDER BY min(code)" |
    tr '\n' ,)" "region 1,prefecture 15,county 108,township 1405," "the divisions init loads"
assert_eq "$(sql "SELECT name FROM divisions WHERE code = 650102002000")" 燕儿窝街道 "a township of 天山区"

# The fixture's townships 652325100/101 and 652324100/101 become 天山区's
# 002 (燕儿窝街道) and 018 (not in the divisions) and 沙依巴克区's 001
# (长江路街道) and 002 (和田街街道); 昌吉州's standards become 乌鲁木齐市's.
"$PY" "$ROOT/tests/tools/report_fixture.py" "$T/fixture" || fail "fixture"
mkdir "$T/data"
"$PY" - "$T/fixture" "$T/data" <<'PY' || fail "moving the fixture"
import csv, os, sys
src, dst = sys.argv[1:]
moves = [("652325100", "650102002"), ("652325101", "650102018"), ("652324100", "650103001"),
         ("652324101", "650103002"), ("652325", "650102"), ("652324", "650103"), ("6523", "6501")]
for f in sorted(os.listdir(src)):
    if not f.endswith(".csv"):
        continue
    rows = list(csv.DictReader(open(f"{src}/{f}", encoding="utf-8")))
    for r in rows:
        if "region_code" in r:
            code = r["region_code"]
            r["region_code"] = next((new + code[len(old):] for old, new in moves
                                     if code.startswith(old)), code)
    with open(f"{dst}/{f}", "w", encoding="utf-8", newline="") as out:
        w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
PY
for t in standards households persons enrolments payments budgets applications reviews referrals; do
    expect_status 0 "$RS" import "$T/data/$t.csv"
    assert_not_contains "$T/err" "not among the divisions"
done

# --levels all: the county, its townships (named, or 650102018000) and the
# villages (their codes).
for fmt in csv json table; do
    expect_status 0 "$RS" indicators --region 650102 --period 2024-09 --levels all --format $fmt
    cp "$T/out" "$T/indicators.$fmt"
done
"$PY" - "$T/indicators.csv" "$T/indicators.json" <<'PY' || fail "indicator names"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
names = {r["region_code"]: r["region_name"] for r in rows}
assert names["650102000000"] == "天山区", names["650102000000"]
assert names["650102002000"] == "燕儿窝街道", names["650102002000"]
assert names["650102018000"] == "650102018000", names["650102018000"]
villages = [c for c in names if not c.endswith("000")]
assert len(villages) == 2 and all(names[c] == c for c in villages), villages
assert all(r["region_name"] for r in rows), "an empty region_name in the CSV"
doc = json.load(open(sys.argv[2]))
items = doc if isinstance(doc, list) else doc["rows"]
assert len(items) == len(rows) and all(
    r["region_name"] == names[f"{int(r['region_code']):012d}"] for r in items), "JSON names"
PY
grep -Eq '^650102018000 +650102018000 +township ' "$T/indicators.table" || fail "table: the code as name"

# The workbooks' 单位 cells: named townships, the code of the unnamed one.
for tpl in monthly assessment; do
    expect_status 0 "$RS" report $tpl --region 650102 --period 2024-09 --out "$T/$tpl"
done
M="$T/monthly/月报_650102000000_2024-09.xlsx"
A="$T/assessment/绩效评价_650102000000_2024-09.xlsx"
check numeric "$M"
"$PY" - "$M" "$A" <<'PY' || fail "workbook unit cells"
import sys, openpyxl
m, a = (openpyxl.load_workbook(p) for p in sys.argv[1:])
for sheet, first in (("社会救助情况月报表", 6), ("资金发放情况", 5)):
    units = [r[0] for r in m[sheet].iter_rows(min_row=first, values_only=True)
             if any(isinstance(v, (int, float)) for v in r[1:])]
    assert units == ["燕儿窝街道", "650102018000", "合计"], (sheet, units)
scores = [r[1] for r in a["得分汇总"].iter_rows(min_row=6, values_only=True) if isinstance(r[0], int)]
assert sorted(scores) == ["650102018000", "燕儿窝街道"], scores
PY
expect_status 0 "$RS" findings --region 650102 --period 2024-09 --format csv
cp "$T/out" "$T/findings.csv"
[ "$(wc -l <"$T/findings.csv")" -gt 1 ] || fail "the moved fixture should have findings"
check findings "$M" 问题清单 "$T/findings.csv"
check findings "$A" 问题清单 "$T/findings.csv"

# The dashboard's ranking chart labels its bars with the same names.
pdftotext -layout "$T"/assessment/领导驾驶舱_650102000000_2024-09.pdf "$T/dashboard.txt"
assert_contains "$T/dashboard.txt" 燕儿窝街道
assert_contains "$T/dashboard.txt" 650102018000

# The import's warning for a county outside the divisions still holds; a
# township unknown inside a known county is no reason to warn.
H=household_id,region_code,urban_rural,head_id,members,income_pc_monthly
printf '%s\nHX1,620102001001,urban,652325198503120016,1,0\nHX2,650102099201,rural,652325198503120016,1,0\n' \
    "$H" >"$T/elsewhere.csv"
expect_status 0 "$RS" import --table households "$T/elsewhere.csv"
assert_contains "$T/err" "elsewhere.csv:2:2: warning: column region_code, value '620102001001': county 620102000000 is not among the divisions"
assert_not_contains "$T/err" "650102"
echo "ok"
