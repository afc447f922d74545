-- Schema version 5: the columns and the reference table of the policy's
-- remaining rules (indicators.md: visits, 急难 24 hours, eligibility
-- grounds, monitoring, special assistance).
--
-- persons.disability_type (an enum code, 'intellectual' ...) and
-- applications.assisted_at (seconds, when the aid reached the applicant)
-- are new columns of the data contract: absent (NULL) in the rows already
-- stored.
ALTER TABLE persons ADD COLUMN disability_type TEXT;
ALTER TABLE applications ADD COLUMN assisted_at INTEGER;

-- 专项救助对象范围: the enrolment categories a special-assistance item may
-- be paid to, from a month on; looked up like standards (for a ledger row:
-- the rows of its item whose region code is a prefix of the row's, the
-- longest prefix, then the latest effective_from not after the row's
-- period; the categories are all rows of that region code and
-- effective_from).  `init` loads the shipped defaults (seeds/item_scope.csv);
-- imported rows override them by that rule.
CREATE TABLE item_scope (
    region_code    INTEGER NOT NULL,
    region_span    INTEGER NOT NULL,
    item           TEXT NOT NULL,
    category       TEXT NOT NULL,
    effective_from INTEGER NOT NULL,
    batch_id       INTEGER,
    PRIMARY KEY (region_code, item, category, effective_from)
);

-- O_AMOUNT_JUMP (queries/find_ledger_history.sql) reads a month's dibao and
-- tekun rows from payments_payee, which now covers region_code too, in
-- payee order, and probes payments_history once per row for the payee's
-- rows of the item below an amount (for a payee paid steadily the probe
-- reads no entry): at region scale 0.8 s where the month's rows through
-- payments_period_region with a table look-up each took 1.6 s.
DROP INDEX payments_payee;
CREATE INDEX payments_payee
    ON payments(period, id_number, item, amount_paid_fen, payment_id, household_id, region_code);
CREATE INDEX payments_history ON payments(id_number, item, amount_paid_fen, period);

-- The few rows E_UNMONITORED and E_GRADUAL_SHORT start from
-- (queries/find_exits.sql): the dibao enrolments that ended, the
-- rejected dibao and tekun applications.  Partial indexes: only a query
-- with the same terms can use them, so no other query's plan changes
-- (the trailing columns they test make them covering).
CREATE INDEX enrolments_dibao_ended
    ON enrolments(end_date, household_id, gradual_exit_until, category)
    WHERE category = 'dibao';
CREATE INDEX applications_rejected
    ON applications(decided_at, household_id, application_id, decision, kind)
    WHERE decision = 'rejected' AND kind IN ('dibao', 'tekun');

-- The summarised queries now compute more (visit_coverage, F_ITEM_SCOPE in
-- finding_rate and payment_findings): until the next rebuild, which `init`
-- runs right after this upgrade, every month is computed from the base
-- tables.
DELETE FROM summary_months;
