#!/usr/bin/env bash
# make demo: build a demonstration database in out/demo from the bundled
# sample (samples/county, with sample.txt naming its region and period; made
# with `reliefstat sample` when absent), then render the monthly statement
# and the assessment pack (workbook, chart PNGs and the leaders' dashboard
# PDF: report_templates/assessment.yaml names them) for the sample's county
# and its prefecture (652300000000), and print where they are.  Rebuilds
# everything on each run.
set -euo pipefail
cd "$(dirname "$0")/.."
RS=build/reliefstat
DEMO=out/demo
SAMPLE=samples/county
export RELIEFSTAT_DB="$DEMO/demo.db"

mkdir -p "$DEMO"
rm -f "$RELIEFSTAT_DB" "$RELIEFSTAT_DB-wal" "$RELIEFSTAT_DB-shm"
if [ ! -f "$SAMPLE/sample.txt" ]; then
    SAMPLE="$DEMO/sample"
    rm -rf "$SAMPLE"
    "$RS" sample --out "$SAMPLE" --scale county
fi
# sample.txt gives the region and period as "region: CODE" / "period=YYYY-MM".
field() { sed -n -E "s/^[[:space:]]*$1[[:space:]]*[:=][[:space:]]*([0-9-]+).*/\\1/p" "$SAMPLE/sample.txt" | head -1; }
county=$(field region)
period=$(field period)
[ -n "$county" ] && [ -n "$period" ] || { echo "demo: $SAMPLE/sample.txt lacks region or period" >&2; exit 1; }

"$RS" init
# The data-contract tables, in an order that imports referenced rows first
# (the sample also holds ground-truth files, which are not tables).
files=()
for t in divisions standards params households persons enrolments payments budgets \
         applications reviews referrals warnings crosscheck staff_relatives item_scope bank_returns; do
    [ -f "$SAMPLE/$t.csv" ] && files+=("$SAMPLE/$t.csv")
done
"$RS" import "${files[@]}"
for unit in "$county" 652300000000; do
    for tpl in monthly assessment; do
        "$RS" report "$tpl" --region "$unit" --period "$period" --out "$DEMO/$tpl-$unit" > /dev/null
    done
done
echo "demo: database $RELIEFSTAT_DB (sample $SAMPLE, region $county, period $period)"
for d in "$DEMO"/monthly-* "$DEMO"/assessment-*; do
    echo "demo: $d/"
    ls "$d" | sed 's/^/        /'
done
