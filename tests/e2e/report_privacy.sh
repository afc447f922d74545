#!/usr/bin/env bash
# Privacy and isolation: by default no full ID number or name from the input
# appears in any output (xlsx XML unzipped, manifest); a county's workbooks
# hold no household of another county; --unmasked is recorded.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/tools/report_setup.sh"

for tpl in monthly assessment; do
    expect_status 0 "$RS" report $tpl --region 652325 --period 2024-09 --out "$T/rep/$tpl"
done
outputs=$(ls "$T"/rep/*/*.xlsx "$T"/rep/*/*.json)
[ "$(echo "$outputs" | grep -c xlsx)" -eq 2 ] || fail "expected two workbooks"
check absent "$T/data/ids.txt" $outputs
check absent "$T/data/names.txt" $outputs
check absent "$T/data/households_652324.txt" $outputs
# ...while the county's own households are there (the check can fail).
! "$PY" "$CHECK" absent "$T/data/households_652325.txt" "$T"/rep/monthly/*.xlsx 2>/dev/null ||
    fail "the county's own households are missing from its findings"
# The masked form of the ID paid after death (fixture household 3's head)
# is what the findings list shows.
id=$(sed -n 5p "$T/data/ids.txt")
unzip -p "$T"/rep/monthly/*.xlsx xl/sharedStrings.xml > "$T/s.xml"
grep -q "${id:0:6}\*\{8\}${id:14:4}" "$T/s.xml" || fail "no masked ID ${id:0:6}********${id:14:4}"

expect_status 0 "$RS" --unmasked report monthly --region 652325 --period 2024-09 --out "$T/full"
"$PY" -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["masked"] is False and m["parameters"]["unmasked"] == "true" and "--unmasked" in m["command"]' \
    "$T/full/manifest.json" || fail "--unmasked is not recorded in the manifest"
