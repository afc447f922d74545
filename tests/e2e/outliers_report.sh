#!/usr/bin/env bash
# Outliers (异常波动, indicators.md "Outliers") end to end with the real binary:
# - `outliers` on the planted case (tests/cases/outliers) and on the sample
#   (samples/county): every row's numbers equal those computed from the
#   CSV files alone by tests/tools/outliers_expect.py (an independent
#   implementation), the sample has at least one flagged unit;
# - --levels self and children, --out FILE (whole, with a BOM), json, and
#   bad arguments (exit 1);
# - the assessment pack: its 异常波动 sheet (read with openpyxl) holds every
#   row of the CSV, flagged rows first, with the same numbers; the
#   dashboard's PDF text lists the sample's flagged units with their figures.
source "$(dirname "$0")/../lib.sh"
CASE="$ROOT/tests/cases/outliers"
SAMPLE="$ROOT/samples/county"
EXPECT="$ROOT/tests/tools/outliers_expect.py"

# numbers_of CSV: the CSV of `outliers` without region_name, sorted.
numbers_of() { cut -d, -f1,3- "$1" | sed 's/\r$//' | tail -n +2 | sort; }

expect_status 0 "$RS" init
expect_status 0 "$RS" import "$CASE"/payments.csv "$CASE"/params.csv

# ---- the CSV against the independent computation
expect_status 0 "$RS" outliers --region 652325 --period 2024-09 --format csv
cp "$T/out" "$T/case.csv"
assert_eq "$(head -1 "$T/case.csv")" \
    "region_code,region_name,level,period,series,value,median,mad,score,flagged" "header"
python3 "$EXPECT" 652325 2024-09 "$CASE"/payments.csv "$CASE"/params.csv >"$T/case_expected.csv"
diff <(tail -n +2 "$T/case_expected.csv" | sort) <(numbers_of "$T/case.csv") >"$T/diff" ||
    { cat "$T/diff"; fail "case: outliers differ from the independent computation (< expected)"; }
assert_eq "$(grep -c ',1$' "$T/case.csv")" 12 "flagged rows of the case"
# the planted rows, by hand (tests/cases/outliers/README.md)
for want in "652325100201,652325100201,village,2024-09,paid_month,1500.00,1000.00,7.50,44.9667,1" \
    "652325100203,652325100203,village,2024-09,paid_rows,1,2,0,,1" \
    "652325100204,652325100204,village,2024-09,paid_month,3000.00,,,,0" \
    "652325100205,652325100205,village,2024-09,paid_month,1200.00,1000.00,0.00,95.7462,1" \
    "652325100206,652325100206,village,2024-09,paid_month,1199.99,1000.00,0.00,95.7414,0" \
    "652325100207,652325100207,village,2024-09,paid_per_row,,,,,0" \
    "652325100208,652325100208,village,2024-09,paid_month,170.00,100.00,13.49,3.5000,0" \
    "652325100209,652325100209,village,2024-09,paid_month,170.01,100.00,13.49,3.5005,1" \
    "652325100211,652325100211,village,2024-09,paid_month,1500.00,1000.00,7.50,44.9667,0"; do
    assert_contains "$T/case.csv" "$want"
done

# ---- levels, --out, json, bad arguments
expect_status 0 "$RS" outliers --region 652325 --period 2024-09 --levels self --format csv
assert_eq "$(tail -n +2 "$T/out" | cut -d, -f1 | sort -u)" 652325000000 "--levels self"
expect_status 0 "$RS" outliers --region 652325 --period 2024-09 --levels children --format csv
assert_eq "$(tail -n +2 "$T/out" | cut -d, -f1 | sort -u | tr '\n' ' ')" \
    "652325000000 652325100000 " "--levels children"
expect_status 0 "$RS" outliers --region 652325 --period 2024-09 --out "$T/file.csv"
[ ! -s "$T/out" ] || fail "--out printed on stdout"
assert_eq "$(head -c 3 "$T/file.csv" | od -An -tx1 | tr -d ' ')" efbbbf "--out starts with a BOM"
assert_eq "$(tail -c +4 "$T/file.csv" | sed 's/\r$//' | sha256sum)" \
    "$(sed 's/\r$//' "$T/case.csv" | sha256sum)" "--out file is the CSV"
expect_status 0 "$RS" outliers --region 652325100209 --period 2024-09 --levels self --format json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert len(r)==3 and r[0]["score"]=="3.5005" and r[0]["flagged"]=="1", r' "$T/out" ||
    fail "json output"
expect_status 1 "$RS" outliers --period 2024-09
expect_status 1 "$RS" outliers --region 652325 --period 2024-13
expect_status 1 "$RS" outliers --region 652325 --period 2024-09 --levels some
expect_status 1 "$RS" outliers --region 652325 --period 2024-09 --codes F_DEAD

# ---- the assessment pack of the case: the sheet and the dashboard
expect_status 0 "$RS" report assessment --region 652325 --period 2024-09 --out "$T/pack"
/usr/bin/python3 - "$T"/pack/*.xlsx "$T/case_expected.csv" <<'PY' || fail "异常波动 sheet"
import csv, sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["异常波动"]
rows = list(ws.iter_rows(values_only=True))
head = next(i for i, r in enumerate(rows) if r[0] == "是否异常")
assert rows[head][:9] == ("是否异常", "单位", "区划代码", "层级", "监测序列", "本月值",
                          "前12个月中位数", "中位数绝对偏差(MAD)", "修正Z分数"), rows[head]
body = [r for r in rows[head + 1:] if r[0] in ("异常", "否")]
want = list(csv.DictReader(open(sys.argv[2])))
assert len(body) == len(want), (len(body), len(want))
flags = [r[0] == "异常" for r in body]
assert flags == sorted(flags, reverse=True), "flagged rows first"
assert sum(flags) == 12, sum(flags)
series = {"低保特困当月实发金额": "paid_month", "低保特困当月实发笔数": "paid_rows",
          "低保特困笔均实发金额": "paid_per_row"}
by_key = {(w["region_code"], w["series"]): w for w in want}
def near(cell, text, places):
    if text == "":
        return cell is None
    return cell is not None and abs(float(cell) - float(text)) <= 0.5 * 10 ** -places + 1e-9
for r in body:
    w = by_key[("%012d" % r[2], series[r[4]])]
    assert (r[0] == "异常") == (w["flagged"] == "1"), (r, w)
    for cell, col, places in ((r[5], "value", 2), (r[6], "median", 2), (r[7], "mad", 2),
                              (r[8], "score", 4)):
        assert near(cell, w[col], places), (r, col, w[col])
print("sheet: %d rows, %d flagged first" % (len(body), sum(flags)))
PY

# ---- the sample: the CSV against the independent computation, flagged units
large_input "the sample's outliers"
rm -f "$RELIEFSTAT_DB" "$RELIEFSTAT_DB-wal" "$RELIEFSTAT_DB-shm"
expect_status 0 "$RS" init
files=()
for f in "$SAMPLE"/*.csv; do
    case $(basename "$f") in ground_truth.csv | near_misses.csv) ;; *) files+=("$f") ;; esac
done
expect_status 0 "$RS" import "${files[@]}"
expect_status 0 "$RS" outliers --region 652325 --period 2024-09 --format csv
cp "$T/out" "$T/sample.csv"
python3 "$EXPECT" 652325 2024-09 "$SAMPLE"/payments.csv "$SAMPLE"/params.csv \
    "$SAMPLE"/households.csv "$SAMPLE"/applications.csv "$SAMPLE"/budgets.csv >"$T/sample_expected.csv"
diff <(tail -n +2 "$T/sample_expected.csv" | sort) <(numbers_of "$T/sample.csv") >"$T/diff" ||
    { head -20 "$T/diff"; fail "sample: outliers differ from the independent computation"; }
flagged=$(grep -c ',1$' "$T/sample.csv")
[ "$flagged" -ge 1 ] || fail "the sample has no flagged unit"
echo "sample: $(($(wc -l <"$T/sample.csv") - 1)) unit-series, $flagged flagged"

command -v pdftotext >/dev/null || skip "poppler-utils missing (the CSV and the sheet passed)"
expect_status 0 "$RS" report dashboard --region 652325 --period 2024-09 --out "$T/dash"
pdftotext -layout "$T"/dash/*.pdf - | tr -d ' ' >"$T/text"
assert_contains "$T/text" 发放异常波动单位
# each flagged row of the CSV is a line of the list: unit, series, this
# month, median (the text of the PDF without spaces)
python3 - "$T/sample.csv" >"$T/flagged_lines" <<'PY'
import csv, sys
short = {"paid_month": "实发金额", "paid_rows": "实发笔数", "paid_per_row": "笔均金额"}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if r["flagged"] == "1":
        print(r["region_name"] + short[r["series"]] + r["value"] + r["median"])
PY
while read -r line; do assert_contains "$T/text" "$line"; done <"$T/flagged_lines"
echo "ok: case and sample outliers, the sheet, the dashboard lists $(wc -l <"$T/flagged_lines") flagged rows"
