# Shared set-up of the report tests (tests/e2e/report_*.sh), sourced after
# tests/lib.sh: skips without openpyxl, writes the two-county fixture of
# report_fixture.py into $T/data, and creates and loads the test database.
PY=/usr/bin/python3
CHECK="$ROOT/tests/tools/check_workbook.py"
[ -x "$PY" ] && "$PY" -c 'import openpyxl' 2>/dev/null || skip "python3-openpyxl is not installed"
"$PY" "$ROOT/tests/tools/report_fixture.py" "$T/data" || fail "fixture"
expect_status 0 "$RS" init
for t in standards households persons enrolments payments budgets applications reviews referrals; do
    expect_status 0 "$RS" import "$T/data/$t.csv"
done

# check ARGS...: run the workbook checker, failing the test with its message.
check() { "$PY" "$CHECK" "$@" || fail "check_workbook.py $1"; }
