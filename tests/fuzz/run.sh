#!/usr/bin/env bash
# Run libFuzzer targets for a bounded time each, then replay every saved
# crash input of each target (tests/fuzz/regressions/TARGET/).  New inputs
# go to a scratch corpus under the build directory; the committed seeds in
# tests/fuzz/corpus/TARGET/ are read, never written.  A crash leaves its
# input in BUILD/crashes/TARGET/ and fails the run.  Targets run two at a
# time (RS_JOBS=1: one), each on one core; prints one line per target, as it
# ends, with the executions done.
# Usage: tests/fuzz/run.sh BUILD-DIR SECONDS TARGET...
set -u
cd "$(dirname "$0")/../.."
build=$1 secs=$2; shift 2
jobs=${RS_JOBS:-2}

# fuzz_one TARGET: fuzz it, replay its regressions; prints its line and
# exits non-zero on a crash.
fuzz_one() {
    local t=$1 bin="$build/$1" rc runs cov nreg=0
    local seeds="tests/fuzz/corpus/$t" regress="tests/fuzz/regressions/$t"
    local work="$build/corpus/$t" crashes="$build/crashes/$t" log="$build/$t.log"
    mkdir -p "$work" "$crashes" "$seeds"
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "$seeds" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log" | tail -n1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1)
    if [ $rc -ne 0 ]; then
        printf '  FAIL  %-20s (log: %s)\n' "$t" "$log"
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -n 8 | sed 's/^/        | /'
        return 1
    fi
    if compgen -G "$regress/*" >/dev/null; then
        nreg=$(find "$regress" -type f | wc -l)
        if ! "$bin" -runs=1 "$regress"/* >"$log.regress" 2>&1; then
            printf '  FAIL  %-20s regression replay (log: %s.regress)\n' "$t" "$log"
            return 1
        fi
    fi
    printf '  ok    %-20s %s, %s, %d regression inputs replayed\n' "$t" "${runs:-? runs}" "${cov:-cov: ?}" "$nreg"
}

failed=()
declare -A running=()
for t in "$@" ""; do
    while [ ${#running[@]} -ge "$jobs" ] || { [ -z "$t" ] && [ ${#running[@]} -gt 0 ]; }; do
        wait -n -p pid
        rc=$?
        [ $rc -eq 0 ] || failed+=("${running[$pid]}")
        unset "running[$pid]"
    done
    [ -n "$t" ] || break
    fuzz_one "$t" &
    running[$!]=$t
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: failed: ${failed[*]}"; exit 1; }
echo "fuzz: ${#@} targets ok"
