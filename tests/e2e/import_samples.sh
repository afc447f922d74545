#!/usr/bin/env bash
# The bundled county sample (samples/county/, written by `reliefstat sample`)
# imports without a rejected row, and every table holds as many rows as its
# CSV has data lines (divisions: every line read, on top of the seed).
source "$(dirname "$0")/../lib.sh"
large_input "the county sample"
source "$ROOT/tests/data/import/helpers.sh"
S="$ROOT/samples/county"
[ -d "$S" ] || skip "no samples/county yet"
cd "$T"
fresh_db test
expect_status 0 "$RS" import "$S"
n=0
for f in "$S"/*.csv; do
    t=$(basename "$f" .csv)
    case " $(echo $DATA_TABLES) " in *" $t "*) ;; *) continue ;; esac
    lines=$(data_lines "$f")
    assert_eq "$(sql "SELECT rows_read || ' ' || (rows_inserted + rows_replaced + rows_unchanged)
                      || ' ' || rows_rejected FROM import_batches WHERE table_name = '$t'
                      ORDER BY batch_id DESC LIMIT 1")" "$lines $lines 0" "batch of $t"
    [ "$t" = divisions ] || assert_eq "$(sql "SELECT count(*) FROM $t")" "$lines" "rows of $t"
    n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no table files in $S"
