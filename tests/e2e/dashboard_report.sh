#!/usr/bin/env bash
# The leader dashboard end to end: import the hand-made fixture of
# tests/data/charts, run `reliefstat report dashboard`, and check the PDF:
# two A4 landscape pages, the KPI labels and the fixture's figures in its
# text (the score ranking and its rule: report_assessment.sh), the CJK font
# embedded, no blank page, the English version, and the render time.
source "$(dirname "$0")/../lib.sh"
command -v pdftotext >/dev/null && command -v pdffonts >/dev/null || skip "poppler-utils missing"
"$RS" init >"$T/init.out" 2>&1 || skip "reliefstat init not available yet: $(tail -1 "$T/init.out")"
expect_status 0 "$RS" import "$ROOT"/tests/data/charts/{households,persons,enrolments,standards,budgets,payments}.csv

start=$(date +%s%N)
expect_status 0 "$RS" report dashboard --region 652300 --period 2024-09 --out "$T/zh"
end=$(date +%s%N)
echo "dashboard rendered in $(((end - start) / 1000000)) ms"
pdf=$(ls "$T"/zh/*.pdf)
[ "$(echo "$pdf" | wc -l)" -eq 1 ] || fail "expected one PDF, got: $pdf"
assert_contains "$T/out" "$(basename "$pdf")"

pdfinfo "$pdf" >"$T/info"
assert_contains "$T/info" "Pages:           2"
assert_contains "$T/info" "841.89 x 595.28 pts"

pdftotext -layout "$pdf" - | tr -d ' ' >"$T/text"
for want in 昌吉回族自治州社会救助运行监测 2024年9月 \
    保障人数 7人 当月支出 5,000.00元 累计支出 15,600.00元 \
    按时发放率 80.0% 足额发放率 问题资金 600.00元 \
    各地绩效评价得分排名 昌吉市 奇台县 呼图壁县 \
    近12个月资金发放趋势 主要问题线索 死亡后仍发放 652325********0074 人次合计 \
    第1页/共2页 第2页/共2页; do
    assert_contains "$T/text" "$want"
done
assert_not_contains "$T/text" "652325194007070074"

pdffonts "$pdf" >"$T/fonts"
grep -E 'NotoSansCJK.* yes +yes' "$T/fonts" >/dev/null || { cat "$T/fonts"; fail "CJK font not embedded"; }

# every page, rendered to an image, is drawn (not blank); A4 landscape at
# 30 dpi is 350.8 x 247.9 px, which poppler versions round either way
pdftoppm -r 30 -png "$pdf" "$T/page"
for png in "$T"/page-*.png; do
    python3 "$ROOT/tests/data/charts/pngcheck.py" "$png" 351 248 1 || fail "$png"
done

expect_status 0 "$RS" report dashboard --region 652300 --period 2024-09 --out "$T/en" --lang en
pdftotext -layout "$T"/en/*.pdf - | tr -d ' ' >"$T/text_en"
for want in Peoplecovered On-timerate Paidafterdeath Person-categories Page1of2; do
    assert_contains "$T/text_en" "$want"
done
echo "ok"
