#!/usr/bin/env bash
# Run the test suite: every cmocka unit test binary in build/tests/ and every
# end-to-end script in tests/e2e/.  Prints one line per test and a closing
# "N passed, N failed" line; exits non-zero if anything failed.
# Usage: tests/run.sh [unit|e2e] [NAME-PATTERN]
set -u
cd "$(dirname "$0")/.."
which=${1:-all}
pattern=${2:-}
pass=0 fail=0 skip=0 failed=()
logdir=build/test-logs
mkdir -p "$logdir"

run_one() { # name command...
    local name=$1; shift
    local log="$logdir/${name//\//_}.log" start end rc
    start=$(date +%s)
    "$@" >"$log" 2>&1
    rc=$?
    end=$(date +%s)
    if [ $rc -eq 0 ]; then
        if grep -q '^SKIP:' "$log"; then
            skip=$((skip + 1)); printf '  skip  %-40s %s\n' "$name" "$(grep -m1 '^SKIP:' "$log")"
        else
            pass=$((pass + 1)); printf '  ok    %-40s %3ss\n' "$name" $((end - start))
        fi
    else
        fail=$((fail + 1)); failed+=("$name")
        printf '  FAIL  %-40s (log: %s)\n' "$name" "$log"
        tail -n 25 "$log" | sed 's/^/        | /'
    fi
}

if [ "$which" = all ] || [ "$which" = unit ]; then
    for t in "${RELIEFSTAT_BUILD:-build}"/tests/test_*; do
        [ -x "$t" ] || continue
        name=$(basename "$t")
        [ -n "$pattern" ] && [[ $name != *$pattern* ]] && continue
        run_one "unit/$name" "$t"
    done
fi
if [ "$which" = all ] || [ "$which" = e2e ]; then
    for t in tests/e2e/*.sh; do
        [ -f "$t" ] || continue
        name=$(basename "$t" .sh)
        [ -n "$pattern" ] && [[ $name != *$pattern* ]] && continue
        run_one "e2e/$name" bash "$t"
    done
fi
echo
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
