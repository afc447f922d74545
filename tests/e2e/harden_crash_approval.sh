#!/usr/bin/env bash
# Crash safety of 逐级报送审核: `submit`, `approve` and an import refused by
# a lock are killed with SIGKILL at random points (seeded,
# HARDEN_CRASH_TRIALS trials of each, default 8) on a store of the county
# sample.  After every kill the store passes PRAGMA integrity_check, the
# transition is there whole (its log row and its state, the fingerprint of
# both the same) or not at all, and the refused import has left nothing
# (the row counts of every table and the locked row as they were).  At least
# half the kills of each kind must land while the command runs (the kills
# are spread over the first 70% of its fastest of three runs).
# run: alone
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "timing-based kills under valgrind"
trials=${HARDEN_CRASH_TRIALS:-8}
RANDOM=${HARDEN_SEED:-20241005}
dir=$(sample_dir county) || exit 1
U=652325 P=2024-09
export RELIEFSTAT_NOW="2024-10-04 10:00"

# state DB: the approval tables' rows, and the row count of every table.
state() {
    local t
    sqlite3 "$1" "SELECT region_code, period, state, first_submitted_at, submitted_at, approved_at,
                  fingerprint FROM approval_state ORDER BY 1, 2;
                  SELECT seq, action, from_state, to_state, fingerprint FROM approval_log ORDER BY seq"
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"); do
        printf '%s=%s ' "$t" "$(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")"
    done
}
# fold DB: the WAL into the main file, so that a copy is one file.
fold() { sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null; rm -f "$1-wal" "$1-shm"; }
# fastest_ms BASE COMMAND...: the fastest of three runs of COMMAND on
# copies of BASE, in milliseconds (the kills are spread over it).
fastest_ms() {
    local base=$1 best=999999 ms i start; shift
    for i in 1 2 3; do
        rm -f "$T/time.db"*; cp "$base" "$T/time.db"
        start=$(date +%s%N)
        RELIEFSTAT_DB="$T/time.db" "$@" >/dev/null 2>&1
        ms=$((($(date +%s%N) - start) / 1000000))
        [ "$ms" -lt "$best" ] && best=$ms
    done
    echo "$best"
}

RELIEFSTAT_DB="$T/open.db" "$RS" init >/dev/null || fail "init"
RELIEFSTAT_DB="$T/open.db" "$RS" import "$dir" >/dev/null 2>&1 || fail "import of the sample"
fold "$T/open.db"
cp "$T/open.db" "$T/submitted.db"
RELIEFSTAT_DB="$T/submitted.db" "$RS" submit --region $U --period $P >/dev/null || fail "submit"
submit_ms=$(fastest_ms "$T/open.db" "$RS" submit --region $U --period $P)
fold "$T/submitted.db"
cp "$T/submitted.db" "$T/approved.db"
RELIEFSTAT_DB="$T/approved.db" "$RS" approve --region $U --period $P >/dev/null || fail "approve"
approve_ms=$(fastest_ms "$T/submitted.db" "$RS" approve --region $U --period $P)
# The refused import: the sample's ledger with one row of the locked month changed.
mkdir "$T/changed"
awk -F, -v u=$U -v p=$P 'BEGIN {OFS = ","} NR > 1 && !done && substr($4, 1, 6) == u && $6 == p {$8 = $8 + 1; done = 1} {print}' \
    "$dir/payments.csv" >"$T/changed/payments.csv"
cmp -s "$dir/payments.csv" "$T/changed/payments.csv" && fail "no row changed"
cp "$T/submitted.db" "$T/refused.db"
RELIEFSTAT_DB="$T/refused.db" "$RS" import "$T/changed/payments.csv" >/dev/null 2>&1
[ $? -eq 2 ] || fail "the import of the locked month was not refused"
import_ms=$(fastest_ms "$T/submitted.db" "$RS" import "$T/changed/payments.csv")
locked_row() { sqlite3 "$1" "SELECT sum(amount_paid_fen) FROM payments WHERE period = 202409"; }

# trials NAME BASE MS GOOD... -- COMMAND...: kill COMMAND (on a copy of BASE)
# at random points; the store's state afterwards must be one of the GOOD
# stores' (files).
trials_of() {
    local name=$1 base=$2 ms=$3 killed=0 i db rc s g ok; shift 3
    local good=()
    while [ "$1" != -- ]; do good+=("$(state "$1")"); shift; done
    shift
    for i in $(seq 1 "$trials"); do
        db="$T/trial.db"
        rm -f "$db" "$db-wal" "$db-shm"
        cp "$base" "$db"
        delay_ms=$((RANDOM % (ms * 7 / 10 + 1)))
        RELIEFSTAT_DB="$db" "$@" >/dev/null 2>&1 &
        pid=$!
        sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
        kill -KILL "$pid" 2>/dev/null
        { wait "$pid"; } 2>/dev/null
        rc=$?
        [ "$rc" -eq 137 ] && killed=$((killed + 1))
        assert_eq "$(sqlite3 "$db" "PRAGMA integrity_check;" 2>&1)" ok "$name trial $i: integrity_check"
        s=$(state "$db") ok=0
        for g in "${good[@]}"; do [ "$s" = "$g" ] && ok=1; done
        [ $ok = 1 ] || fail "$name trial $i (kill after ${delay_ms} ms, exit $rc): a state neither before nor after: $s"
        assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM approval_state s JOIN approval_log l
                     ON l.seq = (SELECT max(seq) FROM approval_log) WHERE s.fingerprint IS NOT l.fingerprint")" 0 \
            "$name trial $i: the log's last fingerprint is the state's"
    done
    echo "$name: trials=$trials killed=$killed (run ${ms} ms)"
    [ $((killed * 2)) -ge "$trials" ] || fail "$name: only $killed of $trials kills landed during the run"
}

trials_of submit "$T/open.db" "$submit_ms" "$T/open.db" "$T/submitted.db" -- "$RS" submit --region $U --period $P
trials_of approve "$T/submitted.db" "$approve_ms" "$T/submitted.db" "$T/approved.db" -- "$RS" approve --region $U --period $P
trials_of import "$T/submitted.db" "$import_ms" "$T/submitted.db" -- "$RS" import "$T/changed/payments.csv"
assert_eq "$(locked_row "$T/trial.db")" "$(locked_row "$T/submitted.db")" "the locked rows after the killed imports"
echo "ok"
