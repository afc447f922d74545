-- Schema version 2: finding_summary.
--
-- Ledger money per month and paying unit named by a payment-level finding:
-- the sum of find_payments' finding_rate_fen (amount_paid of rows with
-- amount_due > 0 named by an F_ code, each row once), which is
-- finding_rate's numerator (indicators.md).  Rebuilt by
-- engine_refresh_summaries() at the end of every import (and so by `init`,
-- which imports the divisions after upgrading), from find_payments itself:
-- the rules live in one place, and an indicator run reads a few thousand
-- summary rows instead of running the rules over the month's ledger.
CREATE TABLE finding_summary (
    period      INTEGER NOT NULL,
    region_code INTEGER NOT NULL,
    paid_fen    INTEGER NOT NULL,
    PRIMARY KEY (period, region_code)
);
