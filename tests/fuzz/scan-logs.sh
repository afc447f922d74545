#!/usr/bin/env bash
# Fail if a sanitizer or valgrind left a report in DIR: every report is
# written to a log file there so it cannot hide among the output a test
# checks (and a test expecting a failure cannot swallow it).
# Usage: tests/fuzz/scan-logs.sh LABEL DIR
set -u
label=$1 dir=$2
found=0
for f in "$dir"/*; do
    [ -s "$f" ] || continue
    # LeakSanitizer's table of the suppressions it used is not a report
    grep -qvE '^(|-+|Suppressions used:| +count +bytes +template| +[0-9]+ +[0-9]+ +[^ ]+)$' "$f" || continue
    found=$((found + 1))
    echo "---- $f" && head -n 40 "$f"
done
if [ $found -gt 0 ]; then
    echo "$label: $found report(s) in $dir"
    exit 1
fi
echo "$label: no reports in $dir"
