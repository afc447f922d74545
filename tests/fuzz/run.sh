#!/usr/bin/env bash
# Run libFuzzer targets for a bounded time each, then replay every saved
# crash input of each target (tests/fuzz/regressions/TARGET/).  New inputs
# go to a scratch corpus under the build directory; the committed seeds in
# tests/fuzz/corpus/TARGET/ are read, never written.  A crash leaves its
# input in BUILD/crashes/TARGET/ and fails the run.  Prints one line per
# target with the executions done.
# Usage: tests/fuzz/run.sh BUILD-DIR SECONDS TARGET...
set -u
cd "$(dirname "$0")/../.."
build=$1 secs=$2; shift 2
failed=()
for t in "$@"; do
    bin="$build/$t"
    seeds="tests/fuzz/corpus/$t" regress="tests/fuzz/regressions/$t"
    work="$build/corpus/$t" crashes="$build/crashes/$t" log="$build/$t.log"
    mkdir -p "$work" "$crashes" "$seeds"
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "$seeds" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log" | tail -n1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1)
    if [ $rc -ne 0 ]; then
        failed+=("$t")
        printf '  FAIL  %-20s (log: %s)\n' "$t" "$log"
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -n 8 | sed 's/^/        | /'
        continue
    fi
    nreg=0
    if compgen -G "$regress/*" >/dev/null; then
        nreg=$(find "$regress" -type f | wc -l)
        if ! "$bin" -runs=1 "$regress"/* >"$log.regress" 2>&1; then
            failed+=("$t(regression)")
            printf '  FAIL  %-20s regression replay (log: %s.regress)\n' "$t" "$log"
            continue
        fi
    fi
    printf '  ok    %-20s %s, %s, %d regression inputs replayed\n' "$t" "${runs:-? runs}" "${cov:-cov: ?}" "$nreg"
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: failed: ${failed[*]}"; exit 1; }
echo "fuzz: ${#@} targets ok"
