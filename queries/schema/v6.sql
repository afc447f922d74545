-- Schema version 6: 一卡通 oversight (data-contract.md bank_returns and
-- payments.account_no; indicators.md bank_reconciled, F_BANK_*, R_*).
--
-- payments.account_no is a new column of the data contract (the account
-- a ledger row was paid into): absent (NULL) in the rows already stored.
ALTER TABLE payments ADD COLUMN account_no TEXT;

-- The disbursing bank's return file: one row per transfer, keyed by the
-- ledger row's bank_ref.  A row answers the ledger of its own period
-- (queries/README.md "Readings chosen"): the bank rules of month P read the
-- rows of period P only, through bank_returns_period (every county covered
-- in P, and the rows of a unit) or the primary key with the period (the
-- bank row of a ledger row).
CREATE TABLE bank_returns (
    bank_ref     TEXT PRIMARY KEY,
    region_code  INTEGER NOT NULL,
    period       INTEGER NOT NULL,
    account_no   TEXT NOT NULL,
    account_name TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL,
    status       TEXT NOT NULL,
    settled_on   INTEGER,
    reason       TEXT,
    batch_id     INTEGER
);
CREATE INDEX bank_returns_period ON bank_returns(period, region_code);

-- The paid ledger rows (amount_paid > 0) against the bank's return file,
-- what every bank rule of month P reads (ind_bank, stat_bank, find_bank,
-- with period = P and the unit's range of region codes): each row with its
-- bank row (the bank_returns row of its bank_ref and of its own period;
-- bank_found NULL when there is none) and whether its county is covered by
-- bank returns in its period (covered: some bank_returns row of that
-- period coded inside the county; one probe of bank_returns_period).
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

-- The tekun enrolments of centralized care (集中供养), which R_SHARED_ACCOUNT
-- and R_ACCOUNT_NAME leave out: their money goes to the care
-- institution's account.  A partial index, covering: only a query with the
-- same terms can use it.
CREATE INDEX enrolments_centralized
    ON enrolments(start_date, household_id, id_number, end_date, gradual_exit_until)
    WHERE category = 'tekun' AND care_mode = 'centralized';

-- The summarised queries come in families rebuilt on their own
-- (src/engine/engine.c): `ledger` (ind_payments, ind_households,
-- find_payments) and `bank` (ind_bank, find_bank), so that a bank return
-- file rebuilds the bank rules of its months and nothing else.  Each stored
-- row says its family.  finding_rate's numerator is no longer stored: it is
-- summed from payment_findings' finding_rate_fen, one per payment_id
-- whichever family named it (ind_summary.sql).  A finding's detail may name
-- the account (`{account_no_masked}`) and the account holder
-- (`{account_name_masked}`): their full values are stored beside it.
DROP TABLE indicator_summary;
CREATE TABLE indicator_summary (
    period      INTEGER NOT NULL,
    region_code INTEGER NOT NULL,
    indicator   TEXT NOT NULL,
    family      TEXT NOT NULL,
    numerator   INTEGER NOT NULL,
    denominator INTEGER NOT NULL,
    PRIMARY KEY (period, region_code, indicator)
);
ALTER TABLE payment_findings ADD COLUMN family TEXT NOT NULL DEFAULT 'ledger';
ALTER TABLE payment_findings ADD COLUMN account_no TEXT;
ALTER TABLE payment_findings ADD COLUMN account_name TEXT;

-- Until the next rebuild, which `init` runs right after this upgrade,
-- every month is computed from the base tables.
DELETE FROM payment_findings;
DELETE FROM summary_months;
