#!/usr/bin/env bash
# Error injection (tests/inject/inject.c preloaded): failing open, fopen,
# write, fsync, rename and malloc at chosen calls gives a clean error, exit
# status 3 (never a signal), and
#   - for the import: the store exactly as it was (digest of every table)
#     and sound (integrity_check);
#   - for report writing: no temporary file, and any output left is whole
#     (a run writes several files; each appears whole or not at all).
# Each injected run must really have failed a call (the shim's log says
# so), or it proves nothing.  Allocation failures are injected at seeded
# points across the whole run, reliefstat's own and GLib's alike: both end
# in the one handler of src/base/alloc.h ("reliefstat: out of memory",
# temporary outputs removed, exit 3).  libxlsxwriter 1.1.4 crashes on some
# of its own allocation failures (shown by a gdb backtrace): those runs are
# counted and shown separately rather than failed.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
skip_if_instrumented "LD_PRELOAD of the injection shim"

RANDOM=${HARDEN_SEED:-20240901}
unit=652325 period=2024-09
build_shim
load_sample county
"$RS" sample --out "$T/more" --scale county --seed 2 >/dev/null || fail "sample --seed 2"
# A small sample (300 households, their members, 2000 ledger rows) for
# sweeps that run the import hundreds of times.
mkdir "$T/mini"
head -n 301 "$T/more/households.csv" >"$T/mini/households.csv"
awk -F, 'NR == FNR { if (FNR > 1) h[$1] = 1; next } FNR == 1 || h[$3]' \
    "$T/mini/households.csv" "$T/more/persons.csv" >"$T/mini/persons.csv"
head -n 2001 "$T/more/payments.csv" >"$T/mini/payments.csv"
sqlite3 "$RELIEFSTAT_DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$RELIEFSTAT_DB" "$T/base.db"
before=$(store_digest)
runs=0 xlsx_crashes=0 absorbed=0 oom_exits=0

# restore_store: put the store back as it was before the run.
restore_store() {
    rm -f "$RELIEFSTAT_DB" "$RELIEFSTAT_DB-wal" "$RELIEFSTAT_DB-shm"
    cp "$T/base.db" "$RELIEFSTAT_DB"
}

# malloc_sweep N: N runs of the import of the small sample, each failing
# one allocation, at a stride over all of the import's allocations (from a
# seeded offset).  A run that still succeeds must have imported everything;
# one that fails must have changed nothing (row counts of every table).
malloc_sweep() {
    local n=$1 allocs at rc
    restore_store
    local none all
    none=$(store_counts)
    inject malloc 999999999999 1 "" "$RS" import "$T/mini"
    allocs=$(counted_calls)
    all=$(store_counts)
    for at in $(seq $((RANDOM % (allocs / n) + 1)) $((allocs / n)) "$allocs"); do
        restore_store
        inject malloc "$at" 1 "" "$RS" import "$T/mini"
        rc=$?
        if [ $rc -eq 0 ]; then
            assert_eq "$(store_counts)" "$all" "import that absorbed a failed allocation #$at"
        else
            check_outcome $rc "import with malloc failing at #$at" || true
            assert_eq "$(store_counts)" "$none" "store after a failed import (malloc #$at)"
        fi
        runs=$((runs + 1))
    done
}

# library_crash: true if the last inject run, replayed under gdb, dies in
# libxlsxwriter (which does not survive its own allocation failures).
library_crash() {
    command -v gdb >/dev/null || return 1
    local env=() v
    for v in RS_INJECT_FN RS_INJECT_AT RS_INJECT_TIMES RS_INJECT_PATH; do
        env+=(-ex "set environment $v=${last_inject[$v]}")
    done
    gdb -q -batch -ex "set environment LD_PRELOAD=$INJECT_SO" "${env[@]}" -ex run -ex bt \
        --args "${last_cmd[@]}" </dev/null >"$T/gdb" 2>&1
    grep -E '^#[0-9]' "$T/gdb" | head -n 4 | grep -q 'libxlsxwriter'
}

# check_outcome STATUS WHAT: a run with a failed call exited 3, or (for
# allocations only) died inside libxlsxwriter, which cannot survive them.
# Returns 1 for such a library death, else 0.
check_outcome() {
    local rc=$1 what=$2
    fired || fail "$what: no call was failed (calls counted: $(counted_calls))"
    grep -q 'GLib-ERROR' "$T/err" && fail "$what: GLib aborted instead of the out-of-memory handler"
    if [ "$rc" -ge 128 ] && [ "${last_inject[RS_INJECT_FN]}" = malloc ] && library_crash; then
        xlsx_crashes=$((xlsx_crashes + 1))
        return 1
    fi
    [ "$rc" -lt 128 ] || [ ! -s "$T/gdb" ] || sed -n '/^#0/,/^#8/p' "$T/gdb" >&2
    assert_failed_cleanly "$rc" 3 "$what"
    grep -qx 'reliefstat: out of memory' "$T/err" && oom_exits=$((oom_exits + 1))
    return 0
}

# import_case FN AT TIMES PATTERN: the import of a second sample with that
# fault fails and leaves the store unchanged.
import_case() {
    restore_store
    inject "$@" "$RS" import "$T/more"
    check_outcome $? "import with $1 failing at #$2 on '${4:-any}'" || true
    assert_eq "$(sqlite3 "$RELIEFSTAT_DB" 'PRAGMA integrity_check')" ok "store after $1 #$2"
    assert_eq "$(store_digest)" "$before" "store after a failed import ($1 #$2)"
    runs=$((runs + 1))
}

# checkpoint_case FN PATTERN: every FN call on the main database file fails.
# Those come after the commit (WAL checkpoints), so the import may succeed;
# the store must then hold the whole import, else be unchanged.
checkpoint_case() {
    restore_store
    inject "$1" 1 0 "$2" "$RS" import "$T/more"
    local rc=$? now
    fired || fail "import with $1 failing on the store file: no call was failed"
    [ $rc -eq 0 ] || assert_failed_cleanly $rc 3 "import with $1 failing on the store file"
    assert_eq "$(sqlite3 "$RELIEFSTAT_DB" 'PRAGMA integrity_check')" ok "store after $1 on it"
    now=$(store_digest)
    [ "$now" = "$([ $rc -eq 0 ] && echo "$after" || echo "$before")" ] ||
        fail "import with $1 failing on the store file (exit $rc): store neither before nor after"
    runs=$((runs + 1))
}

# report_case TEMPLATE FN AT TIMES PATTERN: the report with that fault
# leaves no temporary file and nothing partial in its output directory.
report_case() {
    local tpl=$1 out="$T/out-$runs"
    shift
    inject "$@" "$RS" report "$tpl" --region "$unit" --period "$period" --out "$out"
    local rc=$?
    if [ $rc -eq 0 ] && [ "$1" = malloc ]; then
        # Some allocations are optional to their library (SQLite's page
        # cache and lookaside, fontconfig's caches): the run may absorb the
        # failure.  It must then have written everything, whole.
        fired || fail "report $tpl with malloc #$2: no call was failed"
        assert_whole_outputs "$out" "report $tpl that absorbed malloc #$2"
        assert_eq "$(ls "$out" | wc -l)" "$(ls "$T/out-probe-malloc" | wc -l)" \
            "outputs of report $tpl that absorbed malloc #$2"
        absorbed=$((absorbed + 1)) runs=$((runs + 1))
        return
    fi
    if check_outcome $rc "report $tpl with $1 failing at #$2 on '${4:-any}'"; then
        assert_whole_outputs "$out" "report $tpl with $1 failing at #$2"
    else # crashed in libxlsxwriter: a temporary file may stay, but nothing that looks finished
        [ -z "$(find "$out" -mindepth 1 -name '[!.]*' 2>/dev/null)" ] ||
            fail "report $tpl crashed in libxlsxwriter but left outputs: $(ls -A "$out")"
    fi
    runs=$((runs + 1))
}

# ---- the import ---------------------------------------------------------
import_case open,fopen 1 1 "*/more/payments.csv"
import_case open,fopen 1 0 "$RELIEFSTAT_DB-wal"
import_case open,fopen 1 0 "$RELIEFSTAT_DB"
# The transaction goes to the WAL: any failed write or sync there, up to
# the commit's own, fails the import.
restore_store
inject write 999999999 1 "$RELIEFSTAT_DB-wal" "$RS" import "$T/more"
writes=$(counted_calls)
[ "${writes:-0}" -gt 10 ] || fail "the import made only ${writes:-0} writes to the WAL"
after=$(store_digest)
[ "$after" != "$before" ] || fail "the second sample changes nothing"
for at in 1 $((writes / 2)) "$writes" $((RANDOM % writes + 1)); do
    import_case write "$at" 0 "$RELIEFSTAT_DB-wal"
done
import_case write $((RANDOM % writes + 1)) 1 "$RELIEFSTAT_DB-wal"
import_case fsync 1 1 "$RELIEFSTAT_DB-wal"
checkpoint_case write "$RELIEFSTAT_DB"
checkpoint_case fsync "$RELIEFSTAT_DB"

# Allocation failures, swept at a regular stride over the whole import of
# a small sample, into the county store and then into a new one.
malloc_sweep 40

# ---- report writing ----------------------------------------------------
for tpl in monthly assessment dashboard; do
    report_case "$tpl" open,fopen 1 0 "$T/out-*"
    inject write 999999999 1 "$T/out-*" "$RS" report "$tpl" --region "$unit" --period "$period" \
        --out "$T/out-probe-$tpl"
    writes=$(counted_calls)
    [ "${writes:-0}" -ge 1 ] || fail "report $tpl wrote nothing into its output directory"
    for at in 1 $((writes * 9 / 10 + 1)); do
        report_case "$tpl" write "$at" 0 "$T/out-*"
    done
    report_case "$tpl" fsync 1 1 "$T/out-*"
    report_case "$tpl" rename 1 1 "$T/out-*"
done
inject malloc 999999999999 1 "" "$RS" report monthly --region "$unit" --period "$period" \
    --out "$T/out-probe-malloc"
allocs=$(counted_calls)
for _ in $(seq 1 6); do
    report_case monthly malloc $(((RANDOM * 32768 + RANDOM) % allocs + 1)) 1 ""
done
# The seeded points above mostly land in SQLite, which reports its own
# failures; the first allocations of a run are reliefstat's and GLib's
# (options, paths) and must end in the one handler.  (#1-#3 are GLib's own
# while rs_alloc_init installs that handler: a failure there is GLib's to
# report, and is left out.)
early=$oom_exits
for at in 4 8 16 32; do
    report_case monthly malloc "$at" 1 ""
done
assert_eq "$((oom_exits - early))" 4 "report runs failing an early allocation that ended in the handler"

# ---- allocation failures into a new store -------------------------------
"$RS" --db "$T/empty.db" init >/dev/null || fail "init of an empty store"
sqlite3 "$T/empty.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$T/empty.db" "$T/base.db"
malloc_sweep 120
echo "injected runs: $runs (ended by the out-of-memory handler: $oom_exits, libxlsxwriter crashes: $xlsx_crashes, report runs that absorbed a failed allocation: $absorbed)"
[ "$oom_exits" -gt 0 ] || fail "no injected allocation failure reached the out-of-memory handler"
echo "ok"
