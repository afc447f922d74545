#!/usr/bin/env bash
# The same rows written with CRLF line ends, a UTF-8 BOM, in GB18030, or with
# Chinese headers in another column order are stored exactly like the plain
# UTF-8 files; the batch records the detected encoding.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/data/import/helpers.sh"
cd "$T"
files="households persons payments referrals bank_returns"
plain() { # import the good files, as given, into a fresh db named $1
    fresh_db "$1"
    expect_status 0 "$RS" import $(for f in $files; do echo "$D/good/$f.csv"; done)
}
plain plain
want=$(data_digest)

variant() { # NAME COMMAND: write each file through COMMAND into $T/NAME/, import it
    local name=$1 f; shift
    mkdir -p "$T/$name"
    for f in $files; do "$@" <"$D/good/$f.csv" >"$T/$name/$f.csv"; done
    fresh_db "$name"
    expect_status 0 "$RS" import "$T/$name"
    assert_eq "$(data_digest)" "$want" "$name import stores the same rows"
}
variant crlf sed 's/$/\r/'
grep -q $'\r' "$T/crlf/payments.csv" || fail "no CRLF written"
variant bom sh -c 'printf "\357\273\277"; cat'
assert_eq "$(sql "SELECT DISTINCT encoding FROM import_batches WHERE table_name = 'payments'")" "UTF-8 BOM" "BOM"
variant gb iconv -f UTF-8 -t GB18030
iconv -f UTF-8 -t UTF-8 "$T/gb/persons.csv" >/dev/null 2>&1 && fail "GB18030 file is valid UTF-8"
assert_eq "$(sql "SELECT DISTINCT encoding FROM import_batches WHERE table_name = 'persons'")" GB18030 "GB18030"
assert_eq "$(sql "SELECT name FROM persons WHERE id_number = '652325198503120016'")" "买买提·艾力" "GB18030 text"
assert_eq "$(sql "SELECT account_name || status FROM bank_returns WHERE bank_ref = 'B0002'")" "李建国failed" \
    "GB18030 bank return (账户户名, 失败)"
variant gbcrlf sh -c "iconv -f UTF-8 -t GB18030 | sed 's/\$/\r/'"

# Chinese headers in another order (and an unknown column, warned about and
# ignored) store the same rows as the English file.
fresh_db zh
expect_status 0 "$RS" import --table households "$D/households_zh.csv"
assert_contains "$T/err" "households_zh.csv:1:11: warning: unknown column '备注' ignored"
zh=$(sql "SELECT * FROM households ORDER BY 1")
fresh_db en
expect_status 0 "$RS" import "$D/good/households.csv"
assert_eq "$zh" "$(sql "SELECT * FROM households ORDER BY 1")" "Chinese headers"
