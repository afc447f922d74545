-- reliefstat store on PostgreSQL 15, schema version 6, applied to a store
-- of version 5: what queries/schema/v6.sql does to an SQLite store (一卡通
-- oversight: payments.account_no, bank_returns, the bank_ledger view, the
-- summaries' families), in PostgreSQL's dialect.  The comments of
-- queries/schema/v6.sql say what each change is for; this file says only
-- how the PostgreSQL one differs (queries/pg/README.md):
--
--   * bank_returns is month-keyed like payments (its rows answer the ledger
--     of their own period): partitioned by RANGE (period), its key
--     (bank_ref) declared on each month's partition, unique across months
--     by the import as payments.payment_id is.  rs_month_tables() lists it,
--     so a new month's partitions (rs_month_partitions, and on a shard
--     rs_month_partitions_on) include it.
--   * indicator_summary is made again with its family column, and it and
--     payment_summary are no longer partitioned (below); their old months
--     go with them.
--   * A sharded store is upgraded on every shard first (a shard refuses a
--     month for a coordinator of another version: shard.sql); the new
--     columns of payments reach the coordinator's foreign partitions with
--     the ALTER TABLE below.

ALTER TABLE payments ADD COLUMN account_no text COLLATE "C";

CREATE TABLE bank_returns (
    bank_ref     text COLLATE "C" NOT NULL,
    region_code  bigint NOT NULL,
    period       bigint NOT NULL,
    account_no   text COLLATE "C" NOT NULL,
    account_name text COLLATE "C" NOT NULL,
    amount_fen   bigint NOT NULL,
    status       text COLLATE "C" NOT NULL,
    settled_on   bigint,
    reason       text COLLATE "C",
    batch_id     bigint
) PARTITION BY RANGE (period);
CREATE INDEX bank_returns_period ON bank_returns(period, region_code);

CREATE VIEW bank_ledger AS
SELECT p.payment_id, p.period, p.region_code, p.household_id, p.id_number, p.amount_due_fen,
       p.amount_paid_fen, p.bank_ref, p.account_no,
       CASE WHEN EXISTS (SELECT 1 FROM bank_returns c
                         WHERE c.period = p.period
                           AND c.region_code >= p.region_code / 1000000 * 1000000
                           AND c.region_code < p.region_code / 1000000 * 1000000 + 1000000)
            THEN 1 ELSE 0 END AS covered,
       b.bank_ref AS bank_found, b.status, b.amount_fen AS bank_fen, b.reason,
       b.account_no AS bank_account, b.account_name
FROM payments p
LEFT JOIN bank_returns b ON b.bank_ref = p.bank_ref AND b.period = p.period
WHERE p.amount_paid_fen > 0;

CREATE INDEX enrolments_centralized
    ON enrolments(start_date, household_id, id_number, end_date, gradual_exit_until)
    WHERE category = 'tekun' AND care_mode = 'centralized';

-- The two summaries (a few thousand rows a month) stay whole on the
-- coordinator, with their keys on the table as in SQLite: the engine adds
-- into indicator_summary with ON CONFLICT on its key, which a partitioned
-- parent without one cannot take.  Both are rebuilt from the ledger.
DROP TABLE indicator_summary;
CREATE TABLE indicator_summary (
    period      bigint NOT NULL,
    region_code bigint NOT NULL,
    indicator   text COLLATE "C" NOT NULL,
    family      text COLLATE "C" NOT NULL,
    numerator   bigint NOT NULL,
    denominator bigint NOT NULL,
    PRIMARY KEY (period, region_code, indicator)
);
DROP TABLE payment_summary;
CREATE TABLE payment_summary (
    period      bigint NOT NULL,
    region_code bigint NOT NULL,
    item        text COLLATE "C" NOT NULL,
    split       text COLLATE "C" NOT NULL,
    rows        bigint NOT NULL,
    paid_fen    bigint NOT NULL,
    PRIMARY KEY (period, region_code, item, split)
);
ALTER TABLE payment_findings ADD COLUMN family text COLLATE "C" NOT NULL DEFAULT 'ledger';
ALTER TABLE payment_findings ADD COLUMN account_no text COLLATE "C";
ALTER TABLE payment_findings ADD COLUMN account_name text COLLATE "C";

CREATE OR REPLACE FUNCTION rs_month_tables() RETURNS TABLE (table_name text, month_key text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('payments', 'payment_id'),
           ('payment_findings', NULL),
           ('bank_returns', 'bank_ref')
$$;

-- Every month is computed from the base tables until the next rebuild.
DELETE FROM payment_findings;
DELETE FROM summary_months;

UPDATE schema_version SET version = 6;
