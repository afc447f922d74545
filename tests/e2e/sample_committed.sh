#!/usr/bin/env bash
# samples/county is exactly what `reliefstat sample --scale county --seed 1`
# writes, so the committed sample cannot drift from the generator.
source "$(dirname "$0")/../lib.sh"

[ -d "$ROOT/samples/county" ] || fail "samples/county missing"
expect_status 0 "$RS" sample --out "$T/county" --scale county --seed 1
diff -r "$ROOT/samples/county" "$T/county" >"$T/diff" || { head -20 "$T/diff"; fail "samples/county differs from a fresh seed-1 generation (regenerate it: see samples/README.md)"; }
echo "ok"
