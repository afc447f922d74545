#!/usr/bin/env bash
# check-functions: no C function longer than MAX lines (default 80).  A
# function is counted from the first line of its signature to its closing
# brace, as clang-format lays it out (.clang-format: the signature starts
# in column 0, the braces of a function stand alone in column 0).  Prints
# one line per function over the limit, FILE:LINE: NAME: N lines, and exits
# 1 if there is any (2 on a usage error); "check-functions: ok" when none.
# `make check-functions` runs it on the C sources; `make test` first.
# Usage: scripts/check-functions.sh [-m MAX] [-x PATH]... PATH...
#   -x PATH: leave out that file, or the files under that directory, or
#   with PATH FILE:NAME the function NAME of FILE (repeatable).
set -u
max=80
exempt=() functions=""
while getopts 'm:x:' o; do
    case $o in
        m) max=$OPTARG ;;
        x) case $OPTARG in
               *:*) functions="$functions $OPTARG" ;;
               *) exempt+=("${OPTARG%/}") ;;
           esac ;;
        *) echo "usage: $0 [-m MAX] [-x PATH]... PATH..." >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-m MAX] [-x PATH]... PATH..." >&2; exit 2; }
for p in "$@"; do [ -e "$p" ] || { echo "check-functions: no such path $p" >&2; exit 2; }; done

files=()
while IFS= read -r -d '' f; do
    skip=0
    for x in "${exempt[@]+"${exempt[@]}"}"; do
        case $f in "$x" | "$x"/*) skip=1 ;; esac
    done
    [ $skip -eq 1 ] || files+=("$f")
done < <(find "$@" -name '*.c' -print0 | sort -z)
[ ${#files[@]} -gt 0 ] || { echo "check-functions: no C file in $*" >&2; exit 2; }

awk -v max="$max" -v functions="$functions" '
    BEGIN { n = split(functions, f, " "); for (i = 1; i <= n; i++) skip[f[i]] = 1 }
    FNR == 1 { sig = 0; body = 0 }
    # A line in column 0 that can start a signature.
    /^[A-Za-z_]/ && !body { sig = FNR; text = $0 }
    /^[ \t]/ && sig && !body { text = text " " $0 }
    /^\{/ && sig && !body && text ~ /\(/ { body = 1 }
    /^\}/ && body {
        n = FNR - sig + 1
        name = text
        sub(/\(.*/, "", name)
        sub(/.*[ *]/, "", name)
        if (n > max && !((FILENAME ":" name) in skip)) {
            printf "%s:%d: %s: %d lines (at most %d)\n", FILENAME, sig, name, n, max
            bad++
        }
        sig = 0; body = 0
    }
    /^\}/ && !body { sig = 0 }
    /^[#\/]/ && !body { sig = 0 }
    END {
        if (bad) {
            printf "check-functions: %d function(s) over %d lines\n", bad, max
            exit 1
        }
        print "check-functions: ok"
    }
' "${files[@]}"
