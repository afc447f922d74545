# Helpers for the hardening end-to-end tests (tests/e2e/harden_*.sh),
# sourced after tests/lib.sh: building and using the fault-injection shim,
# loading a sample into the test database, and checking output directories.

# skip_if_instrumented WHY: the test preloads the shim or kills processes
# mid-write, which neither valgrind nor the sanitizer runtimes allow or
# need (the normal suite runs it on the plain binary).
skip_if_instrumented() {
    [ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "under valgrind: $1"
    [ -z "${RELIEFSTAT_SANITIZED:-}" ] || skip "under the sanitizers: $1"
}

# build_shim: compile the LD_PRELOAD shim into $T; sets INJECT_SO.
build_shim() {
    INJECT_SO="$T/libinject.so"
    cc -O2 -std=c11 -D_GNU_SOURCE -fPIC -shared -o "$INJECT_SO" "$ROOT/tests/inject/inject.c" -ldl ||
        fail "cannot build the injection shim"
}

# inject FN AT TIMES PATTERN command...: run command with the shim failing
# calls of family FN (see inject.c) from counted call AT, TIMES times (0:
# all), on paths matching PATTERN ("" for any).  Output in $T/out, $T/err;
# the shim's log in $T/inject.log; returns the command's status.  The run
# is kept in last_inject and last_cmd, to be replayed.
declare -A last_inject
inject() {
    local fn=$1 at=$2 times=$3 pattern=$4; shift 4
    last_inject=([RS_INJECT_FN]=$fn [RS_INJECT_AT]=$at [RS_INJECT_TIMES]=$times [RS_INJECT_PATH]=$pattern)
    last_cmd=("$@")
    rm -f "$T/inject.log" "$T/gdb"
    # (in a subshell, so that bash's note of a signal death goes nowhere)
    (LD_PRELOAD="$INJECT_SO" RS_INJECT_FN="$fn" RS_INJECT_AT="$at" RS_INJECT_TIMES="$times" \
        RS_INJECT_PATH="$pattern" RS_INJECT_LOG="$T/inject.log" "$@" >"$T/out" 2>"$T/err") 2>/dev/null
}

# fired: true if the last inject run failed at least one call.
fired() { grep -q '^fired' "$T/inject.log" 2>/dev/null; }

# counted_calls: how many calls the last inject run counted.
counted_calls() { sed -n 's/^calls //p' "$T/inject.log" 2>/dev/null | tail -n1; }

# sample_dir SCALE: a directory holding the seed-1 sample of SCALE (the
# committed one for county, else generated into $T); prints its path.
sample_dir() {
    if [ "$1" = county ] && [ -d "$ROOT/samples/county" ]; then
        echo "$ROOT/samples/county"
    else
        [ -d "$T/sample-$1" ] || "$RS" sample --out "$T/sample-$1" --scale "$1" --seed 1 >/dev/null ||
            fail "sample --scale $1 failed"
        echo "$T/sample-$1"
    fi
}

# load_sample SCALE: init the test database and import the sample of SCALE.
load_sample() {
    local dir
    dir=$(sample_dir "$1") || exit 1
    "$RS" init >/dev/null || fail "init failed"
    "$RS" import "$dir" >"$T/import.out" 2>"$T/import.err" || {
        cat "$T/import.err" >&2
        fail "import of the $1 sample failed"
    }
}

# assert_clean_dir DIR: DIR holds no file at all (no partial output, no
# temporary file); lists what it found otherwise.
assert_clean_dir() {
    local left
    left=$(find "$1" -mindepth 1 2>/dev/null)
    [ -z "$left" ] || fail "left behind in $1: $left"
}

# assert_failed_cleanly STATUS: the last command exited STATUS (not by a
# signal) and said why on stderr.
assert_failed_cleanly() {
    local got=$1 want=$2 what=$3
    [ "$got" -lt 128 ] || fail "$what: killed by signal $((got - 128))"
    [ "$got" -eq "$want" ] || { cat "$T/err" >&2; fail "$what: exit $got, expected $want"; }
    [ -s "$T/err" ] || fail "$what: failed without a message"
}

# store_digest [DB]: a digest of every row of every table but the import
# times (import_batches.started_at), so two imports of the same data
# digest alike.
store_digest() {
    local db=${1:-$RELIEFSTAT_DB} t cols n
    for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"); do
        cols=$(sqlite3 "$db" "SELECT group_concat('\"' || name || '\"', ',') FROM pragma_table_info('$t')
                              WHERE name <> 'started_at'")
        n=$(sqlite3 "$db" "SELECT count(*) FROM pragma_table_info('$t') WHERE name <> 'started_at'")
        echo "== $t"
        sqlite3 "$db" "SELECT $cols FROM \"$t\" ORDER BY $(seq -s, 1 "$n")" || echo "unreadable $t"
    done | sha256sum | cut -d' ' -f1
}

# assert_whole_outputs DIR WHAT: no temporary file in DIR and every file
# left there is complete.
assert_whole_outputs() {
    local f
    for f in "$1"/* "$1"/.[!.]*; do
        [ -e "$f" ] || continue
        case "$f" in
        *.xlsx) unzip -tq "$f" >/dev/null 2>&1 || fail "$2: partial workbook $f" ;;
        *.pdf) pdfinfo "$f" >/dev/null 2>&1 || fail "$2: partial PDF $f" ;;
        *.json) python3 -m json.tool "$f" >/dev/null 2>&1 || fail "$2: partial manifest $f" ;;
        *.png) [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] &&
            [ "$(tail -c 8 "$f" | od -An -tx1 | tr -d ' ')" = 49454e44ae426082 ] ||
            fail "$2: partial chart $f" ;;
        *) fail "$2: unexpected file left: $f" ;;
        esac
    done
}

# store_counts [DB]: the row count of every table, on one line (cheaper
# than store_digest; enough to tell "nothing", "everything" and "part").
store_counts() {
    local db=${1:-$RELIEFSTAT_DB} t out=""
    for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"); do
        out="$out $t=$(sqlite3 "$db" "SELECT count(*) FROM \"$t\"")"
    done
    echo "$out"
}
