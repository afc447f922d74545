-- reliefstat store on PostgreSQL 15, schema version 7, applied to a store
-- of version 6: what queries/schema/v7.sql does to an SQLite store
-- (逐级报送审核: approval_state and the append-only approval_log), in
-- PostgreSQL's dialect.  The comments of queries/schema/v7.sql say what
-- each table is for; here the triggers that keep the log append-only are
-- PL/pgSQL.  Neither table is month-partitioned or sharded: a few rows per
-- county and month, kept on the coordinator.

CREATE TABLE approval_state (
    region_code        bigint NOT NULL,
    period             bigint NOT NULL,
    state              text COLLATE "C" NOT NULL CHECK (state IN ('open', 'submitted', 'approved')),
    first_submitted_at bigint,
    submitted_at       bigint,
    approved_at        bigint,
    fingerprint        text COLLATE "C",
    PRIMARY KEY (region_code, period)
);

CREATE TABLE approval_log (
    seq         bigint PRIMARY KEY,
    region_code bigint NOT NULL,
    period      bigint NOT NULL,
    action      text COLLATE "C" NOT NULL CHECK (action IN ('submit', 'approve', 'reopen')),
    from_state  text COLLATE "C" NOT NULL,
    to_state    text COLLATE "C" NOT NULL,
    by_name     text COLLATE "C" NOT NULL,
    at          bigint NOT NULL,
    reason      text COLLATE "C",
    fingerprint text COLLATE "C"
);
CREATE INDEX approval_log_unit ON approval_log(region_code, period, seq);

CREATE FUNCTION rs_approval_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'approval_log is append-only: a recorded transition is never %',
        CASE WHEN TG_OP = 'UPDATE' THEN 'changed' ELSE 'deleted' END;
END;
$$;
CREATE TRIGGER approval_log_append_only BEFORE UPDATE OR DELETE ON approval_log
    FOR EACH ROW EXECUTE FUNCTION rs_approval_log_append_only();
CREATE TRIGGER approval_log_no_truncate BEFORE TRUNCATE ON approval_log
    FOR EACH STATEMENT EXECUTE FUNCTION rs_approval_log_append_only();

UPDATE schema_version SET version = 7;
