-- The sharded variant of the PostgreSQL store: applied on a coordinator
-- after queries/pg/schema/v5.sql.  Each shard is a PostgreSQL database
-- with the same schema (queries/pg/schema/v5.sql), reached through a
-- postgres_fdw foreign server of the coordinator (with a user mapping; the
-- deployment creates these, scripts/pg-cluster.sh does for its local set).
-- A month of a month-keyed table placed on a shard is a partition of the
-- shard's own table there, and on the coordinator a foreign table attached
-- as that month's partition: the coordinator's queries read every month
-- through one parent, as in a store on one server, and those that compare
-- rows of several months or regions (duplicates, dibao+tekun, one person
-- in two households, shared accounts) run on the coordinator over all of
-- them.  Creating extensions needs a superuser.
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE EXTENSION IF NOT EXISTS dblink;

-- Let the planner push a GROUP BY of a month-keyed table down to each
-- partition, so a shard sums its own months and sends only the sums (off
-- by default in PostgreSQL; a unit's roll-up adds per-region-code rows, so
-- per-shard partial sums add up exactly).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET enable_partitionwise_aggregate = on', current_database());
END $$;

-- rs_month_partition_on(table, period, server): the month's partition of a
-- month-keyed table on the shard behind the foreign server: made there
-- (rs_month_partition, run through dblink on the shard, whose
-- schema_version must be this database's), then a foreign table of the
-- same name here with the parent's columns, attached as the month's
-- partition.  (Not IMPORT FOREIGN SCHEMA: postgres_fdw reads the shard's
-- catalogue in its REPEATABLE READ remote transaction, which does not see
-- the second of two partitions made in one transaction of this one.)  A
-- month already on that server is returned as it is; one kept here or on
-- another server is an error (moving a month's rows is not this
-- function's job).  The shard's DDL commits on its own, outside this
-- transaction: when this one rolls back the shard keeps an empty
-- partition, which the next call reuses.
CREATE FUNCTION rs_month_partition_on(tbl text, period bigint, server text) RETURNS regclass
LANGUAGE plpgsql AS $$
DECLARE
    m record := rs_month_begin(tbl, period);
    placed text;
    theirs integer;
    columns text;
BEGIN
    IF m.existing IS NOT NULL THEN
        SELECT s.srvname INTO placed
          FROM pg_foreign_table f JOIN pg_foreign_server s ON s.oid = f.ftserver
         WHERE f.ftrelid = m.existing;
        IF placed IS DISTINCT FROM server THEN
            RAISE EXCEPTION 'rs_month_partition_on: % is already %', m.part,
                coalesce('on server ' || placed, 'in this database');
        END IF;
        RETURN m.existing;
    END IF;
    SELECT version INTO theirs
      FROM dblink(server, format('SELECT version FROM %I.schema_version', m.nsp)) AS v(version integer);
    IF theirs IS DISTINCT FROM (SELECT version FROM schema_version) THEN
        RAISE EXCEPTION 'rs_month_partition_on: server % has schema version %, this database %',
            server, theirs, (SELECT version FROM schema_version);
    END IF;
    PERFORM * FROM dblink(server, format('SELECT %I.rs_month_partition(%L, %s)::text', m.nsp, tbl, period))
                   AS made(partition text);
    SELECT string_agg(format('%I %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                             CASE WHEN a.attcollation <> 0
                                  THEN ' COLLATE ' || a.attcollation::regcollation END,
                             CASE WHEN a.attnotnull THEN ' NOT NULL' END),
                      ', ' ORDER BY a.attnum)
      INTO columns
      FROM pg_attribute a
     WHERE a.attrelid = tbl::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('CREATE FOREIGN TABLE %I.%I (%s) SERVER %I OPTIONS (schema_name %L, table_name %L)',
                   m.nsp, m.part, columns, server, m.nsp, m.part);
    RETURN rs_month_attach(tbl, m.nsp, m.part, period);
END $$;

-- rs_month_partitions_on(period, server): the month's partitions of every
-- month-keyed table on that shard.
CREATE FUNCTION rs_month_partitions_on(period bigint, server text) RETURNS SETOF regclass
LANGUAGE sql AS $$
    SELECT rs_month_partition_on(t.table_name, period, server) FROM rs_month_tables() t
$$;
