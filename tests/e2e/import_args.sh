#!/usr/bin/env bash
# The command line: files are imported in dependency order whatever their
# order on the line; --table names the table of a file not named after it;
# a non-table file named without --table is a usage error; a header-only
# file is an empty table; an import before init is refused.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/data/import/helpers.sh"
cd "$T"
expect_status 1 "$RS" import "$D/good/households.csv"
assert_contains "$T/err" "reliefstat init"

fresh_db test
expect_status 1 "$RS" import
expect_status 1 "$RS" import --bogus "$D/good/households.csv"
expect_status 1 "$RS" import "$D/good/ground_truth.csv"
assert_contains "$T/err" "ground_truth.csv: not named after a table"
expect_status 1 "$RS" import --table nosuch "$D/good/households.csv"
assert_contains "$T/err" "--table nosuch: not a table"

# Persons and enrolments refer to households given later on the line.
expect_status 0 "$RS" import "$D/good/enrolments.csv" "$D/good/persons.csv" "$D/good/households.csv"
assert_eq "$(head -n 1 "$T/out" | cut -d' ' -f1)" households "households first"
assert_eq "$(sql 'SELECT count(*) FROM enrolments')" 3 "enrolments imported"

# --table for a file named otherwise.
cp "$D/good/payments.csv" ledger-2024-09.csv
expect_status 0 "$RS" import --table payments ledger-2024-09.csv
assert_contains "$T/out" "payments        ledger-2024-09.csv: 3 rows, 3 inserted"
assert_eq "$(sql "SELECT file_name FROM import_batches WHERE table_name = 'payments'")" \
    ledger-2024-09.csv "batch file name"

# A header alone is a valid empty table.
head -n 1 "$D/good/warnings.csv" >warnings.csv
expect_status 0 "$RS" import warnings.csv
assert_contains "$T/out" "warnings.csv: 0 rows, 0 inserted"
assert_eq "$(sql "SELECT count(*) FROM import_batches WHERE file_name = 'warnings.csv'")" 1 "batch"

# A region code whose county is unknown is imported with a warning.
printf '%s\n' "$(head -n 1 "$D/good/households.csv")" \
    'H900,659999100201,rural,652325198503120016,1,0,,,,,' >households.csv
expect_status 0 "$RS" import households.csv
assert_contains "$T/err" "households.csv:2:2: warning: column region_code, value '659999100201': county 659999000000 is not among the divisions"
assert_eq "$(sql "SELECT region_code FROM households WHERE household_id = 'H900'")" 659999100201 "imported"

# Users may add divisions: level and parent are derived, or checked if given.
printf '%s\n' 'code,name,level,parent_code' '652325100201,示例村,,' '659999,新县,county,' >divisions.csv
expect_status 0 "$RS" import divisions.csv
assert_eq "$(sql "SELECT level || ' ' || parent_code FROM divisions WHERE code = 652325100201")" \
    "village 652325100000" "derived level and parent"
assert_eq "$(sql "SELECT parent_code FROM divisions WHERE code = 659999000000")" 659900000000 "parent"
printf '%s\n' '代码,名称,级别,上级代码' '652325100202,另一村,township,' '652325100203,第三村,,652301' >divisions.csv
sed -i 's/^代码/区划代码/' divisions.csv
expect_status 2 "$RS" import divisions.csv
assert_contains "$T/err" "divisions.csv:2:3: column level (级别), value 'township': the code 652325100202 is of level village"
assert_contains "$T/err" "divisions.csv:3:4: column parent_code (上级代码), value '652301': not a unit above"

# A well-formed ID number with a wrong check character, an impossible birth
# date, or in the old 15-digit form is imported: it is a finding, not an error.
printf '%s\n' 'id_number,staff_name,relation,declared' '652325198503120017,甲,子女,是' \
    '650102199002290030,乙,配偶,否' '652325850312003,丙,兄弟,1' >staff_relatives.csv
expect_status 0 "$RS" import staff_relatives.csv
assert_contains "$T/out" "3 rows, 3 inserted"
