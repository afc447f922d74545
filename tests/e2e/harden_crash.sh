#!/usr/bin/env bash
# Crash safety of the import: `reliefstat import` of the county sample is
# killed with SIGKILL at random points (seeded, HARDEN_CRASH_TRIALS trials,
# default 20).  After every kill the database must pass PRAGMA
# integrity_check and hold either the whole import or none of it (row
# counts of every table and of import_batches), and a new import must then
# complete.  At least half the kills must land while the import runs, so
# the test cannot pass by killing processes that had already finished.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "timing-based kills under valgrind"

trials=${HARDEN_CRASH_TRIALS:-20}
RANDOM=${HARDEN_SEED:-20240901}
dir=$(sample_dir county) || exit 1

# signature DB: the row count of every table, one line.
signature() {
    local t out=""
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"); do
        out="$out $t=$(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")"
    done
    echo "$out"
}

# The store before the import (init done, WAL folded into the main file).
RELIEFSTAT_DB="$T/base.db" "$RS" init >/dev/null || fail "init failed"
sqlite3 "$T/base.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
rm -f "$T/base.db-wal" "$T/base.db-shm"
before=$(signature "$T/base.db")

# The store after a complete import, and how long that import takes.
cp "$T/base.db" "$T/full.db"
start=$(date +%s%N)
RELIEFSTAT_DB="$T/full.db" "$RS" import "$dir" >/dev/null 2>&1 || fail "reference import failed"
full_ms=$((($(date +%s%N) - start) / 1000000))
after=$(signature "$T/full.db")
[ "$before" != "$after" ] || fail "the import changed nothing"
batches=$(sqlite3 "$T/full.db" "SELECT count(*) FROM import_batches")

killed=0 none=0 whole=0 finished=0
for i in $(seq 1 "$trials"); do
    db="$T/trial.db"
    rm -f "$db" "$db-wal" "$db-shm"
    cp "$T/base.db" "$db"
    delay_ms=$((RANDOM % (full_ms * 12 / 10 + 1)))
    RELIEFSTAT_DB="$db" "$RS" import "$dir" >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    rc=$?
    if [ "$rc" -eq 137 ]; then killed=$((killed + 1)); elif [ "$rc" -eq 0 ]; then
        finished=$((finished + 1))
    else fail "trial $i: import exited $rc before the kill"; fi

    check=$(sqlite3 "$db" "PRAGMA integrity_check;" 2>&1)
    assert_eq "$check" "ok" "trial $i (kill after ${delay_ms} ms): integrity_check"
    sig=$(signature "$db")
    if [ "$sig" = "$before" ]; then
        none=$((none + 1))
        rm -f "$T/recover.db"*
        for f in "$db"*; do cp "$f" "$T/recover.db${f#"$db"}"; done
    elif [ "$sig" = "$after" ]; then
        whole=$((whole + 1))
    else
        fail "trial $i (kill after ${delay_ms} ms): partial import:${sig} (before:${before}; after:${after})"
    fi
done
echo "trials=$trials killed=$killed finished=$finished none=$none whole=$whole (full import ${full_ms} ms)"
[ $((killed * 2)) -ge "$trials" ] || fail "only $killed of $trials kills landed during the import"
[ "$none" -gt 0 ] || fail "no kill landed before the commit"

# A store killed before the commit recovers: importing again completes.
RELIEFSTAT_DB="$T/recover.db" "$RS" import "$dir" >/dev/null 2>&1 || fail "import after a kill failed"
assert_eq "$(signature "$T/recover.db")" "$after" "store after re-import"
assert_eq "$(sqlite3 "$T/recover.db" "SELECT count(*) FROM import_batches")" "$batches" \
    "batches after re-import"
echo "ok"
