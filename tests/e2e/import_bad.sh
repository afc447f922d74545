#!/usr/bin/env bash
# Every class of bad input in the data contract fails the import with exit 2,
# a message naming file:line:column (or file:line), the value and the reason,
# masks ID numbers, writes a rejects file, and leaves the database exactly as
# it was.  The cases are listed in tests/data/import/bad/cases.txt.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/data/import/helpers.sh"
cd "$T"
fresh_db test
expect_status 0 "$RS" import "$D/good"
before=$(db_digest)

# check_bad FILE TABLE LOCATION REASON
check_bad() {
    rm -f "$T/rejects.csv"
    expect_status 2 "$RS" import --table "$2" "$1"
    assert_contains "$T/err" "$3"
    assert_contains "$T/err" "$4"
    assert_contains "$T/err" "nothing imported"
    [ -s "$T/rejects.csv" ] || fail "$1: no rejects file"
    assert_contains "$T/rejects.csv" "$1"
    assert_eq "$(db_digest)" "$before" "$1 left the database unchanged"
}

n=0
while IFS='|' read -r file table loc reason; do
    case $file in '' | '#'*) continue ;; esac
    cp "$D/bad/$file" "$T/$file"
    check_bad "$file" "$table" "$loc" "$reason"
    n=$((n + 1))
done <"$D/bad/cases.txt"
[ "$n" -ge 17 ] || fail "only $n cases read"

# The full ID number of the wrong-length case never appears in messages.
cp "$D/bad/id_length.csv" .
expect_status 2 "$RS" import --table persons id_length.csv
assert_not_contains "$T/err" "65232519850312001"
# Nor does the full account number of a bank row whose account turns up
# under another column (a shifted cell): masked there like the account.
cp "$D/bad/bank_shifted.csv" .
expect_status 2 "$RS" import --table bank_returns bank_shifted.csv
assert_not_contains "$T/err" "6230520110001234567"

# Bytes that are neither UTF-8 nor GB18030 (at the first byte valid in
# neither reading), a NUL byte, an empty file.
P=payment_id,household_id,id_number,region_code,item,period,amount_due,amount_paid
printf '%s\nP1,\377\376,652325198503120016,652325100201,dibao,2024-09,1,1\n' "$P" >not_text.csv
check_bad not_text.csv payments "not_text.csv:2:4: " "neither UTF-8 nor GB18030"
# A persons file that is UTF-8 but for three bytes on line 5 (read as
# GB18030 it fails already on line 2's Chinese): the first of those bytes.
LC_ALL=C sed '5s/,H003,/,H0\xff\xfe\xfd03,/' "$D/good/persons.csv" >utf8_bad_bytes.csv
head -n 4 utf8_bad_bytes.csv | iconv -f GB18030 -t UTF-8 >/dev/null 2>&1 &&
    fail "lines 1-4 of utf8_bad_bytes.csv read as GB18030: the case would test nothing"
check_bad utf8_bad_bytes.csv persons "utf8_bad_bytes.csv:5:32: " "byte 0xFF is neither UTF-8 nor GB18030"
# The same rows in GB18030 (not UTF-8 from line 2) with a byte GB18030 does
# not know on line 4.
iconv -f UTF-8 -t GB18030 "$D/good/persons.csv" | LC_ALL=C sed '4s/,H002,/,H0\xff02,/' >gb_bad_bytes.csv
check_bad gb_bad_bytes.csv persons "gb_bad_bytes.csv:4:29: " "byte 0xFF is neither UTF-8 nor GB18030"
printf '%s\nP1,H0\000,652325198503120016,652325100201,dibao,2024-09,1,1\n' "$P" >nul.csv
check_bad nul.csv payments "nul.csv:2:6: " "NUL byte"
: >empty.csv
check_bad empty.csv payments "empty.csv:1: " "no header"
printf '\n\n' >blank.csv
check_bad blank.csv payments "blank.csv:1: " "no header"
echo "$((n + 6)) bad-input cases rejected"
