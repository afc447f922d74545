#!/usr/bin/env bash
# The rules of submit, approve and reopen (reports.md "Submission and
# approval"), on the bank case (prefecture 6523 with two counties with
# records, 652325 and 652327): every refused transition exits 1 with a
# message naming the rule and records nothing (the approval tables'
# content compared before and after); the allowed ones are logged with
# who, when, from, to, reason and the county's fingerprint; --by defaults
# to the login name; a reopened month submitted again keeps its first
# submission date.
source "$(dirname "$0")/../lib.sh"
B="$ROOT/tests/cases/bank_returns"
P=2024-09
expect_status 0 "$RS" init
expect_status 0 "$RS" import "$B"/households.csv "$B"/persons.csv "$B"/payments.csv "$B"/bank_returns.csv

approvals() { sql "SELECT * FROM approval_state ORDER BY 1, 2; SELECT * FROM approval_log ORDER BY seq"; }

# refused EXPECTED-TEXT ARGS...: exit 1, the text on stderr, nothing recorded.
refused() {
    local want=$1 before; shift
    before=$(approvals)
    expect_status 1 "$RS" "$@"
    assert_contains "$T/err" "$want"
    assert_eq "$(approvals)" "$before" "'$*' recorded something"
}

export RELIEFSTAT_NOW="2024-10-03 09:30"
refused "submit takes a county" submit --region 6523 --period $P
refused "652325001 is a township" submit --region 652325001 --period $P
refused "approve takes a county or a prefecture" approve --region 65 --period $P
refused "is in the future" submit --region 652325 --period 2024-11
refused "not a unit of the store" submit --region 652399 --period $P
refused "cannot approve 652325 奇台县 2024-09: it is open" approve --region 652325 --period $P
refused "cannot reopen 652325 奇台县 2024-09: it is open" reopen --region 652325 --period $P --reason x
refused "--period '2024-13' is not a month" submit --region 652325 --period 2024-13

expect_status 0 "$RS" submit --region 652325 --period $P
assert_eq "$(cat "$T/out")" "652325 2024-09: submitted" "submit's line"
assert_eq "$(sql "SELECT by_name FROM approval_log")" "$(id -un)" "--by defaults to the login name"
assert_eq "$(sql "SELECT length(fingerprint) FROM approval_state WHERE region_code = 652325000000")" 64 \
    "the submission's fingerprint"
assert_eq "$(sql "SELECT date(at, 'unixepoch') FROM approval_log")" 2024-10-03 "when"
refused "already submitted" submit --region 652325 --period $P
refused "reopen requires --reason" reopen --region 652325 --period $P
refused "reopen requires --reason" reopen --region 652325 --period $P --reason ""
refused "2 counties of it with records are not approved: 652325 奇台县 (submitted), 652327 吉木萨尔县 (open)" \
    approve --region 6523 --period $P

# Reopened and submitted again: the first date stays, the latest is new.
export RELIEFSTAT_NOW="2024-10-09 16:00"
expect_status 0 "$RS" reopen --region 652325 --period $P --reason "补录台账" --by 审核员
expect_status 0 "$RS" submit --region 652325 --period $P --by 县民政局
assert_eq "$(sql "SELECT state, date(first_submitted_at, 'unixepoch'), date(submitted_at, 'unixepoch')
                  FROM approval_state WHERE region_code = 652325000000")" "submitted|2024-10-03|2024-10-09" \
    "the first submission kept"
expect_status 0 "$RS" approve --region 652325 --period $P --by 州民政局
refused "1 county of it with records is not approved: 652327 吉木萨尔县 (open)" approve --region 6523 --period $P
expect_status 0 "$RS" submit --region 652327 --period $P
expect_status 0 "$RS" approve --region 652327 --period $P
expect_status 0 "$RS" approve --region 6523 --period $P --by 自治区民政厅
refused "already approved" approve --region 6523 --period $P
refused "its prefecture 6523 昌吉回族自治州 is approved for 2024-09; reopen the prefecture first" \
    reopen --region 652325 --period $P --reason x
expect_status 0 "$RS" reopen --region 6523 --period $P --reason "抽查发现问题"
expect_status 0 "$RS" reopen --region 652325 --period $P --reason "更正"
assert_eq "$(sql "SELECT group_concat(action || ':' || (region_code / 1000000) || ':' || from_state || '>' || to_state, ' ')
                  FROM (SELECT * FROM approval_log ORDER BY seq)")" \
    "submit:652325:open>submitted reopen:652325:submitted>open submit:652325:open>submitted approve:652325:submitted>approved submit:652327:open>submitted approve:652327:submitted>approved approve:652300:open>approved reopen:652300:approved>open reopen:652325:approved>open" \
    "the log of every transition"
assert_eq "$(sql "SELECT by_name || '|' || reason FROM approval_log WHERE seq = 2")" "审核员|补录台账" "who and why"
assert_eq "$(sql "SELECT count(*) FROM approval_log WHERE region_code % 100000000 <> 0 AND length(fingerprint) = 64")" 7 \
    "every county transition carries the fingerprint"
assert_eq "$(sql "SELECT count(*) FROM approval_log WHERE region_code % 100000000 = 0 AND fingerprint IS NULL")" 2 \
    "a prefecture's carries none"
# The clock must be a time.
RELIEFSTAT_NOW=yesterday expect_status 1 "$RS" submit --region 652327 --period $P
assert_contains "$T/err" "RELIEFSTAT_NOW"
echo "ok"
