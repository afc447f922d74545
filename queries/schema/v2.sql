-- Schema version 2: indicator_summary and summary_months.
--
-- The per-region-code rows (region_code, indicator, numerator, denominator)
-- of the month-bound indicator queries, as the engine would add them up:
-- ind_payments.sql, ind_households.sql and finding_rate's numerator (the
-- finding_rate_fen of find_payments.sql), each query's rows summed per
-- month, region code and indicator (a NULL counts as 0, as in the rollup).
-- Rebuilt by engine_refresh_summaries() at the end of every import (and so
-- by `init`, which imports the divisions after upgrading) by running those
-- same catalogue queries for every month the ledger has, listed in
-- summary_months: the rules live in one place, and an indicator run for a
-- listed month reads a few thousand summary rows instead of running the
-- rules.  Months not listed are computed from the base tables.
CREATE TABLE indicator_summary (
    period      INTEGER NOT NULL,
    region_code INTEGER NOT NULL,
    indicator   TEXT NOT NULL,
    numerator   INTEGER NOT NULL,
    denominator INTEGER NOT NULL,
    PRIMARY KEY (period, region_code, indicator)
);

CREATE TABLE summary_months (
    period INTEGER PRIMARY KEY
);

-- The roster's household indexes cover what the rules read per household
-- (find_payments' over-standard enrolment and persons count, the household
-- findings and indicators): no table lookup per enrolment or person.
DROP INDEX persons_household;
CREATE INDEX persons_household ON persons(household_id, death_date, id_number);
DROP INDEX enrolments_household;
CREATE INDEX enrolments_household
    ON enrolments(household_id, category, start_date, end_date, gradual_exit_until, id_number);
