-- Schema version 4: payment_findings holds full values.
--
-- Until version 3 the stored rows of find_payments.sql carried the ID
-- number (and in F_UNDECLARED_RELATIVE's detail the staff member's name)
-- masked or not as the import that stored them was run, and every later
-- output showed them so.  Now the store keeps the full values: id_number,
-- and the name a finding's detail mentions in a column of its own (the
-- detail says {name_masked} where it goes); outputs mask them as they are
-- written (src/mask.h).  The old rows cannot be told apart, so they go:
-- with summary_months emptied, every month is computed from the base
-- tables until the next rebuild, which `init` runs right after this
-- upgrade (as every import does for the months it changes).
DROP TABLE payment_findings;
CREATE TABLE payment_findings (
    period           INTEGER NOT NULL,
    region_code      INTEGER NOT NULL,
    code             TEXT NOT NULL,
    payment_id       TEXT,
    household_id     TEXT,
    application_id   TEXT,
    id_number        TEXT,
    name             TEXT,
    amount_fen       INTEGER,
    detail           TEXT,
    finding_rate_fen INTEGER
);
CREATE INDEX payment_findings_month ON payment_findings(period, region_code);
DELETE FROM summary_months;
