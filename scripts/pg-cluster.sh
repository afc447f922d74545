#!/usr/bin/env bash
# pg-cluster.sh start|stop|status|env DIR: a local PostgreSQL 15 set for
# reliefstat's PostgreSQL store and its sharded scale-out (issue 18,
# ../shared/spec/scale.md): a coordinator and two shard servers, each a
# cluster of Debian's PostgreSQL 15 (initdb, pg_ctl) under DIR.
#
#   start DIR   initialise the three clusters under DIR (the first time),
#               start them, create database "reliefstat" on each and, on the
#               coordinator, postgres_fdw and dblink with the shards as the
#               foreign servers shard1 and shard2 (user mappings for the
#               cluster's superuser).  Waits until all three accept
#               connections.  A failure stops whatever it started.
#   stop DIR    stop the three servers (fast shutdown, immediate when that
#               times out); afterwards none of them runs.  Nothing to stop
#               is no error.
#   status DIR  one line per server; exit 0 when all three run.
#   env DIR     print shell assignments to eval: PGHOST, PGPORT, PGUSER,
#               PGDATABASE (the coordinator) and RS_PG_COORD, RS_PG_SHARD1,
#               RS_PG_SHARD2 (libpq URIs of the three databases).
#
# The servers listen on Unix sockets in DIR/sock only (no TCP port: runs of
# several engineers or test jobs on one machine cannot collide, and nothing
# is reachable from the network); the port numbers 5432-5434 only name the
# sockets.  Authentication is "trust" for local connections, which only
# the owner of DIR/sock (mode 0700) and root can reach.  Each cluster is
# initialised with --locale=C, so text compares in byte order, as in SQLite
# (the schema says COLLATE "C" as well, for databases made elsewhere).
#
# PostgreSQL refuses to run as root: invoked as root (as in CI), the script
# runs the servers as the unprivileged system user $RS_PG_USER (default
# "reliefstat", created when missing, without a home or a login shell) and
# gives it DIR; DIR's parents must let that user through.  Otherwise the
# servers run as the invoking user.  The database superuser is "reliefstat"
# either way.
#
# Environment: PGBIN (default /usr/lib/postgresql/15/bin), RS_PG_USER.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
OS_USER=${RS_PG_USER:-reliefstat}
ROLE=reliefstat
DB=reliefstat
NODES=(coord shard1 shard2)
declare -A PORT=([coord]=5432 [shard1]=5433 [shard2]=5434)

die() {
    echo "pg-cluster: $*" >&2
    exit 1
}

usage() {
    echo "usage: $0 start|stop|status|env DIR" >&2
    exit 2
}

# as_server command...: run a command as the user the servers run as.
as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$OS_USER" -- "$@"
    else
        "$@"
    fi
}

# ensure_user: the unprivileged system user exists (root only).  Another
# run may create it at the same moment, so a failed useradd is fine when
# the user exists afterwards.
ensure_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    getent passwd "$OS_USER" >/dev/null && return 0
    useradd --system --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$OS_USER" 2>/dev/null ||
        getent passwd "$OS_USER" >/dev/null ||
        die "cannot create the system user $OS_USER"
}

# psql_on NODE [psql arguments...]: psql on NODE's database as the superuser.
psql_on() {
    local node=$1
    shift
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "${PORT[$node]}" -U "$ROLE" "$@"
}

running() { [ -f "$DIR/$1/data/postmaster.pid" ] && as_server "$PGBIN/pg_ctl" -D "$DIR/$1/data" status >/dev/null 2>&1; }

# init_node NODE: initdb NODE's cluster and write its settings.
init_node() {
    local node=$1 data=$DIR/$1/data
    as_server mkdir -p "$DIR/$node"
    as_server "$PGBIN/initdb" -D "$data" -U "$ROLE" --auth=trust -E UTF8 --locale=C \
        --no-sync --no-instructions >"$DIR/$node/initdb.log" 2>&1 ||
        { cat "$DIR/$node/initdb.log" >&2; die "initdb of $node failed"; }
    # Small and local: six engineers' clusters may share a 2-core machine.
    as_server tee -a "$data/postgresql.conf" >/dev/null <<EOF

# pg-cluster.sh
listen_addresses = ''
port = ${PORT[$node]}
unix_socket_directories = '$SOCK'
unix_socket_permissions = 0700
max_connections = 40
shared_buffers = 128MB
max_worker_processes = 8
max_parallel_workers_per_gather = 2
logging_collector = off
log_min_messages = warning
EOF
}

# start_node NODE: start NODE's server and wait until it accepts connections.
start_node() {
    local node=$1
    running "$node" && return 0
    as_server "$PGBIN/pg_ctl" -D "$DIR/$node/data" -l "$DIR/$node/server.log" -w -t 60 -s start ||
        { tail -n 20 "$DIR/$node/server.log" >&2; die "$node did not start"; }
}

# stop_node NODE: stop NODE's server; immediate shutdown when a fast one
# does not end within 30 s.  Fails when it still runs afterwards.
stop_node() {
    local node=$1 data=$DIR/$1/data
    [ -f "$data/postmaster.pid" ] || return 0
    as_server "$PGBIN/pg_ctl" -D "$data" -m fast -w -t 30 -s stop 2>/dev/null ||
        as_server "$PGBIN/pg_ctl" -D "$data" -m immediate -w -t 30 -s stop 2>/dev/null || true
    [ ! -f "$data/postmaster.pid" ] || { echo "pg-cluster: $node still runs" >&2; return 1; }
}

stop_all() {
    local node rc=0
    for node in "${NODES[@]}"; do stop_node "$node" || rc=1; done
    return $rc
}

# create_databases: database $DB on every server; on the coordinator the
# foreign-data wrappers and one foreign server per shard.
create_databases() {
    local node
    for node in "${NODES[@]}"; do
        [ "$(psql_on "$node" -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = 1 ] ||
            psql_on "$node" -d postgres -c "CREATE DATABASE $DB"
    done
    psql_on coord -d "$DB" -v sock="$SOCK" -v p1="${PORT[shard1]}" -v p2="${PORT[shard2]}" \
        -v role="$ROLE" -v db="$DB" <<'EOF'
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT NOT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = 'shard1') AS new_servers \gset
\if :new_servers
-- async_capable: the coordinator scans both shards' partitions of a query
-- at once (Async Append); fetch_size: rows per round trip (default 100).
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'sock', port :'p1', dbname :'db', async_capable 'true', fetch_size '10000');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'sock', port :'p2', dbname :'db', async_capable 'true', fetch_size '10000');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user :'role');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user :'role');
\endif
EOF
}

start() {
    [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] ||
        die "PostgreSQL 15 is not installed ($PGBIN/initdb; scripts/setup.sh test installs it)"
    ensure_user
    [ "$(id -u)" -ne 0 ] || chown "$OS_USER" "$DIR"
    chmod 0700 "$DIR"
    as_server test -w "$DIR" -a -x "$DIR" ||
        die "$DIR: user $OS_USER cannot write there (are its parent directories searchable by it?)"
    [ ${#SOCK} -le 90 ] || die "$SOCK: too long for a Unix socket path"
    local node pids=() pid
    STARTED_OK=0
    trap '[ $STARTED_OK -eq 1 ] || stop_all || true' EXIT
    as_server mkdir -p "$SOCK"
    as_server chmod 0700 "$SOCK"
    for node in "${NODES[@]}"; do
        if [ ! -f "$DIR/$node/data/PG_VERSION" ]; then
            init_node "$node" &
            pids+=($!)
        fi
    done
    for pid in "${pids[@]}"; do wait "$pid" || die "initialisation failed"; done
    for node in "${NODES[@]}"; do start_node "$node"; done
    create_databases
    STARTED_OK=1
}

status() {
    local node rc=0
    for node in "${NODES[@]}"; do
        if running "$node"; then
            echo "$node: running (socket $SOCK/.s.PGSQL.${PORT[$node]})"
        else
            echo "$node: stopped"
            rc=1
        fi
    done
    return $rc
}

# uri NODE: the libpq URI of NODE's database (the socket directory as host).
uri() {
    local s=$SOCK enc="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case "$c" in
            [A-Za-z0-9._~-]) enc+=$c ;;
            *) enc+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf 'postgresql:///%s?host=%s&port=%s&user=%s' "$DB" "$enc" "${PORT[$1]}" "$ROLE"
}

print_env() {
    printf 'export PGHOST=%q PGPORT=%q PGUSER=%q PGDATABASE=%q\n' "$SOCK" "${PORT[coord]}" "$ROLE" "$DB"
    printf 'export RS_PG_COORD=%q RS_PG_SHARD1=%q RS_PG_SHARD2=%q\n' \
        "$(uri coord)" "$(uri shard1)" "$(uri shard2)"
}

[ $# -eq 2 ] || usage
cmd=$1
[ "$cmd" != start ] || mkdir -p "$2"
[ -d "$2" ] || { [ "$cmd" = stop ] && exit 0; die "$2: no such directory"; }
DIR=$(cd "$2" && pwd)
SOCK=$DIR/sock
case "$cmd" in
    start) start ;;
    stop) stop_all ;;
    status) status ;;
    env) print_env ;;
    *) usage ;;
esac
