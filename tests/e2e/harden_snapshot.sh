#!/usr/bin/env bash
# Reports read a consistent snapshot while an import writes (WAL): with the
# county sample loaded, the prefecture sample is imported (a long write that
# changes the county's figures), and meanwhile `indicators` and `findings`
# for the county run again and again.  Every run must succeed and print
# exactly the figures of before the import or of after it, never a mix.
# run: alone (it counts how many reads overlap a running import)
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "timing-based concurrency under valgrind"

unit=652325 period=2024-09
load_sample county
pref=$(sample_dir prefecture) || exit 1
sqlite3 "$RELIEFSTAT_DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null

# figures KIND OUT: the county's indicators or findings as CSV into OUT.
figures() {
    "$RS" "$1" --region "$unit" --period "$period" --format csv >"$2" 2>"$2.err"
}

figures indicators "$T/ind.before" || fail "indicators before the import"
figures findings "$T/find.before" || fail "findings before the import"
cp "$RELIEFSTAT_DB" "$T/after.db"
RELIEFSTAT_DB="$T/after.db" "$RS" import "$pref" >/dev/null 2>&1 || fail "reference import failed"
RELIEFSTAT_DB="$T/after.db" figures indicators "$T/ind.after" || fail "indicators after"
RELIEFSTAT_DB="$T/after.db" figures findings "$T/find.after" || fail "findings after"
! cmp -s "$T/ind.before" "$T/ind.after" || fail "the import does not change the county's indicators"

"$RS" import "$pref" >"$T/import.out" 2>"$T/import.err" &
pid=$!
runs=0 saw_before=0 saw_after=0
while kill -0 "$pid" 2>/dev/null; do
    for kind in ind find; do
        [ $kind = ind ] && cmd=indicators || cmd=findings
        figures "$cmd" "$T/now" || { cat "$T/now.err" >&2; fail "$cmd during the import failed"; }
        runs=$((runs + 1))
        if cmp -s "$T/now" "$T/$kind.before"; then
            saw_before=$((saw_before + 1))
        elif cmp -s "$T/now" "$T/$kind.after"; then
            saw_after=$((saw_after + 1))
        else
            diff "$T/$kind.before" "$T/now" | head -n 10 >&2
            fail "$cmd during the import matches neither the before nor the after figures"
        fi
    done
done
wait "$pid" || { cat "$T/import.err" >&2; fail "the concurrent import failed"; }
echo "runs during the import: $runs (before: $saw_before, after: $saw_after)"
[ "$saw_before" -ge 2 ] || fail "too few reads overlapped the import ($saw_before)"
figures indicators "$T/now" && cmp -s "$T/now" "$T/ind.after" || fail "indicators after the import differ"
echo "ok"
