#!/usr/bin/env bash
# The command line's one option parser (src/cli/options.c): global options
# anywhere on the line and in both forms; every command's --help; usage
# errors (exit 1, naming the command and the option) for an unknown option,
# a missing value, a value option given twice, a flag given a value, a value
# outside a choice; -p repeatable; "--" ending the options; values passed as
# the bytes given; the manifest's command line with the global options
# first, wherever they stood.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/data/import/helpers.sh"
cd "$T"

# The program's own options.
expect_status 0 "$RS" --version
assert_contains "$T/out" "reliefstat "
expect_status 0 "$RS" --help
assert_contains "$T/out" "usage: reliefstat [--db FILE] [--unmasked] COMMAND [ARGS]"
expect_status 1 "$RS"
assert_contains "$T/err" "usage: reliefstat"
expect_status 1 "$RS" --bogus
assert_contains "$T/err" "reliefstat: unknown option --bogus"
expect_status 1 "$RS" frobnicate
assert_contains "$T/err" "reliefstat: unknown command 'frobnicate'"
expect_status 1 "$RS" --db
assert_contains "$T/err" "missing argument for --db"
expect_status 1 "$RS" --db a.db --db=b.db init
assert_contains "$T/err" "--db given twice"
expect_status 1 "$RS" --unmasked=no init
assert_contains "$T/err" "--unmasked takes no value"
[ ! -e a.db ] && [ ! -e b.db ] || fail "a refused line created a database"

# Every command listed has a --help on stdout, exit 0, that reads no
# database (none exists here) and names its options and the global ones.
"$RS" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p' >commands
[ "$(wc -l <commands)" -ge 7 ] || fail "commands listed: $(cat commands)"
while read -r c; do
    expect_status 0 "$RS" "$c" --help
    assert_contains "$T/out" "reliefstat $c [OPTION"
    assert_contains "$T/out" "-h, --help"
    assert_contains "$T/out" "--db=FILE"
    assert_contains "$T/out" "--unmasked"
    expect_status 0 "$RS" "$c" -h
done <commands
[ ! -e "$RELIEFSTAT_DB" ] || fail "--help opened the database"
expect_status 0 "$RS" indicators --help
assert_contains "$T/out" "--levels=all|self|children"
assert_contains "$T/out" "--region=CODE"
expect_status 0 "$RS" findings --help
assert_not_contains "$T/out" "--levels"
expect_status 0 "$RS" query --help
assert_contains "$T/out" "-p, --param=KEY=VALUE"
expect_status 0 "$RS" import --help
assert_contains "$T/out" "reliefstat import [OPTION…] PATH..."

# The global options anywhere, in both forms; values as the bytes given.
expect_status 0 "$RS" init --db "$T/库.db"
[ -f "$T/库.db" ] || fail "--db after the command, with a non-ASCII name"
export RELIEFSTAT_DB="$T/unused.db"
expect_status 0 "$RS" import "$D/good/households.csv" --db="$T/库.db"
assert_contains "$T/out" "households"
[ ! -e "$RELIEFSTAT_DB" ] || fail "--db= ignored"
export RELIEFSTAT_DB="$T/库.db"

# Usage errors of a command: exit 1, named, the database unchanged.
before=$(db_digest)
expect_status 1 "$RS" import --bogus "$D/good/persons.csv"
assert_contains "$T/err" "reliefstat import: unknown option --bogus; see \`reliefstat import --help\`"
expect_status 1 "$RS" import "$D/good/persons.csv" --table
assert_contains "$T/err" "reliefstat import: missing argument for --table"
expect_status 1 "$RS" import --table persons --table=households "$D/good/persons.csv"
assert_contains "$T/err" "reliefstat import: --table given twice"
expect_status 1 "$RS" import --partial=yes "$D/good/persons.csv"
assert_contains "$T/err" "--partial takes no value"
expect_status 1 "$RS" indicators --region 652325 --period 2024-09 --levels some
assert_contains "$T/err" "reliefstat indicators: --levels 'some': use all, self or children"
expect_status 1 "$RS" indicators --region 652325 --period 2024-09 --region 652324
assert_contains "$T/err" "--region given twice"
expect_status 1 "$RS" indicators --region 652325 --period
assert_contains "$T/err" "missing argument for --period"
expect_status 1 "$RS" indicators --region 652325 --period 2024-09 extra
assert_contains "$T/err" "unexpected argument 'extra'"
expect_status 1 "$RS" findings --region 652325 --period 2024-09 --levels all
assert_contains "$T/err" "reliefstat findings: unknown option --levels"
expect_status 1 "$RS" query divisions_in -p region=6523 --format xml
assert_contains "$T/err" "--format 'xml': use table, csv or json"
expect_status 1 "$RS" query divisions_in -p region
assert_contains "$T/err" "parameter 'region' is not KEY=VALUE"
expect_status 1 "$RS" report monthly --region 652325 --period 2024-09 --charts svg
assert_contains "$T/err" "--charts 'svg': use cairo or gnuplot"
expect_status 1 "$RS" sample --seed 1 --seed 2 --out "$T/s"
assert_contains "$T/err" "--seed given twice"
[ ! -e "$T/s" ] || fail "a refused sample wrote $T/s"
assert_eq "$(db_digest)" "$before" "database unchanged by usage errors"

# -p is repeatable, in its three forms; parameters bind in any order.
expect_status 0 "$RS" query report_params --format=csv -p period=2024-09 --param region=652325
n=$(wc -l <"$T/out")
[ "$n" -gt 1 ] || fail "report_params returned no row"
expect_status 0 "$RS" query report_params --param=region=652325 --format csv -p period=2024-09
assert_eq "$(wc -l <"$T/out")" "$n" "the same rows"
expect_status 1 "$RS" query report_params -p region=652325 -p period=2024-09 -p region=65
assert_contains "$T/err" "parameter 'region' given twice"

# "--" ends the options: what follows is a path, even if it starts with '-'.
cp "$D/good/households.csv" ./-households.csv
expect_status 1 "$RS" import -- -households.csv
assert_contains "$T/err" "-households.csv: not named after a table"
expect_status 0 "$RS" import --table households -- -households.csv
assert_contains "$T/out" "-households.csv"

# A report records the line with the global options first, as given values.
expect_status 0 "$RS" import "$D/good/persons.csv" "$D/good/payments.csv"
expect_status 0 "$RS" report dashboard --region 652325 --period 2024-09 --out "$T/rep" --unmasked
python3 - "$T/rep/manifest.json" "$T/库.db" <<'PYEOF' || fail "manifest command"
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
want = "reliefstat --unmasked report dashboard --region 652325 --period 2024-09 --out "
assert m["command"].startswith(want), m["command"]
assert m["masked"] is False, m["masked"]
PYEOF
echo "ok"
