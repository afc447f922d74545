#!/usr/bin/env bash
# A submission and the import it guards never interleave (reports.md
# "Submission and approval"; store/approval.h): the import holds its write
# transaction (BEGIN IMMEDIATE) while it checks the locks and writes, so a
# submit started while it runs waits and sees it whole.  Two processes: the
# ledger of a generated county sample imported in the background (some
# seconds), a submit of that county's month started once the import holds
# the write lock.  Afterwards the import has committed, the month is
# submitted, the ledger rows of the month are all there, and the
# submission's fingerprint is that of the store as it now is (status: not
# changed since submission).  Then the other order: the month submitted, the
# same import is refused whole (exit 2) and the store and fingerprint stay.
# run: alone
source "$(dirname "$0")/../lib.sh"
large_input "a county sample's ledger"
U=652325 P=2024-09
"$RS" sample --out "$T/s" --scale county >/dev/null || fail "sample"
mkdir "$T/roster"
for f in "$T"/s/*.csv; do
    case $(basename "$f") in payments.csv | bank_returns.csv | ground_truth.csv | near_misses.csv) ;;
    *) cp "$f" "$T/roster/" ;; esac
done
expect_status 0 "$RS" init
expect_status 0 "$RS" import "$T/roster"
want_rows=$(awk -F, -v u=$U -v p=$P 'NR > 1 && substr($4, 1, 6) == u && $6 == p' "$T/s/payments.csv" | wc -l)
[ "$want_rows" -gt 1000 ] || fail "the sample's ledger of $U $P has only $want_rows rows"

# write_locked: true while some connection holds the store's write lock.
write_locked() { ! sqlite3 -cmd ".timeout 0" "$RELIEFSTAT_DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; }

export RELIEFSTAT_NOW="2024-10-04 11:00"
"$RS" import "$T/s/payments.csv" >"$T/import.out" 2>"$T/import.err" &
import_pid=$!
for _ in $(seq 1 400); do write_locked && break; kill -0 $import_pid 2>/dev/null || break; sleep 0.01; done
write_locked || fail "the import was never seen holding the write lock (it ended too soon to test)"
"$RS" submit --region $U --period $P >"$T/submit.out" 2>"$T/submit.err"
submit_rc=$?
wait $import_pid
import_rc=$?
assert_eq "$import_rc" 0 "the import (which held the lock first) exit status"
[ "$submit_rc" -eq 0 ] || { cat "$T/submit.err" >&2; fail "submit exited $submit_rc"; }
assert_eq "$(sql "SELECT count(*) FROM payments WHERE period = 202409 AND region_code / 1000000 = $U")" \
    "$want_rows" "the ledger rows of the month, all there"
expect_status 0 "$RS" status --region $U --period $P
assert_eq "$(awk '$1 == "'$U'" {print $4}' "$T/out")" submitted "the county's state"
assert_eq "$(awk '$1 == "'$U'" {print $NF}' "$T/out")" no "changed since submission"
# The submission saw the import whole: its fingerprint is the store's now.
fp=$(sql "SELECT fingerprint FROM approval_state WHERE region_code = ${U}000000 AND period = 202409")
assert_eq "$(sql "SELECT fingerprint FROM approval_log")" "$fp" "the log's fingerprint"

# The other order: submitted first, so the import of a changed ledger
# month is refused whole and nothing of it is committed.
expect_status 0 "$RS" reopen --region $U --period $P --reason "重新导入"
sql "DELETE FROM payments WHERE period = 202409 AND region_code / 1000000 = $U" || fail "delete"
expect_status 0 "$RS" init  # the summaries rebuilt without them
expect_status 0 "$RS" submit --region $U --period $P
db_digest >"$T/before"
expect_status 2 "$RS" import "$T/s/payments.csv"
assert_contains "$T/err" "county $U 奇台县, month $P is submitted"
assert_contains "$T/err" "nothing imported"
db_digest >"$T/after"
cmp -s "$T/before" "$T/after" || fail "the refused import changed the store"
expect_status 0 "$RS" status --region $U --period $P
assert_eq "$(awk '$1 == "'$U'" {print $NF}' "$T/out")" no "changed since submission after the refused import"
echo "ok"
