#!/usr/bin/env bash
# scripts/check-functions.sh: a function of 80 lines passes, one of 81
# fails, named with its file, line and length, whatever its signature's
# layout; -x leaves out a file, a directory or one function of a file; a
# missing path is a usage error.  (`make test` runs it on the tree itself: make check-functions.)
source "$(dirname "$0")/../lib.sh"
CHECK="$ROOT/scripts/check-functions.sh"

# function_of FILE NAME N: append a C function of N lines in all, its
# signature on two lines, to FILE.
function_of() {
    {
        echo "/* $2: a function of $3 lines. */"
        echo "static int $2(int a,"
        echo "                int b)"
        echo "{"
        echo "    int x = a + b;"
        for ((i = 0; i < $3 - 6; i++)); do echo "    x += $i;"; done
        echo "    return x;"
        echo "}"
        echo
    } >>"$1"
}

mkdir -p "$T/src/a" "$T/src/b"
function_of "$T/src/a/ok.c" fits 80
function_of "$T/src/a/ok.c" small 10
expect_status 0 "$CHECK" "$T/src"
assert_contains "$T/out" "check-functions: ok"

function_of "$T/src/b/long.c" small 10
function_of "$T/src/b/long.c" too_long 81
expect_status 1 "$CHECK" "$T/src"
assert_contains "$T/out" "$T/src/b/long.c:14: too_long: 81 lines (at most 80)"
assert_contains "$T/out" "check-functions: 1 function(s) over 80 lines"
assert_not_contains "$T/out" "fits"

expect_status 0 "$CHECK" -x "$T/src/b" "$T/src"
expect_status 0 "$CHECK" -x "$T/src/b/long.c" "$T/src"
expect_status 0 "$CHECK" -x "$T/src/b/long.c:too_long" "$T/src"
function_of "$T/src/b/long.c" also_long 90
expect_status 1 "$CHECK" -x "$T/src/b/long.c:too_long" "$T/src"
assert_contains "$T/out" "also_long: 90 lines"
assert_not_contains "$T/out" "too_long"
expect_status 1 "$CHECK" -m 79 -x "$T/src/b" "$T/src"
assert_contains "$T/out" "ok.c:2: fits: 80 lines (at most 79)"

expect_status 2 "$CHECK" "$T/nosuch"
expect_status 2 "$CHECK"
echo "ok"
