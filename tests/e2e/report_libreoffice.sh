#!/usr/bin/env bash
# Both workbooks open in LibreOffice: a headless conversion to PDF succeeds
# and the PDF holds the Chinese titles.  Skipped when LibreOffice is absent.
source "$(dirname "$0")/../lib.sh"
lo=$(command -v libreoffice || command -v soffice) || skip "LibreOffice is not installed"
source "$ROOT/tests/tools/report_setup.sh"

for tpl in monthly assessment; do
    expect_status 0 "$RS" report $tpl --region 652325 --period 2024-09 --out "$T/rep"
done
mkdir -p "$T/pdf"
HOME="$T" timeout 300 "$lo" --headless --convert-to pdf --outdir "$T/pdf" "$T"/rep/*.xlsx \
    > "$T/lo.log" 2>&1 || { cat "$T/lo.log"; fail "LibreOffice conversion failed"; }
[ "$(ls "$T"/pdf/*.pdf | wc -l)" -eq 2 ] || { cat "$T/lo.log"; fail "expected two PDFs"; }
if command -v pdftotext > /dev/null; then
    pdftotext "$T/pdf/月报_652325000000_2024-09.pdf" "$T/m.txt"
    assert_contains "$T/m.txt" "奇台县社会救助情况月报表"
    pdftotext "$T/pdf/绩效评价_652325000000_2024-09.pdf" "$T/a.txt"
    assert_contains "$T/a.txt" "绩效评价得分汇总"
fi
