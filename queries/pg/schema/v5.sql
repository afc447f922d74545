-- reliefstat store on PostgreSQL 15, schema version 5: the tables of
-- queries/schema/v1.sql .. v5.sql as those leave an SQLite store (same
-- tables, columns in the same order, same indexes), in one file: there are
-- no PostgreSQL stores of earlier versions.  A later version N gets a
-- queries/pg/schema/vN.sql beside queries/schema/vN.sql.  The comments of
-- the SQLite files say what each table holds; this file says only how the
-- PostgreSQL one differs (queries/pg/README.md lists the differences):
--
--   * INTEGER is bigint (region codes have 12 digits; money sums in fen).
--   * TEXT is text COLLATE "C": byte order, as SQLite compares, whatever
--     the database's default collation (queries/README.md: payment_id).
--   * import_batches.batch_id, SQLite's rowid alias, is an identity column.
--   * The month-keyed tables (rs_month_tables() below: payments,
--     payment_summary, indicator_summary, payment_findings) are partitioned
--     by RANGE (period), one partition per month, [yyyymm, next yyyymm),
--     made by rs_month_partition(table, period) (or, on a shard,
--     queries/pg/shard.sql's rs_month_partition_on).  There is no default
--     partition: a row of a month without its partition is refused, never
--     kept aside.  Their keys are declared on each month's partition (the
--     parent has none): PostgreSQL lets a foreign table (a month on a
--     shard) be a partition only of a parent without unique indexes, and a
--     key of a partitioned parent must contain period anyway.  So
--     payments.payment_id is unique within its month by the partition's
--     key, and across months by the import (as SQLite's key would refuse
--     it); the other tables' keys contain period.
--   * schema_version holds what SQLite keeps in PRAGMA user_version.

CREATE TABLE schema_version (
    version integer NOT NULL
);
INSERT INTO schema_version VALUES (5);

CREATE TABLE divisions (
    code        bigint PRIMARY KEY,
    name        text COLLATE "C" NOT NULL,
    level       text COLLATE "C" NOT NULL,
    parent_code bigint,
    batch_id    bigint
);
CREATE INDEX divisions_parent ON divisions(parent_code);

CREATE TABLE standards (
    region_code    bigint NOT NULL,
    region_span    bigint NOT NULL,
    item           text COLLATE "C" NOT NULL,
    effective_from bigint NOT NULL,
    monthly_fen    bigint NOT NULL,
    batch_id       bigint,
    PRIMARY KEY (region_code, item, effective_from)
);

CREATE TABLE params (
    region_code    bigint NOT NULL,
    region_span    bigint NOT NULL,
    name           text COLLATE "C" NOT NULL,
    value_e6       bigint NOT NULL,
    effective_from bigint NOT NULL,
    batch_id       bigint,
    PRIMARY KEY (region_code, name, effective_from)
);

CREATE TABLE param_defaults (
    name     text COLLATE "C" PRIMARY KEY,
    value_e6 bigint NOT NULL
);

CREATE TABLE households (
    household_id          text COLLATE "C" PRIMARY KEY,
    region_code           bigint NOT NULL,
    urban_rural           text COLLATE "C" NOT NULL,
    head_id               text COLLATE "C" NOT NULL,
    members               bigint NOT NULL,
    income_pc_monthly_fen bigint NOT NULL,
    annual_income_fen     bigint,
    rigid_expense_12m_fen bigint,
    employment_cost_fen   bigint,
    assets_ok             bigint,
    registered_on         bigint,
    batch_id              bigint
);
CREATE INDEX households_region ON households(region_code);
CREATE INDEX households_id_cover ON households(household_id, region_code, urban_rural);

CREATE TABLE persons (
    id_number        text COLLATE "C" PRIMARY KEY,
    name             text COLLATE "C" NOT NULL,
    household_id     text COLLATE "C" NOT NULL,
    relation         text COLLATE "C" NOT NULL,
    disability_grade bigint,
    severe_illness   bigint,
    can_work         bigint,
    death_date       bigint,
    batch_id         bigint,
    disability_type  text COLLATE "C"
);
CREATE INDEX persons_household ON persons(household_id, death_date, id_number);
CREATE INDEX persons_id_cover ON persons(id_number, household_id, death_date);

CREATE TABLE enrolments (
    enrolment_id       text COLLATE "C" PRIMARY KEY,
    household_id       text COLLATE "C" NOT NULL,
    id_number          text COLLATE "C",
    category           text COLLATE "C" NOT NULL,
    care_mode          text COLLATE "C",
    start_date         bigint NOT NULL,
    end_date           bigint,
    end_reason         text COLLATE "C",
    gradual_exit_until bigint,
    monthly_fen        bigint,
    batch_id           bigint
);
CREATE INDEX enrolments_household
    ON enrolments(household_id, category, start_date, end_date, gradual_exit_until, id_number);
CREATE INDEX enrolments_dibao_ended
    ON enrolments(end_date, household_id, gradual_exit_until, category)
    WHERE category = 'dibao';

-- Key per month: payment_id (see above).
CREATE TABLE payments (
    payment_id      text COLLATE "C" NOT NULL,
    household_id    text COLLATE "C",
    id_number       text COLLATE "C" NOT NULL,
    region_code     bigint NOT NULL,
    item            text COLLATE "C" NOT NULL,
    period          bigint NOT NULL,
    amount_due_fen  bigint NOT NULL,
    amount_paid_fen bigint NOT NULL,
    paid_on         bigint,
    fund_source     text COLLATE "C",
    bank_ref        text COLLATE "C",
    batch_id        bigint
) PARTITION BY RANGE (period);
CREATE INDEX payments_period_region
    ON payments(period, region_code, amount_due_fen, amount_paid_fen, paid_on);
CREATE INDEX payments_payee
    ON payments(period, id_number, item, amount_paid_fen, payment_id, household_id, region_code);
CREATE INDEX payments_history ON payments(id_number, item, amount_paid_fen, period);

CREATE TABLE budgets (
    region_code   bigint NOT NULL,
    year          bigint NOT NULL,
    item          text COLLATE "C" NOT NULL,
    fund_source   text COLLATE "C" NOT NULL,
    allocated_fen bigint NOT NULL,
    required_fen  bigint,
    allocated_on  bigint,
    batch_id      bigint,
    PRIMARY KEY (region_code, year, item, fund_source)
);

CREATE TABLE applications (
    application_id text COLLATE "C" PRIMARY KEY,
    household_id   text COLLATE "C",
    id_number      text COLLATE "C" NOT NULL,
    region_code    bigint NOT NULL,
    kind           text COLLATE "C" NOT NULL,
    urgent         bigint,
    advance        bigint,
    severity       text COLLATE "C",
    persons        bigint,
    months         bigint,
    received_at    bigint NOT NULL,
    decided_at     bigint,
    decision       text COLLATE "C",
    amount_fen     bigint,
    batch_id       bigint,
    assisted_at    bigint
);
CREATE INDEX applications_received ON applications(received_at);
CREATE INDEX applications_region ON applications(region_code, received_at);
CREATE INDEX applications_rejected
    ON applications(decided_at, household_id, application_id, decision, kind)
    WHERE decision = 'rejected' AND kind IN ('dibao', 'tekun');

CREATE TABLE reviews (
    household_id text COLLATE "C" NOT NULL,
    reviewed_on  bigint NOT NULL,
    kind         text COLLATE "C" NOT NULL,
    outcome      text COLLATE "C",
    batch_id     bigint,
    PRIMARY KEY (household_id, reviewed_on, kind)
);

CREATE TABLE referrals (
    referral_id  text COLLATE "C" PRIMARY KEY,
    household_id text COLLATE "C" NOT NULL,
    to_dept      text COLLATE "C" NOT NULL,
    need         text COLLATE "C" NOT NULL,
    pushed_on    bigint NOT NULL,
    feedback_on  bigint,
    outcome      text COLLATE "C",
    batch_id     bigint
);
CREATE INDEX referrals_household ON referrals(household_id);

CREATE TABLE warnings (
    warning_id   text COLLATE "C" PRIMARY KEY,
    household_id text COLLATE "C" NOT NULL,
    signal       text COLLATE "C" NOT NULL,
    raised_on    bigint NOT NULL,
    handled_on   bigint,
    disposition  text COLLATE "C",
    batch_id     bigint
);
CREATE INDEX warnings_household ON warnings(household_id);

CREATE TABLE crosscheck (
    id_number  text COLLATE "C" NOT NULL,
    source     text COLLATE "C" NOT NULL,
    matched_on bigint NOT NULL,
    event_date bigint,
    detail     text COLLATE "C",
    batch_id   bigint,
    PRIMARY KEY (id_number, source, matched_on)
);

CREATE TABLE staff_relatives (
    id_number  text COLLATE "C" PRIMARY KEY,
    staff_name text COLLATE "C" NOT NULL,
    relation   text COLLATE "C" NOT NULL,
    declared   bigint NOT NULL,
    batch_id   bigint
);

CREATE TABLE import_batches (
    batch_id       bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    table_name     text COLLATE "C" NOT NULL,
    file_name      text COLLATE "C" NOT NULL,
    sha256         text COLLATE "C" NOT NULL,
    encoding       text COLLATE "C" NOT NULL,
    started_at     text COLLATE "C" NOT NULL,
    rows_read      bigint NOT NULL,
    rows_inserted  bigint NOT NULL,
    rows_replaced  bigint NOT NULL,
    rows_unchanged bigint NOT NULL,
    rows_rejected  bigint NOT NULL
);

CREATE TABLE import_changes (
    batch_id   bigint NOT NULL,
    table_name text COLLATE "C" NOT NULL,
    row_key    text COLLATE "C" NOT NULL,
    old_values text COLLATE "C" NOT NULL
);

-- Key per month: (period, region_code, item, split).
CREATE TABLE payment_summary (
    period      bigint NOT NULL,
    region_code bigint NOT NULL,
    item        text COLLATE "C" NOT NULL,
    split       text COLLATE "C" NOT NULL,
    rows        bigint NOT NULL,
    paid_fen    bigint NOT NULL
) PARTITION BY RANGE (period);

CREATE TABLE record_units (
    region_code bigint PRIMARY KEY
);

-- Key per month: (period, region_code, indicator).
CREATE TABLE indicator_summary (
    period      bigint NOT NULL,
    region_code bigint NOT NULL,
    indicator   text COLLATE "C" NOT NULL,
    numerator   bigint NOT NULL,
    denominator bigint NOT NULL
) PARTITION BY RANGE (period);

CREATE TABLE summary_months (
    period bigint PRIMARY KEY
);

-- No key, as in SQLite.
CREATE TABLE payment_findings (
    period           bigint NOT NULL,
    region_code      bigint NOT NULL,
    code             text COLLATE "C" NOT NULL,
    payment_id       text COLLATE "C",
    household_id     text COLLATE "C",
    application_id   text COLLATE "C",
    id_number        text COLLATE "C",
    amount_fen       bigint,
    detail           text COLLATE "C",
    finding_rate_fen bigint,
    name             text COLLATE "C"
) PARTITION BY RANGE (period);
CREATE INDEX payment_findings_month ON payment_findings(period, region_code);

CREATE TABLE item_scope (
    region_code    bigint NOT NULL,
    region_span    bigint NOT NULL,
    item           text COLLATE "C" NOT NULL,
    category       text COLLATE "C" NOT NULL,
    effective_from bigint NOT NULL,
    batch_id       bigint,
    PRIMARY KEY (region_code, item, category, effective_from)
);

-- The month-keyed tables and the key of each one's month partition (NULL:
-- none).  The one list rs_month_partition and the store read.
CREATE FUNCTION rs_month_tables() RETURNS TABLE (table_name text, month_key text)
LANGUAGE sql IMMUTABLE AS $$
    VALUES ('payments', 'payment_id'),
           ('payment_summary', 'period, region_code, item, split'),
           ('indicator_summary', 'period, region_code, indicator'),
           ('payment_findings', NULL)
$$;

-- The partition name of a month of a month-keyed table: payments_202409.
CREATE FUNCTION rs_month_partition_name(tbl text, period bigint) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM rs_month_tables() t WHERE t.table_name = tbl) THEN
        RAISE EXCEPTION 'rs_month_partition: % is not a month-keyed table', tbl;
    END IF;
    IF period % 100 NOT BETWEEN 1 AND 12 OR period NOT BETWEEN 100001 AND 999912 THEN
        RAISE EXCEPTION 'rs_month_partition: % is not a month (yyyymm)', period;
    END IF;
    RETURN tbl || '_' || period;
END $$;

-- The month after period (yyyymm): a partition's upper bound.
CREATE FUNCTION rs_next_month(period bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN period % 100 = 12 THEN period + 89 ELSE period + 1 END
$$;

-- rs_month_begin(table, period): what making a month's partition of a
-- month-keyed table starts from: the table's schema, the partition's name
-- and the partition when it exists already (NULL if not; an error if a
-- relation of that name is no partition of the table).  Takes the advisory
-- lock that serialises the making of partitions until the transaction
-- ends, so two imports needing the same new month make it once.
CREATE FUNCTION rs_month_begin(tbl text, period bigint,
                               OUT nsp text, OUT part text, OUT existing regclass)
LANGUAGE plpgsql AS $$
BEGIN
    part := rs_month_partition_name(tbl, period);
    PERFORM pg_advisory_xact_lock(hashtext('rs_month_partition'));
    SELECT n.nspname INTO nsp
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = tbl::regclass;
    existing := to_regclass(format('%I.%I', nsp, part));
    IF existing IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_inherits
                                             WHERE inhrelid = existing AND inhparent = tbl::regclass) THEN
        RAISE EXCEPTION 'rs_month_partition: % exists but is no partition of %', part, tbl;
    END IF;
END $$;

-- rs_month_attach(table, schema, partition, period): attach a made
-- partition as the month's [period, next month) and return it.
CREATE FUNCTION rs_month_attach(tbl text, nsp text, part text, period bigint) RETURNS regclass
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I FOR VALUES FROM (%s) TO (%s)',
                   nsp, tbl, nsp, part, period, rs_next_month(period));
    RETURN format('%I.%I', nsp, part)::regclass;
END $$;

-- rs_month_partition(table, period): the partition of one month of a
-- month-keyed table in this database, made when it does not exist (as a
-- table of its own with its key, then attached: ATTACH PARTITION takes a
-- lighter lock on the parent than CREATE TABLE ... PARTITION OF, so
-- readers of the parent are not held up; the parent's indexes are made on
-- it as it is attached).  A month already placed, here or on a shard, is
-- returned as it is.
CREATE FUNCTION rs_month_partition(tbl text, period bigint) RETURNS regclass
LANGUAGE plpgsql AS $$
DECLARE
    m record := rs_month_begin(tbl, period);
    key text;
BEGIN
    IF m.existing IS NOT NULL THEN
        RETURN m.existing;
    END IF;
    SELECT t.month_key INTO key FROM rs_month_tables() t WHERE t.table_name = tbl;
    EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                   m.nsp, m.part, m.nsp, tbl);
    IF key IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %I.%I ADD PRIMARY KEY (%s)', m.nsp, m.part, key);
    END IF;
    RETURN rs_month_attach(tbl, m.nsp, m.part, period);
END $$;

-- rs_month_partitions(period): the month's partitions of every month-keyed
-- table, made where missing; what an import of ledger rows of that month
-- calls first.
CREATE FUNCTION rs_month_partitions(period bigint) RETURNS SETOF regclass
LANGUAGE sql AS $$
    SELECT rs_month_partition(t.table_name, period) FROM rs_month_tables() t
$$;
