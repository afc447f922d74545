-- Schema version 3: payment_findings.
--
-- The rows of find_payments.sql (the findings on ledger rows) for every
-- month in summary_months, as the import's summary rebuild computes them
-- anyway for finding_rate's numerator (engine_refresh_summaries(): one run
-- per top-level unit and ledger month).  A finding row depends on records
-- of every region (duplicates, enrolments, deaths) but belongs to its
-- ledger row's region code, so a unit's findings are the stored rows
-- inside its code range: `findings` and the reports read them through
-- find_payments_summary.sql for a listed month and run the payment rules
-- for any other.
CREATE TABLE payment_findings (
    period           INTEGER NOT NULL,
    region_code      INTEGER NOT NULL,
    code             TEXT NOT NULL,
    payment_id       TEXT,
    household_id     TEXT,
    application_id   TEXT,
    id_number_masked TEXT,
    amount_fen       INTEGER,
    detail           TEXT,
    finding_rate_fen INTEGER
);
CREATE INDEX payment_findings_month ON payment_findings(period, region_code);

-- A version 2 store summarised its months without these rows: until the
-- next rebuild (every import, and `init` after this upgrade) its months are
-- computed from the base tables.
DELETE FROM summary_months;
