#!/usr/bin/env bash
# The PostgreSQL groundwork of issue 18: scripts/pg-cluster.sh starts a
# coordinator and two shards (PostgreSQL 15, run as an unprivileged user
# when the suite runs as root), queries/pg/schema/v5.sql, v6.sql and v7.sql (upgrades) give the SQLite
# schema's tables, columns, keys and indexes, queries/pg/functions.sql's
# five SQL functions answer as the SQLite store's, month partitions are made
# locally and on each shard (queries/pg/shard.sql) and refused where they
# would clash, rows inserted through the coordinator land on the month's
# server and read back whole, across shards and joined with the
# coordinator's roster; a stopped cluster starts again with its data, a
# start that fails half-way stops what it started, and `stop` leaves no
# server process.  PostgreSQL 15 missing is a failure: setup.sh installs it.
# It runs reliefstat only for one query (the functions' SQLite side), so the
# sanitizer and valgrind runs of the suite skip it (it takes a few seconds
# in `make test`).
source "$(dirname "$0")/../lib.sh"
[ -z "${RELIEFSTAT_VALGRIND:-}${RELIEFSTAT_SANITIZED:-}" ] ||
    skip "PostgreSQL's side only: nothing for valgrind or the sanitizers (make test runs it)"
PGBIN=/usr/lib/postgresql/15/bin
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] && [ -x "$PGBIN/psql" ] ||
    fail "PostgreSQL 15 is not installed ($PGBIN; scripts/setup.sh test installs postgresql-15)"
command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"
CLUSTER="$ROOT/scripts/pg-cluster.sh"

# The cluster lives outside $T (mode 0700, root's in CI): the servers' user
# must reach it.  Stopped and removed whatever happens; should the script
# under test fail to stop a server, its postmaster gets SIGINT (a fast
# shutdown) before its directory goes.
PGD=$(mktemp -d "${TMPDIR:-/tmp}/rs-pg.XXXXXX")
BAD=$PGD-bad
cleanup() {
    local d f pid
    for d in "$PGD" "$BAD"; do
        "$CLUSTER" stop "$d" >/dev/null 2>&1
        for f in "$d"/*/data/postmaster.pid; do
            [ -f "$f" ] && pid=$(head -n 1 "$f") && kill -INT "$pid" 2>/dev/null &&
                while kill -0 "$pid" 2>/dev/null && [[ $(ps -o stat= -p "$pid") != Z* ]]; do sleep 0.1; done
        done
    done
    rm -rf "$T" "$PGD" "$BAD"
}
trap cleanup EXIT

# timed NAME command...: run command (expect_status 0), print its time.
timed() {
    local name=$1 t0 t1
    shift
    t0=$(date +%s%N)
    expect_status 0 "$@"
    t1=$(date +%s%N)
    echo "pg_cluster: $name took $(((t1 - t0) / 1000000)) ms"
}

# pg NODE SQL: run SQL on NODE (coord, shard1, shard2); rows unaligned, '|'.
pg() {
    local uri
    case $1 in coord) uri=$RS_PG_COORD ;; shard1) uri=$RS_PG_SHARD1 ;; shard2) uri=$RS_PG_SHARD2 ;; esac
    "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$uri" -c "$2"
}

# pg_fails NODE SQL TEXT: SQL fails on NODE with an error containing TEXT.
pg_fails() {
    ! pg "$1" "$2" >"$T/out" 2>"$T/err" || fail "'$2' succeeded on $1"
    assert_contains "$T/err" "$3"
}

# server_pids DIR: the PIDs of DIR's servers and of their processes.
server_pids() {
    local f pid
    for f in "$1"/*/data/postmaster.pid; do
        [ -f "$f" ] || continue
        pid=$(head -n 1 "$f")
        echo "$pid"
        ps -o pid= --ppid "$pid" || true
    done
}

# assert_gone PIDS...: none of the processes runs (a zombie waiting for
# its parent to reap it runs no more).
assert_gone() {
    local pid stat
    for pid in "$@"; do
        stat=$(ps -o stat= -p "$pid" 2>/dev/null) || continue
        case $stat in Z*) ;; *) fail "process $pid ($(ps -o args= -p "$pid")) still runs" ;; esac
    done
}

# ---- start ----------------------------------------------------------------
timed "start (initdb of three clusters)" "$CLUSTER" start "$PGD"
expect_status 0 "$CLUSTER" status "$PGD"
for node in coord shard1 shard2; do assert_contains "$T/out" "$node: running"; done
expect_status 0 "$CLUSTER" env "$PGD"
eval "$(cat "$T/out")"
assert_eq "$PGHOST" "$PGD/sock" "PGHOST"
assert_eq "$(pg coord 'SELECT current_setting($$port$$)')" 5432 "coordinator port"
assert_eq "$(pg shard2 'SELECT current_setting($$port$$)')" 5434 "shard2 port"
assert_eq "$(pg coord 'SHOW listen_addresses')" "" "listen_addresses (no TCP)"
assert_eq "$(pg coord 'SHOW lc_collate')" C "collation"
if [ "$(id -u)" -eq 0 ]; then
    assert_eq "$(stat -c %U "$PGD/coord/data")" "${RS_PG_USER:-reliefstat}" "owner of the coordinator's data"
fi
assert_eq "$(pg coord "SELECT string_agg(srvname, ',' ORDER BY srvname) FROM pg_foreign_server")" \
    "shard1,shard2" "foreign servers"
assert_eq "$(pg coord "SELECT count(*) FROM pg_user_mappings WHERE srvname LIKE 'shard%'")" 2 "user mappings"
mapfile -t pids < <(server_pids "$PGD")
[ ${#pids[@]} -ge 15 ] || fail "expected three servers with their processes, got PIDs: ${pids[*]}"

# ---- schema ---------------------------------------------------------------
for node in coord shard1 shard2; do
    expect_status 0 "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$(eval echo "\$RS_PG_${node^^}")" \
        -f "$ROOT/queries/pg/schema/v5.sql" -f "$ROOT/queries/pg/schema/v6.sql" -f "$ROOT/queries/pg/schema/v7.sql" \
        -f "$ROOT/queries/pg/functions.sql"
done
expect_status 0 "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$RS_PG_COORD" -f "$ROOT/queries/pg/shard.sql"

# The SQLite store of queries/schema/v1..v7.sql and the PostgreSQL one have
# the same tables with the same columns in the same order (INTEGER is
# bigint, TEXT text COLLATE "C"; a key column is NOT NULL), the same keys
# (a month-keyed table's on each month: rs_month_tables) and indexes.
for v in 1 2 3 4 5 6 7; do sqlite3 "$T/lite.db" <"$ROOT/queries/schema/v$v.sql" || fail "schema v$v"; done
sqlite3 -separator '|' "$T/lite.db" "
    SELECT m.name, p.cid, p.name,
           CASE p.type WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text C' ELSE p.type END,
           p.\"notnull\" OR p.pk > 0
      FROM sqlite_master m, pragma_table_info(m.name) p
     WHERE m.type = 'table' ORDER BY 1, 2" >"$T/lite-columns"
pg coord "
    SELECT c.relname, a.attnum - 1, a.attname,
           format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attcollation <> 0
               THEN ' ' || (SELECT collname FROM pg_collation WHERE oid = a.attcollation) ELSE '' END,
           a.attnotnull::int
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       AND NOT c.relispartition AND c.relname <> 'schema_version'
     ORDER BY 1, 2" >"$T/pg-columns"
diff "$T/lite-columns" "$T/pg-columns" >&2 || fail "tables and columns differ (< SQLite, > PostgreSQL)"
[ "$(wc -l <"$T/lite-columns")" -gt 150 ] || fail "too few columns compared"

sqlite3 -separator '|' "$T/lite.db" "
    SELECT m.name, (SELECT group_concat(name, ', ') FROM
                    (SELECT name FROM pragma_table_info(m.name) WHERE pk > 0 ORDER BY pk))
      FROM sqlite_master m WHERE m.type = 'table' ORDER BY 1" >"$T/lite-keys"
pg coord "
    SELECT c.relname, coalesce(
               (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                  FROM pg_index x, unnest(x.indkey) WITH ORDINALITY k(attnum, ord), pg_attribute a
                 WHERE x.indrelid = c.oid AND x.indisprimary
                   AND a.attrelid = c.oid AND a.attnum = k.attnum),
               (SELECT month_key FROM rs_month_tables() WHERE table_name = c.relname), '')
      FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       AND NOT c.relispartition AND c.relname <> 'schema_version'
     ORDER BY 1" >"$T/pg-keys"
diff "$T/lite-keys" "$T/pg-keys" >&2 || fail "keys differ (< SQLite, > PostgreSQL)"
assert_contains "$T/pg-keys" "payments|payment_id"

sqlite3 -separator '|' "$T/lite.db" "
    SELECT m.name, m.tbl_name, (SELECT group_concat(name, ', ') FROM
                                (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno))
      FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY 1" >"$T/lite-indexes"
pg coord "
    SELECT i.relname, t.relname, string_agg(a.attname, ', ' ORDER BY k.ord)
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid,
           unnest(x.indkey) WITH ORDINALITY k(attnum, ord), pg_attribute a
     WHERE a.attrelid = t.oid AND a.attnum = k.attnum AND NOT x.indisprimary
       AND t.relnamespace = 'public'::regnamespace AND NOT t.relispartition
     GROUP BY 1, 2 ORDER BY 1" >"$T/pg-indexes"
diff "$T/lite-indexes" "$T/pg-indexes" >&2 || fail "indexes differ (< SQLite, > PostgreSQL)"
[ "$(wc -l <"$T/lite-indexes")" -ge 15 ] || fail "too few indexes compared"

# ---- the catalogue's SQL functions -----------------------------------------
# One query over some 4,000 inputs (tests/data/pg/function_parity.sql), run
# by `reliefstat query` on an SQLite store (a home whose catalogue has the
# query beside the shipped ones) and by psql on the coordinator: the same
# CSV, byte for byte.
mkdir -p "$T/home/queries"
for f in "$ROOT"/*; do [ "$(basename "$f")" = queries ] || ln -s "$f" "$T/home/"; done
ln -s "$ROOT"/queries/* "$ROOT/tests/data/pg/function_parity.sql" "$T/home/queries/"
RELIEFSTAT_HOME=$T/home expect_status 0 "$RS" init
RELIEFSTAT_HOME=$T/home expect_status 0 "$RS" query function_parity --format csv
mv "$T/out" "$T/lite-functions.csv"
"$PGBIN/psql" -X -q --csv -v ON_ERROR_STOP=1 "$RS_PG_COORD" -f "$ROOT/tests/data/pg/function_parity.sql" \
    >"$T/pg-functions.csv" || fail "the function query on PostgreSQL"
[ "$(wc -l <"$T/lite-functions.csv")" -eq 4018 ] || fail "expected 4,017 rows of function values"
diff "$T/lite-functions.csv" "$T/pg-functions.csv" >&2 || fail "the SQL functions differ (< SQLite, > PostgreSQL)"
assert_contains "$T/pg-functions.csv" "-2,11010519491231002X,1,19491231,2460584,2024-09-30,5,2460735,2025-02-28,-0.01"
assert_contains "$T/pg-functions.csv" "-9,110105491231002,,19491231,2460583,2024-09-29,0,2460583,2024-09-29,92233720368547758.07"

# ---- partitions -----------------------------------------------------------
# 2024-09 on the coordinator, 2024-10 on shard1, 2024-11 on shard2.
assert_eq "$(pg coord "SELECT string_agg(p::text, ',') FROM rs_month_partitions(202409) p")" \
    "payments_202409,payment_findings_202409,bank_returns_202409" \
    "local month"
pg coord "SELECT rs_month_partitions_on(202410, 'shard1')" >/dev/null || fail "month on shard1"
pg coord "SELECT rs_month_partitions_on(202411, 'shard2')" >/dev/null || fail "month on shard2"
# Asked again: the same partitions, nothing made.
assert_eq "$(pg coord "SELECT rs_month_partition('payments', 202409)")" payments_202409 "local month again"
assert_eq "$(pg coord "SELECT rs_month_partition_on('payments', 202411, 'shard2')")" payments_202411 \
    "shard month again"
# A month written to the coordinator is, by its name, that month on any server.
assert_eq "$(pg coord "SELECT rs_month_partition('payments', 202410)")" payments_202410 \
    "a shard's month asked for locally"
pg_fails coord "SELECT rs_month_partition_on('payments', 202409, 'shard2')" \
    "payments_202409 is already in this database"
pg_fails coord "SELECT rs_month_partition_on('payments', 202410, 'shard2')" \
    "payments_202410 is already on server shard1"
pg_fails coord "SELECT rs_month_partition('payments', 202413)" "202413 is not a month (yyyymm)"
pg_fails coord "SELECT rs_month_partition('households', 202409)" "households is not a month-keyed table"
assert_eq "$(pg coord "
    SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || coalesce(s.srvname, '') || ':' ||
                      pg_get_expr(c.relpartbound, c.oid), ' ' ORDER BY c.relname)
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      LEFT JOIN pg_foreign_table f ON f.ftrelid = c.oid LEFT JOIN pg_foreign_server s ON s.oid = f.ftserver
     WHERE i.inhparent = 'payments'::regclass")" \
    "payments_202409:r::FOR VALUES FROM ('202409') TO ('202410') payments_202410:f:shard1:FOR VALUES FROM ('202410') TO ('202411') payments_202411:f:shard2:FOR VALUES FROM ('202411') TO ('202412')" \
    "payments' partitions"
# December's upper bound is the next January.
pg coord "SELECT rs_month_partition('payment_findings', 202412)" >/dev/null || fail "December"
assert_eq "$(pg coord "SELECT pg_get_expr(relpartbound, oid) FROM pg_class
                        WHERE oid = 'payment_findings_202412'::regclass")" \
    "FOR VALUES FROM ('202412') TO ('202501')" "December's bounds"
# Two sessions making one new month at once: the second waits for the
# first's transaction and then finds the month made (without the advisory
# lock it would fail on the first's uncommitted table of that name).
"$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$RS_PG_COORD" >"$T/first" 2>&1 \
    -c "BEGIN; SELECT count(*) FROM rs_month_partitions(202502); SELECT pg_sleep(1); COMMIT;" &
first=$!
sleep 0.3
assert_eq "$(pg coord "SELECT count(*) FROM rs_month_partitions(202502)")" 3 "the second session"
wait $first || { cat "$T/first" >&2; fail "the first session"; }
assert_eq "$(pg coord "SELECT count(*) FROM pg_class WHERE relname LIKE '%_202502'")" 3 "one month made once"
# On a shard the month is a partition of its own store's table, with its key.
assert_eq "$(pg shard1 "SELECT count(*) FROM pg_inherits WHERE inhparent = 'payments'::regclass
                         AND inhrelid = 'payments_202410'::regclass")" 1 "shard1's partition"
assert_eq "$(pg shard1 "SELECT pg_get_constraintdef(oid) FROM pg_constraint
                         WHERE conrelid = 'payments_202410'::regclass AND contype = 'p'")" \
    "PRIMARY KEY (payment_id)" "shard1's month key"
assert_eq "$(pg shard2 "SELECT count(*) FROM pg_class WHERE relname LIKE '%_2024__'")" 3 "shard2's tables"

# ---- rows through the coordinator ----------------------------------------
# Person B (6501...) is paid in every month; in 2024-11 under a second
# household (one person in two households, across shards); person D died
# in 2024-10 (JDN 2460600 = 2024-10-04) and is still paid in 2024-11.
pg coord "
    INSERT INTO households(household_id, region_code, urban_rural, head_id, members, income_pc_monthly_fen)
    VALUES ('H1', 650102000000, 'urban', '650102199001011234', 2, 20000),
           ('H2', 652301000000, 'rural', '652301198502024321', 1, 10000);
    INSERT INTO persons(id_number, name, household_id, relation, death_date)
    VALUES ('650102199001011234', '阿依古丽', 'H1', 'head', NULL),
           ('652301198502024321', '王建国', 'H2', 'head', 2460600);
    INSERT INTO payments(payment_id, household_id, id_number, region_code, item, period,
                         amount_due_fen, amount_paid_fen, paid_on)
    VALUES ('P09-1', 'H1', '650102199001011234', 650102000000, 'dibao', 202409, 50000, 50000, 2460570),
           ('P09-2', 'H2', '652301198502024321', 652301000000, 'dibao', 202409, 30000, 30000, 2460571),
           ('P10-1', 'H1', '650102199001011234', 650102000000, 'dibao', 202410, 50000, 50000, 2460600),
           ('P10-2', 'H2', '652301198502024321', 652301000000, 'dibao', 202410, 30000, 29000, NULL),
           ('P11-1', 'H2', '650102199001011234', 652301000000, 'dibao', 202411, 50000, 50000, 2460631),
           ('P11-2', 'H2', '652301198502024321', 652301000000, 'dibao', 202411, 30000, 30000, 2460632);
    INSERT INTO payment_summary VALUES (202410, 650102000000, 'dibao', 'urban', 1, 50000),
                                       (202411, 652301000000, 'dibao', 'rural', 2, 80000);" ||
    fail "inserts through the coordinator"
# Each month's rows are on its server.
assert_eq "$(pg coord "SELECT string_agg(payment_id, ',' ORDER BY payment_id) FROM ONLY payments_202409")" \
    "P09-1,P09-2" "the coordinator's month"
assert_eq "$(pg shard1 "SELECT string_agg(payment_id, ',' ORDER BY payment_id) FROM payments")" \
    "P10-1,P10-2" "shard1's rows"
assert_eq "$(pg shard2 "SELECT string_agg(payment_id, ',' ORDER BY payment_id) FROM payments")" \
    "P11-1,P11-2" "shard2's rows"
# The summaries stay on the coordinator (queries/pg/schema/v6.sql).
assert_eq "$(pg coord "SELECT string_agg(rows || ':' || paid_fen, ' ' ORDER BY period) FROM ONLY payment_summary")" \
    "1:50000 2:80000" "the coordinator's summary"
assert_eq "$(pg shard2 "SELECT to_regclass('payment_summary_202411') IS NULL")" t "no summary on shard2"

# Read back through the coordinator: per month, the sums pushed to the shards.
assert_eq "$(pg coord "SELECT string_agg(period || ':' || n || ':' || paid, ' ' ORDER BY period) FROM
                         (SELECT period, count(*) n, sum(amount_paid_fen) paid FROM payments GROUP BY period) s")" \
    "202409:2:80000 202410:2:79000 202411:2:80000" "sums per month"
pg coord "EXPLAIN (VERBOSE, COSTS OFF)
          SELECT period, count(*), sum(amount_paid_fen) FROM payments GROUP BY period" >"$T/plan"
assert_contains "$T/plan" "Async Foreign Scan"
assert_contains "$T/plan" "Relations: Aggregate on (public.payments_202411"
# The whole ledger in payment_id order (byte order), from three servers.
assert_eq "$(pg coord "SELECT string_agg(payment_id, ',' ORDER BY payment_id) FROM payments
                        WHERE period BETWEEN 202409 AND 202411")" \
    "P09-1,P09-2,P10-1,P10-2,P11-1,P11-2" "the ledger across servers"
# Across shards: a payee paid under two households (months on two shards).
assert_eq "$(pg coord "SELECT id_number || ':' || string_agg(DISTINCT household_id, ',')
                         FROM payments WHERE period >= 202410 GROUP BY id_number
                       HAVING count(DISTINCT household_id) > 1")" \
    "650102199001011234:H1,H2" "one person in two households across shards"
# Joined with the coordinator's roster: paid after death (the month's
# first day, as JDN: 2024-11-01 = 2460616), and a payee of a month on one
# shard with no row on the other.
assert_eq "$(pg coord "SELECT string_agg(p.payment_id, ',') FROM payments p
                         JOIN persons s ON s.id_number = p.id_number
                        WHERE s.death_date < 2460616 AND p.period = 202411")" "P11-2" "paid after death"
assert_eq "$(pg coord "SELECT count(*) FROM payments a WHERE a.period = 202410 AND NOT EXISTS
                         (SELECT 1 FROM payments b WHERE b.period = 202411 AND b.id_number = a.id_number)")" \
    0 "payees of 2024-10 missing from 2024-11"
# Refused: a month without its partition (nothing kept aside), a
# payment_id twice in one month on a shard, a row on a shard that breaks
# NOT NULL.
pg_fails coord "INSERT INTO payments(payment_id, id_number, region_code, item, period, amount_due_fen, amount_paid_fen)
                VALUES ('P01', 'x', 650102000000, 'dibao', 202501, 1, 1)" "no partition of relation \"payments\""
pg_fails coord "INSERT INTO payments(payment_id, id_number, region_code, item, period, amount_due_fen, amount_paid_fen)
                VALUES ('P10-1', 'x', 650102000000, 'dibao', 202410, 1, 1)" "duplicate key value"
pg_fails coord "INSERT INTO payments(payment_id, region_code, item, period, amount_due_fen, amount_paid_fen)
                VALUES ('P11-9', 652301000000, 'dibao', 202411, 1, 1)" "id_number"
assert_eq "$(pg coord "SELECT count(*) FROM payments")" 6 "rows after the refused ones"

# ---- stop, start again, stop ---------------------------------------------
timed "stop" "$CLUSTER" stop "$PGD"
assert_gone "${pids[@]}"
expect_status 1 "$CLUSTER" status "$PGD"
assert_contains "$T/out" "coord: stopped"
timed "start (existing clusters)" "$CLUSTER" start "$PGD"
assert_eq "$(pg coord "SELECT sum(amount_paid_fen) FROM payments")" 239000 "the ledger after a restart"
mapfile -t pids < <(server_pids "$PGD")
expect_status 0 "$CLUSTER" stop "$PGD"
assert_gone "${pids[@]}"
expect_status 0 "$CLUSTER" stop "$PGD" # nothing to stop: no error
for node in coord shard1 shard2; do
    [ ! -e "$PGD/$node/data/postmaster.pid" ] || fail "$node left its postmaster.pid"
done

# ---- a start that fails half-way stops what it started --------------------
# shard2's data directory is a broken one (PG_VERSION only): the
# coordinator and shard1 start, shard2 cannot.
mkdir -p "$BAD/shard2/data" && echo 15 >"$BAD/shard2/data/PG_VERSION"
[ "$(id -u)" -ne 0 ] || chown -R "${RS_PG_USER:-reliefstat}" "$BAD"
expect_status 1 "$CLUSTER" start "$BAD"
assert_contains "$T/err" "pg-cluster: shard2 did not start"
[ -f "$BAD/coord/data/PG_VERSION" ] || fail "the failed start did not get as far as the coordinator"
[ ! -e "$BAD/coord/data/postmaster.pid" ] || fail "the failed start left the coordinator running"
[ ! -e "$BAD/shard1/data/postmaster.pid" ] || fail "the failed start left shard1 running"
if ps -eo stat=,args= | grep -F -- "$BAD" | grep -v '^Z' | grep -q postgres; then
    fail "a server of the failed start still runs"
fi
echo "pg_cluster: ok"
