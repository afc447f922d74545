#!/usr/bin/env bash
# reliefstat sample is a pure function of its seed: the same seed gives
# byte-identical files, another seed a different dataset; bad arguments are
# usage errors (exit 1).
source "$(dirname "$0")/../lib.sh"
large_input "five generated samples"

digest() { (cd "$1" && sha256sum ./*.csv sample.txt); }

for scale in county prefecture; do
    expect_status 0 "$RS" sample --out "$T/a-$scale" --scale "$scale" --seed 7
    expect_status 0 "$RS" sample --out "$T/b-$scale" --scale "$scale" --seed 7
    assert_eq "$(digest "$T/a-$scale")" "$(digest "$T/b-$scale")" "$scale seed 7 twice"
done

expect_status 0 "$RS" sample --out "$T/c" --scale county --seed 8
for f in households persons payments applications; do
    ! cmp -s "$T/a-county/$f.csv" "$T/c/$f.csv" || fail "$f.csv same for seeds 7 and 8"
done
# Another seed still plants every case: same ground-truth size.
assert_eq "$(wc -l <"$T/c/ground_truth.csv")" "$(wc -l <"$T/a-county/ground_truth.csv")" \
    "ground truth rows, seed 8 vs 7"

# Every file of the contract is there, with a header, and sample.txt counts its rows.
for f in divisions standards params households persons enrolments payments budgets \
    applications reviews referrals warnings crosscheck staff_relatives item_scope; do
    [ -s "$T/a-county/$f.csv" ] || fail "$f.csv missing"
    rows=$(($(wc -l <"$T/a-county/$f.csv") - 1))
    assert_contains "$T/a-county/sample.txt" "rows.$f=$rows"
done
assert_contains "$T/a-county/sample.txt" "region=652325000000"
assert_contains "$T/a-prefecture/sample.txt" "region=652300000000"
assert_contains "$T/a-county/sample.txt" "period=2024-09"

expect_status 1 "$RS" sample --out "$T/x" --scale nation
assert_contains "$T/err" "unknown scale"
expect_status 1 "$RS" sample --scale county
assert_contains "$T/err" "--out"
expect_status 1 "$RS" sample --out "$T/x" --seed -3
echo "ok"
