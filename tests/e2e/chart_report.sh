#!/usr/bin/env bash
# Charts end to end: import the fixture of tests/data/charts and render
# every chart definition of charts/ through a template's charts: section,
# with Cairo and (when installed) with gnuplot; check each PNG's size and
# that it is drawn, that gnuplot leaves a script and data beside the PNG
# that re-run, and that a broken chart definition fails naming file, line
# and key and writes nothing.
source "$(dirname "$0")/../lib.sh"
D="$ROOT/tests/data/charts"
"$RS" init >"$T/init.out" 2>&1 || skip "reliefstat init not available yet: $(tail -1 "$T/init.out")"
expect_status 0 "$RS" import "$D"/{households,persons,enrolments,standards,budgets,payments}.csv

expect_status 0 "$RS" report "$D/charts_only.yaml" --region 652300 --period 2024-09 --out "$T/cairo"
for c in rank_on_time:640:400 rank_in_full:640:400 rank_finding_money:640:400 trend:640:400 \
    category_mix:640:400 category_donut:560:320 kpi_tiles:820:96; do
    IFS=: read -r name w h <<<"$c"
    python3 "$D/pngcheck.py" "$T/cairo/$name.png" $((w * 2)) $((h * 2)) || fail "$name.png"
done

if command -v gnuplot >/dev/null; then
    expect_status 0 "$RS" report "$D/charts_only.yaml" --region 652300 --period 2024-09 \
        --out "$T/gp" --charts gnuplot
    for name in rank_on_time trend category_donut kpi_tiles; do
        for ext in gp dat; do [ -s "$T/gp/$name.$ext" ] || fail "gnuplot left no $name.$ext"; done
    done
    python3 "$D/pngcheck.py" "$T/gp/rank_on_time.png" 1280 800 || fail "gnuplot rank_on_time.png"
    assert_contains "$T/gp/trend.gp" "Noto Sans CJK SC"
    assert_contains "$T/gp/trend.gp" "近12个月资金发放趋势"
    (cd "$T/gp" && gnuplot trend.gp && [ -s trend.png ]) || fail "the kept script does not re-run"
else
    echo "gnuplot not installed: the gnuplot renderer is not tested here"
fi

# a broken chart definition: the error names file, line and key
mkdir -p "$T/home"
cp -r "$ROOT"/{queries,seeds,charts,report_templates} "$T/home/"
sed -i 's/^sort: desc/sort: downwards/' "$T/home/charts/rank_on_time.yaml"
RELIEFSTAT_HOME="$T/home" expect_status 3 "$RS" report "$D/charts_only.yaml" --region 652300 \
    --period 2024-09 --out "$T/bad"
assert_contains "$T/err" "rank_on_time.yaml:10: key 'sort': 'downwards' is not one of none, asc, desc"
[ ! -e "$T/bad/rank_on_time.png" ] || fail "a PNG was written despite the error"
echo "ok"
