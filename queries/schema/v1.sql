-- reliefstat store, schema version 1.
--
-- Tables carry the names of the data contract's files, so users can run their
-- own SQL.  Representation (the same in every table):
--   * region codes: INTEGER, the 12-digit padded code (650000000000).
--     `*_span` columns hold 10^(12 - significant digits): a code C covers
--     every code in [C, C + span).
--   * money: INTEGER fen, in columns ending `_fen` (amount_paid_fen).
--   * dates: INTEGER Julian Day Number; SQLite shows one with date(col),
--     PostgreSQL with to_date(col::text, 'J').
--   * datetimes: INTEGER seconds since 1970-01-01 00:00 of local time;
--     datetime(col, 'unixepoch') shows one.
--   * months (periods, effective_from): INTEGER yyyymm (202409).
--   * booleans: INTEGER 0/1; enums: their English code ('dibao', 'urban').
--   * decimals (params.value): INTEGER millionths in value_e6.
-- Every data row records the import batch that last wrote it.

CREATE TABLE divisions (
    code        INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL,
    parent_code INTEGER,
    batch_id    INTEGER
);
CREATE INDEX divisions_parent ON divisions(parent_code);

CREATE TABLE standards (
    region_code    INTEGER NOT NULL,
    region_span    INTEGER NOT NULL,
    item           TEXT NOT NULL,
    effective_from INTEGER NOT NULL,
    monthly_fen    INTEGER NOT NULL,
    batch_id       INTEGER,
    PRIMARY KEY (region_code, item, effective_from)
);

CREATE TABLE params (
    region_code    INTEGER NOT NULL,
    region_span    INTEGER NOT NULL,
    name           TEXT NOT NULL,
    value_e6       INTEGER NOT NULL,
    effective_from INTEGER NOT NULL,
    batch_id       INTEGER,
    PRIMARY KEY (region_code, name, effective_from)
);

-- Defaults of indicators.md "Parameters", loaded from seeds/; a name absent
-- here and from params has no value (disposable_income_py).  A value of
-- pay_deadline_day of 31 means "the last day of the month" once clamped.
CREATE TABLE param_defaults (
    name     TEXT PRIMARY KEY,
    value_e6 INTEGER NOT NULL
);

CREATE TABLE households (
    household_id          TEXT PRIMARY KEY,
    region_code           INTEGER NOT NULL,
    urban_rural           TEXT NOT NULL,
    head_id               TEXT NOT NULL,
    members               INTEGER NOT NULL,
    income_pc_monthly_fen INTEGER NOT NULL,
    annual_income_fen     INTEGER,
    rigid_expense_12m_fen INTEGER,
    employment_cost_fen   INTEGER,
    assets_ok             INTEGER,
    registered_on         INTEGER,
    batch_id              INTEGER
);
CREATE INDEX households_region ON households(region_code);

CREATE TABLE persons (
    id_number        TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    household_id     TEXT NOT NULL,
    relation         TEXT NOT NULL,
    disability_grade INTEGER,
    severe_illness   INTEGER,
    can_work         INTEGER,
    death_date       INTEGER,
    batch_id         INTEGER
);
CREATE INDEX persons_household ON persons(household_id);

CREATE TABLE enrolments (
    enrolment_id       TEXT PRIMARY KEY,
    household_id       TEXT NOT NULL,
    id_number          TEXT,
    category           TEXT NOT NULL,
    care_mode          TEXT,
    start_date         INTEGER NOT NULL,
    end_date           INTEGER,
    end_reason         TEXT,
    gradual_exit_until INTEGER,
    monthly_fen        INTEGER,
    batch_id           INTEGER
);
CREATE INDEX enrolments_household ON enrolments(household_id, category);

CREATE TABLE payments (
    payment_id      TEXT PRIMARY KEY,
    household_id    TEXT,
    id_number       TEXT NOT NULL,
    region_code     INTEGER NOT NULL,
    item            TEXT NOT NULL,
    period          INTEGER NOT NULL,
    amount_due_fen  INTEGER NOT NULL,
    amount_paid_fen INTEGER NOT NULL,
    paid_on         INTEGER,
    fund_source     TEXT,
    bank_ref        TEXT,
    batch_id        INTEGER
);
CREATE INDEX payments_period_region
    ON payments(period, region_code, amount_due_fen, amount_paid_fen, paid_on);
CREATE INDEX payments_payee
    ON payments(period, id_number, item, amount_paid_fen, payment_id, household_id);

CREATE TABLE budgets (
    region_code   INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    item          TEXT NOT NULL,
    fund_source   TEXT NOT NULL,
    allocated_fen INTEGER NOT NULL,
    required_fen  INTEGER,
    allocated_on  INTEGER,
    batch_id      INTEGER,
    PRIMARY KEY (region_code, year, item, fund_source)
);

CREATE TABLE applications (
    application_id TEXT PRIMARY KEY,
    household_id   TEXT,
    id_number      TEXT NOT NULL,
    region_code    INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    urgent         INTEGER,
    advance        INTEGER,
    severity       TEXT,
    persons        INTEGER,
    months         INTEGER,
    received_at    INTEGER NOT NULL,
    decided_at     INTEGER,
    decision       TEXT,
    amount_fen     INTEGER,
    batch_id       INTEGER
);
CREATE INDEX applications_received ON applications(received_at);

CREATE TABLE reviews (
    household_id TEXT NOT NULL,
    reviewed_on  INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    outcome      TEXT,
    batch_id     INTEGER,
    PRIMARY KEY (household_id, reviewed_on, kind)
);

CREATE TABLE referrals (
    referral_id  TEXT PRIMARY KEY,
    household_id TEXT NOT NULL,
    to_dept      TEXT NOT NULL,
    need         TEXT NOT NULL,
    pushed_on    INTEGER NOT NULL,
    feedback_on  INTEGER,
    outcome      TEXT,
    batch_id     INTEGER
);

CREATE TABLE warnings (
    warning_id   TEXT PRIMARY KEY,
    household_id TEXT NOT NULL,
    signal       TEXT NOT NULL,
    raised_on    INTEGER NOT NULL,
    handled_on   INTEGER,
    disposition  TEXT,
    batch_id     INTEGER
);

CREATE TABLE crosscheck (
    id_number  TEXT NOT NULL,
    source     TEXT NOT NULL,
    matched_on INTEGER NOT NULL,
    event_date INTEGER,
    detail     TEXT,
    batch_id   INTEGER,
    PRIMARY KEY (id_number, source, matched_on)
);

CREATE TABLE staff_relatives (
    id_number  TEXT PRIMARY KEY,
    staff_name TEXT NOT NULL,
    relation   TEXT NOT NULL,
    declared   INTEGER NOT NULL,
    batch_id   INTEGER
);

-- One row per import of one file.
CREATE TABLE import_batches (
    batch_id       INTEGER PRIMARY KEY,
    table_name     TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    encoding       TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    rows_read      INTEGER NOT NULL,
    rows_inserted  INTEGER NOT NULL,
    rows_replaced  INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    rows_rejected  INTEGER NOT NULL
);

-- A row whose key existed with other values: the old values, as JSON.
CREATE TABLE import_changes (
    batch_id   INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    row_key    TEXT NOT NULL,
    old_values TEXT NOT NULL
);

-- Summaries rebuilt by engine_refresh_summaries() (queries/refresh/) at the
-- end of every import, so reports need not scan the whole ledger.
-- Ledger money per month, paying unit, item and split: for dibao the
-- urban_rural of the payee's household, for tekun the care_mode of the
-- payee's tekun enrolment in force during the period ('dispersed' when
-- none or empty), '' otherwise or when the payee is not in the roster.
CREATE TABLE payment_summary (
    period      INTEGER NOT NULL,
    region_code INTEGER NOT NULL,
    item        TEXT NOT NULL,
    split       TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    paid_fen    INTEGER NOT NULL,
    PRIMARY KEY (period, region_code, item, split)
);

-- Every region code some household, ledger row, application or budget is
-- coded at: the units `indicators --levels all` lists.
CREATE TABLE record_units (
    region_code INTEGER PRIMARY KEY
);

-- Indexes the engine's queries rely on.  The ledger's two are covering:
-- a month's payment indicators read only payments_period_region, and the
-- duplicate / two-household checks only payments_payee.  The persons and
-- households ones let the findings resolve a payee without touching the
-- tables (their primary keys are TEXT, so a key lookup costs two searches).
CREATE INDEX persons_id_cover ON persons(id_number, household_id, death_date);
CREATE INDEX households_id_cover ON households(household_id, region_code, urban_rural);
CREATE INDEX referrals_household ON referrals(household_id);
CREATE INDEX warnings_household ON warnings(household_id);
CREATE INDEX applications_region ON applications(region_code, received_at);
