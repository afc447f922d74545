#!/usr/bin/env bash
# The summary the import maintains for finding_rate agrees with the rules:
# for every month of the committed county sample's ledger, ind_findings
# (finding_rate's numerator per region code, read from finding_summary)
# equals find_payments' finding_rate_fen summed per region code; and an
# import of another table that creates a finding (a death crosscheck row for
# a paid payee) moves the summary and the indicator with it.
source "$(dirname "$0")/../lib.sh"

S="$ROOT/samples/county"
U=652325000000
expect_status 0 "$RS" init
inputs=()
for f in "$S"/*.csv; do
    case $(basename "$f") in ground_truth.csv | near_misses.csv) ;; *) inputs+=("$f") ;; esac
done
expect_status 0 "$RS" import "${inputs[@]}"

# compare PERIOD: fail unless the two agree; print the month's total.
compare() {
    "$RS" query find_payments -p region=$U -p period="$1" --format csv >"$T/find.csv" 2>"$T/err" ||
        { cat "$T/err"; fail "find_payments $1"; }
    "$RS" query ind_findings -p region=$U -p period="$1" --format csv >"$T/ind.csv" 2>"$T/err" ||
        { cat "$T/err"; fail "ind_findings $1"; }
    python3 - "$T/find.csv" "$T/ind.csv" "$1" <<'PY' || fail "finding_summary disagrees with find_payments for $1"
import collections, csv, decimal, sys
want = collections.Counter()
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["finding_rate"]:  # finding_rate_fen, shown in yuan
        want[r["region_code"]] += int(decimal.Decimal(r["finding_rate"]) * 100)
got = {r["region_code"]: int(r["numerator"]) for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
want = {k: v for k, v in want.items() if v}
got = {k: v for k, v in got.items() if v}
if want != got:
    sys.exit(f"{sys.argv[3]}: rules {sorted(want.items())} summary {sorted(got.items())}")
print(sum(got.values()))
PY
}

# The sample plants its findings in P = 2024-09; the other months must
# agree too (the summary holds nothing the rules do not name).
for p in 2023-10 2023-11 2023-12 2024-01 2024-02 2024-03 2024-04 2024-05 2024-06 2024-07 2024-08; do
    compare "$p" >/dev/null || exit 1
done
total=$(compare 2024-09) || exit 1
[ "$total" -gt 100000 ] || fail "2024-09 has only $total fen with findings: the comparison proves little"

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
before=$(sql "SELECT paid_fen FROM finding_summary WHERE period = 202409 AND region_code = $code")
printf 'id_number,source,matched_on,event_date,detail\n%s,death,2024-08-20,2024-08-02,死亡登记\n' \
    "$id" >"$T/crosscheck.csv"
expect_status 0 "$RS" import "$T/crosscheck.csv"
after=$(sql "SELECT paid_fen FROM finding_summary WHERE period = 202409 AND region_code = $code")
assert_eq "$after" "$(( ${before:-0} + fen ))" "finding_summary of $code after the death crosscheck"
compare 2024-09 >/dev/null || exit 1
expect_status 0 "$RS" indicators --region "$code" --period 2024-09 --levels self --format csv
num=$(awk -F, '$5 == "finding_rate" {print $6}' "$T/out")
assert_eq "$num" "$(python3 -c "print(f'{$after / 100:.2f}')")" "finding_rate numerator of $code"
echo "ok"
