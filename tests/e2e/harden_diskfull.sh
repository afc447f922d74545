#!/usr/bin/env bash
# Output failures: for every report template, an output directory that is
# not writable (a read-only mount as root, else a mode-555 directory), one
# under a regular file, a disk that fills (a small tmpfs, at several sizes)
# and a file-size limit (ulimit -f with SIGXFSZ ignored, so write() fails
# with EFBIG) all give exit status 3 and a message, and leave no temporary
# file and no partial output: whatever file remains is whole (the workbook
# unzips, the PDF parses, the manifest is JSON).  The import under a full
# disk and a file-size limit fails the same way and leaves the store as it
# was.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/inject/helpers.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}" ] || skip "hundreds of runs under valgrind (the other e2e tests cover these paths)"

unit=652325 period=2024-09
templates="monthly assessment dashboard"
mounts=()
trap 'for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done; rm -rf "$T"' EXIT

# small_disk DIR KB [ro]: mount a tmpfs of KB kilobytes on DIR; false if
# this machine does not allow mounting.
small_disk() {
    mkdir -p "$1"
    mount -t tmpfs -o "size=${2}k${3:+,$3}" tmpfs "$1" 2>/dev/null || return 1
    mounts+=("$1")
}

# report_into DIR TEMPLATE: run the report into DIR (status in $rc).
report_into() {
    "$RS" report "$2" --region "$unit" --period "$period" --out "$1" >"$T/out" 2>"$T/err"
    rc=$?
}

load_sample county
# The report connections read the store without WAL, so that a file-size
# limit meant for the outputs does not trip on the -shm file instead.
cp "$RELIEFSTAT_DB" "$T/plain.db"
sqlite3 "$T/plain.db" "PRAGMA journal_mode=DELETE;" >/dev/null

can_mount=true
small_disk "$T/probe" 64 || can_mount=false
[ $can_mount = true ] || echo "note: cannot mount tmpfs here; full-disk cases use ulimit -f only"
runs=0
for tpl in $templates; do
    # What the template writes when nothing fails, and its size in kB.
    report_into "$T/full-$tpl" "$tpl"
    [ $rc -eq 0 ] || { cat "$T/err" >&2; fail "report $tpl failed on a good disk"; }
    total_kb=$(find "$T/full-$tpl" -type f -printf '%s\n' | awk '{ kb += int(($1 + 4095) / 4096) * 4 } END { print kb }')
    biggest_kb=$(($(find "$T/full-$tpl" -type f -printf '%s\n' | sort -n | tail -n1) / 1024))

    # An output directory that cannot be written.
    ro="$T/ro-$tpl"
    if [ "$(id -u)" -eq 0 ]; then
        if [ $can_mount = true ]; then small_disk "$ro" 1024 ro; else ro=""; fi
    else
        mkdir -p "$ro" && chmod 555 "$ro"
    fi
    if [ -n "$ro" ]; then
        report_into "$ro" "$tpl"
        assert_failed_cleanly $rc 3 "$tpl into a read-only directory"
        assert_clean_dir "$ro"
        runs=$((runs + 1))
    fi

    # An output directory below a regular file.
    touch "$T/file-$tpl"
    report_into "$T/file-$tpl/out" "$tpl"
    assert_failed_cleanly $rc 3 "$tpl under a regular file"
    runs=$((runs + 1))

    # A disk that fills: tmpfs sizes (whole pages) from one page up to
    # one page short of what the template writes.
    if [ $can_mount = true ]; then
        for kb in 4 $((total_kb / 8 * 4)) $((total_kb - 4)); do
            [ "$kb" -ge 4 ] && [ "$kb" -lt "$total_kb" ] || continue
            d="$T/disk-$tpl-$kb"
            small_disk "$d" "$kb" || fail "mount of $kb kB failed"
            report_into "$d/out" "$tpl"
            assert_failed_cleanly $rc 3 "$tpl on a ${kb} kB disk"
            assert_whole_outputs "$d/out" "$tpl on a ${kb} kB disk"
            runs=$((runs + 1))
        done
    fi

    # A file-size limit below the largest output file.
    for kb in 1 $((biggest_kb - 1)); do
        [ "$kb" -ge 1 ] || continue
        d="$T/limit-$tpl-$kb"
        (
            trap '' XFSZ
            ulimit -f "$kb"
            RELIEFSTAT_DB="$T/plain.db" report_into "$d" "$tpl"
            exit $rc
        )
        rc=$?
        assert_failed_cleanly $rc 3 "$tpl with a ${kb} kB file-size limit"
        assert_whole_outputs "$d" "$tpl with a ${kb} kB file-size limit"
        runs=$((runs + 1))
    done
done

# The import on a full disk and under a file-size limit: exit 3, store
# unchanged and sound.
"$RS" sample --out "$T/more" --scale county --seed 2 >/dev/null || fail "sample --seed 2"
before=$(store_digest)
if [ $can_mount = true ]; then
    db_kb=$(du -sk "$RELIEFSTAT_DB" | cut -f1)
    small_disk "$T/dbdisk" $((db_kb + 256)) || fail "mount for the store failed"
    cp "$RELIEFSTAT_DB" "$T/dbdisk/test.db"
    (RELIEFSTAT_DB="$T/dbdisk/test.db" expect_status 3 "$RS" import "$T/more") || exit 1
    assert_eq "$(sqlite3 "$T/dbdisk/test.db" 'PRAGMA integrity_check')" ok "store on a full disk"
    assert_eq "$(store_digest "$T/dbdisk/test.db")" "$before" "store on a full disk"
    runs=$((runs + 1))
fi
db_kb=$(du -sk "$RELIEFSTAT_DB" | cut -f1)
(
    trap '' XFSZ
    ulimit -f $((db_kb + 256))
    "$RS" import "$T/more" >"$T/out" 2>"$T/err"
)
assert_failed_cleanly $? 3 "import with a file-size limit"
assert_eq "$(sqlite3 "$RELIEFSTAT_DB" 'PRAGMA integrity_check')" ok "store after a file-size limit"
assert_eq "$(store_digest)" "$before" "store after a file-size limit"
runs=$((runs + 1))
echo "failing runs checked: $runs"
echo "ok"
