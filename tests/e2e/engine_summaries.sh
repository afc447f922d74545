#!/usr/bin/env bash
# The summaries the import maintains agree with the queries they summarise:
# for every month of the committed county sample's ledger, ind_summary
# equals the families' indicator queries (ind_payments, ind_households;
# ind_bank) + the finding_rate_fen of their finding queries (find_payments,
# find_bank; one per payment_id) run from the base tables, summed per region
# code and indicator, and find_payments_summary gives the finding queries'
# rows; `findings` reads the stored rows for a summarised month and runs
# the rules for any other; a month outside the ledger is computed from the
# base tables; an import of another table that creates a finding (a death
# crosscheck row for a paid payee) moves the summary and the indicator with
# it; an import that changes nothing the summarised queries read rebuilds
# none of them; a bank return file rebuilds the bank rules of its month
# alone.
source "$(dirname "$0")/../lib.sh"
large_input "every month of the county sample"

S="$ROOT/samples/county"
U=652325000000
expect_status 0 "$RS" init
inputs=()
for f in "$S"/*.csv; do
    case $(basename "$f") in ground_truth.csv | near_misses.csv) ;; *) inputs+=("$f") ;; esac
done
expect_status 0 "$RS" import "${inputs[@]}"

# compare PERIOD: fail unless ind_summary equals the summarised queries run
# from the base tables, summed per region code and indicator; print the
# month's money with findings (fen).
compare() {
    for q in ind_summary ind_payments ind_households ind_bank find_payments find_bank \
        find_payments_summary; do
        "$RS" query $q -p region=$U -p period="$1" --format csv >"$T/$q.csv" 2>"$T/err" ||
            { cat "$T/err"; fail "$q $1"; }
    done
    python3 - "$T" "$1" <<'PY' || fail "indicator_summary or payment_findings disagree with the queries for $1"
import collections, csv, decimal, sys
d, month = sys.argv[1], sys.argv[2]
rows = lambda q: list(csv.DictReader(open(f"{d}/{q}.csv", encoding="utf-8-sig")))
num = lambda v: int(v) if v else 0
stored = rows("find_payments_summary")
cols = list(stored[0]) if stored else []
found = rows("find_payments") + rows("find_bank")
key = lambda r: tuple(r.get(c, "") for c in cols)
if sorted(map(key, found)) != sorted(map(key, stored)):
    sys.exit(f"{month}: payment_findings ({len(stored)} rows) differ from find_payments + find_bank ({len(found)})")
want = collections.defaultdict(lambda: [0, 0])
for q in ("ind_payments", "ind_households", "ind_bank"):
    for r in rows(q):
        w = want[(r["region_code"], r["indicator"])]
        w[0] += num(r["numerator"])
        w[1] += num(r["denominator"])
fen, seen = 0, set()
for r in found:
    if r["finding_rate"] and r["payment_id"] not in seen:  # finding_rate_fen, shown in yuan
        seen.add(r["payment_id"])
        v = int(decimal.Decimal(r["finding_rate"]) * 100)
        want[(r["region_code"], "finding_rate")][0] += v
        fen += v
got = collections.defaultdict(lambda: [0, 0])  # finding_rate: a denominator row and a numerator row
for r in rows("ind_summary"):
    g = got[(r["region_code"], r["indicator"])]
    g[0] += num(r["numerator"])
    g[1] += num(r["denominator"])
if not got or dict(want) != dict(got):
    diff = [k for k in set(want) | set(got) if want.get(k) != got.get(k)][:5]
    sys.exit(f"{month}: {len(got)} summary rows, {len(want)} computed; differ at {diff}")
print(fen)
PY
}

# Every month of the ledger is summarised and agrees; the sample plants its
# findings in P = 2024-09.
assert_eq "$(sql 'SELECT group_concat(period) FROM summary_months')" \
    "202310,202311,202312,202401,202402,202403,202404,202405,202406,202407,202408,202409" \
    "summary_months"
for p in 2023-10 2023-11 2023-12 2024-01 2024-02 2024-03 2024-04 2024-05 2024-06 2024-07 2024-08; do
    compare "$p" >/dev/null || exit 1
done
total=$(compare 2024-09) || exit 1
[ "$total" -gt 100000 ] || fail "2024-09 has only $total fen with findings: the comparison proves little"

# findings: the stored payment rules' rows for a summarised month, the rules
# themselves for another.
ran() { # ran QUERY: how many times the traced run in $T/err ran catalogue query QUERY
    grep -c "^trace: $1 " "$T/err"
}
RELIEFSTAT_TRACE=1 "$RS" findings --region $U --period 2024-09 --format csv >"$T/f.csv" 2>"$T/err" ||
    fail "findings 2024-09"
assert_eq "$(ran find_payments_summary)/$(ran find_payments)" "1/0" "payment rules of 2024-09 (summarised)"
# ... and the household rules run per township, on both threads.
[ "$(grep -c '^trace: find_households .*(second thread)$' "$T/err")" -ge 1 ] &&
    [ "$(grep '^trace: find_households ' "$T/err" | grep -vc 'second thread')" -ge 1 ] ||
    fail "the household rules of 2024-09 did not run on two threads: $(grep find_households "$T/err")"
RELIEFSTAT_TRACE=1 "$RS" findings --region $U --period 2024-10 --format csv >"$T/f.csv" 2>"$T/err" ||
    fail "findings 2024-10"
assert_eq "$(ran find_payments_summary)/$(ran find_payments)" "0/1" "payment rules of 2024-10 (not summarised)"

# A month outside the ledger is computed from the base tables: its review
# coverage is the households' own (the summary holds nothing for it).
expect_status 0 "$RS" query ind_households -p region=$U -p period=2024-10 --format csv
want=$(awk -F, '$2 == "review_coverage" {n += $3; d += $4} END {print n "/" d}' "$T/out")
expect_status 0 "$RS" indicators --region $U --period 2024-10 --levels self --format csv
got=$(awk -F, '$5 == "review_coverage" {printf "%d/%d", $6, $7}' "$T/out")
assert_eq "$got" "$want" "review_coverage of 2024-10 (not summarised)"
[ "${want#*/}" -gt 100 ] || fail "2024-10 has only ${want#*/} households due a review"

# A paid dibao row of 2024-09 without any finding; its payee is then
# reported dead by a crosscheck import (a table find_payments reads, not the
# ledger): the summary must follow.
"$RS" query find_payments -p region=$U -p period=2024-09 --format csv >"$T/find.csv"
python3 - "$S/payments.csv" "$T/find.csv" "$S/persons.csv" >"$T/pick" <<'PY' || fail "no clean row to pick"
import csv, sys
named = {r["payment_id"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
dead = {r["id_number"] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8")) if r["death_date"]}
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
payees = {}
for r in rows:
    if r["period"] == "2024-09":
        payees.setdefault(r["id_number"], []).append(r)
for r in rows:
    if (r["period"] == "2024-09" and r["item"] == "dibao" and r["payment_id"] not in named
            and float(r["amount_paid"]) > 0 and float(r["amount_due"]) > 0
            and r["id_number"] not in dead and len(payees[r["id_number"]]) == 1):
        print(r["id_number"], r["region_code"], round(float(r["amount_paid"]) * 100))
        break
else:
    sys.exit(1)
PY
read -r id code fen <"$T/pick"
summary() { # finding_rate's numerator as stored: payment_findings, one per payment_id
    sql "SELECT SUM(fen) FROM (SELECT MAX(finding_rate_fen) AS fen FROM payment_findings
         WHERE period = 202409 AND region_code = $code GROUP BY payment_id)"
}
before=$(summary)
printf 'id_number,source,matched_on,event_date,detail\n%s,death,2024-08-20,2024-08-02,死亡登记\n' \
    "$id" >"$T/crosscheck.csv"
expect_status 0 "$RS" import "$T/crosscheck.csv"
after=$(summary)
assert_eq "$after" "$(( ${before:-0} + fen ))" "finding_rate in payment_findings of $code after the death crosscheck"
compare 2024-09 >/dev/null || exit 1
expect_status 0 "$RS" indicators --region "$code" --period 2024-09 --levels self --format csv
num=$(awk -F, '$5 == "finding_rate" {print $6}' "$T/out")
assert_eq "$num" "$(python3 -c "print(f'{$after / 100:.2f}')")" "finding_rate numerator of $code"

# item_scope is read by the payment rules too: narrowing education to tekun
# households in the county from 2024-09 (an import overriding the shipped
# defaults; the sample pays it to dibao households) adds F_ITEM_SCOPE rows
# to the stored findings of 2024-09 only.
stored() { sql "SELECT count(*) FROM payment_findings WHERE code = 'F_ITEM_SCOPE' AND period = $1"; }
before=$(stored 202409) before08=$(stored 202408)
printf 'region_code,item,category,effective_from\n652325,education,tekun,2024-09\n' \
    >"$T/item_scope.csv"
expect_status 0 "$RS" import "$T/item_scope.csv"
[ "$(stored 202409)" -gt "$before" ] || fail "no F_ITEM_SCOPE stored after the item_scope import ($before)"
assert_eq "$(stored 202408)" "$before08" "F_ITEM_SCOPE of 2024-08 (before the override)"
compare 2024-09 >/dev/null || exit 1
compare 2024-08 >/dev/null || exit 1

# Imports that change no table the summarised queries read rebuild none of
# them: the same crosscheck file again (every row unchanged), then a budget
# (only record_units reads budgets).  A new review does rebuild them.
RELIEFSTAT_TRACE=1 "$RS" import "$T/crosscheck.csv" >/dev/null 2>"$T/err" || fail "crosscheck again"
assert_eq "$(ran find_payments)" 0 "summarised queries run by an import that changed nothing"
head -1 "$S/budgets.csv" >"$T/budgets.csv"
sed -n 2p "$S/budgets.csv" | awk -F, -v OFS=, '{$2 = 2031; print}' >>"$T/budgets.csv"
RELIEFSTAT_TRACE=1 "$RS" import "$T/budgets.csv" >/dev/null 2>"$T/err" || { cat "$T/err"; fail "budget"; }
assert_eq "$(ran find_payments)" 0 "summarised queries run by a budget import"
assert_eq "$(sql 'SELECT COUNT(*) FROM budgets WHERE year = 2031')" 1 "the 2031 budget row"
compare 2024-09 >/dev/null || exit 1
hh=$(awk -F, 'NR == 2 {print $1}' "$S/reviews.csv")
printf 'household_id,reviewed_on,kind,outcome\n%s,2024-09-21,comprehensive,continue\n' "$hh" \
    >"$T/reviews.csv"
RELIEFSTAT_TRACE=1 "$RS" import "$T/reviews.csv" >/dev/null 2>"$T/err" || { cat "$T/err"; fail "review"; }
assert_eq "$(ran find_payments)" 12 "find_payments runs after a review import (one per ledger month)"
compare 2024-09 >/dev/null || exit 1

# A ledger batch rebuilds the months it touched and no other: a new row of
# 2024-05 (a second payment of a payee: a duplicate) runs the payment rules
# once; a row of 2024-03 moved to 2024-04 runs them for both months.  Every
# month still agrees with the queries.
mkdir -p "$T/l1" "$T/l2"
awk -F, -v OFS=, 'NR == 1 {print; next} $6 == "2024-05" && $7 + 0 > 0 && !done {$1 = $1 "-X"; print; done = 1}' \
    "$S/payments.csv" >"$T/l1/payments.csv"
[ "$(wc -l <"$T/l1/payments.csv")" -eq 2 ] || fail "no 2024-05 row to copy"
RELIEFSTAT_TRACE=1 "$RS" import "$T/l1/payments.csv" >/dev/null 2>"$T/err" || { cat "$T/err"; fail "ledger row"; }
assert_eq "$(ran find_payments)" 1 "find_payments runs after a 2024-05 ledger row"
awk -F, -v OFS=, 'NR == 1 {print; next} $6 == "2024-03" && !done {$6 = "2024-04"; print; done = 1}' \
    "$S/payments.csv" >"$T/l2/payments.csv"
RELIEFSTAT_TRACE=1 "$RS" import "$T/l2/payments.csv" >/dev/null 2>"$T/err" || { cat "$T/err"; fail "moved row"; }
assert_eq "$(ran find_payments)" 2 "find_payments runs after a row moved from 2024-03 to 2024-04"
for p in 2023-10 2023-11 2023-12 2024-01 2024-02 2024-03 2024-04 2024-05 2024-06 2024-07 2024-08 2024-09; do
    compare "$p" >/dev/null || exit 1
done
# A bank return file of 2024-09 (every paid row of the month confirmed but
# the first, which the bank reports failed) rebuilds the bank rules of
# 2024-09 alone; the stored findings and indicators follow it, and again
# when the bank replaces the row by a success.
awk -F, -v OFS=, 'NR == 1 {print "bank_ref,region_code,period,account_no,account_name,amount,status"; next}
    $6 == "2024-09" && $8 + 0 > 0 && $11 != "" && substr($4, 1, 6) == "652325" {
        print $11, $4, $6, "62305201" substr($3, 7, 11), "某", $8, (n++ ? "success" : "failed") }' \
    "$S/payments.csv" >"$T/bank_returns.csv"
first=$(awk -F, 'NR == 2 {print $1}' "$T/bank_returns.csv")
RELIEFSTAT_TRACE=1 "$RS" import "$T/bank_returns.csv" >/dev/null 2>"$T/err" || { cat "$T/err"; fail "bank returns"; }
assert_eq "$(ran find_bank)/$(ran find_payments)" "1/0" "bank and payment rules run after a 2024-09 bank file"
failed() { sql "SELECT count(*) FROM payment_findings p JOIN payments l USING (payment_id)
                WHERE p.code = 'F_BANK_FAILED' AND l.bank_ref = '$first'"; }
assert_eq "$(failed)" 1 "F_BANK_FAILED stored for $first"
compare 2024-09 >/dev/null || exit 1
compare 2024-08 >/dev/null || exit 1
expect_status 0 "$RS" indicators --region $U --period 2024-09 --levels self --format csv
rows=$(($(wc -l <"$T/bank_returns.csv") - 1))
assert_eq "$(awk -F, '$5 == "bank_reconciled" {print $6 "/" $7}' "$T/out" | cut -d/ -f1)" \
    "$((rows - 1))" "bank_reconciled's numerator: every row of the file but the failed one"
sed -i '2s/,failed$/,success/' "$T/bank_returns.csv"
RELIEFSTAT_TRACE=1 "$RS" import "$T/bank_returns.csv" >/dev/null 2>"$T/err" || { cat "$T/err"; fail "bank again"; }
assert_eq "$(ran find_bank)" 1 "bank rules run after the replaced bank row"
assert_eq "$(failed)" 0 "F_BANK_FAILED of $first gone once the bank reports success"
compare 2024-09 >/dev/null || exit 1
echo "ok"
