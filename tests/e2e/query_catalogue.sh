#!/usr/bin/env bash
# `reliefstat query`: listing, binding, usage errors, and the read-only
# guard.  Malicious catalogue files are put in a copy of the home directory
# (RELIEFSTAT_HOME), never in the real catalogue; the database must come
# out of every refused run unchanged.
source "$(dirname "$0")/../lib.sh"
[ -x "$RS" ] || fail "build first: $RS is missing"
expect_status 0 "$RS" init
cat >"$T/payments.csv" <<'CSV'
payment_id,household_id,id_number,region_code,item,period,amount_due,amount_paid,paid_on
P1,H1,652325198001011004,652325100201,dibao,2024-09,500,500,2024-09-10
P2,H2,65232519800202101X,652324100201,dibao,2024-09,500,400,2024-09-10
CSV
expect_status 0 "$RS" import "$T/payments.csv"
before=$(db_digest)

# The catalogue lists itself with descriptions and parameter types.
expect_status 0 "$RS" query --list --format csv
assert_contains "$T/out" "ind_payments,region:region period:month,"
assert_contains "$T/out" "divisions_in,region:region,"

# A query runs with bound, converted parameters (6523 -> 652300000000).
expect_status 0 "$RS" query divisions_in -p region=6523 --format csv
assert_contains "$T/out" "652325000000,奇台县,county,652300000000"
assert_not_contains "$T/out" "650100000000"

# Usage errors: missing parameter, unknown parameter, bad value, unknown query.
expect_status 1 "$RS" query divisions_in
assert_contains "$T/err" "needs parameter 'region'"
expect_status 1 "$RS" query divisions_in -p region=6523 -p bogus=1
assert_contains "$T/err" "has no parameter 'bogus'"
expect_status 1 "$RS" query divisions_in -p "region='; DROP TABLE payments; --"
assert_contains "$T/err" "is not a region code"
expect_status 1 "$RS" query no_such_query
expect_status 1 "$RS" query ../queries/schema/v1 -p region=65
assert_eq "$(db_digest)" "$before" "database unchanged by refused usage"

# The look-up by region prefix is written once, in queries/lib/ (queries/README.md).
outside=$(grep -rlF --include='*.sql' '/ 10000000000 * 10000000000,' "$ROOT/queries" |
    grep -v "^$ROOT/queries/lib/")
[ -z "$outside" ] || fail "the region-prefix look-up outside queries/lib/ (include lib/param_at.sql or lib/standard_at.sql): $outside"
[ -n "$(grep -rlF '/ 10000000000 * 10000000000,' "$ROOT/queries/lib")" ] || fail "no look-up in queries/lib/"

# Hostile catalogue files in a copy of the home directory.
home="$T/home"
mkdir -p "$home"
cp -r "$ROOT/queries" "$ROOT/seeds" "$home/"
printf -- '-- param: region region\nDELETE FROM payments WHERE region_code >= :region\n' \
    >"$home/queries/evil_delete.sql"
printf 'ATTACH DATABASE %s AS x\n' "'$T/other.db'" >"$home/queries/evil_attach.sql"
printf 'PRAGMA user_version = 0\n' >"$home/queries/evil_pragma.sql"
printf "SELECT load_extension('/tmp/x.so')\n" >"$home/queries/evil_ext.sql"
printf 'SELECT 1; DELETE FROM payments\n' >"$home/queries/evil_two.sql"
printf -- '-- param: who text\nSELECT payment_id FROM payments WHERE household_id = :who\n' \
    >"$home/queries/by_household.sql"
for q in evil_delete evil_attach evil_pragma evil_ext evil_two; do
    args=()
    [ $q = evil_delete ] && args=(-p region=65)
    RELIEFSTAT_HOME="$home" expect_status 3 "$RS" query $q "${args[@]}"
    assert_contains "$T/err" "refused"
done
[ ! -e "$T/other.db" ] || fail "ATTACH created a database"
assert_eq "$(db_digest)" "$before" "database unchanged by refused queries"

# A hostile value in a text parameter is data, never SQL.
RELIEFSTAT_HOME="$home" expect_status 0 "$RS" query by_household \
    -p "who=H1' OR '1'='1'; DROP TABLE payments; --" --format csv
assert_eq "$(wc -l <"$T/out")" "1" "injection matched no row"
RELIEFSTAT_HOME="$home" expect_status 0 "$RS" query by_household -p who=H1 --format csv
assert_contains "$T/out" "P1"
assert_eq "$(db_digest)" "$before" "database unchanged by the hostile value"
assert_eq "$(sql 'SELECT count(*) FROM payments')" "2" "payments intact"
