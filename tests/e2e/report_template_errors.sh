#!/usr/bin/env bash
# Template errors name the file, line and key and leave no partial output;
# bad arguments are usage errors.
source "$(dirname "$0")/../lib.sh"
expect_status 0 "$RS" init

sed 's/^      blocks:/      blokcs:/' "$ROOT/report_templates/monthly.yaml" > "$T/bad_key.yaml"
cp "$ROOT/report_templates/_lookups.yaml" "$T/"
line=$(grep -n 'blokcs:' "$T/bad_key.yaml" | head -1 | cut -d: -f1)
expect_status 3 "$RS" report "$T/bad_key.yaml" --region 652325 --period 2024-09 --out "$T/rep"
assert_contains "$T/err" "$T/bad_key.yaml:$line: key 'blokcs': unknown key"

printf 'title: x\nworkbook:\n  file: [a\n' > "$T/bad.yaml"
expect_status 3 "$RS" report "$T/bad.yaml" --region 652325 --period 2024-09 --out "$T/rep"
assert_contains "$T/err" "$T/bad.yaml:"

sed 's/type: yuan}/type: money}/' "$ROOT/report_templates/monthly.yaml" > "$T/bad_type.yaml"
line=$(grep -n 'type: money}' "$T/bad_type.yaml" | head -1 | cut -d: -f1)
expect_status 3 "$RS" report "$T/bad_type.yaml" --region 652325 --period 2024-09 --out "$T/rep"
assert_contains "$T/err" "$T/bad_type.yaml:$line: key 'type': unknown type 'money'"

# A column the dataset lacks is found when the sheet is drawn: the message
# names the template line, and no workbook or temporary file is left.
sed 's/field: rows_read,/field: rows_reed,/' "$ROOT/report_templates/monthly.yaml" > "$T/bad_field.yaml"
line=$(grep -n 'rows_reed' "$T/bad_field.yaml" | head -1 | cut -d: -f1)
expect_status 3 "$RS" report "$T/bad_field.yaml" --region 652325 --period 2024-09 --out "$T/rep"
assert_contains "$T/err" "$T/bad_field.yaml:$line: key 'field': dataset 'report_batches' has no column 'rows_reed'"
[ -z "$(ls -A "$T/rep" 2>/dev/null)" ] || fail "partial output left: $(ls -A "$T/rep")"

expect_status 1 "$RS" report nosuch --region 652325 --period 2024-09 --out "$T/rep"
assert_contains "$T/err" "unknown template 'nosuch'"
expect_status 1 "$RS" report monthly --region 652325 --out "$T/rep"
expect_status 1 "$RS" report monthly --region 652325 --period 2024-13 --out "$T/rep"
expect_status 1 "$RS" report monthly --region 652325 --period 2024-09 --lang fr --out "$T/rep"
expect_status 1 "$RS" report monthly --region 659999 --period 2024-09 --out "$T/rep"
