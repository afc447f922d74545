#!/usr/bin/env bash
# `findings --codes`: the leads alone for an inspector.  Over the committed
# county sample (which plants every F_BANK_ and R_ code), a prefix keeps
# exactly the findings of the codes it begins, a list of codes and prefixes
# their union, each row as the unfiltered run gives it (masked); --out
# writes the CSV with a BOM, whole, and nothing on standard output; a code
# or prefix the catalogue does not know, or a malformed list, is a usage
# error (exit 1) that writes no file.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
large_input "the county sample"
load_sample county
U=652325 P=2024-09
expect_status 0 "$RS" findings --region $U --period $P --format csv
cp "$T/out" "$T/all.csv"

# rows_of PATTERN: the rows of the unfiltered run whose code matches the
# extended regular expression PATTERN, header first.
rows_of() { head -n 1 "$T/all.csv"; tail -n +2 "$T/all.csv" | grep -E "^($1)," || true; }

# codes_of FILE: the distinct codes of a findings CSV.
codes_of() { tail -n +2 "$1" | cut -d, -f1 | sort -u | tr '\n' ' '; }

expect_status 0 "$RS" findings --region $U --period $P --codes R_ --format csv
cmp -s "$T/out" <(rows_of 'R_[A-Z_]*') || fail "--codes R_ differs from the R_ rows of the full list"
assert_eq "$(codes_of "$T/out")" "R_ACCOUNT_NAME R_SHARED_ACCOUNT " "--codes R_"
assert_eq "$(($(wc -l <"$T/out") - 1))" "$(grep -c '^R_' "$ROOT/samples/county/ground_truth.csv")" \
    "the leads of the ground truth"
grep -q '6230\*\{11\}[0-9]\{4\}' "$T/out" || fail "no masked account in R_SHARED_ACCOUNT's detail"

expect_status 0 "$RS" findings --region $U --period $P --codes F_BANK_,R_ACCOUNT_NAME --format csv
cmp -s "$T/out" <(rows_of 'F_BANK_[A-Z_]*|R_ACCOUNT_NAME') || fail "--codes F_BANK_,R_ACCOUNT_NAME"
assert_eq "$(codes_of "$T/out")" "F_BANK_AMOUNT F_BANK_FAILED F_BANK_MISSING R_ACCOUNT_NAME " \
    "--codes F_BANK_,R_ACCOUNT_NAME"

# --out: CSV whatever the terminal, with a BOM, and nothing on stdout.
expect_status 0 "$RS" findings --region $U --period $P --codes R_ --out "$T/leads.csv"
[ ! -s "$T/out" ] || fail "--out printed to standard output"
assert_eq "$(head -c 3 "$T/leads.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "BOM of the --out file"
cmp -s <(tail -c +4 "$T/leads.csv") <(rows_of 'R_[A-Z_]*') || fail "--out file differs from the CSV"

# Usage errors: an unknown code, a prefix of none, an empty entry, an option
# without its value; none writes the file.
for bad in R_SHARED X_ "F_BANK_FAILED," ",R_" "r_"; do
    expect_status 1 "$RS" findings --region $U --period $P --codes "$bad" --out "$T/bad.csv"
    assert_contains "$T/err" "--codes"
    [ ! -e "$T/bad.csv" ] || fail "--codes '$bad' wrote a file"
done
expect_status 1 "$RS" findings --region $U --period $P --codes
echo "ok"
