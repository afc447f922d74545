#!/usr/bin/env bash
# Run the test suite: every cmocka unit test binary in build/tests/ and every
# end-to-end script in tests/e2e/.  Prints one line per test as it ends and a
# closing "N passed, N failed" line; exits non-zero if anything failed.
#
# Tests run JOBS at a time (default: the number of cores, at most 2; set
# RS_JOBS=1 for one at a time).  A script whose header has the line
# "# run: alone" (it measures concurrency or kills processes on a timer) runs
# after the others, with nothing beside it.
# Usage: tests/run.sh [unit|e2e] [NAME-PATTERN]
set -u
cd "$(dirname "$0")/.."
which=${1:-all}
pattern=${2:-}
jobs=${RS_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 2 ] && jobs=2
[ "$jobs" -lt 1 ] && jobs=1
pass=0 fail=0 skip=0 failed=()
logdir=${RELIEFSTAT_BUILD:-build}/test-logs
mkdir -p "$logdir"

# run_one NAME COMMAND...: run one test into its log; writes the exit
# status and the seconds taken to LOG.rc.
run_one() {
    local name=$1; shift
    local log="$logdir/${name//\//_}.log" start=$SECONDS rc
    "$@" >"$log" 2>&1
    rc=$?
    echo "$rc $((SECONDS - start))" >"$log.rc"
}

# report NAME: print the outcome of a finished test and count it.
report() {
    local name=$1 log="$logdir/${1//\//_}.log" rc secs
    read -r rc secs <"$log.rc"
    if [ "$rc" -eq 0 ]; then
        if grep -q '^SKIP:' "$log"; then
            skip=$((skip + 1)); printf '  skip  %-40s %s\n' "$name" "$(grep -m1 '^SKIP:' "$log")"
        else
            pass=$((pass + 1)); printf '  ok    %-40s %3ss\n' "$name" "$secs"
        fi
    else
        fail=$((fail + 1)); failed+=("$name")
        printf '  FAIL  %-40s (log: %s)\n' "$name" "$log"
        tail -n 25 "$log" | sed 's/^/        | /'
    fi
}

# run_all MAX NAME=COMMAND...: run the tests, at most MAX at a time,
# reporting each as it ends.  Each argument is a name and a command line
# separated by "=" (the command is one script or binary path).
declare -A running=()
run_all() {
    local max=$1 spec name pid done_pid; shift
    for spec in "$@"; do
        while [ ${#running[@]} -ge "$max" ]; do
            wait -n -p done_pid
            report "${running[$done_pid]}"; unset "running[$done_pid]"
        done
        name=${spec%%=*}
        # shellcheck disable=SC2086
        run_one "$name" ${spec#*=} &
        running[$!]=$name
    done
    while [ ${#running[@]} -gt 0 ]; do
        wait -n -p done_pid
        report "${running[$done_pid]}"; unset "running[$done_pid]"
    done
}

together=() alone=()
if [ "$which" = all ] || [ "$which" = unit ]; then
    for t in "${RELIEFSTAT_BUILD:-build}"/tests/test_*; do
        [ -x "$t" ] || continue
        name=$(basename "$t")
        [ -n "$pattern" ] && [[ $name != *$pattern* ]] && continue
        together+=("unit/$name=$t")
    done
fi
if [ "$which" = all ] || [ "$which" = e2e ]; then
    for t in tests/e2e/*.sh; do
        [ -f "$t" ] || continue
        name=$(basename "$t" .sh)
        [ -n "$pattern" ] && [[ $name != *$pattern* ]] && continue
        if head -n 30 "$t" | grep -q '^# run: alone'; then
            alone+=("e2e/$name=bash $t")
        else
            together+=("e2e/$name=bash $t")
        fi
    done
fi
run_all "$jobs" "${together[@]}"
run_all 1 "${alone[@]}"
echo
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
