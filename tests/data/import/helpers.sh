# Helpers shared by tests/e2e/import_*.sh (sourced after tests/lib.sh).
D="$ROOT/tests/data/import"
DATA_TABLES="divisions standards params households persons enrolments payments bank_returns budgets
             applications reviews referrals warnings crosscheck staff_relatives"

# data_digest: a digest of the contract tables' rows (not the batch log).
data_digest() {
    local t
    for t in $DATA_TABLES; do
        echo "== $t"; sql "SELECT * FROM $t ORDER BY 1, 2, 3"
    done | sha256sum | cut -d' ' -f1
}

# fresh_db NAME: point RELIEFSTAT_DB at a new database $T/NAME.db and init it.
fresh_db() {
    export RELIEFSTAT_DB="$T/$1.db"
    expect_status 0 "$RS" init
}

# data_lines FILE: the number of non-blank lines after the header.
data_lines() { tail -n +2 "$1" | grep -c '[^[:space:]]'; }
